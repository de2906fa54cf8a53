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
 * Resolved colours for canvas drawing (canvas cannot read CSS variables by itself). Reading
 * computed style makes the browser bring style up to date, which costs a style recalculation
 * whenever the page changed since: callers read a palette once per draw, not per colour.
 */
export function cssColor(el: Element, cssVar: string): string {
  return getComputedStyle(el).getPropertyValue(cssVar).trim() || '#888';
}
