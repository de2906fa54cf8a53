/**
 * Scenario values → C expressions, for every target. Integer expressions (format section 2) become
 * C over `long long`, with each bound name as a variable `v_NAME` (a macro over the runtime's
 * binding table), so the program computes addresses from what the real kernel returned; the
 * program is built with -fwrapv, so overflow wraps as in the engine. Flags keep their symbolic
 * names, so the C reads like C and the system headers decide the values; a name the installed
 * headers lack gets a guarded #define with the value faultline's tables hold.
 *
 * Extending the expression language (src/scenario/expr-parse.ts): each Expr kind has one case in
 * exprToC; a binary operator whose C spelling and meaning over long long are the format's passes
 * through `bin` as it is, and one that differs gets its own case there. The compiler's exhaustive
 * switch fails to build until a new kind is handled.
 */
import { parseExpr, ExprSyntaxError, type Expr } from '../scenario/expr-parse';
import { parseFlagsBig, UFFDIO_IOCTLS_TABLE, type FlagTable } from '../scenario/flags';
import { ScenarioError } from '../scenario/types';
import { PAGE_SIZE_NAME, uapiConstant } from '../uapi';
import { CrosscheckRefusal } from './refuse';

/** What `tag(ptr, n)` becomes on a target: C over the two operands, or why it is refused. */
export type TagHook =
  { readonly c: (ptr: string, n: string) => string } | { readonly refuse: string };

export interface CContext {
  /** Names that hold integers (not process names), to their C variable. */
  readonly intNames: ReadonlyMap<string, string>;
  /** Flag names the program uses, with faultline's value, for the guarded fallbacks. */
  readonly usedFlags: Map<string, bigint>;
  /** What `tag(ptr, n)` becomes on this target. */
  readonly tag: TagHook;
}

const INT64_MAX = (1n << 63n) - 1n;

function literal(v: bigint): string {
  if (v <= 0xffffn) return `${v}LL`;
  if (v <= INT64_MAX) return `0x${v.toString(16)}LL`;
  return `(long long)0x${v.toString(16)}ULL`;
}

/**
 * A uAPI constant (or PAGE_SIZE) as C: its value, with its name in a comment, so the program does
 * not depend on the installed headers having it. Undefined for a name that is no constant.
 */
function uapiNameToC(name: string): string | undefined {
  if (name === PAGE_SIZE_NAME) return 'PAGE';
  const v = uapiConstant(name);
  return v === undefined ? undefined : `((long long)${literal(v)} /* ${name} */)`;
}

function exprToC(e: Expr, ctx: CContext, where: string): string {
  switch (e.k) {
    case 'num':
      return literal(e.v);
    case 'page':
      return 'PAGE';
    case 'name': {
      const c = ctx.intNames.get(e.name) ?? uapiNameToC(e.name);
      if (c === undefined) throw new ScenarioError(where, `unbound name "${e.name}"`);
      return c;
    }
    case 'neg':
      return `(-${exprToC(e.e, ctx, where)})`;
    case 'not':
      return `(~${exprToC(e.e, ctx, where)})`;
    case 'bin':
      return `(${exprToC(e.l, ctx, where)} ${e.op} ${exprToC(e.r, ctx, where)})`;
    case 'tag':
      if ('refuse' in ctx.tag) throw new CrosscheckRefusal(ctx.tag.refuse);
      return ctx.tag.c(exprToC(e.e, ctx, where), exprToC(e.n, ctx, where));
    default: {
      const never: never = e;
      throw new Error(`no C for expression ${JSON.stringify(never)}`);
    }
  }
}

/** An integer expression (number or string) as a C expression of type long long. */
export function intToC(value: unknown, ctx: CContext, where: string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new ScenarioError(where, `expected an integer, got ${value}`);
    return value < 0 ? `(${value}LL)` : literal(BigInt(value));
  }
  if (typeof value !== 'string') {
    throw new ScenarioError(where, `expected an integer expression, got ${JSON.stringify(value)}`);
  }
  let ast: Expr;
  try {
    ast = parseExpr(value);
  } catch (err) {
    if (err instanceof ExprSyntaxError) throw new ScenarioError(where, err.message);
    throw err;
  }
  const c = exprToC(ast, ctx, where);
  return c.startsWith('(') || /^[\w]+$/.test(c) ? c : `(${c})`;
}

/**
 * Flags as C: the names joined by `|`. The `ioctls` masks are the exception: their names are the
 * requests' (UFFDIO_COPY is an ioctl number in C, not a bit), so they become the number.
 */
export function flagsToC(value: unknown, table: FlagTable, ctx: CContext, where: string): string {
  const mask = parseFlagsBig(value, table, where);
  const parts = String(value)
    .split('|')
    .map((p) => p.trim());
  // Names of the table and literals joined by `|` stay names; anything else (a number, an
  // expression such as `~PROT_WRITE & 7`) becomes the mask the scenario computes.
  const simple = parts.every(
    (p) => /^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(p) || Object.hasOwn(table.values, p),
  );
  if (typeof value === 'number' || table === UFFDIO_IOCTLS_TABLE || !simple) {
    return mask === 0n ? '0' : `0x${mask.toString(16)}ULL`;
  }
  const c = parts.map((part) => {
    if (/^[0-9]/.test(part)) return `${part}ULL`;
    ctx.usedFlags.set(part, table.values[part]!);
    return part;
  });
  return c.length === 1 ? c[0]! : `(${c.join(' | ')})`;
}

/** The guarded fallbacks for every flag name the program uses. */
export function flagFallbacks(used: ReadonlyMap<string, bigint>): string {
  return [...used]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => `#ifndef ${name}\n#define ${name} 0x${v.toString(16)}ULL\n#endif`)
    .join('\n');
}

/** A JSON string as a C string literal. */
export function cString(s: string): string {
  let out = '"';
  for (const ch of new TextEncoder().encode(s)) {
    if (ch === 0x22 || ch === 0x5c) out += '\\' + String.fromCharCode(ch);
    else if (ch >= 0x20 && ch < 0x7f && ch !== 0x3f) out += String.fromCharCode(ch);
    else out += '\\' + ch.toString(8).padStart(3, '0');
  }
  return out + '"';
}

/** Hex bytes ("aa00ff") as a C initializer list. */
export function bytesToC(hex: unknown, where: string): string {
  if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(hex)) {
    throw new ScenarioError(
      where,
      `expected hex bytes such as "aa00ff", got ${JSON.stringify(hex)}`,
    );
  }
  const bytes = hex.match(/../g)!.map((b) => `0x${b.toLowerCase()}`);
  return `{${bytes.join(', ')}}`;
}
