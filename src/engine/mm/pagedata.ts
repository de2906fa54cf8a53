/**
 * Page contents without a 4 KiB buffer per page: a repeating pattern (all zeroes, a memset byte,
 * a reference page's `size`-byte content) plus sparse byte patches for what user code stored.
 * A page patched in many places is folded into a full-page pattern.
 */
import type { PageData } from '../state';

export const ZERO_DATA: PageData = { fill: '00', patch: null };

/** Past this many patched bytes a page is folded into one full-page pattern. */
const FOLD_AT = 256;

export function patternData(hex: string): PageData {
  return { fill: hex, patch: null };
}

export function readByte(d: PageData, off: number): number {
  const p = d.patch?.[off];
  if (p !== undefined) return p;
  const unit = d.fill.length / 2;
  const i = (off % unit) * 2;
  return parseInt(d.fill.slice(i, i + 2), 16);
}

export function readHex(d: PageData, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += hex2(readByte(d, off + i));
  return s;
}

export function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

function fold(d: PageData, pageSize: number): PageData {
  let s = '';
  for (let i = 0; i < pageSize; i++) s += hex2(readByte(d, i));
  return { fill: s, patch: null };
}

/** Writes bytes at `off` (within one page) and returns the new contents. */
export function writeBytes(d: PageData, off: number, bytes: number[], pageSize: number): PageData {
  // A write that covers the whole page with a repeating unit replaces the page outright (memset).
  if (off === 0 && bytes.length === pageSize) return { fill: toHex(bytes), patch: null };
  const patch: Record<number, number> = d.patch ? { ...d.patch } : {};
  for (let i = 0; i < bytes.length; i++) patch[off + i] = bytes[i]!;
  const next = { fill: d.fill, patch };
  // A first patch holds one entry per byte written (distinct offsets): no need to count its keys.
  const size = d.patch ? Object.keys(patch).length : bytes.length;
  return size > FOLD_AT ? fold(next, pageSize) : next;
}

/**
 * Whole-page fills made so far, by unit: page contents are never written in place (writeBytes
 * returns new contents), so every page a memset fills with one pattern can share one object, and
 * a state kept for time travel holds one instead of 40 bytes a page. Short units only, and a
 * bounded table, so that it stays small whatever a scenario fills.
 */
const FILLS = new Map<string, PageData>();
const FILLS_MAX = 256;
const FILL_UNIT_MAX = 64;

/** A whole-page fill of a repeating unit (hex) — memset for one byte. */
export function fillData(unitHex: string): PageData {
  if (unitHex.length > FILL_UNIT_MAX) return { fill: unitHex, patch: null };
  let d = FILLS.get(unitHex);
  if (!d) {
    if (FILLS.size >= FILLS_MAX) FILLS.clear();
    d = Object.freeze({ fill: unitHex, patch: null });
    FILLS.set(unitHex, d);
  }
  return d;
}

export function toHex(bytes: number[]): string {
  let s = '';
  for (const b of bytes) s += hex2(b);
  return s;
}

/** Shrinks a repeating unit to its smallest period ("aaaa" → "aa"), so equal pages compare equal. */
export function minimalUnit(hex: string): string {
  let unit = hex;
  while (unit.length > 2 && unit.length % 4 === 0) {
    const half = unit.length / 2;
    if (unit.slice(0, half) !== unit.slice(half)) break;
    unit = unit.slice(0, half);
  }
  return unit;
}
