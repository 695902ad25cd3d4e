/** Turns the request bar's text fields into the engine's RequestSpec, with problems named. */
import type { RequestSpec } from '../../engine/index.js';
import type { RequestSlice } from './requestSlice.js';

export interface ParsedHeaders {
  readonly headers: readonly (readonly [string, string])[];
  /** One message per line that is not "Name: value". */
  readonly problems: readonly string[];
}

/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseHeaders(text: string): ParsedHeaders {
  const headers: (readonly [string, string])[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (colon <= 0 || !HEADER_NAME.test(name)) {
      problems.push(`line ${index + 1}: expected "Name: value", got "${line}"`);
      return;
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  });
  return { headers, problems };
}

export interface BuiltRequest {
  readonly spec: RequestSpec;
  readonly problems: readonly string[];
}

export function buildRequestSpec(
  request: Pick<
    RequestSlice,
    'method' | 'url' | 'headersText' | 'clientIp' | 'bodySize' | 'insecure'
  >,
): BuiltRequest {
  const { headers, problems } = parseHeaders(request.headersText);
  const allProblems = [...problems];
  const clientIp = request.clientIp.trim();
  const sizeText = request.bodySize.trim();
  let bodyBytes: number | undefined;
  if (sizeText !== '') {
    const n = Number(sizeText);
    if (Number.isSafeInteger(n) && n >= 0) bodyBytes = n;
    else allProblems.push(`body size: "${sizeText}" is not a whole number of bytes`);
  }
  const spec: RequestSpec = {
    url: request.url.trim(),
    method: request.method,
    ...(headers.length > 0 ? { headers } : {}),
    ...(clientIp !== '' ? { clientIp } : {}),
    ...(bodyBytes !== undefined ? { bodyBytes } : {}),
    ...(request.insecure ? { insecure: true } : {}),
  };
  return { spec, problems: allProblems };
}
