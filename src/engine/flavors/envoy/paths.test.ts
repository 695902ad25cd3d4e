import { describe, expect, it } from 'vitest';
import { normalizeEnvoyPath } from './paths.js';

describe("Envoy's normalize_path then merge_slashes", () => {
  it('resolves dot segments before it merges slashes: an empty segment counts for ".."', () => {
    // [ENVOY] chromium_url/url_canon_path.cc BackUpToPreviousSlash goes back to the
    // previous "/", the empty segment's; merge_slashes runs after.
    expect(normalizeEnvoyPath('/a//../b')).toBe('/a/b');
    expect(normalizeEnvoyPath('/a/b//')).toBe('/a/b/');
    expect(normalizeEnvoyPath('//..')).toBe('/');
  });

  it('decodes escaped unreserved characters, so "%2e" is a dot; other escapes stay', () => {
    expect(normalizeEnvoyPath('/a/%2e%2E/b')).toBe('/b');
    expect(normalizeEnvoyPath('/%7Euser/%41%2d%5F')).toBe('/~user/A-_');
    expect(normalizeEnvoyPath('/a%2Fb/%20')).toBe('/a%2Fb/%20');
  });
});
