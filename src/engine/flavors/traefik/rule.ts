/**
 * Traefik's rule language, read the way Traefik v3 reads it.
 *
 * Traefik hands the rule to `github.com/vulcand/predicate`, which parses it with Go's own
 * `go/parser.ParseExpr` and walks the tree ([TRF] pkg/rules/parser.go,
 * pkg/muxer/http/parser.go). So a rule is a Go expression:
 *  - values are Go string literals: `raw` in backticks or "interpreted" in double quotes
 *    (with Go's escapes); single quotes make a rune literal, which Traefik rejects;
 *  - `&&`, `||`, `!` and parentheses with Go's precedence (`!` binds tightest, then `&&`);
 *  - a newline after a value or `)` ends the expression (Go inserts a semicolon there),
 *    so a rule broken before `&&` in a YAML literal block does not parse;
 *  - a matcher name is accepted as written in the docs, all lower case, all upper case,
 *    or capitalised (`Hostregexp`) — `NewParser` registers exactly those four spellings.
 * Arity and value checks follow pkg/muxer/http/matcher.go (`httpFuncs`, `expectNParameters`)
 * and pkg/rules/parser.go (`CheckRule`).
 *
 * The parser never throws and runs in linear time; nesting deeper than MAX_DEPTH is
 * reported as an error instead of recursing without bound.
 */
import { compileRegex } from '../../util/regex.js';
import { parseCidr } from '../../util/net.js';
import { RuleSyntaxError, tokenize, type Token } from './ruleLexer.js';

export type MatcherName =
  | 'Host'
  | 'HostRegexp'
  | 'Path'
  | 'PathPrefix'
  | 'PathRegexp'
  | 'Header'
  | 'HeaderRegexp'
  | 'Query'
  | 'QueryRegexp'
  | 'Method'
  | 'ClientIP';

/** How many values each matcher takes ([TRF] pkg/muxer/http/matcher.go `httpFuncs`). */
export const MATCHER_ARITY: Readonly<Record<MatcherName, readonly number[]>> = {
  ClientIP: [1],
  Method: [1],
  Host: [1],
  HostRegexp: [1],
  Path: [1],
  PathRegexp: [1],
  PathPrefix: [1],
  Header: [2],
  HeaderRegexp: [2],
  Query: [1, 2],
  QueryRegexp: [1, 2],
};

/** v2 matcher names that v3 dropped or renamed ([TRF] docs/content/migrate/v3.md). */
const V2_NAMES: Readonly<Record<string, string>> = {
  Headers: 'Header',
  HeadersRegexp: 'HeaderRegexp',
  Methods: 'Method',
  HostHeader: 'Host',
};

/** Nesting (parentheses and `!`) beyond this is refused: routelab's limit, not Traefik's. */
export const MAX_DEPTH = 200;

/** Offsets into the rule string (UTF-16 code units), end exclusive. */
export interface RuleSpan {
  readonly start: number;
  readonly end: number;
}

export type RuleNode =
  | { readonly kind: 'and' | 'or'; readonly args: readonly RuleNode[]; readonly span: RuleSpan }
  | { readonly kind: 'not'; readonly arg: RuleNode; readonly span: RuleSpan }
  | {
      readonly kind: 'matcher';
      readonly name: MatcherName;
      /** The spelling in the rule (`hostregexp`). */
      readonly written: string;
      readonly args: readonly string[];
      readonly span: RuleSpan;
    };

export interface RuleError {
  /** Plain words: what is wrong and how to fix it. */
  readonly message: string;
  /** Where, as an offset into the rule. */
  readonly offset: number;
  /** 1-based line and column inside the rule text. */
  readonly line: number;
  readonly column: number;
}

export type RuleParse =
  | { readonly ok: true; readonly tree: RuleNode }
  | { readonly ok: false; readonly error: RuleError };

// ------------------------------------------------------------------ parser

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the rule';
    case 'newline':
      return t.text === '' ? 'the end of the rule' : 'a line break';
    case 'string':
      return 'a value';
    case 'ident':
      return `"${t.text}"`;
    default:
      return `"${t.text}"`;
  }
}

/** Resolves a written matcher name the way `rules.NewParser` registers them. */
export function matcherName(written: string): MatcherName | undefined {
  for (const name of Object.keys(MATCHER_ARITY) as MatcherName[]) {
    const lower = name.toLowerCase();
    const title = lower.charAt(0).toUpperCase() + lower.slice(1);
    if (
      written === name ||
      written === lower ||
      written === name.toUpperCase() ||
      written === title
    )
      return name;
  }
  return undefined;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  parseRule(): RuleNode {
    const tree = this.parseOr();
    // ParseExpr consumes one inserted semicolon, then wants the end.
    if (this.peek().kind === 'newline') this.next();
    const t = this.peek();
    if (t.kind !== 'eof') {
      const hint =
        t.kind === '&&' || t.kind === '||'
          ? `: a line break before "${t.text}" ends the rule (Go inserts a semicolon there); put the operator at the end of the previous line, or use a folded block (>-)`
          : '';
      throw new RuleSyntaxError(
        `expected the end of the rule, found ${describeToken(t)}${hint}`,
        t.start,
      );
    }
    return tree;
  }

  private parseOr(): RuleNode {
    const first = this.parseAnd();
    if (this.peek().kind !== '||') return first;
    const args: RuleNode[] = [];
    const add = (n: RuleNode): void => {
      if (n.kind === 'or') args.push(...n.args);
      else args.push(n);
    };
    add(first);
    while (this.peek().kind === '||') {
      this.next();
      add(this.parseAnd());
    }
    return { kind: 'or', args, span: { start: first.span.start, end: lastEnd(args) } };
  }

  private parseAnd(): RuleNode {
    const first = this.parseUnary();
    if (this.peek().kind !== '&&') return first;
    const args: RuleNode[] = [];
    const add = (n: RuleNode): void => {
      if (n.kind === 'and') args.push(...n.args);
      else args.push(n);
    };
    add(first);
    while (this.peek().kind === '&&') {
      this.next();
      add(this.parseUnary());
    }
    return { kind: 'and', args, span: { start: first.span.start, end: lastEnd(args) } };
  }

  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH)
      throw new RuleSyntaxError(
        `the rule nests parentheses or "!" more than ${MAX_DEPTH} levels deep; routelab stops reading it there`,
        at,
      );
  }

  private parseUnary(): RuleNode {
    const t = this.peek();
    if (t.kind === '!') {
      this.next();
      this.enter(t.start);
      const arg = this.parseUnary();
      this.depth--;
      return { kind: 'not', arg, span: { start: t.start, end: arg.span.end } };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): RuleNode {
    const t = this.next();
    switch (t.kind) {
      case '(': {
        this.enter(t.start);
        const inner = this.parseOr();
        this.depth--;
        const close = this.next();
        if (close.kind !== ')')
          throw new RuleSyntaxError(
            `expected ")" to close the "(" at column ${t.start + 1}, found ${describeToken(close)}`,
            close.start,
          );
        return inner;
      }
      case 'ident':
        return this.parseCall(t);
      case 'string':
        throw new RuleSyntaxError(
          'a value on its own is not a rule: it must be the argument of a matcher such as Host(`example.com`)',
          t.start,
        );
      case 'char':
        throw singleQuote(t);
      case 'number':
        throw new RuleSyntaxError(`a number (${t.text}) is not a rule`, t.start);
      default:
        throw new RuleSyntaxError(
          `expected a matcher such as Host(\`example.com\`), found ${describeToken(t)}`,
          t.start,
        );
    }
  }

  private parseCall(name: Token): RuleNode {
    const open = this.peek();
    if (open.kind !== '(')
      throw new RuleSyntaxError(
        `"${name.text}" must be called with its values in parentheses, e.g. ${name.text}(\`...\`)`,
        name.start,
      );
    const resolved = matcherName(name.text);
    if (!resolved) {
      const v2 = V2_NAMES[name.text];
      const known = Object.keys(MATCHER_ARITY).join(', ');
      throw new RuleSyntaxError(
        v2
          ? `unsupported function: ${name.text} (the v2 name; Traefik v3 calls it ${v2})`
          : `unsupported function: ${name.text} (Traefik v3 knows ${known})`,
        name.start,
      );
    }
    this.next();
    const args: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === ')') return matcher(resolved, name, args, t.end);
      if (t.kind === 'string') args.push(t.text);
      else if (t.kind === 'char') throw singleQuote(t);
      else if (t.kind === 'newline' && t.text !== '')
        throw new RuleSyntaxError(
          `missing "," before the line break in the values of ${name.text}`,
          t.start,
        );
      else
        throw new RuleSyntaxError(
          t.kind === 'number' || t.kind === 'ident'
            ? `the values of ${name.text} must be strings in backticks or double quotes, not ${t.text}`
            : `expected a value or ")" in ${name.text}(...), found ${describeToken(t)}`,
          t.start,
        );
      const sep = this.next();
      if (sep.kind === ')') return matcher(resolved, name, args, sep.end);
      if (sep.kind !== ',')
        throw new RuleSyntaxError(
          sep.kind === 'newline' && sep.text !== ''
            ? `missing "," before the line break in the values of ${name.text}`
            : `expected "," or ")" after a value of ${name.text}, found ${describeToken(sep)}`,
          sep.start,
        );
    }
  }
}

function lastEnd(nodes: readonly RuleNode[]): number {
  return nodes[nodes.length - 1]?.span.end ?? 0;
}

function matcher(name: MatcherName, written: Token, args: string[], end: number): RuleNode {
  return {
    kind: 'matcher',
    name,
    written: written.text,
    args,
    span: { start: written.start, end },
  };
}

function singleQuote(t: Token): RuleSyntaxError {
  return new RuleSyntaxError(
    `single quotes are not accepted: Traefik reads values as Go string literals, so ${t.text} is a rune, not a string; use backticks or double quotes`,
    t.start,
  );
}

/** Line and column (1-based) of an offset in the rule. */
export function positionOf(rule: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, rule.length);
  for (let i = 0; i < end; i++)
    if (rule.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: end - lineStart + 1 };
}

function toError(rule: string, message: string, offset: number): RuleError {
  return { message, offset, ...positionOf(rule, offset) };
}

/** Parses a rule into a tree, or says where and why it does not parse. Never throws. */
export function parseRule(rule: string): RuleParse {
  try {
    const tree = new Parser(tokenize(rule)).parseRule();
    return { ok: true, tree };
  } catch (e) {
    if (e instanceof RuleSyntaxError)
      return { ok: false, error: toError(rule, e.message, e.offset) };
    // Not expected; a parser bug must still not take the engine down.
    return { ok: false, error: toError(rule, `cannot read the rule: ${String(e)}`, 0) };
  }
}

// ------------------------------------------------------------------ checks after parsing

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * What Traefik refuses when it builds the router from a parsed rule: `CheckRule` (a
 * matcher without values, an empty value), `expectNParameters` (the number of values),
 * and each matcher's own checks (non-ASCII host, a path without a leading "/", a regex
 * that does not compile, an IP or CIDR that does not parse). Any one of them makes
 * Traefik drop the router. Returns every problem found, first one first.
 */
export function checkRule(rule: string, tree: RuleNode): RuleError[] {
  const errors: RuleError[] = [];
  const visit = (n: RuleNode): void => {
    if (n.kind === 'matcher') {
      const problem = matcherProblem(n);
      if (problem) errors.push(toError(rule, problem, n.span.start));
    } else if (n.kind === 'not') visit(n.arg);
    else n.args.forEach(visit);
  };
  visit(tree);
  return errors;
}

function matcherProblem(n: Extract<RuleNode, { kind: 'matcher' }>): string | undefined {
  const { name, args } = n;
  // [TRF] pkg/rules/parser.go CheckRule
  if (args.length === 0) return `no args for matcher ${name}`;
  if (args.some((a) => a.length === 0))
    return `empty args for matcher ${name}, [${args.join(' ')}]`;
  // [TRF] pkg/muxer/http/matcher.go expectNParameters
  const arity = MATCHER_ARITY[name];
  if (!arity.includes(args.length))
    return `${name}: unexpected number of parameters; got ${args.length}, expected one of [${arity.join(' ')}]${
      name === 'Host' || name === 'Path' || name === 'PathPrefix' || name === 'Method'
        ? ` (Traefik v3 takes one value per matcher; combine several with ||)`
        : ''
    }`;
  const value = args[0] as string;
  switch (name) {
    case 'Host':
      if (!isAscii(value))
        return `invalid value "${value}" for Host matcher, non-ASCII characters are not allowed (use the punycode form)`;
      return undefined;
    case 'HostRegexp':
      if (!isAscii(value))
        return `invalid value "${value}" for HostRegexp matcher, non-ASCII characters are not allowed`;
      return regexProblem(name, value);
    case 'Path':
    case 'PathPrefix':
      return value.startsWith('/') ? undefined : `path "${value}" does not start with a '/'`;
    case 'PathRegexp':
      return regexProblem(name, value);
    case 'HeaderRegexp':
      return regexProblem(name, args[1] as string);
    case 'QueryRegexp':
      return args.length === 2 ? regexProblem(name, args[1] as string) : undefined;
    case 'ClientIP':
      return parseCidr(value)
        ? undefined
        : `initializing IP checker for ClientIP matcher: "${value}" is neither an IP address nor a CIDR range`;
    case 'Header':
    case 'Query':
    case 'Method':
      return undefined;
  }
}

function regexProblem(name: MatcherName, pattern: string): string | undefined {
  const r = compileRegex(pattern);
  return r.ok ? undefined : `compiling ${name} matcher: ${r.error}`;
}

// ------------------------------------------------------------------ priority and printing

/**
 * The default priority: the rule's length in bytes, as Go's `len(rule)` counts it
 * ([TRF] docs/.../routing/rules-and-priority.md "Priority Calculation"; pkg/muxer/http/mux.go).
 * Whitespace counts too.
 */
export function rulePriority(rule: string): number {
  let bytes = 0;
  for (let i = 0; i < rule.length; i++) {
    const c = rule.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < rule.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The tree written back as a rule (values in backticks unless they contain one). */
export function formatRule(n: RuleNode): string {
  switch (n.kind) {
    case 'matcher':
      return `${n.name}(${n.args.map(quote).join(', ')})`;
    case 'not': {
      const inner = formatRule(n.arg);
      return n.arg.kind === 'matcher' || n.arg.kind === 'not' ? `!${inner}` : `!(${inner})`;
    }
    case 'and':
      return n.args
        .map((a) => (a.kind === 'or' ? `(${formatRule(a)})` : formatRule(a)))
        .join(' && ');
    case 'or':
      return n.args.map(formatRule).join(' || ');
  }
}

function quote(v: string): string {
  return v.includes('`') ? JSON.stringify(v) : `\`${v}\``;
}
