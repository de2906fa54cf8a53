import { describe, expect, it } from 'vitest';
import { FrameKindCode, type FrameArrays } from '../../store/selectors/mapping';
import { frameRuns } from './frame-runs';

/** The definition, frame by frame: the zero page alone; then runs of one kind, shared or not. */
function naive(f: FrameArrays) {
  const key = (p: number) =>
    p === 0
      ? -1
      : f.kind[p]! * 2 + (f.kind[p] === FrameKindCode.anon && f.mapcount[p]! > 1 ? 1 : 0);
  const runs: [number, number, number, number][] = [];
  let s = 0;
  for (let p = 1; p <= f.n; p++) {
    if (p < f.n && key(p) === key(s)) continue;
    runs.push([s, p - s, f.kind[s]!, key(s) >= 0 ? key(s) & 1 : 0]);
    s = p;
  }
  return runs;
}

describe('frame bundles', () => {
  it('group consecutive frames of one kind, shared or not, the zero page alone', () => {
    const n = 40;
    const kind = new Uint8Array(n);
    const mapcount = new Int32Array(n);
    kind[0] = FrameKindCode.zero;
    for (let p = 1; p < n; p++) {
      kind[p] = p % 13 === 0 ? 0 : p < 20 ? FrameKindCode.anon : FrameKindCode.shmem;
      mapcount[p] = p % 7 === 0 ? 2 : 1;
    }
    const counts = { zero: 0, refpage: 0, anon: 0, anonShared: 0, shmem: 0 };
    const f: FrameArrays = { n, kind, mapcount, refcount: mapcount, counts };
    const r = frameRuns(f);
    const got = Array.from({ length: r.count }, (_, i) => [
      r.start[i],
      r.len[i],
      r.kind[i],
      r.shared[i],
    ]);
    expect(got).toEqual(naive(f));
    expect(got[0]).toEqual([0, 1, FrameKindCode.zero, 0]);
    expect(got.some(([, , k, sh]) => k === FrameKindCode.anon && sh === 1)).toBe(true);
  });
});
