import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from './share.js';
import { checkSnapshot, type Snapshot } from './snapshot.js';
import { loadSaved, save, STORAGE_KEY, type KeyValueStore } from './storage.js';

const snapshot: Snapshot = {
  yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api # ünïcode ✓\n',
  method: 'POST',
  url: 'https://shop.example.com/api',
  headersText: 'X-Canary: always',
  clientIp: '10.0.0.9',
  bodySize: '2048',
  insecure: true,
  exampleId: 'shop',
};

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('share links', () => {
  it('round-trips the whole state through the fragment', () => {
    const fragment = `#${encodeShare(snapshot)}`;
    expect(fragment).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(decodeShare(fragment)).toEqual({ ok: true, snapshot });
  });

  it('compresses: a 200-document file fits in a link', () => {
    const yaml = Array.from({ length: 200 }, (_, i) =>
      snapshot.yaml.replace('api', `api-${i}`),
    ).join('---\n');
    const fragment = encodeShare({ ...snapshot, yaml });
    expect(fragment.length).toBeLessThan(yaml.length / 4);
  });

  it('ignores fragments that are not share links', () => {
    expect(decodeShare('')).toBeNull();
    expect(decodeShare('#stages')).toBeNull();
  });

  it('refuses damaged or hostile links with a reason, never throwing', () => {
    expect(decodeShare('#s=***')).toEqual({
      ok: false,
      reason: 'the link is damaged (not base64url)',
    });
    expect(decodeShare('#s=AAAA')).toMatchObject({ ok: false });
    const notJson = b64url(deflateSync(strToU8('alert(1)')));
    expect(decodeShare(`#s=${notJson}`)).toEqual({
      ok: false,
      reason: 'the link is damaged (not JSON)',
    });
    const wrongTypes = b64url(deflateSync(strToU8(JSON.stringify({ v: 1, yaml: { evil: true } }))));
    expect(decodeShare(`#s=${wrongTypes}`)).toEqual({ ok: false, reason: 'yaml is not text' });
    // A small link that inflates to a huge document (a zip bomb) is cut off and refused.
    const bomb = b64url(deflateSync(new Uint8Array(8 * 1024 * 1024).fill(32)));
    expect(bomb.length).toBeLessThan(20_000);
    expect(decodeShare(`#s=${bomb}`)).toEqual({
      ok: false,
      reason: 'the link unpacks to more than the page accepts',
    });
    expect(decodeShare(`#s=${'A'.repeat(600_000)}`)).toMatchObject({ ok: false });
  });
});

describe('checkSnapshot', () => {
  it('refuses what is not a snapshot', () => {
    expect(checkSnapshot(null)).toMatchObject({ ok: false });
    expect(checkSnapshot([])).toMatchObject({ ok: false });
    expect(checkSnapshot({ v: 2 })).toEqual({ ok: false, reason: 'unknown version 2' });
    expect(checkSnapshot({ v: 1, method: 'GET /' })).toMatchObject({ ok: false });
    expect(checkSnapshot({ v: 1, yaml: 'x'.repeat(1024 * 1024 + 1) })).toMatchObject({ ok: false });
  });

  it('fills in what an older snapshot leaves out', () => {
    expect(checkSnapshot({ v: 1, yaml: 'a: 1' })).toEqual({
      ok: true,
      snapshot: {
        yaml: 'a: 1',
        method: 'GET',
        url: '',
        headersText: '',
        clientIp: '',
        bodySize: '',
        insecure: false,
        exampleId: null,
      },
    });
  });
});

describe('autosave', () => {
  it('saves and restores; survives missing, full or corrupt storage', () => {
    const map = new Map<string, string>();
    const store: KeyValueStore = {
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
    };
    expect(loadSaved(store)).toBeNull();
    expect(save(store, snapshot)).toBe(true);
    expect(loadSaved(store)).toEqual(snapshot);
    map.set(STORAGE_KEY, '{not json');
    expect(loadSaved(store)).toBeNull();
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(save(full, snapshot)).toBe(false);
    expect(save(undefined, snapshot)).toBe(false);
    expect(loadSaved(undefined)).toBeNull();
  });
});
