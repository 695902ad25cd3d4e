import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRule,
  formatRule,
  MAX_DEPTH,
  parseRule,
  rulePriority,
  type RuleNode,
} from './rule.js';

function tree(rule: string): RuleNode {
  const r = parseRule(rule);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.column}`);
  return r.tree;
}

function error(rule: string): { message: string; line: number; column: number } {
  const r = parseRule(rule);
  if (r.ok) throw new Error(`parsed: ${formatRule(r.tree)}`);
  return r.error;
}

function problems(rule: string): string[] {
  return checkRule(rule, tree(rule)).map((e) => e.message);
}

describe('Traefik rule parser', () => {
  it('reads the tutorial rule: Host && PathPrefix', () => {
    expect(tree('Host(`api.example.com`) && PathPrefix(`/api`)')).toMatchObject({
      kind: 'and',
      args: [
        { kind: 'matcher', name: 'Host', args: ['api.example.com'] },
        { kind: 'matcher', name: 'PathPrefix', args: ['/api'] },
      ],
    });
  });

  it('gives && precedence over || and ! over both (Go precedence; [TRF] rules-and-priority.md)', () => {
    const t = tree('Host(`a`) || Host(`b`) && !Path(`/x`)');
    expect(formatRule(t)).toBe('Host(`a`) || Host(`b`) && !Path(`/x`)');
    expect(t).toMatchObject({
      kind: 'or',
      args: [
        { kind: 'matcher', name: 'Host' },
        { kind: 'and', args: [{ name: 'Host' }, { kind: 'not', arg: { name: 'Path' } }] },
      ],
    });
  });

  it('honours parentheses and flattens chains', () => {
    const t = tree('(Host(`a`) || Host(`b`)) && (Path(`/x`) && Method(`GET`))');
    expect(t).toMatchObject({
      kind: 'and',
      args: [{ kind: 'or' }, { name: 'Path' }, { name: 'Method' }],
    });
    expect(formatRule(t)).toBe('(Host(`a`) || Host(`b`)) && Path(`/x`) && Method(`GET`)');
  });

  it('reads double-quoted values with Go escapes and backtick values as they are', () => {
    expect(tree('HostRegexp("^[a-z]+\\\\.example\\\\.com$")')).toMatchObject({
      args: ['^[a-z]+\\.example\\.com$'],
    });
    expect(tree('PathRegexp(`^/v[0-9]+\\.json$`)')).toMatchObject({ args: ['^/v[0-9]+\\.json$'] });
    expect(tree('Header("X-A", "\\x41\\u00e9\\101")')).toMatchObject({ args: ['X-A', 'AéA'] });
  });

  it('rejects an unknown escape in a double-quoted value, as Go does', () => {
    const e = error('HostRegexp("[a-z]+\\.example\\.com")');
    expect(e.message).toMatch(/unknown escape sequence \\\./);
    expect(e.column).toBe(19);
  });

  it('rejects single quotes, pointing at the quote ([TRF] "Single quotes \' are not accepted")', () => {
    const e = error("Host('example.com')");
    expect(e.message).toMatch(/single quotes are not accepted/);
    expect(e.column).toBe(6);
    expect(error("Path('/')").message).toMatch(/single quotes/);
  });

  it('accepts the four spellings rules.NewParser registers, and no other', () => {
    for (const n of ['HostRegexp', 'hostregexp', 'HOSTREGEXP', 'Hostregexp'])
      expect(tree(`${n}(\`x\`)`)).toMatchObject({ name: 'HostRegexp', written: n });
    expect(error('hostRegexp(`x`)').message).toMatch(/unsupported function: hostRegexp/);
    expect(error('Headers(`a`, `b`)').message).toMatch(/v2 name; Traefik v3 calls it Header/);
  });

  it('accepts a trailing comma in the values, as Go does', () => {
    expect(tree('Host(`a`,)')).toMatchObject({ args: ['a'] });
  });

  it('ends the rule at a line break after a value: Go inserts a semicolon there', () => {
    const e = error('Host(`a`)\n&& Path(`/`)');
    expect(e.message).toMatch(/line break before "&&"/);
    expect(e).toMatchObject({ line: 2, column: 1 });
    // The operator at the end of the line is fine.
    expect(tree('Host(`a`) &&\n  Path(`/`)\n')).toMatchObject({ kind: 'and' });
  });

  it('reports where the rule stops making sense', () => {
    expect(error('Host(`a`) && ')).toMatchObject({ column: 14 });
    expect(error('Host(`a`) & Path(`/`)').message).toMatch(/found "&"/);
    expect(error('(Host(`a`)').message).toMatch(/expected "\)" to close the "\(" at column 1/);
    expect(error('Host(`a`').message).toMatch(/expected "," or "\)"/);
    expect(error('Host(`a)').message).toMatch(/raw string literal not terminated/);
    expect(error('Host').message).toMatch(/must be called with its values in parentheses/);
    expect(error('`a`').message).toMatch(/a value on its own is not a rule/);
    expect(error('Host(80)').message).toMatch(/must be strings/);
    expect(error('').message).toMatch(/expected a matcher/);
  });

  it('says which rule values Traefik refuses when it builds the router', () => {
    expect(problems('Host(`a.com`, `b.com`)')[0]).toMatch(
      /unexpected number of parameters; got 2, expected one of \[1\]/,
    );
    expect(problems('Header(`X`)')[0]).toMatch(/got 1, expected one of \[2\]/);
    expect(problems('Host()')).toEqual(['no args for matcher Host']);
    expect(problems('Path(``)')[0]).toMatch(/empty args for matcher Path/);
    expect(problems('PathPrefix(`api`)')).toEqual([`path "api" does not start with a '/'`]);
    expect(problems('PathRegexp(`(`)')[0]).toMatch(/compiling PathRegexp matcher/);
    expect(problems('ClientIP(`10.0.0.0/33`)')[0]).toMatch(/ClientIP/);
    expect(problems('Host(`exämple.com`)')[0]).toMatch(/non-ASCII/);
    expect(problems('Query(`mobile`) && QueryRegexp(`v`, `^(a|b)$`) && ClientIP(`::1`)')).toEqual(
      [],
    );
  });

  it('gives the column of the matcher Traefik refuses', () => {
    const rule = 'Host(`a`) && PathPrefix(`api`)';
    expect(checkRule(rule, tree(rule))[0]).toMatchObject({ column: 14 });
  });
});

describe('default priority (the rule length; [TRF] rules-and-priority.md)', () => {
  it('is 34 for the HostRegexp and 26 for the Host of the docs example', () => {
    expect(rulePriority('HostRegexp(`[a-z]+\\.traefik\\.com`)')).toBe(34);
    expect(rulePriority('Host(`foobar.traefik.com`)')).toBe(26);
  });

  it('counts bytes, as Go len() does, and whitespace', () => {
    expect(rulePriority('Host(`é.com`)')).toBe(14);
    expect(rulePriority('Host(`a`)  &&  Path(`/`)')).toBe(24);
  });
});

describe('hostile rules', () => {
  it('deep nesting is an error, not a stack overflow', () => {
    const deep = '('.repeat(100_000) + 'Host(`a`)' + ')'.repeat(100_000);
    const e = error(deep);
    expect(e.message).toMatch(new RegExp(`more than ${MAX_DEPTH} levels`));
    expect(error('!'.repeat(50_000) + 'Host(`a`)').message).toMatch(/levels deep/);
  });

  it('nesting just under the limit still parses', () => {
    const ok = '('.repeat(MAX_DEPTH - 1) + 'Host(`a`)' + ')'.repeat(MAX_DEPTH - 1);
    expect(tree(ok)).toMatchObject({ kind: 'matcher' });
  });

  it('a huge flat rule parses into one flat node', () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `Host(\`h${i}.example.com\`)`);
    const t = tree(terms.join(' || '));
    expect(t.kind).toBe('or');
    if (t.kind === 'or') expect(t.args).toHaveLength(20_000);
    expect(checkRule('', t)).toEqual([]);
  });

  it('garbage never throws', () => {
    const samples = [
      '\u0000',
      '((((',
      ')))',
      '"\\',
      '`',
      "'",
      '/*',
      '&&&&',
      'Host(`a`) ||| Path(`/`)',
      '\ud800',
      'Host(`a`)//comment',
      '🙂(`a`)',
      'Host(`a`) /* a\nb */ && Path(`/`)',
    ];
    for (const s of samples) expect(() => parseRule(s)).not.toThrow();
    expect(tree('Host(`a`)//comment')).toMatchObject({ name: 'Host' });
    // Every other sample is refused, with a position inside the text.
    for (const s of samples.filter((x) => x !== 'Host(`a`)//comment')) {
      const r = parseRule(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) {
        expect(r.error.offset, s).toBeLessThanOrEqual(s.length);
        expect(r.error.message, s).not.toBe('');
      }
    }
    expect(error('Host(`a`) ||| Path(`/`)')).toMatchObject({ line: 1, column: 13 });
    expect(error('Host(`a`) /* a\nb */ && Path(`/`)')).toMatchObject({ line: 2, column: 6 });
  });
});

describe('rule properties (fast-check)', () => {
  const value = fc.stringMatching(/^[a-z0-9./-]{1,12}$/);
  const leaf = fc.oneof(
    value.map((v) => `Host(\`${v}\`)`),
    value.map((v) => `PathPrefix(\`/${v}\`)`),
    value.map((v) => `Header(\`X-${v}\`, "${v}")`),
    value.map((v) => `Query(\`${v}\`)`),
  );
  const rule: fc.Arbitrary<string> = fc.letrec((tie) => ({
    r: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('r'), tie('r')).map(([a, b]) => `${a} && ${b}`),
      fc.tuple(tie('r'), tie('r')).map(([a, b]) => `(${a} || ${b})`),
      tie('r').map((a) => `!(${a})`),
    ),
  })).r as fc.Arbitrary<string>;

  it('a printed tree parses back to the same tree', () => {
    fc.assert(
      fc.property(rule, (r) => {
        const a = tree(r);
        const printed = formatRule(a);
        expect(formatRule(tree(printed))).toBe(printed);
      }),
    );
  });

  it('any text: parse and check never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseRule(s);
        if (r.ok) checkRule(s, r.tree);
        else {
          // A refusal points inside the text (or just past its end).
          expect(r.error.offset).toBeGreaterThanOrEqual(0);
          expect(r.error.offset).toBeLessThanOrEqual(s.length);
          expect(r.error.line).toBeGreaterThanOrEqual(1);
          expect(r.error.column).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});
