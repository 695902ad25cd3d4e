/**
 * Reads the parts of a PEM X.509 certificate (a TLS Secret's `tls.crt`) that an ingress controller
 * cares about: names, validity, chain order, CA flag, key type. Pure TypeScript on purpose (the engine
 * runs in a browser worker and in Node), so this is a small DER reader rather than a crypto library.
 * Nothing is verified cryptographically: signatures are neither checked nor needed for the simulation.
 */
import { decodeBase64Bytes } from './base64.js';
import { parseIp } from './net.js';

export interface CertificateInfo {
  readonly subjectCommonName?: string;
  readonly issuerCommonName?: string;
  readonly subjectOrganization?: string;
  /** subjectAltName dNSName entries, in certificate order, as written (not lower-cased). */
  readonly dnsNames: readonly string[];
  /** subjectAltName iPAddress entries: IPv4 dotted, IPv6 as 8 lower-case hex groups (uncompressed). */
  readonly ipAddresses: readonly string[];
  /** ISO 8601 UTC, e.g. "2024-01-01T00:00:00Z". */
  readonly notBefore: string;
  readonly notAfter: string;
  /** The issuer Name is byte-for-byte the subject Name (what OpenSSL and Go compare, too). */
  readonly selfSigned: boolean;
  /** basicConstraints says cA: TRUE. */
  readonly isCA: boolean;
  /** Lower-case hex of the serial number, without the DER sign byte (as `openssl x509 -serial`). */
  readonly serialHex: string;
  /** 'RSA' | 'EC' | 'Ed25519', or the dotted OID of any other public key algorithm. */
  readonly keyAlgorithm: string;
}

export type PemParseResult =
  | { readonly ok: true; readonly certificates: readonly CertificateInfo[] }
  | { readonly ok: false; readonly reason: string };

// The API server refuses Secrets over 1 MiB, so nothing larger can be a real tls.crt. The cap also
// bounds the work on hostile input: everything below is linear in the input size.
const MAX_PEM_CHARS = 1024 * 1024;

const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
  VERSION: 0xa0, // [0] EXPLICIT in TBSCertificate
  EXTENSIONS: 0xa3, // [3] EXPLICIT in TBSCertificate
  DNS_NAME: 0x82, // GeneralName [2] IMPLICIT IA5String
  IP_ADDRESS: 0x87, // GeneralName [7] IMPLICIT OCTET STRING
} as const;

const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
};
const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const OID_SAN = '2.5.29.17';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';

/** Thrown only inside this module; parsePemCertificates turns it into { ok: false, reason }. */
class DerError extends Error {
  constructor(at: number, what: string) {
    super(`DER is malformed at byte ${at} (${what})`);
  }
}

/** One tag-length-value: `start` is the tag byte, the content is [body, end). */
type Tlv = {
  readonly tag: number;
  readonly start: number;
  readonly body: number;
  readonly end: number;
};

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** Reads consecutive TLVs inside one container. Every length is checked against the container, so a
 * forged length (say 2^31) fails at once instead of reading past the data. No recursion anywhere:
 * the certificate's shape is walked explicitly, so deep nesting costs nothing. */
class DerReader {
  constructor(
    readonly der: Uint8Array,
    private pos: number,
    private readonly end: number,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A reader over the content of `tlv` (which must come from this buffer). */
  inside(tlv: Tlv): DerReader {
    return new DerReader(this.der, tlv.body, tlv.end);
  }

  bytes(tlv: Tlv): Uint8Array {
    return this.der.subarray(tlv.body, tlv.end);
  }

  /** The next TLV if its tag is `tag`, else undefined (for OPTIONAL and DEFAULT fields). */
  optional(tag: number): Tlv | undefined {
    return this.pos < this.end && this.der[this.pos] === tag
      ? this.next(tag, 'optional field')
      : undefined;
  }

  next(tag: number | undefined, what: string): Tlv {
    const start = this.pos;
    if (start >= this.end) throw new DerError(start, `expected ${what} but the data ended`);
    const found = this.byte(start);
    if ((found & 0x1f) === 0x1f) throw new DerError(start, 'multi-byte tags are not used in X.509');
    if (tag !== undefined && found !== tag) {
      throw new DerError(start, `expected ${what}, found tag 0x${hex2(found)}`);
    }
    let p = start + 1;
    const first = this.byte(p++);
    let length = first;
    if (first === 0x80) throw new DerError(start + 1, 'indefinite length is not allowed in DER');
    if (first > 0x80) {
      const count = first & 0x7f;
      if (count > 4) throw new DerError(start + 1, `a ${count}-byte length field is absurd`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.byte(p++); // no << : 2^31 stays positive
    }
    if (length > this.end - p) {
      throw new DerError(start, `${what} claims ${length} bytes but only ${this.end - p} remain`);
    }
    this.pos = p + length;
    return { tag: found, start, body: p, end: p + length };
  }

  private byte(at: number): number {
    if (at >= this.end) throw new DerError(at, 'the data ended inside a tag or length');
    return this.der[at] ?? 0;
  }
}

function readOid(r: DerReader, tlv: Tlv): string {
  const b = r.bytes(tlv);
  if (b.length === 0) throw new DerError(tlv.start, 'empty OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  let arcBytes = 0;
  for (const byte of b) {
    // 20 bytes hold a 128-bit UUID arc (2.25.x), the largest in real use; the cap keeps BigInt cheap.
    if (++arcBytes > 20) throw new DerError(tlv.start, 'OBJECT IDENTIFIER arc is too long');
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
      arcBytes = 0;
    }
  }
  if (arcBytes !== 0) throw new DerError(tlv.end - 1, 'OBJECT IDENTIFIER ends mid-arc');
  const [head = 0n, ...rest] = arcs;
  // The first encoded number packs the first two arcs as 40 * X + Y (X is 0, 1 or 2).
  const first = head < 80n ? [head / 40n, head % 40n] : [2n, head - 80n];
  return [...first, ...rest].join('.');
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const byte of b) s += String.fromCharCode(byte);
  return s;
}

/** UTF-8 by hand (TextDecoder is not in the ES2022 lib): bad sequences become U+FFFD, never a throw. */
function utf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i] ?? 0;
    // How many continuation bytes the lead byte announces (-1: not a valid lead byte).
    const extra = c < 0x80 ? 0 : c < 0xc2 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf5 ? 3 : -1;
    let cp = extra === 0 ? c : c & (0x3f >> extra);
    let j = 1;
    for (; j <= extra; j++) {
      const n = b[i + j];
      if (n === undefined || (n & 0xc0) !== 0x80) break;
      cp = (cp << 6) | (n & 0x3f);
    }
    const overlong = (extra === 2 && cp < 0x800) || (extra === 3 && cp < 0x10000);
    if (extra < 0 || j <= extra || overlong || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      s += '\ufffd';
      i += 1;
    } else {
      s += String.fromCodePoint(cp);
      i += extra + 1;
    }
  }
  return s;
}

/** The string types a DirectoryString uses; undefined for types we do not decode. */
function readString(r: DerReader, tlv: Tlv): string | undefined {
  const b = r.bytes(tlv);
  switch (tlv.tag) {
    case 0x0c: // UTF8String
      return utf8(b);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
    case 0x14: // T61String: read as Latin-1, as OpenSSL and Go do (real T.61 is never used)
      return latin1(b);
    case 0x1e: {
      // BMPString: UTF-16BE code units (surrogate pairs come out right from fromCharCode).
      let s = '';
      for (let i = 0; i + 1 < b.length; i += 2)
        s += String.fromCharCode(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
      return b.length % 2 === 0 ? s : s + '\ufffd';
    }
    default:
      return undefined;
  }
}

/** Name ::= SEQUENCE OF SET OF { type OID, value }. Keeps the last CN and O, as Go's pkix.Name does. */
function readName(r: DerReader, name: Tlv): { cn?: string; o?: string } {
  const out: { cn?: string; o?: string } = {};
  const rdns = r.inside(name);
  while (!rdns.done) {
    const rdn = rdns.inside(rdns.next(TAG.SET, 'RelativeDistinguishedName SET'));
    while (!rdn.done) {
      const atv = rdn.inside(rdn.next(TAG.SEQUENCE, 'name attribute'));
      const type = readOid(atv, atv.next(TAG.OID, 'attribute type'));
      const value = readString(atv, atv.next(undefined, 'attribute value'));
      if (value === undefined) continue;
      if (type === OID_CN) out.cn = value;
      else if (type === OID_O) out.o = value;
    }
  }
  return out;
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GEN_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

function readTime(r: DerReader, tlv: Tlv): string {
  const text = latin1(r.bytes(tlv));
  // RFC 5280 fixes both forms: seconds present, always "Z", no fractions.
  const form =
    tlv.tag === TAG.UTC_TIME ? UTC_TIME : tlv.tag === TAG.GENERALIZED_TIME ? GEN_TIME : null;
  const m = form?.exec(text);
  if (!m) throw new DerError(tlv.start, 'validity time is not a UTCTime or GeneralizedTime');
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1).map(Number);
  // UTCTime has two-digit years: 50-99 mean 19YY, 00-49 mean 20YY (RFC 5280 4.1.2.5.1).
  const fullYear = tlv.tag === TAG.UTC_TIME ? (year >= 50 ? 1900 : 2000) + year : year;
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const iso = `${pad(fullYear, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}Z`;
  // Round-trip through Date to reject impossible values such as month 13 or 31 February.
  const ms = Date.UTC(fullYear, month - 1, day, hour, minute, second);
  if (Number.isNaN(ms) || new Date(ms).toISOString().replace('.000Z', 'Z') !== iso) {
    throw new DerError(tlv.start, `impossible date ${text}`);
  }
  return iso;
}

function formatIp(b: Uint8Array, at: number): string {
  if (b.length === 4) return [...b].join('.');
  if (b.length !== 16) throw new DerError(at, `an IP address of ${b.length} bytes`);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

function parseCertificate(der: Uint8Array): CertificateInfo {
  const top = new DerReader(der, 0, der.length);
  const certTlv = top.next(TAG.SEQUENCE, 'Certificate SEQUENCE');
  if (!top.done) throw new DerError(certTlv.end, 'trailing bytes after the certificate');
  const cert = top.inside(certTlv);
  const tbs = cert.inside(cert.next(TAG.SEQUENCE, 'tbsCertificate'));
  cert.next(TAG.SEQUENCE, 'signatureAlgorithm');
  cert.next(TAG.BIT_STRING, 'signature');

  tbs.optional(TAG.VERSION); // absent in v1 certificates
  const serialTlv = tbs.next(TAG.INTEGER, 'serialNumber');
  const serial = tbs.bytes(serialTlv);
  if (serial.length === 0) throw new DerError(serialTlv.start, 'empty serialNumber');
  tbs.next(TAG.SEQUENCE, 'signature AlgorithmIdentifier');
  const issuerTlv = tbs.next(TAG.SEQUENCE, 'issuer Name');
  const validity = tbs.inside(tbs.next(TAG.SEQUENCE, 'validity'));
  const notBefore = readTime(validity, validity.next(undefined, 'notBefore'));
  const notAfter = readTime(validity, validity.next(undefined, 'notAfter'));
  const subjectTlv = tbs.next(TAG.SEQUENCE, 'subject Name');
  const spki = tbs.inside(tbs.next(TAG.SEQUENCE, 'subjectPublicKeyInfo'));
  const keyAlg = spki.inside(spki.next(TAG.SEQUENCE, 'public key AlgorithmIdentifier'));
  const keyOid = readOid(keyAlg, keyAlg.next(TAG.OID, 'public key algorithm'));
  // issuerUniqueID [1] / subjectUniqueID [2] are obsolete; skip them in either encoding.
  for (const tag of [0x81, 0xa1, 0x82, 0xa2]) tbs.optional(tag);

  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  let isCA = false;
  const extsTlv = tbs.optional(TAG.EXTENSIONS);
  if (extsTlv) {
    const wrapper = tbs.inside(extsTlv);
    const exts = wrapper.inside(wrapper.next(TAG.SEQUENCE, 'Extensions SEQUENCE'));
    while (!exts.done) {
      const ext = exts.inside(exts.next(TAG.SEQUENCE, 'Extension'));
      const id = readOid(ext, ext.next(TAG.OID, 'extension id'));
      ext.optional(TAG.BOOLEAN); // critical
      const value = ext.inside(ext.next(TAG.OCTET_STRING, 'extension value'));
      if (id === OID_SAN) {
        const names = value.inside(value.next(TAG.SEQUENCE, 'GeneralNames'));
        while (!names.done) {
          const gn = names.next(undefined, 'GeneralName'); // email, URI, otherName... are skipped
          if (gn.tag === TAG.DNS_NAME) dnsNames.push(latin1(names.bytes(gn)));
          else if (gn.tag === TAG.IP_ADDRESS) ipAddresses.push(formatIp(names.bytes(gn), gn.start));
        }
      } else if (id === OID_BASIC_CONSTRAINTS) {
        const bc = value.inside(value.next(TAG.SEQUENCE, 'BasicConstraints'));
        const ca = bc.optional(TAG.BOOLEAN); // DEFAULT FALSE, so absent means not a CA
        isCA = ca !== undefined && bc.bytes(ca).some((byte) => byte !== 0);
      }
    }
  }

  const issuer = readName(tbs, issuerTlv);
  const subject = readName(tbs, subjectTlv);
  const issuerBytes = tbs.der.subarray(issuerTlv.start, issuerTlv.end);
  const subjectBytes = tbs.der.subarray(subjectTlv.start, subjectTlv.end);
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++; // drop the DER sign byte(s)
  return {
    ...(subject.cn === undefined ? {} : { subjectCommonName: subject.cn }),
    ...(issuer.cn === undefined ? {} : { issuerCommonName: issuer.cn }),
    ...(subject.o === undefined ? {} : { subjectOrganization: subject.o }),
    dnsNames,
    ipAddresses,
    notBefore,
    notAfter,
    selfSigned:
      issuerBytes.length === subjectBytes.length &&
      issuerBytes.every((b, i) => b === subjectBytes[i]),
    isCA,
    serialHex: [...serial.subarray(start)].map(hex2).join(''),
    keyAlgorithm: KEY_ALGORITHMS[keyOid] ?? keyOid,
  };
}

const BEGIN_CERT = '-----BEGIN CERTIFICATE-----';
const END_CERT = '-----END CERTIFICATE-----';

/** Every CERTIFICATE block in order (leaf first, then the chain). Never throws. */
export function parsePemCertificates(pem: string): PemParseResult {
  const fail = (reason: string): PemParseResult => ({ ok: false, reason });
  if (typeof pem !== 'string') return fail('certificate data is not text');
  if (pem.length > MAX_PEM_CHARS)
    return fail('certificate data is over 1 MiB, more than a Secret holds');
  const certificates: CertificateInfo[] = [];
  for (let from = 0; ;) {
    const begin = pem.indexOf(BEGIN_CERT, from);
    if (begin < 0) break;
    const where = `certificate ${certificates.length + 1}`;
    const end = pem.indexOf(END_CERT, begin + BEGIN_CERT.length);
    if (end < 0) return fail(`${where}: the PEM block has no END CERTIFICATE line`);
    const der = decodeBase64Bytes(pem.slice(begin + BEGIN_CERT.length, end));
    if (der === undefined) return fail(`${where}: base64 is invalid`);
    try {
      certificates.push(parseCertificate(der));
    } catch (error) {
      // DerError carries the byte offset; anything else would be a bug here, but still not a throw.
      return fail(
        `${where}: ${error instanceof DerError ? error.message : 'DER could not be read'}`,
      );
    }
    from = end + END_CERT.length;
  }
  return certificates.length > 0 ? { ok: true, certificates } : fail('no PEM CERTIFICATE block');
}

const stripDot = (name: string): string => (name.endsWith('.') ? name.slice(0, -1) : name);

/** RFC 6125 matching of one DNS name pattern against a lower-case host without trailing dot. */
function dnsNameMatches(pattern: string, host: string): boolean {
  const p = stripDot(pattern.toLowerCase());
  if (p === host) return p.length > 0;
  // Only a whole leftmost "*" label is a wildcard (no "f*o.example.com", which browsers refuse), and
  // it needs two labels after it: browsers refuse "*.com".
  if (!p.startsWith('*.') || !p.slice(2).includes('.') || !host.endsWith(p.slice(1))) return false;
  const label = host.slice(0, host.length - p.length + 1);
  return label.length > 0 && !label.includes('.');
}

/** Does this certificate cover `host` the way TLS clients check (RFC 6125)? SAN dNSNames when there
 * are any, else the subject CN; a wildcard covers exactly one label; an IP host matches only
 * iPAddress SANs. */
export function certificateCoversHost(cert: CertificateInfo, host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1); // "[2001:db8::1]" as in a URL
  const ip = parseIp(h);
  if (ip) {
    return cert.ipAddresses.some((a) => {
      const san = parseIp(a);
      return san !== undefined && san.family === ip.family && san.bits === ip.bits;
    });
  }
  h = stripDot(h);
  if (h.length === 0) return false;
  // The CN counts only when there is no SAN dNSName at all (an empty CN never matches).
  const names = cert.dnsNames.length > 0 ? cert.dnsNames : [cert.subjectCommonName ?? ''];
  return names.some((name) => dnsNameMatches(name, h));
}

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

/** Is there a PEM private key block (PKCS#8, PKCS#1 RSA or SEC1 EC) with a non-empty base64 body?
 * ENCRYPTED PRIVATE KEY does not count: ingress controllers cannot use a key without its password. */
export function hasPemPrivateKey(pem: string): boolean {
  if (typeof pem !== 'string' || pem.length > MAX_PEM_CHARS) return false;
  return KEY_LABELS.some((label) => {
    const begin = `-----BEGIN ${label}-----`;
    const at = pem.indexOf(begin);
    const end = at < 0 ? -1 : pem.indexOf(`-----END ${label}-----`, at + begin.length);
    if (end < 0) return false;
    const body = decodeBase64Bytes(pem.slice(at + begin.length, end));
    return body !== undefined && body.length > 0;
  });
}
