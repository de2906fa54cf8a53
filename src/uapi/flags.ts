/**
 * Masks by name: the kernel's symbolic constants joined by `|` (scenario format section 2), read
 * into numbers and printed back. Errors are returned as text, not thrown: the scenario module and
 * the engine each say where in a document the bad value stands.
 */
import type { FlagTable } from './flag-table';

const U64_MAX = (1n << 64n) - 1n;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL = /^(0[xX][0-9a-fA-F]+|[0-9]+)$/;
/** A flags string longer than this is not a scenario someone wrote; refuse it before splitting. */
const MAX_FLAGS_LENGTH = 4096;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Reads a 64-bit unsigned mask: a non-negative integer, or names and integer literals (decimal or
 * 0x hex) joined by `|`. Returns the mask, or `{ error }` saying what is wrong with `value`.
 */
export function readFlags(value: unknown, table: FlagTable): bigint | { error: string } {
  const expected = `expected flags (${table.title}), got ${describe(value)}`;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : { error: expected };
  }
  if (typeof value !== 'string') return { error: expected };
  if (value.length > MAX_FLAGS_LENGTH)
    return { error: `flags longer than ${MAX_FLAGS_LENGTH} characters` };
  if (value.trim() === '') return { error: `expected flags (${table.title}), got ""` };
  let mask = 0n;
  for (const raw of value.split('|')) {
    const part = raw.trim();
    if (LITERAL.test(part)) {
      const n = BigInt(part);
      if (n > U64_MAX) return { error: `flag value ${part} does not fit in 64 bits` };
      mask |= n;
    } else if (NAME.test(part) && Object.hasOwn(table.values, part)) {
      mask |= table.values[part]!;
    } else if (part === '') {
      return { error: `empty flag in ${describe(value)}` };
    } else {
      return {
        error: `unknown flag ${JSON.stringify(part)} (expected one of ${table.names.join(', ')})`,
      };
    }
  }
  return mask;
}

/**
 * Prints a mask as the table's names joined by `|` in increasing value order, `0` when empty
 * (format section 5). Bits no name covers are appended as one hex literal, so nothing is lost:
 * readFlags(formatFlags(m, t), t) === m for every m.
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
