import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from './x509.js';
import { certificateCoversHost, hasPemPrivateKey, parsePemCertificates } from './x509.js';

// The fixtures are real certificates made by OpenSSL 3.0 with fixtures/generate.sh. Every expected
// value below was read back with `openssl x509 -noout -text` (and -serial / -dates / -ext).
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function parseOk(pem: string): readonly CertificateInfo[] {
  const result = parsePemCertificates(pem);
  if (!result.ok) throw new Error(`expected a certificate, got: ${result.reason}`);
  return result.certificates;
}

function parseFails(pem: string): string {
  const result = parsePemCertificates(pem);
  expect(result.ok).toBe(false);
  const reason = result.ok ? '' : result.reason;
  expect(reason.length).toBeGreaterThan(0);
  return reason;
}

const toPem = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END CERTIFICATE-----\n`;

const derOf = (pem: string): Uint8Array =>
  new Uint8Array(Buffer.from(pem.replace(/-----[A-Z ]+-----/g, ''), 'base64'));

const RSA = fixture('rsa-selfsigned.pem');
const CHAIN = fixture('ec-chain.pem');
const LEGACY = fixture('legacy-cn-only.pem');
const EXPIRED = fixture('expired.pem');
const STRINGS = fixture('string-types.pem');

describe('parsePemCertificates on real OpenSSL certificates', () => {
  it('reads an RSA-2048 self-signed certificate with DNS, wildcard and IP SANs', () => {
    expect(parseOk(RSA)).toStrictEqual([
      {
        subjectCommonName: 'shop.example.com',
        issuerCommonName: 'shop.example.com',
        subjectOrganization: 'Example Shop',
        dnsNames: ['shop.example.com', '*.shop.example.com'],
        ipAddresses: ['203.0.113.7'],
        notBefore: '2024-01-01T00:00:00Z',
        notAfter: '2034-01-01T00:00:00Z',
        selfSigned: true,
        isCA: false, // basicConstraints critical, CA:FALSE
        serialHex: '9a7b3c5d1e2f40516273849506a7b8c9', // DER stores it with a 0x00 sign byte
        keyAlgorithm: 'RSA',
      },
    ]);
  });

  it('reads an EC P-256 leaf then its Ed25519 CA, in PEM order', () => {
    expect(parseOk(CHAIN)).toStrictEqual([
      {
        subjectCommonName: 'api.example.com',
        issuerCommonName: 'Routelab Test CA',
        subjectOrganization: 'Exämple API', // UTF8String
        // email:ops@example.com sits between these in the SAN and is skipped.
        dnsNames: ['api.example.com', 'API2.Example.com'],
        ipAddresses: ['2001:db8:0:0:0:0:0:1'],
        notBefore: '2024-06-15T12:30:45Z',
        notAfter: '2034-06-15T12:30:45Z',
        selfSigned: false,
        isCA: false,
        serialHex: '1001',
        keyAlgorithm: 'EC',
      },
      {
        subjectCommonName: 'Routelab Test CA',
        issuerCommonName: 'Routelab Test CA',
        subjectOrganization: 'Routelab',
        dnsNames: [],
        ipAddresses: [],
        notBefore: '2024-01-01T00:00:00Z',
        notAfter: '2055-01-01T00:00:00Z', // GeneralizedTime (after 2049)
        selfSigned: true,
        isCA: true, // CA:TRUE, pathlen:0
        serialHex: '1000',
        keyAlgorithm: 'Ed25519',
      },
    ]);
  });

  it('reads a v1 certificate with no extensions and only a CN; UTCTime 99 is 1999, 49 is 2049', () => {
    expect(parseOk(LEGACY)).toStrictEqual([
      {
        subjectCommonName: 'legacy.example.com',
        issuerCommonName: 'legacy.example.com',
        dnsNames: [],
        ipAddresses: [],
        notBefore: '1999-01-01T00:00:00Z',
        notAfter: '2049-12-31T23:59:59Z',
        selfSigned: true,
        isCA: false,
        serialHex: '1002',
        keyAlgorithm: 'RSA',
      },
    ]);
  });

  it('reads an expired certificate (validity 2020-2021) without judging it', () => {
    const [cert] = parseOk(EXPIRED);
    expect(cert).toStrictEqual({
      subjectCommonName: 'expired.example.com',
      issuerCommonName: 'expired.example.com',
      dnsNames: ['expired.example.com'],
      ipAddresses: [],
      notBefore: '2020-01-01T00:00:00Z',
      notAfter: '2021-01-01T00:00:00Z',
      selfSigned: true,
      isCA: false,
      serialHex: '1003',
      keyAlgorithm: 'EC',
    });
  });

  it('decodes T61String as Latin-1 and BMPString as UTF-16BE', () => {
    const [cert] = parseOk(STRINGS);
    expect(cert?.subjectOrganization).toBe('Café Zürich'); // T61STRING:Caf\E9 Z\FCrich
    expect(cert?.subjectCommonName).toBe('東京.example'); // BMPSTRING:\U6771\U4EAC.example
    expect(cert?.issuerCommonName).toBe('東京.example');
  });

  it('tolerates CRLF line endings and text around the blocks, as openssl and editors leave them', () => {
    const messy = `subject=CN = shop.example.com\r\n${RSA.replace(/\n/g, '\r\n')}\r\ntrailing notes\r\n`;
    expect(parseOk(messy)).toStrictEqual(parseOk(RSA));
  });
});

describe('parsePemCertificates on hostile input: ok:false with a reason, never a throw', () => {
  it('rejects empty text and placeholders', () => {
    expect(parseFails('')).toBe('no PEM CERTIFICATE block');
    expect(parseFails('REPLACE_ME')).toBe('no PEM CERTIFICATE block');
    expect(parseFails(fixture('rsa-selfsigned.pem').replace('BEGIN CERTIFICATE', 'BEGIN X'))).toBe(
      'no PEM CERTIFICATE block',
    );
  });

  it('rejects invalid base64 and a block with no END line', () => {
    expect(parseFails('-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----')).toBe(
      'certificate 1: base64 is invalid',
    );
    expect(parseFails(RSA.replace('-----END CERTIFICATE-----', ''))).toMatch(/no END CERTIFICATE/);
  });

  it('rejects 200 fixed pseudo-random bytes', () => {
    let x = 0x2545f491; // xorshift32, fixed seed: the same bytes on every run
    const bytes = new Uint8Array(200).map(() => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    expect(parseFails(toPem(bytes))).toMatch(/^certificate 1: DER is malformed at byte \d+/);
  });

  it('rejects a real certificate cut in half, naming the byte', () => {
    const der = derOf(RSA);
    expect(parseFails(toPem(der.subarray(0, der.length >> 1)))).toMatch(
      /^certificate 1: DER is malformed at byte 0 \(Certificate SEQUENCE claims \d+ bytes but only \d+ remain\)$/,
    );
  });

  it('rejects a length field claiming 2^31 bytes, indefinite lengths and trailing bytes', () => {
    const huge = Uint8Array.of(0x30, 0x84, 0x80, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00);
    expect(parseFails(toPem(huge))).toMatch(/claims 2147483648 bytes but only 3 remain/);
    expect(parseFails(toPem(Uint8Array.of(0x30, 0x80, 0x00, 0x00)))).toMatch(/indefinite length/);
    expect(parseFails(toPem(Uint8Array.of(0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9)))).toMatch(
      /length field/,
    );
    expect(parseFails(toPem(Uint8Array.of(...derOf(RSA), 0x00)))).toMatch(/trailing bytes/);
  });

  it('a later bad block fails the whole chain and says which one', () => {
    expect(
      parseFails(`${CHAIN}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`),
    ).toMatch(/^certificate 3: DER is malformed/);
  });

  it('survives 100,000 nested SEQUENCEs (no recursion)', () => {
    const depth = 100_000;
    const der = new Uint8Array(depth * 6);
    for (let i = 0; i < depth; i++) {
      const inner = (depth - 1 - i) * 6; // each level: 30 84 + 4-byte length of what it wraps
      der.set(
        [0x30, 0x84, inner >>> 24, (inner >>> 16) & 0xff, (inner >>> 8) & 0xff, inner & 0xff],
        i * 6,
      );
    }
    expect(parseFails(toPem(der))).toMatch(/DER is malformed/);
  });

  it('returns quickly on 10 MB of garbage', () => {
    const garbage = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(10_000_000)}\n-----END CERTIFICATE-----`;
    expect(parseFails(garbage)).toMatch(/over 1 MiB/);
    expect(hasPemPrivateKey(garbage)).toBe(false);
  });

  it('never throws when any single byte of a real certificate is flipped', () => {
    for (const pem of [RSA, CHAIN]) {
      const der = derOf(pem);
      for (let i = 0; i < der.length; i++) {
        const bad = der.slice();
        bad[i] = (bad[i] ?? 0) ^ 0xff;
        const result = parsePemCertificates(toPem(bad));
        expect(result.ok || result.reason.length > 0).toBe(true);
      }
    }
  });

  // fast-check is a devDependency of routelab, so this property test always runs.
  it('never throws on arbitrary bytes wrapped as PEM (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const result = parsePemCertificates(toPem(bytes));
        return result.ok ? result.certificates.length === 1 : result.reason.length > 0;
      }),
    );
  });
});

describe('certificateCoversHost', () => {
  const [shop] = parseOk(RSA);
  const [leaf] = parseOk(CHAIN);
  const [legacy] = parseOk(LEGACY);
  const synthetic = (over: Partial<CertificateInfo>): CertificateInfo => ({
    dnsNames: [],
    ipAddresses: [],
    notBefore: '2024-01-01T00:00:00Z',
    notAfter: '2034-01-01T00:00:00Z',
    selfSigned: true,
    isCA: false,
    serialHex: '01',
    keyAlgorithm: 'EC',
    ...over,
  });

  it.each([
    ['shop.example.com', true],
    ['SHOP.Example.COM', true],
    ['shop.example.com.', true],
    ['a.shop.example.com', true], // *.shop.example.com covers one label
    ['A.Shop.Example.Com', true],
    ['a.b.shop.example.com', false], // ...but not two
    ['.shop.example.com', false], // ...nor an empty one
    ['example.com', false],
    ['other.example.com', false],
    ['203.0.113.7', true],
    ['203.0.113.8', false],
    ['', false],
  ])('RSA fixture covers %j: %s', (host, expected) => {
    expect(certificateCoversHost(shop!, host)).toBe(expected);
  });

  it('compares IPv6 hosts by value, in any spelling, and never against dNSNames', () => {
    expect(certificateCoversHost(leaf!, '2001:db8::1')).toBe(true);
    expect(certificateCoversHost(leaf!, '[2001:DB8:0::1]')).toBe(true);
    expect(certificateCoversHost(leaf!, '2001:db8::2')).toBe(false);
    expect(certificateCoversHost(leaf!, 'api2.example.com')).toBe(true); // SAN is API2.Example.com
    expect(certificateCoversHost(leaf!, 'ops@example.com')).toBe(false); // an email SAN is no host
    const ipInDns = synthetic({ dnsNames: ['203.0.113.7'] });
    expect(certificateCoversHost(ipInDns, '203.0.113.7')).toBe(false);
  });

  it('falls back to the CN only when there is no SAN dNSName at all', () => {
    expect(certificateCoversHost(legacy!, 'legacy.example.com')).toBe(true);
    expect(certificateCoversHost(legacy!, 'LEGACY.example.com')).toBe(true);
    expect(certificateCoversHost(legacy!, 'x.legacy.example.com')).toBe(false);
    expect(certificateCoversHost(legacy!, '10.0.0.1')).toBe(false);
    const both = synthetic({ subjectCommonName: 'cn.example.com', dnsNames: ['san.example.com'] });
    expect(certificateCoversHost(both, 'cn.example.com')).toBe(false);
    expect(certificateCoversHost(both, 'san.example.com')).toBe(true);
    const ipOnly = synthetic({ subjectCommonName: 'cn.example.com', ipAddresses: ['10.0.0.1'] });
    expect(certificateCoversHost(ipOnly, 'cn.example.com')).toBe(true);
    expect(certificateCoversHost(synthetic({}), 'cn.example.com')).toBe(false);
  });

  it('accepts only a whole leftmost wildcard label with two labels after it', () => {
    const cert = synthetic({ dnsNames: ['*.com', 'f*o.example.com', '*.wild.example.com'] });
    expect(certificateCoversHost(cert, 'example.com')).toBe(false);
    expect(certificateCoversHost(cert, 'foo.example.com')).toBe(false);
    expect(certificateCoversHost(cert, 'x.wild.example.com')).toBe(true);
    expect(certificateCoversHost(cert, 'wild.example.com')).toBe(false);
  });
});

describe('hasPemPrivateKey', () => {
  const block = (label: string, body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'): string =>
    `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

  it('finds PKCS#8, RSA and EC private key blocks, also after a certificate', () => {
    expect(hasPemPrivateKey(block('PRIVATE KEY'))).toBe(true);
    expect(hasPemPrivateKey(block('RSA PRIVATE KEY'))).toBe(true);
    expect(hasPemPrivateKey(`${CHAIN}${block('EC PRIVATE KEY')}`)).toBe(true);
  });

  it('does not count certificates, placeholders, encrypted keys, empty or unterminated blocks', () => {
    expect(hasPemPrivateKey(RSA)).toBe(false);
    expect(hasPemPrivateKey('')).toBe(false);
    expect(hasPemPrivateKey('REPLACE_ME')).toBe(false);
    expect(hasPemPrivateKey(block('ENCRYPTED PRIVATE KEY'))).toBe(false);
    expect(hasPemPrivateKey(block('PRIVATE KEY', ''))).toBe(false);
    expect(hasPemPrivateKey(block('PRIVATE KEY', 'not base64!'))).toBe(false);
    expect(
      hasPemPrivateKey('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n'),
    ).toBe(false);
  });
});
