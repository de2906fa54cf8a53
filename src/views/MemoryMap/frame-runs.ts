/**
 * Frames grouped for the zoomed-out map: consecutive pfns of the same kind, all shared (mapcount
 * above 1) or none, form one bundle. Computed once per frame arrays (they are replaced, never
 * changed, when a step touches a frame).
 */
import { FrameKindCode, type FrameArrays } from '../../store/selectors/mapping';

export interface FrameRuns {
  count: number;
  start: Int32Array;
  len: Int32Array;
  kind: Uint8Array;
  /** 1 when the run's frames are mapped more than once (anonymous frames shared after fork). */
  shared: Uint8Array;
}

const cache = new WeakMap<FrameArrays, FrameRuns>();

export function frameRuns(f: FrameArrays): FrameRuns {
  const hit = cache.get(f);
  if (hit) return hit;
  const start: number[] = [];
  const len: number[] = [];
  const kind: number[] = [];
  const shared: number[] = [];
  // The zero page stands alone: a bundle never hides it among ordinary frames. A frame's key is
  // its kind, doubled, plus one when it is anonymous and shared; the key of the run's first frame
  // is kept, so the loop (262,144 frames for a 1 GiB mapping) reads each frame once.
  const { kind: kinds, mapcount } = f;
  const anon = FrameKindCode.anon;
  let s = 0;
  let ks = -1;
  for (let p = 1; p <= f.n; p++) {
    let kp = -2;
    if (p < f.n) {
      const k = kinds[p]!;
      kp = k * 2 + (k === anon && mapcount[p]! > 1 ? 1 : 0);
      if (kp === ks) continue;
    }
    start.push(s);
    len.push(p - s);
    kind.push(kinds[s]!);
    shared.push(ks >= 0 ? ks & 1 : 0);
    s = p;
    ks = kp;
  }
  const runs: FrameRuns = {
    count: start.length,
    start: Int32Array.from(start),
    len: Int32Array.from(len),
    kind: Uint8Array.from(kind),
    shared: Uint8Array.from(shared),
  };
  cache.set(f, runs);
  return runs;
}
