/**
 * Share links: the whole snapshot in the URL fragment (`#s=…`), as fragment.ts packs JSON,
 * checked field by field when it is read.
 */
import { readFragment, writeFragment } from './fragment.js';
import { checkSnapshot, MAX_YAML_CHARS, toJson, type Checked, type Snapshot } from './snapshot.js';

export const SHARE_PARAM = 's';
/** Inflated JSON larger than this is refused: the YAML limit plus room for the request. */
const MAX_INFLATED_BYTES = MAX_YAML_CHARS * 4 + 64 * 1024;

export function encodeShare(snapshot: Snapshot): string {
  return writeFragment(SHARE_PARAM, toJson(snapshot));
}

/** Reads `#s=…`; `null` when the fragment holds no shared state. */
export function decodeShare(fragment: string): Checked | null {
  const read = readFragment(fragment, SHARE_PARAM, MAX_INFLATED_BYTES, 'link');
  if (!read?.ok) return read;
  return checkSnapshot(read.value);
}
