/**
 * The common case of an integer expression in plain numbers: `p + j*PAGE`, `512*PAGE`, `to + i*PAGE`.
 *
 * expr.ts evaluates C's 64-bit arithmetic exactly, in BigInt, which costs microseconds per
 * evaluation; a `repeat` that runs a million steps evaluates its steps' arguments a million times.
 * Where every value an expression meets (names, literals, every intermediate result) is a
 * non-negative integer below 2^53, C's unsigned 64-bit arithmetic and a double's agree exactly, and
 * these closures compute it. Anything else (a negative or larger value, a tag, a division by zero,
 * a shift out of range, an unbound name) returns -1, and the caller evaluates the BigInt closure,
 * which gives the exact value or the error.
 */
import type { Expr } from './expr-parse';
import { PAGE_SIZE_NAME, uapiConstant } from '../uapi';

/** The value of an expression, or -1 when only the exact (BigInt) evaluation can say. */
export type FastInt = (env: FastEnv) => number;

export interface FastEnv {
  lookup(name: string): number | bigint | undefined;
  pageSize: number;
}

const MAX = Number.MAX_SAFE_INTEGER;
const TWO32 = 4294967296;
const NEED_EXACT = () => -1;

/** A bigint or number as a non-negative safe integer, or -1. */
function small(v: number | bigint): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : -1;
  return v >= 0n && v <= BigInt(MAX) ? Number(v) : -1;
}

/** C's &, | and ^ on two values below 2^53: the high and low 32 bits apart. */
function bitwise(x: number, y: number, op: (a: number, b: number) => number): number {
  if (x <= 0x7fff_ffff && y <= 0x7fff_ffff) return op(x, y);
  const hi = op(Math.floor(x / TWO32), Math.floor(y / TWO32)) >>> 0;
  return hi * TWO32 + (op(x >>> 0, y >>> 0) >>> 0);
}

export function buildFast(e: Expr): FastInt {
  switch (e.k) {
    case 'num': {
      const v = small(e.v);
      return () => v;
    }
    case 'page':
      return (env) => env.pageSize;
    case 'name': {
      const name = e.name;
      // A uAPI constant is looked up only when no binding has the name, as expr.ts does.
      const constant = name === PAGE_SIZE_NAME ? undefined : uapiConstant(name);
      const k = constant === undefined ? -1 : small(constant);
      return (env) => {
        const v = env.lookup(name);
        if (v !== undefined) return small(v);
        if (name === PAGE_SIZE_NAME) return env.pageSize;
        return k;
      };
    }
    case 'neg': {
      const a = buildFast(e.e);
      return (env) => (a(env) === 0 ? 0 : -1);
    }
    case 'not':
    case 'tag':
      // ~x of a value below 2^53 is past it; tagged pointers are past 2^56.
      return NEED_EXACT;
    case 'bin': {
      const l = buildFast(e.l);
      const r = buildFast(e.r);
      const both =
        (f: (x: number, y: number) => number): FastInt =>
        (env) => {
          const x = l(env);
          if (x < 0) return -1;
          const y = r(env);
          return y < 0 ? -1 : f(x, y);
        };
      switch (e.op) {
        case '+':
          return both((x, y) => (x + y <= MAX ? x + y : -1));
        case '-':
          return both((x, y) => (x >= y ? x - y : -1));
        case '*':
          return both((x, y) => (x * y <= MAX ? x * y : -1));
        case '/':
          return both((x, y) =>
            y !== 0 && x <= 0x7fff_ffff && y <= 0x7fff_ffff ? (x / y) | 0 : -1,
          );
        case '%':
          return both((x, y) => (y !== 0 && x <= 0x7fff_ffff && y <= 0x7fff_ffff ? x % y : -1));
        case '<<':
          return both((x, y) => {
            if (y > 63) return -1;
            const v = x * 2 ** y;
            return v <= MAX ? v : -1;
          });
        case '>>':
          return both((x, y) => (y > 63 ? -1 : Math.floor(x / 2 ** y)));
        case '&':
          return both((x, y) => bitwise(x, y, (a, b) => a & b));
        case '|':
          return both((x, y) => bitwise(x, y, (a, b) => a | b));
        case '^':
          return both((x, y) => bitwise(x, y, (a, b) => a ^ b));
      }
    }
  }
  return NEED_EXACT;
}
