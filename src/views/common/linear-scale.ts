/**
 * A linear scale: the part of d3-scale's scaleLinear the views use (map, invert, domain, range,
 * copy; the shape d3-zoom's ZoomTransform.rescaleX expects). Written here because scaleLinear
 * also brings d3-format, number formatting for tick labels the views never ask for: about 3 KB
 * gzipped of the first view's 200 KB (issue 9, target 6). Pure, tested in Node.
 */
export interface LinearScale {
  (x: number): number;
  invert(y: number): number;
  domain(): number[];
  domain(d: readonly number[]): this;
  range(): number[];
  range(r: readonly number[]): this;
  copy(): this;
}

export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  let [d0, d1] = domain;
  let [r0, r1] = range;
  const scale = ((x: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((x - d0) * (r1 - r0)) / (d1 - d0)) as LinearScale;
  scale.invert = (y) => (r1 === r0 ? (d0 + d1) / 2 : d0 + ((y - r0) * (d1 - d0)) / (r1 - r0));
  scale.domain = ((d?: readonly number[]) => {
    if (!d) return [d0, d1];
    [d0, d1] = [d[0]!, d[1]!];
    return scale;
  }) as LinearScale['domain'];
  scale.range = ((r?: readonly number[]) => {
    if (!r) return [r0, r1];
    [r0, r1] = [r[0]!, r[1]!];
    return scale;
  }) as LinearScale['range'];
  scale.copy = () => linearScale([d0, d1], [r0, r1]) as ReturnType<LinearScale['copy']>;
  return scale;
}

/** d3-zoom's ZoomTransform.rescaleX for this scale: the domain that `t` shows in the same range. */
export function rescaleX(t: { invertX(x: number): number }, s: LinearScale): LinearScale {
  return s.copy().domain(s.range().map((x) => s.invert(t.invertX(x))));
}
