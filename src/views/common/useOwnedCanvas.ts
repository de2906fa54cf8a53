/**
 * A canvas that one view owns (design habit 13): React renders the host element, and this hook
 * puts the canvas inside it, outside React's tree, so that drawing code (or its pan and zoom) never touches
 * a node React renders. The Address space, Physical frames and Tag granules views draw this way.
 *
 *   const { host, canvas } = useOwnedCanvas('frames-canvas');
 *   useEffect(() => {
 *     const c = canvas.current && sizeCanvas(canvas.current, width, height, 'what it shows');
 *     if (c) draw(c.ctx, c.dpr);
 *   }, [...]);
 *   useCanvasPointer(canvas, useMemo(() => ({ click: (x, y) => … }), [...]));
 *   return <div ref={host} />;
 *
 * The hook's effect runs before the view's own effects (it is called first), so they find the
 * canvas in place.
 */
import { useEffect, useRef, type RefObject } from 'react';

export interface OwnedCanvas {
  /** Give it to the element the canvas goes in. */
  host: RefObject<HTMLDivElement | null>;
  /** The canvas, from the first effect on; null before and after the view is mounted. */
  canvas: RefObject<HTMLCanvasElement | null>;
}

export function useOwnedCanvas(className?: string): OwnedCanvas {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = document.createElement('canvas');
    if (className) c.className = className;
    // An image for assistive technology; sizeCanvas gives it its name.
    c.setAttribute('role', 'img');
    el.appendChild(c);
    canvas.current = c;
    return () => {
      c.remove();
      canvas.current = null;
    };
  }, [className]);
  return { host, canvas };
}

/**
 * Sizes the canvas to `width` × `height` CSS pixels, backed by that many device pixels (sharp on
 * high-density screens), names it for screen readers, and returns its 2D context with the
 * device-pixel scale applied, or null where the browser gives none.
 */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  label: string,
): { ctx: CanvasRenderingContext2D; dpr: number } | null {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.setAttribute('aria-label', label);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, dpr };
}

/** Pointer handlers in canvas coordinates (CSS pixels from the canvas's top-left corner). */
export interface CanvasPointer {
  click?: (x: number, y: number) => void;
  move?: (x: number, y: number) => void;
  leave?: () => void;
}

/**
 * Listens to clicks and moves on the owned canvas. Pass a memoised `pointer` (useMemo with the
 * values the handlers read): the listeners are replaced whenever it changes.
 */
export function useCanvasPointer(
  canvas: RefObject<HTMLCanvasElement | null>,
  pointer: CanvasPointer | null,
): void {
  useEffect(() => {
    const c = canvas.current;
    if (!c || !pointer) return;
    const at = (e: MouseEvent, f: (x: number, y: number) => void) => {
      const r = c.getBoundingClientRect();
      f(e.clientX - r.left, e.clientY - r.top);
    };
    const listeners: ['click' | 'mousemove' | 'mouseleave', (e: MouseEvent) => void][] = [];
    const { click, move, leave } = pointer;
    if (click) listeners.push(['click', (e) => at(e, click)]);
    if (move) listeners.push(['mousemove', (e) => at(e, move)]);
    if (leave) listeners.push(['mouseleave', () => leave()]);
    for (const [type, f] of listeners) c.addEventListener(type, f);
    return () => {
      for (const [type, f] of listeners) c.removeEventListener(type, f);
    };
  }, [canvas, pointer]);
}
