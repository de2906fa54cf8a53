/**
 * The integer expression language of format section 2, parsed into a small AST. C's integer
 * operators with C's precedence (lowest first):
 *
 *   expr    := or
 *   or      := xor ('|' xor)*
 *   xor     := and ('^' and)*
 *   and     := shift ('&' shift)*
 *   shift   := add (('<<' | '>>') add)*
 *   add     := mul (('+' | '-') mul)*
 *   mul     := unary (('*' | '/' | '%') unary)*
 *   unary   := ('-' | '+' | '~') unary | primary
 *   primary := NUMBER | CHAR | NAME | 'tag' '(' expr ',' expr ')' | '(' expr ')'
 *   NUMBER  := (DIGITS | '0x' HEXDIGITS) ('K' | 'M' | 'G' | C_SUFFIX)?
 *   C_SUFFIX:= u, l, ul, lu, ll, ull, llu in either case (ignored: everything is 64-bit)
 *   CHAR    := "'" (any ASCII character but ' and \ | '\' ESCAPE) "'"
 *   NAME    := [A-Za-z_][A-Za-z0-9_]*      PAGE and NULL are constants, `tag` a function
 *
 * Suffixes K, M, G multiply by 2^10, 2^20, 2^30 and apply to hex literals too: `0x10K` is 16 KiB.
 * They are upper case only, so `4k` is an error rather than a silent name. Hex digits never include
 * K, M or G, so the suffix is unambiguous. Unlike C, a leading 0 does not make a literal octal:
 * `010` is ten, as it has always been in this format. A character literal is its ASCII code
 * (`'a'` is 97, `'\n'` 10, `'\0'` 0, `'\x41'` 65); codes above 127 are refused, because C reads
 * them as negative where `char` is signed (x86_64) and positive where it is not (arm64).
 *
 * The parser refuses absurd input up front (a length cap, a nesting cap) so that a hostile
 * document gets one error instead of a stack overflow.
 */

/** The binary operators, C's own; their meaning on 64-bit values is in expr.ts. */
export type BinOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^';

export type Expr =
  | { readonly k: 'num'; readonly v: bigint }
  | { readonly k: 'page' }
  | { readonly k: 'name'; readonly name: string; readonly col: number }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'not'; readonly e: Expr }
  | {
      readonly k: 'bin';
      readonly op: BinOp;
      readonly l: Expr;
      readonly r: Expr;
      readonly col: number;
    }
  | { readonly k: 'tag'; readonly e: Expr; readonly n: Expr; readonly col: number };

/** Names with a meaning of their own: a step's `as` may not take them. */
export const RESERVED_NAMES: readonly string[] = ['PAGE', 'NULL', 'tag'];

export const MAX_EXPR_LENGTH = 1000;
export const MAX_EXPR_DEPTH = 64;
const U64_MAX = (1n << 64n) - 1n;
const SUFFIX: Readonly<Record<string, bigint>> = { K: 1n << 10n, M: 1n << 20n, G: 1n << 30n };

/** A syntax error: what went wrong and the 1-based column where. */
export class ExprSyntaxError extends Error {
  constructor(
    readonly col: number,
    readonly reason: string,
  ) {
    super(`column ${col}: ${reason}`);
  }
}

type Token =
  | { t: 'num'; v: bigint; col: number; text: string }
  | { t: 'name'; name: string; col: number }
  | { t: 'op'; op: string; col: number }
  | { t: 'end'; col: number };

const NUMBER = /(0[xX][0-9a-fA-F]+|[0-9]+)([KMG]|[uU](?:ll|LL|[lL])?|(?:ll|LL|[lL])[uU]?)?/y;
const ESCAPES: Readonly<Record<string, number>> = {
  n: 10,
  t: 9,
  r: 13,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
};
/** Two-character operators first, so that `<<` is not read as two `<`. */
const OPERATORS = ['<<', '>>', '+', '-', '*', '/', '%', '&', '|', '^', '~', '(', ')', ','];

/** A character literal at src[i] (the opening quote): its code and its length. */
function charLiteral(src: string, i: number): { v: bigint; len: number } {
  const col = i + 1;
  const bad = (why: string): never => {
    throw new ExprSyntaxError(col, why);
  };
  let j = i + 1;
  let code: number;
  const c = src[j];
  if (c === undefined || c === "'") return bad('empty character literal');
  if (c === '\\') {
    const e = src[j + 1];
    if (e === undefined) return bad('unfinished character literal');
    const oct = /^[0-7]{1,3}/.exec(src.slice(j + 1));
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.slice(j + 1));
    if (oct) {
      code = parseInt(oct[0], 8);
      j += 1 + oct[0].length;
    } else if (hex) {
      code = parseInt(hex[1]!, 16);
      j += 1 + hex[0].length;
    } else if (Object.hasOwn(ESCAPES, e)) {
      code = ESCAPES[e]!;
      j += 2;
    } else return bad(`unknown escape "\\${e}" in a character literal`);
  } else {
    code = c.codePointAt(0)!;
    j += c.length;
  }
  if (src[j] !== "'") return bad('a character literal holds one character');
  if (code > 127)
    bad(
      `character literal with code ${code}: above 127 its value depends on whether char is signed; write ${code} or 0x${code.toString(16)}`,
    );
  return { v: BigInt(code), len: j + 1 - i };
}
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const IDENT_CHAR = /[A-Za-z0-9_]/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const col = i + 1;
    if (c >= '0' && c <= '9') {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src)!;
      const end = i + m[0].length;
      if (end < src.length && IDENT_CHAR.test(src[end]!)) {
        throw new ExprSyntaxError(col, `bad number "${src.slice(i, end + 1)}"`);
      }
      let v = BigInt(m[1]!);
      if (v > U64_MAX) throw new ExprSyntaxError(col, `number ${m[1]} does not fit in 64 bits`);
      if (m[2] && SUFFIX[m[2]]) v = BigInt.asUintN(64, v * SUFFIX[m[2]]!);
      out.push({ t: 'num', v, col, text: m[0] });
      i = end;
    } else if (IDENT_CHAR.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(src)!;
      out.push({ t: 'name', name: m[0], col });
      i += m[0].length;
    } else if (c === "'") {
      const lit = charLiteral(src, i);
      out.push({ t: 'num', v: lit.v, col, text: src.slice(i, i + lit.len) });
      i += lit.len;
    } else if (OPERATORS.some((op) => src.startsWith(op, i))) {
      const op = OPERATORS.find((o) => src.startsWith(o, i))!;
      out.push({ t: 'op', op, col });
      i += op.length;
    } else {
      throw new ExprSyntaxError(col, `unexpected "${c}"`);
    }
  }
  out.push({ t: 'end', col: src.length + 1 });
  return out;
}

function describeToken(tok: Token): string {
  switch (tok.t) {
    case 'num':
      return `"${tok.text}"`;
    case 'name':
      return `"${tok.name}"`;
    case 'op':
      return `"${tok.op}"`;
    case 'end':
      return 'the end';
  }
}

/** Parses one expression; throws ExprSyntaxError with a column. */
export function parseExpr(src: string): Expr {
  if (src.length > MAX_EXPR_LENGTH) {
    throw new ExprSyntaxError(1, `expression longer than ${MAX_EXPR_LENGTH} characters`);
  }
  const toks = tokenize(src);
  let pos = 0;
  let depth = 0;
  const peek = (): Token => toks[pos]!;
  const isOp = (op: string): boolean => {
    const t = toks[pos]!;
    return t.t === 'op' && t.op === op;
  };
  const expectOp = (op: string): void => {
    if (!isOp(op)) {
      throw new ExprSyntaxError(peek().col, `expected "${op}", got ${describeToken(peek())}`);
    }
    pos++;
  };
  const enter = (col: number): void => {
    if (++depth > MAX_EXPR_DEPTH) {
      throw new ExprSyntaxError(col, `nested deeper than ${MAX_EXPR_DEPTH} levels`);
    }
  };

  /** One left-associative level: operands from `next`, joined by any of `ops`. */
  function level(ops: readonly BinOp[], next: () => Expr): () => Expr {
    return () => {
      let l = next();
      for (;;) {
        const t = peek();
        if (t.t !== 'op' || !(ops as readonly string[]).includes(t.op)) return l;
        pos++;
        l = { k: 'bin', op: t.op as BinOp, l, r: next(), col: t.col };
      }
    };
  }
  const mul = level(['*', '/', '%'], unary);
  const add = level(['+', '-'], mul);
  const shift = level(['<<', '>>'], add);
  const and = level(['&'], shift);
  const xor = level(['^'], and);
  const or = level(['|'], xor);
  function expr(): Expr {
    enter(peek().col);
    const e = or();
    depth--;
    return e;
  }
  function unary(): Expr {
    if (isOp('-') || isOp('+') || isOp('~')) {
      const tok = toks[pos++] as { op: string; col: number };
      enter(tok.col);
      const e = unary();
      depth--;
      return tok.op === '-' ? { k: 'neg', e } : tok.op === '~' ? { k: 'not', e } : e;
    }
    return primary();
  }
  function primary(): Expr {
    const tok = toks[pos]!;
    if (tok.t === 'num') {
      pos++;
      return { k: 'num', v: tok.v };
    }
    if (tok.t === 'name') {
      pos++;
      if (tok.name === 'tag') {
        expectOp('(');
        const e = expr();
        expectOp(',');
        const n = expr();
        expectOp(')');
        return { k: 'tag', e, n, col: tok.col };
      }
      if (tok.name === 'PAGE') return { k: 'page' };
      if (tok.name === 'NULL') return { k: 'num', v: 0n };
      return { k: 'name', name: tok.name, col: tok.col };
    }
    if (isOp('(')) {
      pos++;
      const e = expr();
      expectOp(')');
      return e;
    }
    throw new ExprSyntaxError(
      tok.col,
      `expected a number, a name or "(", got ${describeToken(tok)}`,
    );
  }

  const e = expr();
  if (peek().t !== 'end') {
    throw new ExprSyntaxError(peek().col, `unexpected ${describeToken(peek())}`);
  }
  return e;
}
