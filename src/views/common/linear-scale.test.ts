import { scaleLinear, zoomIdentity } from 'd3';
import { describe, expect, it } from 'vitest';
import { linearScale, rescaleX } from './linear-scale';

describe('the views’ linear scale', () => {
  it('maps, inverts and rescales as d3’s scaleLinear does', () => {
    const ours = linearScale([0.5, 100.5], [96, 892]);
    const d3s = scaleLinear().domain([0.5, 100.5]).range([96, 892]);
    for (const x of [0.5, 1, 37.25, 100.5, 140]) expect(ours(x)).toBeCloseTo(d3s(x), 9);
    for (const y of [0, 96, 400, 892]) expect(ours.invert(y)).toBeCloseTo(d3s.invert(y), 9);
    const t = zoomIdentity.translate(-300, 0).scale(4);
    const a = rescaleX(t, ours);
    const b = t.rescaleX(d3s);
    expect(a.domain()[0]).toBeCloseTo(b.domain()[0]!, 9);
    expect(a.domain()[1]).toBeCloseTo(b.domain()[1]!, 9);
    expect(a(50)).toBeCloseTo(b(50), 9);
    // rescaleX copies: the original is unchanged.
    expect(ours.domain()).toEqual([0.5, 100.5]);
    expect(ours.range()).toEqual([96, 892]);
  });
});
