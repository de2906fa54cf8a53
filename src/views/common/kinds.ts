/**
 * The visual vocabulary shared by the views: a colour, a letter and a pattern for each page kind,
 * so that nothing is told by colour alone (the letters are the format's pagemap letters).
 */
import type { PageKindName } from '../../store/selectors/pages';

export interface KindStyle {
  label: string;
  letter: string;
  cssVar: string;
  /** Canvas pattern drawn over the colour: none, diagonal hatch, dots, cross. */
  pattern: 'none' | 'hatch' | 'dots' | 'cross' | 'outline';
  description: string;
}

export const PAGE_STYLES: Record<PageKindName, KindStyle> = {
  none: {
    label: 'Not present',
    letter: '.',
    cssVar: '--k-none',
    pattern: 'outline',
    description: 'no PTE: the first access faults',
  },
  zero: {
    label: 'Zero page',
    letter: 'z',
    cssVar: '--k-zero',
    pattern: 'dots',
    description: 'the shared zero page, read-only',
  },
  refpage: {
    label: 'Reference page',
    letter: 'r',
    cssVar: '--k-refpage',
    pattern: 'hatch',
    description: 'the refpage_create pattern page, read-only',
  },
  // x and s tell mapcount, as /proc/PID/pagemap's "exclusively mapped" bit does: a MAP_SHARED
  // memfd page mapped once is x, a private page still shared with a child after fork is s.
  private: {
    label: 'Mapped once',
    letter: 'x',
    cssVar: '--k-private',
    pattern: 'none',
    description: 'a frame this one PTE maps (mapcount 1)',
  },
  shared: {
    label: 'Mapped more than once',
    letter: 's',
    cssVar: '--k-shared',
    pattern: 'cross',
    description: 'a frame other PTEs map too (mapcount > 1: after fork, or a shared mapping)',
  },
  poison: {
    label: 'Poisoned',
    letter: 'p',
    cssVar: '--k-poison',
    pattern: 'cross',
    description: 'UFFDIO_POISON marker: SIGBUS',
  },
};

export const OVERLAY_STYLES = {
  wp: {
    label: 'uffd write-protected',
    letter: 'w',
    cssVar: '--k-wp',
    description: 'a write faults to userfaultfd (drawn as a thick top bar)',
  },
  blocked: {
    label: 'Thread blocked here',
    letter: '!',
    cssVar: '--k-blocked',
    description: 'a thread sleeps on this page (drawn with a red frame)',
  },
} as const;

/**
 * The palette an element's CSS variables resolve to: the stylesheets set them on <html> only,
 * keyed on its data-theme and data-classroom (useDocumentMode), so those two name it.
 */
export function paletteKey(el: Element): string {
  const d = el.ownerDocument.documentElement.dataset;
  return `${d.theme ?? ''}|${d.classroom ?? ''}`;
}

const colorCache = new WeakMap<Element, Map<string, string>>();

/**
 * Resolved colours for canvas drawing (canvas cannot read CSS variables by itself), remembered
 * per element and palette (paletteKey). Reading computed style makes the browser bring style up
 * to date, a style recalculation of the whole page in the middle of the views' effects when the
 * step changed the page: a first draw read each colour once per view per draw before.
 */
export function cssColor(el: Element, cssVar: string): string {
  let m = colorCache.get(el);
  if (!m) colorCache.set(el, (m = new Map()));
  const key = `${paletteKey(el)}|${cssVar}`;
  let c = m.get(key);
  if (c === undefined) {
    c = getComputedStyle(el).getPropertyValue(cssVar).trim() || '#888';
    m.set(key, c);
  }
  return c;
}
