import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeUtf8 } from './base64.js';

describe('base64 and UTF-8', () => {
  it('decodes base64 text, with or without padding, and URL-safe', () => {
    expect(decodeBase64('YWxpY2U6c2VjcmV0')).toBe('alice:secret');
    expect(decodeBase64('YQ')).toBe('a');
    expect(decodeBase64('-_8')).toBe(decodeUtf8(new Uint8Array([0xfb, 0xff])));
    expect(decodeBase64('not base64!')).toBeUndefined();
  });

  it('decodes multi-byte UTF-8 and never throws on bytes that are not UTF-8', () => {
    expect(decodeUtf8(new Uint8Array([0x63, 0x61, 0x66, 0xc3, 0xa9]))).toBe('café');
    expect(decodeUtf8(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]))).toBe('😀');
    // F4 90 80 80 would be U+110000, past the last code point; ED A0 80 is a surrogate.
    expect(decodeUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe('\ufffd');
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe('\ufffd');
    expect(decodeUtf8(new Uint8Array([0xc3]))).toBe('\ufffd');
    expect(decodeUtf8(new Uint8Array([0xff, 0x41]))).toBe('\ufffdA');
  });
});
