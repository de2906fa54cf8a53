/**
 * Integer expressions (format section 2), compiled once into closures.
 *
 * Arithmetic is C's on a 64-bit `long`: every result wraps to 64 bits, division and `%` truncate
 * toward zero on the signed values, `>>` shifts the signed value (arithmetically, as gcc does), and a
 * closure returns the unsigned representation (0 .. 2^64-1), so `-1` is 0xffff_ffff_ffff_ffff;
 * `toSigned` gives the two's-complement view (an fd of -1). A shift by a negative count or by 64
 * or more is undefined in C, so it is an error here. BigInt throughout, because tagged pointers
 * (bits 59:56) exceed 2^53.
 *
 * A name is looked up among the names bound by `as` and the repeats' indices first, then among
 * the uAPI constants (constants.ts: `UFFD_API`, `PR_MTE_TAG_SHIFT`, `MAP_SHARED`...), and
 * `PAGE_SIZE` is the machine's page size, like `PAGE`.
 *
 * Compiled closures are cached by source text, so the steps of a `repeat` that runs a million
 * times are parsed once. Constant subtrees are folded at compile time, which also reports a
 * constant division by zero before anything runs.
 */
import { ScenarioError } from './types';
import { ExprSyntaxError, parseExpr, type Expr } from './expr-parse';
import { PAGE_SIZE_NAME, isFamilyFree, readFlags, uapiConstant, type FlagTable } from '../uapi';
import { buildFast, type FastInt } from './expr-fast';

export type { FastInt } from './expr-fast';

export { RESERVED_NAMES } from './expr-parse';

export interface ExprEnv {
  /** The value bound to a name by an earlier step's `as` or an enclosing repeat's index. */
  lookup(name: string): number | bigint | undefined;
  pageSize: number;
}

/** A compiled expression: evaluates in an environment, throws ScenarioError with its `where`. */
export type CompiledInt = (env: ExprEnv) => bigint;
type Core = (env: ExprEnv, where: string) => bigint;

const TAG_SHIFT = 56n;
const TAG_MASK = 0xfn << TAG_SHIFT;

const wrap = (v: bigint): bigint => BigInt.asUintN(64, v);
export const toSigned = (v: bigint): bigint => BigInt.asIntN(64, v);

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function divide(a: bigint, b: bigint, where: string): bigint {
  if (b === 0n) throw new ScenarioError(where, 'division by zero');
  return wrap(toSigned(a) / toSigned(b));
}

function applyTag(e: bigint, n: bigint, where: string): bigint {
  if (n > 15n) throw new ScenarioError(where, `tag(…, ${toSigned(n)}): a tag is 0..15`);
  return (e & ~TAG_MASK) | (n << TAG_SHIFT);
}

function remainder(a: bigint, b: bigint, where: string): bigint {
  if (b === 0n) throw new ScenarioError(where, 'remainder of a division by zero');
  return wrap(toSigned(a) % toSigned(b));
}

function shiftCount(n: bigint, op: string, where: string): bigint {
  const s = toSigned(n);
  if (s < 0n || s > 63n)
    throw new ScenarioError(where, `a shift by ${s} (${op}): C allows 0 to 63 on 64 bits`);
  return s;
}

function lookupName(env: ExprEnv, name: string, where: string): bigint {
  const v = env.lookup(name) ?? constantOf(env, name);
  if (v === undefined) throw new ScenarioError(where, `unbound name "${name}"`);
  if (typeof v === 'bigint') return wrap(v);
  if (!Number.isInteger(v)) throw new ScenarioError(where, `"${name}" is not an integer (${v})`);
  return wrap(BigInt(v));
}

/** A uAPI constant, or PAGE_SIZE; undefined for any other name. */
function constantOf(env: ExprEnv, name: string): bigint | undefined {
  return name === PAGE_SIZE_NAME ? BigInt(env.pageSize) : uapiConstant(name);
}

const NO_ENV: ExprEnv = { lookup: () => undefined, pageSize: 0 };

function isConstant(e: Expr): boolean {
  switch (e.k) {
    case 'num':
      return true;
    case 'page':
    case 'name':
      return false;
    case 'neg':
    case 'not':
      return isConstant(e.e);
    case 'bin':
      return isConstant(e.l) && isConstant(e.r);
    case 'tag':
      return isConstant(e.e) && isConstant(e.n);
  }
}

/**
 * Compiles a node, folding it when it is constant. A constant error (`1/0`) throws now, with an
 * empty where that parsedFor replaces with the caller's.
 */
function compile(e: Expr): Core {
  const core = build(e);
  if (e.k === 'num' || !isConstant(e)) return core;
  const k = core(NO_ENV, '');
  return () => k;
}

function build(e: Expr): Core {
  switch (e.k) {
    case 'num': {
      const v = e.v;
      return () => v;
    }
    case 'page':
      return (env) => BigInt(env.pageSize);
    case 'name': {
      const name = e.name;
      return (env, where) => lookupName(env, name, where);
    }
    case 'neg': {
      const a = compile(e.e);
      return (env, where) => wrap(-a(env, where));
    }
    case 'not': {
      const a = compile(e.e);
      return (env, where) => wrap(~a(env, where));
    }
    case 'bin': {
      const l = compile(e.l);
      const r = compile(e.r);
      switch (e.op) {
        case '+':
          return (env, w) => wrap(l(env, w) + r(env, w));
        case '-':
          return (env, w) => wrap(l(env, w) - r(env, w));
        case '*':
          return (env, w) => wrap(l(env, w) * r(env, w));
        case '/':
          return (env, w) => divide(l(env, w), r(env, w), w);
        case '%':
          return (env, w) => remainder(l(env, w), r(env, w), w);
        case '<<':
          return (env, w) => wrap(l(env, w) << shiftCount(r(env, w), '<<', w));
        case '>>':
          return (env, w) => wrap(toSigned(l(env, w)) >> shiftCount(r(env, w), '>>', w));
        case '&':
          return (env, w) => l(env, w) & r(env, w);
        case '|':
          return (env, w) => l(env, w) | r(env, w);
        case '^':
          return (env, w) => l(env, w) ^ r(env, w);
      }
      break;
    }
    case 'tag': {
      const a = compile(e.e);
      const n = compile(e.n);
      // A constant tag is checked now, so `tag(p, 16)` is reported before anything runs.
      if (isConstant(e.n)) applyTag(0n, n(NO_ENV, ''), '');
      return (env, w) => applyTag(a(env, w), n(env, w), w);
    }
  }
  throw new Error('unreachable');
}

interface Parsed {
  readonly core: Core;
  readonly fast: FastInt;
  readonly names: readonly string[];
  readonly usesTag: boolean;
}

/** Bounded, so an editor that compiles every keystroke cannot grow it without end. */
const CACHE_LIMIT = 8192;
const cache = new Map<string, Parsed | ExprSyntaxError | ScenarioError>();

/** Adds the names an expression uses; returns whether it uses tag(). */
function collect(e: Expr, names: Set<string>): boolean {
  switch (e.k) {
    case 'num':
    case 'page':
      return false;
    case 'name':
      names.add(e.name);
      return false;
    case 'neg':
    case 'not':
      return collect(e.e, names);
    case 'bin': {
      const a = collect(e.l, names);
      const b = collect(e.r, names);
      return a || b;
    }
    case 'tag':
      collect(e.e, names);
      collect(e.n, names);
      return true;
  }
}

function parsedFor(src: string, where: string): Parsed {
  let entry = cache.get(src);
  if (entry === undefined) {
    try {
      const ast = parseExpr(src);
      const names = new Set<string>();
      const usesTag = collect(ast, names);
      entry = { core: compile(ast), fast: buildFast(ast), names: [...names], usesTag };
    } catch (err) {
      if (err instanceof ExprSyntaxError || err instanceof ScenarioError) entry = err;
      else throw err;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(src, entry);
  }
  if (entry instanceof ExprSyntaxError) {
    throw new ScenarioError(
      where,
      `expected an integer expression, got ${describe(src)} (column ${entry.col}: ${entry.reason})`,
    );
  }
  if (entry instanceof ScenarioError) throw new ScenarioError(where, entry.detail);
  return entry;
}

function checkNumber(value: number, where: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new ScenarioError(where, `expected an integer expression, got ${describe(value)}`);
  }
  return wrap(BigInt(value));
}

/** Compiles an integer (JSON number or expression string); syntax errors throw now. */
export function compileInt(value: unknown, where: string): CompiledInt {
  if (typeof value === 'number') {
    const v = checkNumber(value, where);
    return () => v;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ScenarioError(where, `expected an integer expression, got ${describe(value)}`);
  }
  const { core } = parsedFor(value, where);
  return (env) => core(env, where);
}

/**
 * The same expression in plain numbers (expr-fast.ts): its value when every value it meets is a
 * non-negative integer below 2^53, else -1 (then only compileInt's closure can say). Compile with
 * compileInt first: this one reports no errors.
 */
export function compileFast(value: unknown): FastInt {
  if (typeof value === 'number') {
    const v = Number.isSafeInteger(value) && value >= 0 ? value : -1;
    return () => v;
  }
  if (typeof value !== 'string') return () => -1;
  try {
    return parsedFor(value, '').fast;
  } catch {
    return () => -1;
  }
}

/** Compiles and evaluates once. */
export function evalInt(value: unknown, env: ExprEnv, where: string): bigint {
  return compileInt(value, where)(env);
}

/** The names an expression uses (not PAGE, NULL or tag), in first-use order; checks syntax. */
export function freeNames(value: unknown, where = ''): string[] {
  if (typeof value === 'number') {
    checkNumber(value, where);
    return [];
  }
  compileInt(value, where);
  return [...parsedFor(value as string, where).names];
}

/** Whether an expression uses `tag(…)` (arm64 only). */
export function usesTag(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return parsedFor(value, '').usesTag;
  } catch {
    return false;
  }
}

/** Whether a string is a valid expression (for the text form and the editor); never throws. */
export function isIntExpr(value: string): boolean {
  try {
    compileInt(value, '');
    return true;
  } catch {
    return false;
  }
}

/** Names and literals joined by `|`, the spelling readFlags reads. */
const SIMPLE_FLAGS = /^\s*[A-Za-z0-9_]+\s*(\|\s*[A-Za-z0-9_]+\s*)*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Flags (format section 2) as a 64-bit unsigned mask: names of `table` and integer literals joined
 * by `|` (readFlags), an integer (a negative one as C converts it to an unsigned mask: `-1` sets
 * every bit), or any constant expression of C's operators over the table's names and the uAPI
 * constants of no flag family (`PR_TAGGED_ADDR_ENABLE | (0xfffe << PR_MTE_TAG_SHIFT)`). Another
 * family's name (`MAP_SHARED` where PROT_* goes) is refused in every spelling. Throws
 * ScenarioError(where).
 */
export function evalFlags(value: unknown, table: FlagTable, where: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value < 0)
    return wrap(BigInt(value));
  const simple = readFlags(value, table);
  if (typeof simple === 'bigint') return simple;
  if (typeof value !== 'string' || !wantsExpression(value, table)) {
    throw new ScenarioError(where, simple.error);
  }
  for (const name of freeNames(value, where)) {
    if (name === PAGE_SIZE_NAME)
      throw new ScenarioError(where, `flags are constants: ${name} depends on the machine`);
    if (!Object.hasOwn(table.values, name) && !isFamilyFree(name))
      throw new ScenarioError(
        where,
        `unknown flag ${JSON.stringify(name)} (expected one of ${table.names.join(', ')})`,
      );
  }
  if (/\bPAGE\b/.test(value))
    throw new ScenarioError(where, 'flags are constants: PAGE depends on the machine');
  const lookup = (name: string): bigint | undefined =>
    Object.hasOwn(table.values, name) ? table.values[name] : undefined;
  return evalInt(value, { lookup, pageSize: 0 }, where);
}

/**
 * Whether flags readFlags refused are an expression to evaluate, rather than a simple spelling
 * with a bad part (`PROT_RAED`, `PROT_READ||PROT_WRITE`), whose message readFlags says best.
 */
function wantsExpression(value: string, table: FlagTable): boolean {
  if (!SIMPLE_FLAGS.test(value)) return !/\|\s*\||^\s*\||\|\s*$/.test(value);
  return value.split('|').some((raw) => {
    const part = raw.trim();
    return !NAME.test(part)
      ? !/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(part)
      : !Object.hasOwn(table.values, part) && (isFamilyFree(part) || part === PAGE_SIZE_NAME);
  });
}
