/**
 * Pan and zoom for a canvas that one view owns (useOwnedCanvas): the wheel zooms about the
 * pointer, a drag pans (one finger too), two fingers pinch, a double click zooms in (shift: out),
 * and a click that ends a drag is not a click. The views used d3-zoom for this; d3-zoom brings
 * d3-transition, d3-interpolate, d3-color, d3-drag, d3-timer and d3-ease with it, about 18 KB
 * gzipped of the first view's 200 KB budget (issue 9, target 6) for two canvases that never
 * animate a zoom. The arithmetic is d3-zoom's (ZoomTransform, the default constraint and wheel
 * delta); pan-zoom.test.ts checks it against d3-zoom's own functions.
 */

type Point = readonly [number, number];
export type Extent = readonly [Point, Point];

/** A zoom transform as d3-zoom's: screen = world × k + (x, y). Immutable. */
export class ZoomTransform {
  constructor(
    readonly k: number,
    readonly x: number,
    readonly y: number,
  ) {}
  scale(k: number): ZoomTransform {
    return k === 1 ? this : new ZoomTransform(this.k * k, this.x, this.y);
  }
  translate(x: number, y: number): ZoomTransform {
    return x === 0 && y === 0
      ? this
      : new ZoomTransform(this.k, this.x + this.k * x, this.y + this.k * y);
  }
  apply(p: Point): [number, number] {
    return [p[0] * this.k + this.x, p[1] * this.k + this.y];
  }
  applyX(x: number): number {
    return x * this.k + this.x;
  }
  invert(p: Point): [number, number] {
    return [(p[0] - this.x) / this.k, (p[1] - this.y) / this.k];
  }
  invertX(x: number): number {
    return (x - this.x) / this.k;
  }
  invertY(y: number): number {
    return (y - this.y) / this.k;
  }
}

export const zoomIdentity = new ZoomTransform(1, 0, 0);

/** d3-zoom's default constraint: the visible `extent` stays inside `translateExtent`. */
export function constrain(
  t: ZoomTransform,
  extent: Extent,
  translateExtent: Extent,
): ZoomTransform {
  const dx0 = t.invertX(extent[0][0]) - translateExtent[0][0];
  const dx1 = t.invertX(extent[1][0]) - translateExtent[1][0];
  const dy0 = t.invertY(extent[0][1]) - translateExtent[0][1];
  const dy1 = t.invertY(extent[1][1]) - translateExtent[1][1];
  return t.translate(
    dx1 > dx0 ? (dx0 + dx1) / 2 : Math.min(0, dx0) || Math.max(0, dx1),
    dy1 > dy0 ? (dy0 + dy1) / 2 : Math.min(0, dy0) || Math.max(0, dy1),
  );
}

/** d3-zoom's default wheel delta: log2 of the scale factor one wheel event applies. */
export function wheelDelta(e: { deltaY: number; deltaMode: number; ctrlKey: boolean }): number {
  return -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002) * (e.ctrlKey ? 10 : 1);
}

/** `t` at scale k (clamped to `scaleExtent`), moved so that `world` is drawn at `screen`. */
export function zoomAbout(
  t: ZoomTransform,
  k: number,
  screen: Point,
  world: Point,
  scaleExtent: readonly [number, number],
): ZoomTransform {
  const k1 = Math.max(scaleExtent[0], Math.min(scaleExtent[1], k));
  return new ZoomTransform(k1, screen[0] - world[0] * k1, screen[1] - world[1] * k1);
}

export interface ZoomLimits {
  /** Smallest and largest k (default: 0 and Infinity). */
  scaleExtent: readonly [number, number];
  /** The world the view may show (default: unbounded). */
  translateExtent: Extent;
  /** The element's visible box (default: [[0, 0], [clientWidth, clientHeight]]). */
  extent: Extent;
}

export interface PanZoom {
  /** The transform now. */
  readonly transform: ZoomTransform;
  /** Sets the transform as given (no constraint, as d3-zoom's zoom.transform) and reports it. */
  set(t: ZoomTransform): void;
  /** Zooms by a factor about the middle of the extent, constrained (d3-zoom's scaleBy). */
  scaleBy(k: number): void;
  /** New limits; the transform now is kept until the next gesture. */
  limit(limits: Partial<ZoomLimits>): void;
  /** Removes every listener. */
  detach(): void;
}

export interface PanZoomOptions {
  /** Called with every new transform (gestures, set, scaleBy). */
  onZoom(t: ZoomTransform): void;
  /** A press that moves further than this (CSS pixels) is a drag, not a click. Default 0. */
  clickDistance?: number;
  /** Whether a double click zooms (default true). */
  dblclick?: boolean;
}

const UNBOUNDED: Extent = [
  [-Infinity, -Infinity],
  [Infinity, Infinity],
];

export function panZoom(el: HTMLElement, opts: PanZoomOptions): PanZoom {
  let t = zoomIdentity;
  let scaleExtent: readonly [number, number] = [0, Infinity];
  let translateExtent = UNBOUNDED;
  let extent: Extent | null = null;
  const clickDistance2 = (opts.clickDistance ?? 0) ** 2;
  const box = (): Extent =>
    extent ?? [
      [0, 0],
      [el.clientWidth, el.clientHeight],
    ];
  const emit = (next: ZoomTransform) => {
    t = next;
    opts.onZoom(t);
  };
  const at = (e: { clientX: number; clientY: number }): [number, number] => {
    const r = el.getBoundingClientRect();
    return [e.clientX - r.left - el.clientLeft, e.clientY - r.top - el.clientTop];
  };
  const fit = (next: ZoomTransform) => constrain(next, box(), translateExtent);

  const onWheel = (e: WheelEvent) => {
    if (e.button) return;
    const k = Math.max(scaleExtent[0], Math.min(scaleExtent[1], t.k * 2 ** wheelDelta(e)));
    // At a limit the wheel scrolls the page instead.
    if (k === t.k) return;
    e.preventDefault();
    const p = at(e);
    emit(fit(zoomAbout(t, k, p, t.invert(p), scaleExtent)));
  };

  /** Pointers pressed on the element: where each is now, and the world point it holds. */
  const down = new Map<number, { p: [number, number]; l: [number, number] }>();
  let start: { x: number; y: number } | null = null;
  let moved = false;
  const noSelect = (e: Event) => e.preventDefault();
  const onDown = (e: PointerEvent) => {
    if (e.ctrlKey || e.button) return;
    if (down.size >= 2) return;
    const p = at(e);
    down.set(e.pointerId, { p, l: t.invert(p) });
    el.setPointerCapture?.(e.pointerId);
    if (down.size === 1) {
      start = { x: e.clientX, y: e.clientY };
      moved = false;
      window.addEventListener('selectstart', noSelect);
      window.addEventListener('dragstart', noSelect);
    } else moved = true;
  };
  const onMove = (e: PointerEvent) => {
    const g = down.get(e.pointerId);
    if (!g) return;
    if (!moved && start) {
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      moved = dx * dx + dy * dy > clickDistance2;
    }
    g.p = at(e);
    const [a, b] = [...down.values()];
    if (!b) {
      emit(fit(zoomAbout(t, t.k, a!.p, a!.l, [t.k, t.k])));
      return;
    }
    // Pinch: the scale from the fingers' distance now and in the world, about their midpoint.
    const dp = (b.p[0] - a!.p[0]) ** 2 + (b.p[1] - a!.p[1]) ** 2;
    const dl = (b.l[0] - a!.l[0]) ** 2 + (b.l[1] - a!.l[1]) ** 2;
    if (dl === 0) return;
    const mid: Point = [(a!.p[0] + b.p[0]) / 2, (a!.p[1] + b.p[1]) / 2];
    const wmid: Point = [(a!.l[0] + b.l[0]) / 2, (a!.l[1] + b.l[1]) / 2];
    emit(fit(zoomAbout(t, Math.sqrt(dp / dl), mid, wmid, scaleExtent)));
  };
  const onUp = (e: PointerEvent) => {
    if (!down.delete(e.pointerId)) return;
    // The finger left holds the world point under it now.
    for (const g of down.values()) g.l = t.invert(g.p);
    if (down.size > 0) return;
    window.removeEventListener('selectstart', noSelect);
    window.removeEventListener('dragstart', noSelect);
    if (moved && e.type === 'pointerup') {
      // The click this press ends is a drag's end: swallow it before the view's listener hears it.
      const swallow = (c: Event) => {
        c.preventDefault();
        c.stopImmediatePropagation();
      };
      window.addEventListener('click', swallow, true);
      setTimeout(() => window.removeEventListener('click', swallow, true), 0);
    }
  };
  const onDblclick = (e: MouseEvent) => {
    const p = at(e);
    e.preventDefault();
    emit(fit(zoomAbout(t, t.k * (e.shiftKey ? 0.5 : 2), p, t.invert(p), scaleExtent)));
  };

  // Touches go to the gestures, not to the page's scrolling (as d3-zoom sets).
  el.style.touchAction = 'none';
  el.addEventListener('wheel', onWheel, { passive: false });
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerup', onUp);
  el.addEventListener('pointercancel', onUp);
  if (opts.dblclick !== false) el.addEventListener('dblclick', onDblclick);

  return {
    get transform() {
      return t;
    },
    set: emit,
    scaleBy(k) {
      const e = box();
      const p: Point = [(e[0][0] + e[1][0]) / 2, (e[0][1] + e[1][1]) / 2];
      emit(fit(zoomAbout(t, t.k * k, p, t.invert(p), scaleExtent)));
    },
    limit(l) {
      if (l.scaleExtent) scaleExtent = l.scaleExtent;
      if (l.translateExtent) translateExtent = l.translateExtent;
      if (l.extent) extent = l.extent;
    },
    detach() {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      el.removeEventListener('dblclick', onDblclick);
      window.removeEventListener('selectstart', noSelect);
      window.removeEventListener('dragstart', noSelect);
      down.clear();
    },
  };
}
