/**
 * Typed reads from a parsed document with the API server's strictness: a value of the
 * wrong type is a diagnostic on its line, and marks the object as one that
 * `kubectl apply` would reject.
 */
import type { Diagnostic, Fix } from '../model/diagnostics.js';
import type { Locate } from '../model/resources.js';
import type { SourceRef, YamlPath } from '../model/source.js';

export class FieldReader {
  /** Set when the API server would refuse the object (wrong types, failed validation). */
  rejected = false;

  constructor(
    readonly root: unknown,
    readonly locate: Locate,
    private readonly diagnostics: Diagnostic[],
  ) {}

  get(path: YamlPath): unknown {
    let v: unknown = this.root;
    for (const seg of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[seg];
    }
    return v;
  }

  has(path: YamlPath): boolean {
    return this.get(path) !== undefined && this.get(path) !== null;
  }

  at(path: YamlPath): SourceRef {
    return this.locate(path);
  }

  report(
    code: string,
    severity: Diagnostic['severity'],
    path: YamlPath,
    message: string,
    fix?: Fix,
  ): void {
    const d: Diagnostic = fix
      ? { code, severity, message, source: this.locate(path), fix }
      : { code, severity, message, source: this.locate(path) };
    this.diagnostics.push(d);
  }

  /** An error the API server would refuse the object for. */
  reject(code: string, path: YamlPath, message: string, fix?: Fix): void {
    this.rejected = true;
    this.report(code, 'error', path, message, fix);
  }

  private wrongType(path: YamlPath, expected: string, got: unknown): void {
    const field = path.join('.');
    this.reject(
      'RL104',
      path,
      `${field} must be ${expected}, not ${describe(got)}; the API server would reject this object.`,
    );
  }

  str(path: YamlPath): string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.wrongType(path, 'a string', v);
    return undefined;
  }

  int(path: YamlPath): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    this.wrongType(path, 'an integer', v);
    return undefined;
  }

  /** An int-or-string field such as targetPort. */
  intOrString(path: YamlPath): number | string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return v;
    this.wrongType(path, 'an integer or a string', v);
    return undefined;
  }

  bool(path: YamlPath): boolean | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    this.wrongType(path, 'true or false', v);
    return undefined;
  }

  list(path: YamlPath): unknown[] {
    const v = this.get(path);
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.wrongType(path, 'a list', v);
    return [];
  }

  object(path: YamlPath): Record<string, unknown> | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.wrongType(path, 'a mapping', v);
    return undefined;
  }

  /** A map of strings (labels, annotations, selectors, ConfigMap data). */
  stringMap(path: YamlPath): Record<string, string> {
    const obj = this.object(path);
    const out: Record<string, string> = {};
    if (!obj) return out;
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'string') out[k] = v;
      else if (v === null) out[k] = '';
      else {
        const where = [...path, k];
        const quoted = typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
        this.reject(
          'RL104',
          where,
          `${k} must be a string, not ${describe(v)}; kubectl apply would reject this object.${quoted === undefined ? '' : ` Quote the value: "${quoted}".`}`,
          quoted === undefined ? undefined : quoteFix(this.locate(where), k, quoted),
        );
      }
    }
    return out;
  }

  strings(path: YamlPath): string[] {
    return this.list(path).flatMap((_, i) => {
      const s = this.str([...path, i]);
      return s === undefined ? [] : [s];
    });
  }
}

function quoteFix(src: SourceRef, key: string, value: string): Fix {
  return {
    title: `Quote the value: "${value}"`,
    edit: { line: src.range.startLine, find: `${key}: ${value}`, replace: `${key}: "${value}"` },
  };
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string "${v}"`;
  return `${typeof v === 'number' ? 'the number' : 'the boolean'} ${String(v)}`;
}
