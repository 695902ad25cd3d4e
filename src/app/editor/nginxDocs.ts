// The types of the build-time module virtual:routelab-facts, for every program that reads
// this file (the page and the unit tests).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../facts.d.ts" />
/**
 * Hover documentation for ingress-nginx annotations and ConfigMap keys, from the engine's
 * catalogue: what the key does, its default, where it may be set, and whether it still works.
 */
import type { NginxKeyFact } from 'virtual:routelab-facts';
import { nginxAnnotationPrefix, nginxKeys } from 'virtual:routelab-facts';
import type { LineAt } from './lineAt.js';

const BY_NAME = new Map<string, NginxKeyFact>();
for (const key of nginxKeys) {
  BY_NAME.set(key.name, key);
  for (const alias of key.aliases ?? []) if (!BY_NAME.has(alias)) BY_NAME.set(alias, key);
}

export function findNginxKey(name: string): NginxKeyFact | undefined {
  return BY_NAME.get(name);
}

const WHERE: Readonly<Record<NginxKeyFact['scope'], string>> = {
  annotation: 'Ingress annotation only (not a ConfigMap key)',
  configmap: 'ConfigMap key only (not an annotation)',
  both: 'Ingress annotation, and a ConfigMap key that sets it for every Ingress',
};

export function nginxKeyMarkdown(key: NginxKeyFact): string {
  const lines = [`**${key.name}** — ingress-nginx`, '', key.summary, ''];
  const facts: string[] = [];
  facts.push(
    `Default: ${key.default !== undefined && key.default !== '' ? `\`${key.default}\`` : 'none'}${key.unit ? ` (${key.unit})` : ''}`,
  );
  facts.push(`Where: ${WHERE[key.scope]}`);
  if (key.values) facts.push(`Values: ${key.values.map((v) => `\`${v}\``).join(', ')}`);
  if (key.risk) facts.push(`Annotation risk: ${key.risk}`);
  if (key.aliases && key.aliases.length > 0) facts.push(`Also read as: ${key.aliases.join(', ')}`);
  if (key.removedIn) facts.push(`**Removed in ${key.removedIn}: the controller ignores it.**`);
  facts.push(`Docs: ingress-nginx \`${key.docs}\``);
  return [...lines, ...facts.map((f) => `- ${f}`)].join('\n');
}

export interface HoverDoc {
  readonly markdown: string;
  /** 1-based columns of the key on its line. */
  readonly startColumn: number;
  readonly endColumn: number;
}

const ANNOTATION_KEY = /^(\s*-?\s*)(["']?)([A-Za-z0-9./_-]+)\2\s*:/;

/**
 * The documentation for the key under the cursor: an ingress-nginx annotation anywhere, or
 * an ingress-nginx key inside the `data:` of a ConfigMap. `lines` is the whole file.
 * With `onlyWhatSchemasMiss`, it answers only where the schemas have nothing to say (a name
 * that is no ingress-nginx key, an annotation written into a ConfigMap), so the editor does
 * not show the same entry twice.
 */
export function nginxHoverAt(
  lineAt: LineAt,
  lineNumber: number,
  column: number,
  onlyWhatSchemasMiss = false,
): HoverDoc | null {
  const line = lineAt(lineNumber);
  if (line === undefined) return null;
  const m = ANNOTATION_KEY.exec(line);
  if (!m) return null;
  const startColumn = (m[1] ?? '').length + (m[2] ?? '').length + 1;
  const text = m[3] ?? '';
  const endColumn = startColumn + text.length;
  if (column < startColumn || column > endColumn) return null;
  if (text.startsWith(nginxAnnotationPrefix)) {
    const name = text.slice(nginxAnnotationPrefix.length);
    const key = findNginxKey(name);
    if (key && onlyWhatSchemasMiss) return null;
    const markdown = key
      ? nginxKeyMarkdown(key)
      : `**${name}** is not an ingress-nginx annotation: the controller ignores it. Check the spelling.`;
    return { markdown, startColumn, endColumn };
  }
  if (!inConfigMapData(lineAt, lineNumber)) return null;
  const key = findNginxKey(text);
  if (!key) return null;
  if (key.scope !== 'annotation' && onlyWhatSchemasMiss) return null;
  const markdown =
    key.scope === 'annotation'
      ? `${nginxKeyMarkdown(key)}\n\n**This is an annotation, not a ConfigMap key: the controller ignores it here.**`
      : nginxKeyMarkdown(key);
  return { markdown, startColumn, endColumn };
}

/** True when the line is a key directly under `data:` of a ConfigMap document. */
export function inConfigMapData(lineAt: LineAt, lineNumber: number): boolean {
  const line = lineAt(lineNumber) ?? '';
  const indent = line.length - line.trimStart().length;
  if (indent === 0) return false;
  let sawData = false;
  for (let n = lineNumber - 1; n >= 1; n--) {
    const l = lineAt(n) ?? '';
    if (/^---/.test(l)) break;
    const t = l.trimStart();
    if (t === '' || t.startsWith('#')) continue;
    const ind = l.length - t.length;
    if (!sawData) {
      if (ind >= indent) continue;
      if (ind === 0 && /^data\s*:\s*$/.test(t)) sawData = true;
      else return false;
    } else if (ind === 0 && /^kind\s*:\s*["']?ConfigMap["']?\s*(#.*)?$/.test(t)) return true;
  }
  if (!sawData) return false;
  // `kind:` may come after `data:` in the document.
  for (let n = lineNumber + 1, l = lineAt(n); l !== undefined; l = lineAt(++n)) {
    if (/^---/.test(l)) break;
    if (/^kind\s*:\s*["']?ConfigMap["']?\s*(#.*)?$/.test(l)) return true;
  }
  return false;
}
