import { zoom, zoomIdentity as d3Identity } from 'd3';
import { describe, expect, it } from 'vitest';
import { constrain, wheelDelta, zoomAbout, zoomIdentity, type Extent } from './pan-zoom';

const close = (a: { k: number; x: number; y: number }, b: { k: number; x: number; y: number }) => {
  expect(a.k).toBeCloseTo(b.k, 9);
  expect(a.x).toBeCloseTo(b.x, 9);
  expect(a.y).toBeCloseTo(b.y, 9);
};

describe('pan and zoom, as d3-zoom computes them', () => {
  it('composes, applies and inverts transforms as d3-zoom’s ZoomTransform', () => {
    const ours = zoomIdentity.translate(-300, 12).scale(4).translate(7, -2).scale(0.5);
    const theirs = d3Identity.translate(-300, 12).scale(4).translate(7, -2).scale(0.5);
    close(ours, theirs);
    for (const p of [
      [0, 0],
      [123.5, -40],
      [900, 300],
    ] as const) {
      expect(ours.apply(p)).toEqual(theirs.apply([p[0], p[1]]));
      expect(ours.invert(p)[0]).toBeCloseTo(theirs.invert([p[0], p[1]])[0], 9);
      expect(ours.invertX(p[0])).toBeCloseTo(theirs.invertX(p[0]), 9);
      expect(ours.invertY(p[1])).toBeCloseTo(theirs.invertY(p[1]), 9);
      expect(ours.applyX(p[0])).toBeCloseTo(theirs.applyX(p[0]), 9);
    }
  });

  it('keeps the view inside the world as d3-zoom’s default constraint does', () => {
    const d3Constrain = zoom().constrain();
    const box: Extent = [
      [0, 0],
      [800, 120],
    ];
    const unbounded: Extent = [
      [-Infinity, -Infinity],
      [Infinity, Infinity],
    ];
    for (const [k, x, y] of [
      [1, 0, 0],
      [1, 50, -10],
      [4, 200, 0],
      [4, -5000, -30],
      [4, -1200, -200],
      [0.5, 100, 10],
      [16, -6400, 0],
    ] as const) {
      const ours = zoomIdentity.translate(x, y).scale(k);
      const theirs = d3Identity.translate(x, y).scale(k);
      for (const world of [box, unbounded]) {
        const e = [
          [world[0][0], world[0][1]],
          [world[1][0], world[1][1]],
        ] as [[number, number], [number, number]];
        close(
          constrain(ours, box, world),
          d3Constrain(
            theirs,
            [
              [0, 0],
              [800, 120],
            ],
            e,
          ),
        );
      }
    }
  });

  it('turns a wheel event into a zoom factor as d3-zoom does', () => {
    const d3Delta = zoom().wheelDelta() as (e: unknown) => number;
    for (const e of [
      { deltaY: 100, deltaMode: 0, ctrlKey: false },
      { deltaY: -3, deltaMode: 1, ctrlKey: false },
      { deltaY: 1, deltaMode: 2, ctrlKey: false },
      { deltaY: -8, deltaMode: 0, ctrlKey: true },
    ])
      expect(wheelDelta(e)).toBeCloseTo(d3Delta(e), 12);
  });

  it('zooms about a point: the world point stays under the pointer, k within its limits', () => {
    const t = zoomIdentity.translate(-100, 0).scale(2);
    const p = [300, 40] as const;
    const z = zoomAbout(t, 8, p, t.invert(p), [1, 64]);
    expect(z.k).toBe(8);
    expect(z.apply(t.invert(p))).toEqual([300, 40]);
    // Clamped: asked for 1000, given the largest.
    expect(zoomAbout(t, 1000, p, t.invert(p), [1, 64]).k).toBe(64);
    expect(zoomAbout(t, 0.1, p, t.invert(p), [1, 64]).k).toBe(1);
  });
});
