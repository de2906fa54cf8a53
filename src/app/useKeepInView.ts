/**
 * Keeps a popover that hangs from its button (CSS: `right: 0` under the button) inside the window.
 * On a narrow window the header's buttons wrap to the left, and a popover wider than the space to
 * the left of its button's right edge would start off screen, its first field and label cut off;
 * here it is slid right (or left) just enough to be whole, and again when the window is resized.
 */
import { useLayoutEffect, type RefObject } from 'react';

/** The gap kept between a popover and the window's edge, in px. */
const MARGIN = 8;

export function useKeepInView(ref: RefObject<HTMLElement | null>, open: boolean): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !open) return;
    const place = () => {
      el.style.translate = '';
      const r = el.getBoundingClientRect();
      const room = document.documentElement.clientWidth;
      const dx =
        r.left < MARGIN
          ? MARGIN - r.left
          : r.right > room - MARGIN
            ? Math.max(MARGIN - r.left, room - MARGIN - r.right)
            : 0;
      if (dx !== 0) el.style.translate = `${Math.round(dx)}px 0`;
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [ref, open]);
}
