/**
 * Flags in a scenario: the kernel's symbolic names joined by `|` (format section 2). The tables
 * are the uAPI's (src/uapi/, mirroring include/uapi) and are re-exported here for the scenario
 * module's users; this file adds what a document needs: errors that say where the bad value is.
 */
import { ScenarioError } from './types';
import { readFlags, type FlagTable } from '../uapi';

export * from '../uapi';

/**
 * Parses flags as a 64-bit unsigned bigint: a non-negative integer, or names and integer literals
 * (decimal or 0x hex) joined by `|`. Throws ScenarioError(where, ...) naming the bad part.
 */
export function parseFlagsBig(value: unknown, table: FlagTable, where: string): bigint {
  const mask = readFlags(value, table);
  if (typeof mask !== 'bigint') throw new ScenarioError(where, mask.error);
  return mask;
}

/** parseFlagsBig as a number; refuses a mask above 2^53 that a number cannot hold exactly. */
export function parseFlags(value: number | string, table: FlagTable, where: string): number {
  const big = parseFlagsBig(value, table, where);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new ScenarioError(where, `flags ${shown} exceed 2^53; use parseFlagsBig`);
  }
  return Number(big);
}
