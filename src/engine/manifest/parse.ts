/**
 * One YAML document → plain JS value plus a locator from YAML paths to line ranges.
 * YAML 1.1, as kubectl reads it (sigs.k8s.io/yaml uses go-yaml v2): `yes`, `on` and
 * `off` are booleans, which is why an unquoted annotation value can be rejected.
 * Uses the `yaml` package because it keeps source positions; js-yaml is faster but
 * loses them, and every diagnostic here needs its line.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlNode,
} from 'yaml';
import type { Diagnostic } from '../model/diagnostics.js';
import type { LineRange, YamlPath } from '../model/source.js';

/** Guards against "billion laughs": more alias expansions than this in one document is refused. */
export const MAX_ALIAS_COUNT = 100;
/** Reported YAML errors per document; the rest are counted in one line. */
export const MAX_ERRORS_PER_DOCUMENT = 20;
/**
 * Deeper flow nesting ({ and [) or block indentation is refused before parsing: the yaml
 * package recurses once per level, and a line of ten thousand "{" exhausts the stack.
 */
export const MAX_NESTING = 200;
/** A single document larger than this is refused rather than parsed (a pasted log, a binary). */
export const MAX_DOCUMENT_CHARS = 4_000_000;

export interface ParsedDocument {
  /** `undefined` for an empty document. */
  readonly value: unknown;
  readonly range: LineRange;
  /** Line range of the value at `path`, or of its nearest ancestor that exists. */
  readonly locate: (path: YamlPath) => LineRange;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseDocuments(text: string, startLine: number): ParsedDocument[] {
  const offset = startLine - 1;
  if (text.length > MAX_DOCUMENT_CHARS) {
    const lines = text.split('\n').length;
    return [
      failed({ startLine, endLine: offset + lines }, [
        {
          code: 'RL105',
          severity: 'error',
          message: `This document is ${(text.length / 1e6).toFixed(1)} MB; documents over ${MAX_DOCUMENT_CHARS / 1e6} MB are not read.`,
          range: { startLine, endLine: startLine },
        },
      ]),
    ];
  }
  const depth = nestingTooDeep(text);
  if (depth) {
    const line = offset + depth.line;
    const lines = text.split('\n').length;
    return [
      failed({ startLine, endLine: offset + lines }, [
        {
          code: 'RL105',
          severity: 'error',
          message: `This document nests more than ${MAX_NESTING} levels deep (${depth.what}); it is not read, to protect the parser. Real manifests nest a few dozen levels at most.`,
          range: { startLine: line, endLine: line },
        },
      ]),
    ];
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.1',
    // go-yaml v2, which kubectl and the API server use, decodes timestamp-looking values
    // into interface{} as the strings they are written as: `creationTimestamp: 2024-01-01T00:00:00Z`
    // or an annotation `deploy-date: 2024-06-01` stay text.
    customTags: (tags) =>
      tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const list = Array.isArray(docs) ? docs : [];
  const lineAt = (pos: number): number => lineCounter.linePos(pos).line + offset;
  const out: ParsedDocument[] = [];
  for (const doc of list) {
    const [start = 0, , end = text.length] = doc.range;
    const range = {
      startLine: lineAt(start),
      endLine: Math.max(lineAt(start), lineAt(Math.max(start, end - 1))),
    };
    const diagnostics: Diagnostic[] = [];
    // The first few errors say what is wrong; hundreds more only repeat it.
    for (const err of doc.errors.slice(0, MAX_ERRORS_PER_DOCUMENT)) {
      // An error at the very end (an unclosed bracket) is reported on the last line, not past it.
      const line = Math.min(lineAt(err.pos[0]), lineAt(Math.max(0, text.length - 1)));
      const duplicate = err.code === 'DUPLICATE_KEY';
      diagnostics.push({
        code: duplicate ? 'RL101' : 'RL100',
        severity: 'error',
        message: duplicate
          ? `${firstLine(err.message)} The API server would reject this object.`
          : `YAML syntax error: ${firstLine(err.message)}`,
        range: { startLine: line, endLine: line },
      });
    }
    if (doc.errors.length > MAX_ERRORS_PER_DOCUMENT) {
      const more = doc.errors.length - MAX_ERRORS_PER_DOCUMENT;
      diagnostics.push({
        code: 'RL100',
        severity: 'error',
        message: `… and ${more} more YAML syntax error${more === 1 ? '' : 's'} in this document.`,
        range: diagnostics[diagnostics.length - 1]?.range ?? {
          startLine: range.startLine,
          endLine: range.startLine,
        },
      });
    }
    if (diagnostics.length > 0) {
      out.push(failed(range, diagnostics));
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      out.push(
        failed(range, [
          {
            code: 'RL105',
            severity: 'error',
            message: `This document expands too many YAML aliases (${e instanceof Error ? e.message : String(e)}); it is not read, to protect against alias bombs.`,
            range: { startLine: range.startLine, endLine: range.startLine },
          },
        ]),
      );
      continue;
    }
    const root = doc.contents as YamlNode | null;
    // The loader reads a document again when an edit above it moves it: each path is looked
    // up in the tree once, and a move only shifts what was found.
    const located = new Map<string, LineRange>();
    out.push({
      value: value === null ? undefined : value,
      range,
      diagnostics,
      locate: (path) => {
        const key = JSON.stringify(path);
        let at = located.get(key);
        if (at === undefined) {
          at = locateNode(root, path, lineAt) ?? range;
          located.set(key, at);
        }
        return at;
      },
    });
  }
  return out;
}

function failed(range: LineRange, diagnostics: readonly Diagnostic[]): ParsedDocument {
  return { value: undefined, range, diagnostics, locate: () => range };
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}

function locateNode(
  root: YamlNode | null,
  path: YamlPath,
  lineAt: (pos: number) => number,
): LineRange | undefined {
  let node: unknown = root;
  let from: number | undefined;
  let best: LineRange | undefined;
  const rangeOf = (n: unknown, keyStart?: number): LineRange | undefined => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    if (!r) return undefined;
    const start = keyStart ?? r[0];
    return {
      startLine: lineAt(start),
      endLine: Math.max(lineAt(start), lineAt(Math.max(start, r[1] - 1))),
    };
  };
  best = rangeOf(node);
  for (const seg of path) {
    if (isAlias(node)) node = (node as { source?: unknown }).source;
    from = undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return best;
      from = (pair.key as { range?: [number, number, number] }).range?.[0];
      node = pair.value;
      if (node === null) {
        // `key:` with no value: the key line is the best we have.
        return from === undefined ? best : { startLine: lineAt(from), endLine: lineAt(from) };
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return best;
      node = item;
    } else {
      return best;
    }
    best = rangeOf(node, from) ?? best;
  }
  return best;
}

/**
 * Finds nesting deeper than MAX_NESTING: open flow brackets outside quotes and comments,
 * or indentation deeper than 2 × MAX_NESTING columns. Returns the first offending line.
 */
function nestingTooDeep(text: string): { line: number; what: string } | undefined {
  let depth = 0;
  let line = 1;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        if (++indent > 2 * MAX_NESTING) return { line, what: `indented ${indent} columns` };
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && opensScalar(text, i)) quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_NESTING) return { line, what: `${depth} open "${c}"` };
    } else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  return undefined;
}

/** A quote opens a quoted scalar only at its start (after a space, an indicator or the line start), not in "don't". */
function opensScalar(text: string, i: number): boolean {
  const before = i === 0 ? '\n' : text[i - 1];
  return (
    before === ' ' ||
    before === '\t' ||
    before === '\n' ||
    before === '[' ||
    before === '{' ||
    before === ',' ||
    before === ':' ||
    before === '-'
  );
}
