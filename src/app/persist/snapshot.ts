/**
 * What the page saves and shares: the YAML and the request, nothing else. A snapshot that
 * comes from outside (a link, local storage written by an older version) is data: it is
 * checked field by field and size-limited, and a bad one is refused with a reason. Nothing
 * in it is ever run; the YAML goes to the engine as text, like a pasted file.
 */

export interface Snapshot {
  readonly yaml: string;
  readonly method: string;
  readonly url: string;
  readonly headersText: string;
  readonly clientIp: string;
  readonly bodySize: string;
  readonly insecure: boolean;
  /** The example it started from, when it did (shown in the gallery). */
  readonly exampleId: string | null;
}

/** Largest YAML accepted from a link, a file or storage: 1 MiB of text. */
export const MAX_YAML_CHARS = 1024 * 1024;
const MAX_FIELD_CHARS = 8 * 1024;
export const SNAPSHOT_VERSION = 1;

export type Checked =
  | { readonly ok: true; readonly snapshot: Snapshot }
  | { readonly ok: false; readonly reason: string };

const METHOD = /^[A-Z]{1,16}$/;

/** Checks an untrusted value (parsed JSON) and returns a Snapshot or why it is refused. */
export function checkSnapshot(value: unknown): Checked {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'it is not an object' };
  const v = value as Record<string, unknown>;
  if (v['v'] !== SNAPSHOT_VERSION)
    return { ok: false, reason: `unknown version ${String(v['v'])}` };
  const str = (key: string, max: number): string | { error: string } => {
    const x = v[key] ?? '';
    if (typeof x !== 'string') return { error: `${key} is not text` };
    if (x.length > max) return { error: `${key} is longer than ${max} characters` };
    return x;
  };
  const fields = {
    yaml: str('yaml', MAX_YAML_CHARS),
    method: str('method', 16),
    url: str('url', MAX_FIELD_CHARS),
    headersText: str('headersText', MAX_FIELD_CHARS),
    clientIp: str('clientIp', 64),
    bodySize: str('bodySize', 32),
    exampleId: str('exampleId', 64),
  };
  for (const f of Object.values(fields))
    if (typeof f !== 'string') return { ok: false, reason: f.error };
  const s = fields as Record<keyof typeof fields, string>;
  const method = s.method === '' ? 'GET' : s.method;
  if (!METHOD.test(method)) return { ok: false, reason: `"${method}" is not an HTTP method` };
  if (v['insecure'] !== undefined && typeof v['insecure'] !== 'boolean')
    return { ok: false, reason: 'insecure is not true or false' };
  return {
    ok: true,
    snapshot: {
      yaml: s.yaml,
      method,
      url: s.url,
      headersText: s.headersText,
      clientIp: s.clientIp,
      bodySize: s.bodySize,
      insecure: v['insecure'] === true,
      exampleId: s.exampleId === '' ? null : s.exampleId,
    },
  };
}

export function toJson(snapshot: Snapshot): string {
  return JSON.stringify({ v: SNAPSHOT_VERSION, ...snapshot, exampleId: snapshot.exampleId ?? '' });
}
