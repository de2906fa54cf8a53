/**
 * Whether an expected result field holds, compared by meaning rather than spelling (format section
 * 6). Records are printed in one canonical spelling (section 5); an expectation may spell the same
 * value any way a C programmer would:
 *
 * - an integer as a JSON number or a decimal or hex string (`4096`, `"4096"`, `"0x1000"`, `"-1"`);
 * - an address as the record prints it, with any spacing and hex case, or with a decimal offset
 *   (`"p + 0x2000"`, `"p+8192"`);
 * - a mask (`out.features`, `out.ioctls`, a message's `flags`) by its bits: names in any order,
 *   a number, `0`;
 * - an errno, signal or si_code by name (aliases too: EWOULDBLOCK is EAGAIN) or number;
 * - bytes in either case; a tag (`ldg`, `irg`, `addg`, `subg`) as a number or its hex digit;
 * - `false` and an absent `blocked` or `resumed`, and an empty `msgs` and none, are the same thing.
 *
 * Anything else is compared as JSON, exactly.
 */
import {
  BUS_CODE,
  ERRNO,
  ERRNO_ALIASES,
  SEGV_CODE,
  SIGNALS,
  UFFD_EVENT_TABLE,
  UFFD_FEATURE_TABLE,
  UFFD_PAGEFAULT_FLAG_TABLE,
  UFFDIO_IOCTLS_TABLE,
  type ErrnoName,
  type FlagTable,
} from '../uapi';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted keys, so that field order never counts as a difference. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    isObject(val)
      ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1)))
      : val,
  );
}

const INT = /^\s*(-?)\s*(0[xX][0-9a-fA-F]+|[0-9]+)\s*$/;

/** An integer spelled as a JSON number or a decimal/hex string, or undefined. */
export function intOf(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = INT.exec(v);
  if (!m) return undefined;
  const n = BigInt(m[2]!);
  return m[1] ? -n : n;
}

function sameInt(expected: unknown, actual: unknown): boolean {
  const a = intOf(actual);
  const e = intOf(expected);
  return a !== undefined && e !== undefined && a === e;
}

const SYMBOLIC = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:([+-])\s*(0[xX][0-9a-fA-F]+|[0-9]+))?\s*$/;

/** `p+0x2000` → ['p', 8192n]; a plain name → [name, 0n]. */
function symbolicOf(v: unknown): [string, bigint] | undefined {
  if (typeof v !== 'string') return undefined;
  const m = SYMBOLIC.exec(v);
  if (!m) return undefined;
  const off = m[3] ? BigInt(m[3]) : 0n;
  return [m[1]!, m[2] === '-' ? -off : off];
}

/** A return value or an address: an integer, or a name plus offset (`p+0x2000`, `child`). */
function sameValue(expected: unknown, actual: unknown): boolean {
  if (intOf(actual) !== undefined) return sameInt(expected, actual);
  const a = symbolicOf(actual);
  const e = symbolicOf(expected);
  return a !== undefined && e !== undefined && a[0] === e[0] && a[1] === e[1];
}

/** A mask: names joined by `|` in any order, hex literals, a number, `0`. */
function maskOf(v: unknown, table: FlagTable): bigint | undefined {
  if (typeof v === 'number') return intOf(v);
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  let mask = 0n;
  for (const raw of v.split('|')) {
    const part = raw.trim();
    const n = intOf(part);
    if (n !== undefined && n >= 0n) mask |= n;
    else if (Object.hasOwn(table.values, part)) mask |= table.values[part]!;
    else return undefined;
  }
  return mask;
}

function sameMask(expected: unknown, actual: unknown, table: FlagTable): boolean {
  const a = maskOf(actual, table);
  return a !== undefined && a === maskOf(expected, table);
}

function enumOf(v: unknown, values: Readonly<Record<string, number | bigint>>): bigint | undefined {
  if (typeof v === 'string' && Object.hasOwn(values, v.trim())) return BigInt(values[v.trim()]!);
  return intOf(v);
}

function errnoOf(v: unknown): bigint | null | undefined {
  if (v === null) return null;
  if (typeof v === 'string') {
    const name = v.trim();
    if (Object.hasOwn(ERRNO, name)) return BigInt(ERRNO[name as ErrnoName]);
    const alias = ERRNO_ALIASES[name];
    if (alias) return BigInt(ERRNO[alias]);
  }
  const n = intOf(v);
  return n === undefined ? undefined : n < 0n ? -n : n;
}

/** si_code numbers overlap between signals (1 is SEGV_MAPERR and BUS_ADRALN): the signal decides. */
function siCodeTable(signal: unknown): Readonly<Record<string, number>> {
  return signal === 'SIGBUS' ? BUS_CODE : SEGV_CODE;
}

function sameHexBytes(expected: unknown, actual: unknown): boolean {
  return (
    typeof expected === 'string' &&
    typeof actual === 'string' &&
    expected.toLowerCase() === actual.toLowerCase()
  );
}

const TAG_CALLS = new Set(['ldg', 'irg', 'addg', 'subg']);

function tagOf(v: unknown): bigint | undefined {
  if (typeof v === 'string' && /^\s*[0-9a-fA-F]\s*$/.test(v)) return BigInt(`0x${v.trim()}`);
  return intOf(v);
}

const OUT_MASKS: Readonly<Record<string, FlagTable>> = {
  features: UFFD_FEATURE_TABLE,
  ioctls: UFFDIO_IOCTLS_TABLE,
};

function sameOut(expected: unknown, actual: unknown): boolean {
  if (!isObject(expected) || !isObject(actual))
    return expected === undefined && actual === undefined;
  const keys = Object.keys(actual);
  if (Object.keys(expected).length !== keys.length) return false;
  return keys.every((k) => {
    if (!Object.hasOwn(expected, k)) return false;
    const table = OUT_MASKS[k];
    return table
      ? sameMask(expected[k], actual[k], table)
      : sameInt(expected[k], actual[k]) || canonicalJson(expected[k]) === canonicalJson(actual[k]);
  });
}

/** uffd_msg fields that hold addresses (printed relative to a name) and integers. */
const MSG_ADDRESSES = new Set(['address', 'from', 'to', 'start', 'end']);
const MSG_INTS = new Set(['ufd', 'len']);

function sameMsg(expected: unknown, actual: unknown): boolean {
  if (!isObject(expected) || !isObject(actual)) return false;
  const keys = Object.keys(actual);
  if (Object.keys(expected).length !== keys.length) return false;
  return keys.every((k) => {
    if (!Object.hasOwn(expected, k)) return false;
    const e = expected[k];
    const a = actual[k];
    if (k === 'event') {
      const v = enumOf(a, UFFD_EVENT_TABLE.values);
      return v !== undefined && v === enumOf(e, UFFD_EVENT_TABLE.values);
    }
    if (k === 'flags') return sameMask(e, a, UFFD_PAGEFAULT_FLAG_TABLE);
    if (MSG_ADDRESSES.has(k)) return sameValue(e, a);
    if (MSG_INTS.has(k)) return sameInt(e, a);
    return canonicalJson(e) === canonicalJson(a);
  });
}

function sameMsgs(expected: unknown, actual: unknown): boolean {
  const e = expected ?? [];
  const a = actual ?? [];
  if (!Array.isArray(e) || !Array.isArray(a) || e.length !== a.length) return false;
  return a.every((m, i) => sameMsg(e[i], m));
}

function sameRss(expected: unknown, actual: unknown): boolean {
  if (!isObject(expected) || !isObject(actual)) return false;
  const keys = Object.keys(actual);
  if (Object.keys(expected).length !== keys.length) return false;
  return keys.every((k) => Object.hasOwn(expected, k) && sameInt(expected[k], actual[k]));
}

/**
 * Whether `expected` (from a step's `expect`) holds for the field `field` of `record`, the step's
 * outcome (its record merged with its `resumed` record).
 */
export function expectationHolds(
  field: string,
  expected: unknown,
  record: Readonly<Record<string, unknown>>,
): boolean {
  const actual = record[field];
  if (canonicalJson(expected) === canonicalJson(actual)) return true;
  switch (field) {
    case 'ret':
      return sameValue(expected, actual);
    case 'seq':
      return sameInt(expected, actual);
    case 'errno': {
      const a = errnoOf(actual ?? null);
      return a !== undefined && a === errnoOf(expected);
    }
    case 'signal': {
      const a = enumOf(actual, SIGNALS);
      return a !== undefined && a === enumOf(expected, SIGNALS);
    }
    case 'si_code': {
      const table = siCodeTable(record.signal);
      const a = enumOf(actual, table);
      return a !== undefined && a === enumOf(expected, table);
    }
    case 'out':
      return sameOut(expected, actual);
    case 'value':
      if (TAG_CALLS.has(String(record.do))) {
        const a = tagOf(actual);
        return a !== undefined && a === tagOf(expected);
      }
      return sameHexBytes(expected, actual);
    case 'msgs':
      return sameMsgs(expected, actual);
    case 'rss':
      return sameRss(expected, actual);
    case 'blocked':
    case 'resumed':
      return (expected === false || expected === undefined) && !actual;
    default:
      return false;
  }
}
