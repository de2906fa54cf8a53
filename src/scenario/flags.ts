/**
 * Flags: the kernel's symbolic names joined by `|` (format section 2), parsed to and printed from
 * numbers. The tables themselves live in flags-mm.ts, flags-uffd.ts, flags-prctl.ts and
 * errno-table.ts and are re-exported here, so the engine has one place to import constants from.
 */
import { ScenarioError } from './types';
import type { FlagTable } from './flag-table';
import { ERRNO, ERRNO_ALIASES, type ErrnoName } from './errno-table';

export * from './flag-table';
export * from './flags-mm';
export * from './flags-uffd';
export * from './flags-prctl';
export * from './errno-table';

const U64_MAX = (1n << 64n) - 1n;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL = /^(0[xX][0-9a-fA-F]+|[0-9]+)$/;
/** A flags string longer than this is not a scenario someone wrote; refuse it before splitting. */
const MAX_FLAGS_LENGTH = 4096;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function expectedList(table: FlagTable): string {
  return table.names.join(', ');
}

/**
 * Parses flags as a 64-bit unsigned bigint: a non-negative integer, or names and integer literals
 * (decimal or 0x hex) joined by `|`. Throws ScenarioError(where, ...) naming the bad part.
 */
export function parseFlagsBig(value: unknown, table: FlagTable, where: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ScenarioError(where, `expected flags (${table.title}), got ${describe(value)}`);
    }
    return BigInt(value);
  }
  if (typeof value !== 'string') {
    throw new ScenarioError(where, `expected flags (${table.title}), got ${describe(value)}`);
  }
  if (value.length > MAX_FLAGS_LENGTH) {
    throw new ScenarioError(where, `flags longer than ${MAX_FLAGS_LENGTH} characters`);
  }
  if (value.trim() === '') {
    throw new ScenarioError(where, `expected flags (${table.title}), got ""`);
  }
  let mask = 0n;
  for (const raw of value.split('|')) {
    const part = raw.trim();
    if (LITERAL.test(part)) {
      const n = BigInt(part);
      if (n > U64_MAX) throw new ScenarioError(where, `flag value ${part} does not fit in 64 bits`);
      mask |= n;
    } else if (NAME.test(part) && Object.hasOwn(table.values, part)) {
      mask |= table.values[part]!;
    } else if (part === '') {
      throw new ScenarioError(where, `empty flag in ${describe(value)}`);
    } else {
      throw new ScenarioError(
        where,
        `unknown flag ${JSON.stringify(part)} (expected one of ${expectedList(table)})`,
      );
    }
  }
  return mask;
}

/** parseFlagsBig as a number; refuses a mask above 2^53 that a number cannot hold exactly. */
export function parseFlags(value: number | string, table: FlagTable, where: string): number {
  const big = parseFlagsBig(value, table, where);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ScenarioError(where, `flags ${describe(value)} exceed 2^53; use parseFlagsBig`);
  }
  return Number(big);
}

/**
 * Prints a mask as the table's names joined by `|` in increasing value order, `0` when empty
 * (format section 5). Bits no name covers are appended as one hex literal, so nothing is lost:
 * parseFlagsBig(formatFlags(m, t), t) === m for every m.
 */
export function formatFlags(mask: bigint | number, table: FlagTable): string {
  let rest = BigInt.asUintN(64, BigInt(mask));
  if (table.enumerated) {
    const name = table.printable.find((n) => table.values[n] === rest);
    return name ?? (rest === 0n ? '0' : `0x${rest.toString(16)}`);
  }
  if (rest === 0n) return '0';
  const chosen: string[] = [];
  for (const name of table.printable) {
    const v = table.values[name]!;
    if ((rest & v) === v) {
      chosen.push(name);
      rest &= ~v;
    }
  }
  chosen.sort((a, b) => (table.values[a]! < table.values[b]! ? -1 : 1));
  if (rest !== 0n) chosen.push(`0x${rest.toString(16)}`);
  return chosen.join('|');
}

/** The errno number for a name (aliases such as EWOULDBLOCK included), or undefined. */
export function errnoNumber(name: string): number | undefined {
  if (Object.hasOwn(ERRNO, name)) return ERRNO[name as ErrnoName];
  const alias = ERRNO_ALIASES[name];
  return alias === undefined ? undefined : ERRNO[alias];
}

const ERRNO_BY_NUMBER: ReadonlyMap<number, ErrnoName> = new Map(
  (Object.keys(ERRNO) as ErrnoName[]).map((name) => [ERRNO[name], name]),
);

/** The errno name for a number; accepts a negated errno as the kernel returns it (-EEXIST). */
export function errnoName(n: number): ErrnoName | undefined {
  return ERRNO_BY_NUMBER.get(Math.abs(n));
}

/** errnoName or a clear error, for results the engine must be able to print. */
export function requireErrnoName(n: number): ErrnoName {
  const name = errnoName(n);
  if (name === undefined) throw new RangeError(`no errno has the number ${n}`);
  return name;
}
