/**
 * The shape of a table of the kernel's symbolic constants, shared by every table of src/uapi/.
 *
 * Values are kept as bigint because one mask the format prints (`ioctls` of UFFDIO_API and
 * UFFDIO_REGISTER) uses bit 63 (`_UFFDIO_API` = 0x3F), which a JavaScript number cannot hold.
 * The raw `{ NAME: value }` objects stay numbers where they fit, for the engine's convenience.
 */

export interface FlagTable {
  /** How messages and completion name the family, e.g. `PROT_*`. */
  readonly title: string;
  /** Every name the parser accepts, in the header's order (for messages and completion). */
  readonly names: readonly string[];
  /** name → value. */
  readonly values: Readonly<Record<string, bigint>>;
  /**
   * The values are choices, not bits (MADV_*, the prctl options): a value is printed as the one
   * name that equals it, never as a `|` of several.
   */
  readonly enumerated: boolean;
  /** Names formatFlags may print, best first (aliases and masks left out). */
  readonly printable: readonly string[];
}

export interface FlagTableOptions {
  enumerated?: boolean;
  /** Aliases and masks: accepted when parsing, never printed. */
  notPrinted?: readonly string[];
}

function popcount(v: bigint): number {
  let n = 0;
  for (let x = v; x > 0n; x >>= 1n) if (x & 1n) n++;
  return n;
}

export function flagTable(
  title: string,
  consts: Readonly<Record<string, number | bigint>>,
  options: FlagTableOptions = {},
): FlagTable {
  const names = Object.keys(consts);
  const values: Record<string, bigint> = {};
  for (const name of names) values[name] = BigInt(consts[name] as number | bigint);
  const skip = new Set(options.notPrinted ?? []);
  // Wider masks first, so MAP_SHARED_VALIDATE (0x3) wins over MAP_SHARED|MAP_PRIVATE;
  // zero-valued names print only in enumerated tables (a bit mask of 0 prints as "0").
  const printable = names
    .filter((n) => !skip.has(n) && (options.enumerated || values[n] !== 0n))
    .sort((a, b) => popcount(values[b]!) - popcount(values[a]!));
  return Object.freeze({
    title,
    names: Object.freeze(names),
    values: Object.freeze(values),
    enumerated: options.enumerated ?? false,
    printable: Object.freeze(printable),
  });
}
