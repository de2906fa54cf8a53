/**
 * The colours and fonts the memory map paints with, read from the CSS variables of the theme
 * (a canvas cannot read them by itself), so light, dark and classroom palettes need no code here.
 */
import { cssColor, paletteKey } from '../common/kinds';

export interface Palette {
  none: string;
  zero: string;
  refpage: string;
  private: string;
  shared: string;
  shmem: string;
  poison: string;
  wp: string;
  blocked: string;
  fg: string;
  muted: string;
  panel: string;
  border: string;
  sel: string;
  hover: string;
  /** What the step at the cursor changed. */
  change: string;
  /** Text drawn on a coloured cell. */
  onCell: string;
  font: string;
  mono: string;
}

const cache = new WeakMap<Element, { key: string; palette: Palette }>();

/** The palette, read once per element and palette (kinds.ts paletteKey), not once per paint. */
export function readPalette(el: Element): Palette {
  const key = paletteKey(el);
  const hit = cache.get(el);
  if (hit?.key === key) return hit.palette;
  const palette = read(el);
  cache.set(el, { key, palette });
  return palette;
}

function read(el: Element): Palette {
  const cs = getComputedStyle(el);
  return {
    none: cssColor(el, '--k-none'),
    zero: cssColor(el, '--k-zero'),
    refpage: cssColor(el, '--k-refpage'),
    private: cssColor(el, '--k-private'),
    shared: cssColor(el, '--k-shared'),
    shmem: cssColor(el, '--k-shmem'),
    poison: cssColor(el, '--k-poison'),
    wp: cssColor(el, '--k-wp'),
    blocked: cssColor(el, '--k-blocked'),
    fg: cssColor(el, '--fg'),
    muted: cssColor(el, '--muted'),
    panel: cssColor(el, '--panel'),
    border: cssColor(el, '--border'),
    sel: cssColor(el, '--sel'),
    hover: cssColor(el, '--hover'),
    change: cssColor(el, '--accent'),
    onCell: '#111',
    font: cs.getPropertyValue('--font').trim() || 'sans-serif',
    mono: cs.getPropertyValue('--mono').trim() || 'monospace',
  };
}

/** Relative luminance of a #rgb or #rrggbb colour (WCAG 2); null for any other form. */
function luminance(color: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * Black or white, whichever reads better on `background` (WCAG contrast): a label's words on a
 * marker drawn in the theme's colours, which classroom mode makes bright in the dark palette.
 */
export function readableOn(background: string): '#000' | '#fff' {
  const l = luminance(background);
  if (l === null) return '#fff';
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}
