import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../persist/fragment.js';
import {
  checkPackFiles,
  decodePackLink,
  encodePackLink,
  isPackLink,
  MAX_PACK_CHARS,
  MAX_PACK_FILES,
} from './packLink.js';

const link = (value: unknown): string =>
  `#pack=${toBase64Url(deflateSync(strToU8(JSON.stringify(value))))}`;

describe('pack links', () => {
  it('carry the files of a pack, names and text unchanged', () => {
    const files = [
      { file: '01-a.yaml', text: 'kind: Exercise\nmetadata: { name: a }\n' },
      { file: 'b.yaml', text: 'ünïcødé: "✓"\n' },
    ];
    const fragment = `#${encodePackLink(files)}`;
    expect(isPackLink(fragment)).toBe(true);
    expect(decodePackLink(fragment)).toEqual({ ok: true, files });
  });

  it('leave other fragments alone', () => {
    expect(decodePackLink('#s=abc')).toBeNull();
    expect(isPackLink('#s=abc')).toBe(false);
    expect(decodePackLink('')).toBeNull();
  });

  it('refuse damaged, oversized or ill-formed links with a reason', () => {
    const refused = (fragment: string): string => {
      const r = decodePackLink(fragment);
      if (!r || r.ok) throw new Error(`not refused: ${fragment.slice(0, 40)}`);
      return r.reason;
    };
    expect(refused('#pack=***')).toMatch(/base64url/);
    expect(refused('#pack=AAAA')).toMatch(/unpack/);
    expect(refused(`#pack=${'A'.repeat(600 * 1024)}`)).toMatch(/too long/);
    expect(refused(link({ v: 2, files: [] }))).toMatch(/version/);
    expect(refused(link({ v: 1, files: [] }))).toMatch(/no files/);
    expect(refused(link({ v: 1, files: [['a.yaml', 3]] }))).toMatch(/\[name, text\]/);
    expect(refused(link({ v: 1, files: [{ file: 'a', text: '' }] }))).toMatch(/\[name, text\]/);
    expect(refused(link({ v: 1, files: [['a.yaml', 'x'.repeat(MAX_PACK_CHARS + 1)]] }))).toMatch(
      /1 MiB|unpacks/,
    );
    expect(
      refused(link({ v: 1, files: Array.from({ length: MAX_PACK_FILES + 1 }, () => ['a', '']) })),
    ).toMatch(/more than/);
  });

  it('check a value that is not an object', () => {
    expect(checkPackFiles(null)).toEqual({ ok: false, reason: 'it is not a pack' });
    expect(checkPackFiles([1])).toEqual({ ok: false, reason: 'it is not a pack' });
  });
});
