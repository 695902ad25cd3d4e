/**
 * JSON in a URL fragment (`#name=…`): deflated and base64url-encoded, the way share links and
 * pack links travel. The fragment never reaches a server. Reading is size-limited before and
 * after inflating, so a hostile link cannot make the page allocate without bound; what it
 * returns is untrusted JSON, for the caller to check field by field.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** A longer fragment is refused before it is decoded (browsers keep URLs of a few MB). */
export const MAX_FRAGMENT_CHARS = 512 * 1024;

export type FragmentRead =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

export function writeFragment(name: string, json: string): string {
  return `${name}=${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/** The fragment's text without its `#`. */
function bare(fragment: string): string {
  return fragment.startsWith('#') ? fragment.slice(1) : fragment;
}

/** True when the fragment is `#name=…`, whether or not it reads. */
export function isFragmentOf(fragment: string, name: string): boolean {
  return bare(fragment).startsWith(`${name}=`);
}

/**
 * Reads `#name=…` into untrusted JSON; null when the fragment is not of that name. `what`
 * names the link in refusals ("too long to be a routelab pack").
 */
export function readFragment(
  fragment: string,
  name: string,
  maxInflatedBytes: number,
  what: string,
): FragmentRead | null {
  if (!isFragmentOf(fragment, name)) return null;
  const data = bare(fragment).slice(name.length + 1);
  if (data.length > MAX_FRAGMENT_CHARS)
    return { ok: false, reason: `the link is too long to be a routelab ${what}` };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(data);
  } catch {
    return { ok: false, reason: 'the link is damaged (not base64url)' };
  }
  let json: string;
  try {
    const out = new Uint8Array(maxInflatedBytes);
    const inflated = inflateSync(bytes, { out });
    if (inflated.length >= maxInflatedBytes)
      return { ok: false, reason: 'the link unpacks to more than the page accepts' };
    json = strFromU8(inflated);
  } catch {
    return { ok: false, reason: 'the link is damaged (it does not unpack)' };
  }
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    return { ok: false, reason: 'the link is damaged (not JSON)' };
  }
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
