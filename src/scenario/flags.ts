/**
 * Flags in a scenario: the kernel's symbolic names joined by `|` (format section 2). The tables
 * are the uAPI's (src/uapi/, mirroring include/uapi) and are re-exported here for the scenario
 * module's users; this file adds what a document needs: errors that say where the bad value is.
 */
import { ScenarioError } from './types';
import type { FlagTable } from '../uapi';
import { evalFlags } from './expr';

export * from '../uapi';

/**
 * Parses flags as a 64-bit unsigned bigint: names and integer literals joined by `|`, an integer,
 * or a constant C expression (expr.ts, evalFlags). Throws ScenarioError(where, ...) naming the
 * bad part.
 */
export function parseFlagsBig(value: unknown, table: FlagTable, where: string): bigint {
  return evalFlags(value, table, where);
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
