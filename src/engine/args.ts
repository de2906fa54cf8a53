/**
 * Evaluating a step's arguments: integer expressions (format section 2) against the names bound
 * so far and the enclosing repeats' indices, flags against the kernel's symbolic names. Errors name
 * the field (`steps[3].length: …`).
 */
import {
  compileFast,
  compileInt,
  evalFlags,
  toSigned,
  type CompiledInt,
  type ExprEnv,
  type FastInt,
} from '../scenario/expr';
import type { FlagTable } from '../uapi';
import { ScenarioError } from '../scenario/types';
import type { EngineState } from './state';
import { whereOf } from './tx';

export interface ArgCtx {
  s: EngineState;
  path: string;
  scope: Record<string, number>;
  env?: ExprEnv;
}

/**
 * Compiled expressions per step object and field: a `repeat` body's steps are the same objects at
 * the same path in every iteration, so each expression is compiled (and its `where` built) once.
 */
const compiled = new WeakMap<object, Record<string, CompiledInt>>();

function compiledFor(c: ArgCtx, step: object, field: string, v: unknown): CompiledInt {
  let m = compiled.get(step);
  if (!m) compiled.set(step, (m = {}));
  return (m[field] ??= compileInt(v, whereOf(c.path, field)));
}

/** The plain-number closure of a field (expr-fast.ts), once compileInt has accepted it. */
const fastCompiled = new WeakMap<object, Record<string, FastInt>>();

function fastFor(c: ArgCtx, step: object, field: string, v: unknown): FastInt {
  let m = fastCompiled.get(step);
  if (!m) fastCompiled.set(step, (m = {}));
  let f = m[field];
  if (!f) {
    compiledFor(c, step, field, v); // its errors first, as the exact evaluation reports them
    f = m[field] = compileFast(v);
  }
  return f;
}

/**
 * A field's value as a non-negative number below 2^53 when plain arithmetic computes it exactly,
 * else -1 (absent fields included): the exact BigInt evaluation then decides.
 */
function fastArg(c: ArgCtx, step: object, field: string): number {
  const v = raw(step, field);
  return v === undefined ? -1 : fastFor(c, step, field, v)(makeEnv(c));
}

/** The names a step's expressions see: its repeats' indices, then the bindings so far. */
class StepEnv implements ExprEnv {
  readonly pageSize: number;
  constructor(private readonly c: ArgCtx) {
    this.pageSize = c.s.machine.pageSize;
  }
  lookup(name: string): number | bigint | undefined {
    const c = this.c;
    if (name in c.scope) return c.scope[name];
    const b = c.s.bindings[name];
    if (!b || b.kind === 'proc') return undefined;
    // An MTE-tagged pointer (irg/addg/subg) is past 2^53: hand it over as a bigint.
    if (b.kind === 'int' && b.top) return BigInt(b.value) | (BigInt(b.top) << 56n);
    return b.value;
  }
}

export function makeEnv(c: ArgCtx): ExprEnv {
  return (c.env ??= new StepEnv(c));
}

function raw(step: object, field: string): unknown {
  return (step as Record<string, unknown>)[field];
}

/** The unsigned 64-bit value of an integer argument. */
export function bigArg(c: ArgCtx, step: object, field: string, dflt?: bigint): bigint {
  const v = raw(step, field);
  if (v === undefined) {
    if (dflt === undefined) throw new ScenarioError(whereOf(c.path, field), 'missing argument');
    return dflt;
  }
  return compiledFor(c, step, field, v)(makeEnv(c));
}

/** An unsigned argument (size_t, an address) as a number; values past 2^53 stay huge. */
export function uArg(c: ArgCtx, step: object, field: string, dflt?: number): number {
  const n = fastArg(c, step, field);
  if (n >= 0) return n;
  // An absent field with a small default (a load's length) needs no BigInt round trip.
  if (dflt !== undefined && dflt >= 0 && raw(step, field) === undefined) return dflt;
  return Number(
    bigArg(c, step, field, dflt === undefined ? undefined : BigInt.asUintN(64, BigInt(dflt))),
  );
}

/**
 * Where an address past 2^53 lands as a number: above every TASK_SIZE (2^47 on x86_64, 2^48 on
 * arm64), below 2^53 so that it and its low bits are exact.
 */
const HUGE_ADDR_BASE = 2 ** 53 - 2 ** 16;

/**
 * An address argument of a memory syscall (mmap's hint, munmap, mprotect, mremap, madvise) as a
 * number. Past 2^53 a double drops the low bits, and with them a misaligned address's misalignment,
 * which these syscalls check first (`start & ~PAGE_MASK`: EINVAL): such an address is HUGE_ADDR_BASE
 * plus its low 16 bits, so it stays misaligned (or aligned) to every page size (4K to 64K) and
 * above every user address. Found by mm/map-droppable on Linux 6.1, where mmap fails and the
 * scenario goes on with the address -1 (corpus/mm/huge-addresses).
 */
export function addrArg(c: ArgCtx, step: object, field: string, dflt?: number): number {
  const v = bigArg(
    c,
    step,
    field,
    dflt === undefined ? undefined : BigInt.asUintN(64, BigInt(dflt)),
  );
  return v < 1n << 53n ? Number(v) : HUGE_ADDR_BASE + Number(v & 0xffffn);
}

/** A signed argument (an int fd, an off_t). */
export function sArg(c: ArgCtx, step: object, field: string, dflt?: number): number {
  const n = fastArg(c, step, field);
  if (n >= 0) return n;
  if (dflt !== undefined && raw(step, field) === undefined) return dflt;
  return Number(
    toSigned(
      bigArg(c, step, field, dflt === undefined ? undefined : BigInt.asUintN(64, BigInt(dflt))),
    ),
  );
}

/** A user pointer: the address without its top byte, and its MTE logical tag (bits 59:56). */
export function ptrArg(
  c: ArgCtx,
  step: object,
  field: string,
): { addr: number; tag: number; top: number } {
  // Below 2^53 a pointer has no top byte: no tag.
  const n = fastArg(c, step, field);
  if (n >= 0) return { addr: n, tag: 0, top: 0 };
  const v = bigArg(c, step, field);
  return {
    addr: Number(v & 0x00ff_ffff_ffff_ffffn),
    tag: Number((v >> 56n) & 0xfn),
    top: Number(v >> 56n),
  };
}

/** Flags are constants: each step's field is read once (successes only; an error is re-raised). */
const flagsRead = new WeakMap<object, Record<string, number>>();

export function flagsArg(
  c: ArgCtx,
  step: object,
  field: string,
  table: FlagTable,
  dflt = 0,
): number {
  const v = raw(step, field);
  if (v === undefined) return dflt;
  const known = flagsRead.get(step)?.[field];
  if (known !== undefined) return known;
  const mask = flagsValue(c, field, v, table);
  if (mask > BigInt(Number.MAX_SAFE_INTEGER)) {
    const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
    throw new ScenarioError(whereOf(c.path, field), `flags ${shown} exceed 2^53`);
  }
  let m = flagsRead.get(step);
  if (!m) flagsRead.set(step, (m = {}));
  return (m[field] = Number(mask));
}

/** A field's flags as a 64-bit mask (names from `table` joined by `|`, or an integer). */
/** Flag values already read, per table: an ioctl's mode is read every round trip. */
const flagValues = new WeakMap<FlagTable, Map<string | number, bigint>>();

export function flagsValue(c: ArgCtx, field: string, v: unknown, table: FlagTable): bigint {
  if (typeof v !== 'string' && typeof v !== 'number')
    return evalFlags(v, table, whereOf(c.path, field));
  let m = flagValues.get(table);
  if (!m) flagValues.set(table, (m = new Map()));
  let r = m.get(v);
  // Only successes are kept: an error is raised again, naming this step's field.
  if (r === undefined) m.set(v, (r = evalFlags(v, table, whereOf(c.path, field))));
  return r;
}

export function bytesArg(c: ArgCtx, step: object, field: string): number[] {
  const v = raw(step, field);
  if (typeof v !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(v)) {
    throw new ScenarioError(
      whereOf(c.path, field),
      `expected hex bytes like "aa00ff", got ${JSON.stringify(v)}`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 2) out.push(parseInt(v.slice(i, i + 2), 16));
  return out;
}
