/**
 * A pack in a link: its files as JSON, deflated and base64url-encoded in the URL fragment
 * (`#pack=…`), the way the page's share link carries a snapshot. What comes from a link is
 * data: size-limited before and after inflating, checked field by field, and then read by
 * the engine's reader in the worker like any pasted file. Nothing in it is ever run.
 */
import { isFragmentOf, readFragment, writeFragment } from '../persist/fragment.js';
import type { PackFile } from './protocol.js';

export const PACK_PARAM = 'pack';
/** A pack, all files together, holds at most this much text (from a link, a file or a drop). */
export const MAX_PACK_CHARS = 1024 * 1024;
export const MAX_PACK_FILES = 200;
const MAX_FILE_NAME = 200;
const MAX_INFLATED_BYTES = MAX_PACK_CHARS * 4 + 64 * 1024;
const VERSION = 1;

export type CheckedPack =
  | { readonly ok: true; readonly files: readonly PackFile[] }
  | { readonly ok: false; readonly reason: string };

export function encodePackLink(files: readonly PackFile[]): string {
  return writeFragment(
    PACK_PARAM,
    JSON.stringify({ v: VERSION, files: files.map((f) => [f.file, f.text]) }),
  );
}

/** True when the fragment is a pack link (`#pack=…`), whether or not it reads. */
export function isPackLink(fragment: string): boolean {
  return isFragmentOf(fragment, PACK_PARAM);
}

/** Reads `#pack=…`; null when the fragment is not a pack link. */
export function decodePackLink(fragment: string): CheckedPack | null {
  const read = readFragment(fragment, PACK_PARAM, MAX_INFLATED_BYTES, 'pack');
  if (!read?.ok) return read;
  return checkPackFiles(read.value);
}

/** Checks an untrusted value (parsed JSON) and returns the pack's files or why it is refused. */
export function checkPackFiles(value: unknown): CheckedPack {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'it is not a pack' };
  const v = value as Record<string, unknown>;
  if (v['v'] !== VERSION) return { ok: false, reason: `unknown pack version ${String(v['v'])}` };
  const list = v['files'];
  if (!Array.isArray(list) || list.length === 0)
    return { ok: false, reason: 'the pack has no files' };
  if (list.length > MAX_PACK_FILES)
    return { ok: false, reason: `the pack has more than ${MAX_PACK_FILES} files` };
  const files: PackFile[] = [];
  let total = 0;
  for (const entry of list as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2)
      return { ok: false, reason: 'a file of the pack is not [name, text]' };
    const [file, text] = entry as unknown[];
    if (typeof file !== 'string' || typeof text !== 'string')
      return { ok: false, reason: 'a file of the pack is not [name, text]' };
    if (file.length > MAX_FILE_NAME)
      return { ok: false, reason: 'a file name in the pack is too long' };
    total += text.length;
    if (total > MAX_PACK_CHARS)
      return { ok: false, reason: 'the pack is larger than 1 MiB of text' };
    files.push({ file, text });
  }
  return { ok: true, files };
}

/** Files the user picked or dropped, read as text: size-limited before they are read. */
export async function readPackFiles(
  list: readonly File[],
): Promise<CheckedPack & { readonly names?: string }> {
  const yaml = list.filter((f) => /\.(ya?ml|json)$/i.test(f.name));
  if (yaml.length === 0)
    return { ok: false, reason: 'no .yaml or .yml file among the files given' };
  if (yaml.length > MAX_PACK_FILES)
    return { ok: false, reason: `more than ${MAX_PACK_FILES} files` };
  const size = yaml.reduce((n, f) => n + f.size, 0);
  if (size > MAX_PACK_CHARS)
    return { ok: false, reason: 'the files are larger than 1 MiB together' };
  const sorted = [...yaml].sort((a, b) => a.name.localeCompare(b.name));
  const files = await Promise.all(
    sorted.map(async (f) => ({ file: f.name, text: await f.text() })),
  );
  return { ok: true, files };
}
