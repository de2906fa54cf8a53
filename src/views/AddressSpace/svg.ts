/**
 * The address space as a standalone SVG string (export), from the same rows and axis the canvas
 * draws. Large VMAs are drawn as one rect per run of equal pixel columns, so the file stays small.
 */
import { PAGE_KIND_MASK, PAGE_KIND_NAMES, PageKind } from '../../store/selectors/pages';
import { PAGE_STYLES } from '../common/kinds';
import { BAND_H, LABEL_H, ROW_H, type DrawRow } from './draw';
import { baseScale, type Axis } from './layout';

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function addressSpaceSvg(
  axis: Axis,
  rows: DrawRow[],
  colors: string[],
  width = 1200,
  title = '',
): string {
  const scale = baseScale(axis, width);
  const height = rows.length * ROW_H + 24;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title || 'faultline address space')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  );
  const unitOf = (addr: number) => {
    for (const s of axis.segments)
      if (addr >= s.start && addr <= s.end) return s.u0 + (addr - s.start) / axis.pageSize;
    return 0;
  };
  rows.forEach((row, ri) => {
    const y0 = ri * ROW_H;
    const by = y0 + LABEL_H;
    parts.push(`<text x="4" y="${y0 + 12}" font-weight="bold">${esc(row.proc)}</text>`);
    for (const v of row.vmas) {
      const x0 = scale(unitOf(v.start));
      const x1 = scale(unitOf(v.end));
      const n = v.codes.length;
      const ppp = (x1 - x0) / Math.max(1, n);
      // Runs of equal kind: one rect each (a 1 GiB VMA of one kind is one rect).
      let i = 0;
      while (i < n) {
        const kind = v.codes[i]! & PAGE_KIND_MASK;
        let j = i + 1;
        while (j < n && (v.codes[j]! & PAGE_KIND_MASK) === kind && ppp < 12) j++;
        const x = x0 + i * ppp;
        const w = Math.max(0.5, (j - i) * ppp - (ppp >= 4 ? 1 : 0));
        parts.push(
          `<rect x="${x.toFixed(2)}" y="${by}" width="${w.toFixed(2)}" height="${BAND_H}" fill="${colors[kind]}"/>`,
        );
        if (ppp >= 12) {
          const letter = PAGE_STYLES[PAGE_KIND_NAMES[kind]!].letter;
          parts.push(
            `<text x="${(x + w / 2).toFixed(2)}" y="${by + BAND_H / 2 + 4}" text-anchor="middle" fill="${kind === PageKind.none ? '#555' : '#111'}">${letter}</text>`,
          );
        }
        i = j;
      }
      parts.push(
        `<rect x="${x0.toFixed(2)}" y="${by}" width="${Math.max(1, x1 - x0).toFixed(2)}" height="${BAND_H}" fill="none" stroke="#222"/>`,
      );
      parts.push(
        `<text x="${(x0 + 2).toFixed(2)}" y="${y0 + 12}" fill="#444">${esc(v.label)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}
