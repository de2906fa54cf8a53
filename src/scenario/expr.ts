/**
 * Integer expressions (format section 2), compiled once into closures.
 *
 * Arithmetic is C's on a 64-bit `long`: every result wraps to 64 bits, division truncates toward
 * zero on the signed values, and a closure returns the unsigned representation (0 .. 2^64-1), so
 * `-1` is 0xffff_ffff_ffff_ffff; `toSigned` gives the two's-complement view (an fd of -1). BigInt
 * throughout, because tagged pointers (bits 59:56) exceed 2^53.
 *
 * Compiled closures are cached by source text, so the steps of a `repeat` that runs a million
 * times are parsed once. Constant subtrees are folded at compile time, which also reports a
 * constant division by zero before anything runs.
 */
import { ScenarioError } from './types';
import { ExprSyntaxError, parseExpr, type Expr } from './expr-parse';

export { RESERVED_NAMES, MAX_EXPR_LENGTH, MAX_EXPR_DEPTH, type Expr } from './expr-parse';

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

function lookupName(env: ExprEnv, name: string, where: string): bigint {
  const v = env.lookup(name);
  if (v === undefined) throw new ScenarioError(where, `unbound name "${name}"`);
  if (typeof v === 'bigint') return wrap(v);
  if (!Number.isInteger(v)) throw new ScenarioError(where, `"${name}" is not an integer (${v})`);
  return wrap(BigInt(v));
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
      entry = { core: compile(ast), names: [...names], usesTag };
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
