/**
 * Share links: the whole snapshot, deflated and base64url-encoded, in the URL fragment
 * (`#s=…`). The fragment never reaches a server. Decoding is size-limited before and after
 * inflating, so a hostile link cannot make the page allocate without bound.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { checkSnapshot, MAX_YAML_CHARS, toJson, type Checked, type Snapshot } from './snapshot.js';

export const SHARE_PARAM = 's';
/** A longer fragment is refused before it is decoded (browsers keep URLs of a few MB). */
export const MAX_FRAGMENT_CHARS = 512 * 1024;
/** Inflated JSON larger than this is refused: the YAML limit plus room for the request. */
const MAX_INFLATED_BYTES = MAX_YAML_CHARS * 4 + 64 * 1024;

export function encodeShare(snapshot: Snapshot): string {
  const packed = deflateSync(strToU8(toJson(snapshot)), { level: 9 });
  return `${SHARE_PARAM}=${toBase64Url(packed)}`;
}

/** Reads `#s=…`; `null` when the fragment holds no shared state. */
export function decodeShare(fragment: string): Checked | null {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const prefix = `${SHARE_PARAM}=`;
  if (!text.startsWith(prefix)) return null;
  const data = text.slice(prefix.length);
  if (data.length > MAX_FRAGMENT_CHARS)
    return { ok: false, reason: 'the link is too long to be a routelab link' };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(data);
  } catch {
    return { ok: false, reason: 'the link is damaged (not base64url)' };
  }
  let json: string;
  try {
    const out = new Uint8Array(MAX_INFLATED_BYTES);
    const inflated = inflateSync(bytes, { out });
    if (inflated.length >= MAX_INFLATED_BYTES)
      return { ok: false, reason: 'the link unpacks to more than the page accepts' };
    json = strFromU8(inflated);
  } catch {
    return { ok: false, reason: 'the link is damaged (it does not unpack)' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'the link is damaged (not JSON)' };
  }
  return checkSnapshot(value);
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
