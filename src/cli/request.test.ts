import { describe, expect, it } from 'vitest';
import { parseHeader, parseResolve, parseSeed, parseSize, toRequestSpec } from './request.js';

describe('curl-like arguments', () => {
  it('reads sizes as bytes or with k, m, g (powers of 1024)', () => {
    expect(parseSize('512')).toBe(512);
    expect(parseSize('10k')).toBe(10 * 1024);
    expect(parseSize('5M')).toBe(5 * 1024 ** 2);
    expect(parseSize('1g')).toBe(1024 ** 3);
    expect(parseSize('1.5kb')).toBe(1536);
    expect(() => parseSize('ten')).toThrow(/not a size/);
    expect(() => parseSize('-1')).toThrow(/not a size/);
  });

  it('reads -H Name: value, keeping the value as written', () => {
    expect(parseHeader('Host: shop.example.com')).toEqual(['Host', 'shop.example.com']);
    expect(parseHeader('X-Empty:')).toEqual(['X-Empty', '']);
    expect(parseHeader('Cookie: a=b; c=d: e')).toEqual(['Cookie', 'a=b; c=d: e']);
    expect(() => parseHeader(': nameless')).toThrow();
    expect(() => parseHeader('Bad Name: x')).toThrow();
  });

  it('reads --resolve HOST:PORT:ADDRESS, IPv6 in brackets too', () => {
    expect(parseResolve('shop.example.com:443:203.0.113.10')).toEqual({
      host: 'shop.example.com',
      port: 443,
      address: '203.0.113.10',
    });
    expect(parseResolve('shop.example.com:443:[2001:db8::1]').address).toBe('2001:db8::1');
    expect(() => parseResolve('shop.example.com:443:not-an-ip')).toThrow(/HOST:PORT:ADDRESS/);
    expect(() => parseResolve('shop.example.com:99999:203.0.113.10')).toThrow();
  });

  it('reads --seed as a whole number', () => {
    expect(parseSeed('42')).toBe(42);
    expect(() => parseSeed('4.2')).toThrow();
  });

  it('builds the RequestSpec with only what was given', () => {
    expect(toRequestSpec({ url: 'shop.example.com/api' })).toEqual({
      url: 'shop.example.com/api',
    });
    expect(
      toRequestSpec({
        url: 'https://203.0.113.10/',
        method: 'post',
        headers: ['Host: shop.example.com'],
        clientIp: '192.0.2.1',
        dataSize: '1k',
        resolve: [],
        insecure: true,
      }),
    ).toEqual({
      url: 'https://203.0.113.10/',
      method: 'POST',
      headers: [['Host', 'shop.example.com']],
      clientIp: '192.0.2.1',
      bodyBytes: 1024,
      insecure: true,
    });
  });
});
