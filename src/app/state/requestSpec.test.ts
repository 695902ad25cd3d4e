import { describe, expect, it } from 'vitest';
import { buildRequestSpec, parseHeaders } from './requestSpec.js';

const base = {
  method: 'GET',
  url: ' https://shop.example.com/ ',
  headersText: '',
  clientIp: '',
  bodySize: '',
  insecure: false,
};

describe('parseHeaders', () => {
  it('reads "Name: value" lines, skipping blank ones and keeping colons in values', () => {
    expect(parseHeaders('X-Canary: always\n\n  Referer: https://a.example/x  \n')).toEqual({
      headers: [
        ['X-Canary', 'always'],
        ['Referer', 'https://a.example/x'],
      ],
      problems: [],
    });
  });

  it('names the lines that are not headers', () => {
    expect(parseHeaders('no colon\n: empty name\nBad Name: x').problems).toEqual([
      'line 1: expected "Name: value", got "no colon"',
      'line 2: expected "Name: value", got ": empty name"',
      'line 3: expected "Name: value", got "Bad Name: x"',
    ]);
  });
});

describe('buildRequestSpec', () => {
  it('leaves out what the user did not set', () => {
    expect(buildRequestSpec(base)).toEqual({
      spec: { url: 'https://shop.example.com/', method: 'GET' },
      problems: [],
    });
  });

  it('passes headers, client address, body size and -k', () => {
    const { spec } = buildRequestSpec({
      ...base,
      headersText: 'X-A: 1',
      clientIp: '10.0.0.9',
      bodySize: '2048',
      insecure: true,
    });
    expect(spec).toEqual({
      url: 'https://shop.example.com/',
      method: 'GET',
      headers: [['X-A', '1']],
      clientIp: '10.0.0.9',
      bodyBytes: 2048,
      insecure: true,
    });
  });

  it('reports a body size that is not a whole number', () => {
    const built = buildRequestSpec({ ...base, bodySize: '1.5k' });
    expect(built.spec.bodyBytes).toBeUndefined();
    expect(built.problems).toEqual(['body size: "1.5k" is not a whole number of bytes']);
  });
});
