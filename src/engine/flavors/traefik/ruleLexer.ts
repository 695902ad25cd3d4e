/**
 * The tokens of a Traefik rule, scanned as Go's scanner scans an expression
 * (The Go Programming Language Specification: "Tokens", "Semicolons", "String literals"):
 * identifiers, raw `...` and interpreted "..." strings with Go's escapes, rune
 * literals in single quotes (which Traefik then refuses), numbers, operators, and the
 * semicolon Go inserts at a line break after a value or ")". Linear time; errors carry
 * the offset where they happen.
 */

export type TokenKind =
  | 'ident'
  | 'string'
  | 'char'
  | 'number'
  | '&&'
  | '||'
  | '!'
  | '('
  | ')'
  | ','
  /** A semicolon Go inserts at a newline after a value or `)`. */
  | 'newline'
  | 'other'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** ident: the name; string: the decoded value; other: the character(s). */
  readonly text: string;
}

export class RuleSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{Nd}_]/u;

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const last = (): Token | undefined => tokens[tokens.length - 1];
  // Go inserts a semicolon at the end of a line whose last token is an identifier, a
  // literal or a closing parenthesis (The Go Programming Language Specification, "Semicolons").
  const endsStatement = (): boolean => {
    const t = last();
    return (
      t !== undefined &&
      (t.kind === 'ident' ||
        t.kind === 'string' ||
        t.kind === 'char' ||
        t.kind === 'number' ||
        t.kind === ')')
    );
  };
  const newline = (at: number): void => {
    if (endsStatement()) tokens.push({ kind: 'newline', start: at, end: at + 1, text: '\n' });
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      i = end === -1 ? src.length : end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end === -1) throw new RuleSyntaxError('comment not terminated', i);
      if (src.slice(i, end).includes('\n')) newline(i);
      i = end + 2;
      continue;
    }
    const start = i;
    if (IDENT_START.test(c)) {
      i++;
      while (i < src.length && IDENT_PART.test(src[i] as string)) i++;
      tokens.push({ kind: 'ident', start, end: i, text: src.slice(start, i) });
      continue;
    }
    if (c >= '0' && c <= '9') {
      i++;
      while (i < src.length && /[0-9a-zA-Z_.]/.test(src[i] as string)) i++;
      tokens.push({ kind: 'number', start, end: i, text: src.slice(start, i) });
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end === -1) throw new RuleSyntaxError('raw string literal not terminated', i);
      // Go drops carriage returns from raw strings.
      const value = src.slice(i + 1, end).replace(/\r/g, '');
      i = end + 1;
      tokens.push({ kind: 'string', start, end: i, text: value });
      continue;
    }
    if (c === '"') {
      const { value, end } = readInterpreted(src, i);
      i = end;
      tokens.push({ kind: 'string', start, end: i, text: value });
      continue;
    }
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      const nl = src.indexOf('\n', i + 1);
      i = close === -1 || (nl !== -1 && nl < close) ? (nl === -1 ? src.length : nl) : close + 1;
      tokens.push({ kind: 'char', start, end: i, text: src.slice(start, i) });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      i += 2;
      tokens.push({ kind: two, start, end: i, text: two });
      continue;
    }
    if (c === '!' && src[i + 1] !== '=') {
      i++;
      tokens.push({ kind: '!', start, end: i, text: c });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: c, start, end: i, text: c });
      continue;
    }
    // Any other character: an operator Traefik has no use for, or a stray symbol.
    const cp = src.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const op = /^(==|!=|<=|>=|<-|&\^|<<|>>|\+\+|--|:=|\.\.\.)/.exec(src.slice(i))?.[0];
    i += op ? op.length : width;
    tokens.push({ kind: 'other', start, end: i, text: src.slice(start, i) });
  }
  if (endsStatement()) tokens.push({ kind: 'newline', start: i, end: i, text: '' });
  tokens.push({ kind: 'eof', start: src.length, end: src.length, text: '' });
  return tokens;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/** A Go interpreted string literal starting at `at` (the opening quote). */
function readInterpreted(src: string, at: number): { value: string; end: number } {
  let out = '';
  let i = at + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n')
      throw new RuleSyntaxError('string literal not terminated', at);
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === undefined) throw new RuleSyntaxError('string literal not terminated', at);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const digits = src.slice(i + 2, i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(digits))
        throw new RuleSyntaxError(`invalid escape sequence \\${e}${digits}`, i);
      const n = parseInt(digits, 16);
      if (e !== 'x' && (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)))
        throw new RuleSyntaxError(
          `escape sequence \\${e}${digits} is an invalid Unicode code point`,
          i,
        );
      out += e === 'x' ? String.fromCharCode(n) : String.fromCodePoint(n);
      i += 2 + hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = src.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255)
        throw new RuleSyntaxError(`invalid octal escape \\${digits}`, i);
      out += String.fromCharCode(parseInt(digits, 8));
      i += 4;
      continue;
    }
    throw new RuleSyntaxError(
      `unknown escape sequence \\${e} in a double-quoted value (write \\\\${e}, or use backticks, which take the text as it is)`,
      i,
    );
  }
}
