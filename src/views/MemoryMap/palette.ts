/**
 * The colours and fonts the memory map paints with, read from the CSS variables of the theme
 * (a canvas cannot read them by itself), so light, dark and classroom palettes need no code here.
 */
import { cssColor } from '../common/kinds';

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

export function readPalette(el: Element): Palette {
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
