/**
 * A page's contents as hexdump-style rows, with runs of identical rows folded into one line (as
 * `hexdump` prints `*`) so a 4 KiB page of 0xaa with one stored byte is three lines, and bytes
 * that user code stored marked apart from the page's pattern.
 */
import type { Frame } from '../engine';

export interface HexRow {
  offset: number;
  bytes: { hex: string; stored: boolean }[];
  /** Further identical rows folded after this one. */
  repeats: number;
}

export function byteAt(data: Frame['data'], off: number): { v: number; stored: boolean } {
  const p = data.patch?.[off];
  if (p !== undefined) return { v: p, stored: true };
  const unit = data.fill.length / 2 || 1;
  const i = (off % unit) * 2;
  return { v: parseInt(data.fill.slice(i, i + 2) || '00', 16), stored: false };
}

export function hexRows(data: Frame['data'], pageSize: number, width = 16): HexRow[] {
  const rows: HexRow[] = [];
  let prevKey = '';
  for (let off = 0; off < pageSize; off += width) {
    const bytes = [];
    for (let i = 0; i < width; i++) {
      const b = byteAt(data, off + i);
      bytes.push({ hex: b.v.toString(16).padStart(2, '0'), stored: b.stored });
    }
    const key = bytes.map((b) => b.hex + (b.stored ? '*' : '')).join('');
    const last = rows[rows.length - 1];
    if (last && key === prevKey && off + width < pageSize) {
      last.repeats++;
      continue;
    }
    prevKey = key;
    rows.push({ offset: off, bytes, repeats: 0 });
  }
  return rows;
}

/** "aa repeated" / "00 repeated, 1 byte stored": the page in words. */
export function contentSummary(data: Frame['data']): string {
  const stored = data.patch ? Object.keys(data.patch).length : 0;
  const unit = data.fill.length / 2;
  const pattern = unit <= 16 ? `${data.fill} repeated` : `a ${unit}-byte pattern`;
  return stored ? `${pattern}, ${stored} byte${stored === 1 ? '' : 's'} stored` : pattern;
}
