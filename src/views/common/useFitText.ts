import { useLayoutEffect, type RefObject } from 'react';

/**
 * Shrinks the type of a box until its content fits without a scrollbar (classroom mode: a
 * projector must show the whole explanation), from 100% down to `min` in 5% steps; grows it back
 * when the content or the box changes. Only the box's own font-size is touched.
 */
export function useFitText(
  ref: RefObject<HTMLElement | null>,
  key: unknown,
  enabled: boolean,
  min = 0.6,
): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!enabled) {
      el.style.fontSize = '';
      return;
    }
    const fit = () => {
      let scale = 1;
      el.style.fontSize = '';
      const base = parseFloat(getComputedStyle(el).fontSize) || 16;
      while (el.scrollHeight > el.clientHeight + 1 && scale > min) {
        scale = Math.max(min, scale - 0.05);
        el.style.fontSize = `${base * scale}px`;
      }
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    let last = el.clientHeight;
    const ro = new ResizeObserver(() => {
      if (el.clientHeight !== last) {
        last = el.clientHeight;
        fit();
      }
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, key, enabled, min]);
}
