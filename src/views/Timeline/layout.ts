/**
 * The timeline's geometry as a pure function (design habit 13: D3 computes, React renders): an x
 * scale from seq to pixels, one lane per thread grouped by process, and markers bucketed per pixel
 * column when a run has more steps than the lane has pixels (a 10^6-step run stays a few thousand
 * SVG nodes).
 */
import { linearScale, type LinearScale } from '../common/linear-scale';
import type { RunIndex } from '../../store/run-index';
import { MARK_ORDER, type MarkKind } from '../../store/marks';

export { markKind, type MarkKind } from '../../store/marks';

export interface LaneRow {
  lane: number;
  proc: string;
  thread: string;
  y: number;
  /** True for the first lane of a process: the group's label goes here. */
  firstOfProc: boolean;
}

export interface Marker {
  /** The seq a click on this marker goes to (the bucket's most important step). */
  seq: number;
  lane: number;
  x: number;
  kind: MarkKind;
  /** How many steps this marker stands for (1 unless bucketed). */
  count: number;
  events: number;
}

/** Seq labels along the top: every step when there is room, else round multiples. */
export function seqTicks(x: LinearScale, steps: number): number[] {
  if (steps === 0) return [];
  const px = (x.range()[1]! - x.range()[0]!) / steps;
  let every = 1;
  for (const m of [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000,
    500000,
  ]) {
    every = m;
    if (px * m >= 28) break;
  }
  const out: number[] = [];
  for (let k = every === 1 ? 1 : every; k <= steps; k += every) out.push(k);
  return out;
}

export interface TimelineLayout {
  x: LinearScale;
  width: number;
  height: number;
  labelWidth: number;
  laneHeight: number;
  top: number;
  rows: LaneRow[];
  markers: Marker[];
  /** Blocked intervals; merged per lane where they touch within a pixel (a bucketed run). */
  spans: SpanBar[];
  /** uffd message arrows, at most one per lane pair and pixel column of the fault. */
  arrows: ArrowLine[];
  bucketed: boolean;
}

export interface SpanBar {
  lane: number;
  x0: number;
  x1: number;
  title: string;
}

export interface ArrowLine {
  /** "UFFD_EVENT_PAGEFAULT from main/T1 at step 9, read by main/main at step 12". */
  title: string;
  x1: number;
  fromLane: number;
  x2: number;
  toLane: number;
}

export const LANE_H = 22;
export const PROC_GAP = 8;
export const TOP = 16;

export function timelineLayout(idx: RunIndex, width: number, labelWidth = 96): TimelineLayout {
  const n = Math.max(1, idx.steps);
  const x = linearScale([0.5, n + 0.5], [labelWidth, Math.max(labelWidth + 10, width - 8)]);
  const rows: LaneRow[] = [];
  let y = TOP;
  idx.lanes.forEach((l, i) => {
    const firstOfProc = i === 0 || idx.lanes[i - 1]!.proc !== l.proc;
    if (firstOfProc && i > 0) y += PROC_GAP;
    rows.push({ lane: i, proc: l.proc, thread: l.thread, y, firstOfProc });
    y += LANE_H;
  });
  const pxPerStep = (x.range()[1]! - x.range()[0]!) / n;
  const bucketed = pxPerStep < 4;
  const markers: Marker[] = [];
  if (!bucketed) {
    for (let k = 1; k <= idx.steps; k++) {
      const kind: MarkKind = MARK_ORDER[idx.marks[k]!]!;
      markers.push({
        seq: k,
        lane: idx.laneOf[k]!,
        x: x(k),
        kind,
        count: 1,
        events: idx.events[k]!,
      });
    }
  } else {
    // One bucket per lane and 3-pixel column, keeping its most important step: typed arrays and
    // the scale's linear map inlined, as a 10^6-step run is re-laid out while it grows.
    const cols = Math.ceil(x.range()[1]! / 3) + 1;
    const lanes = Math.max(1, idx.lanes.length);
    const best = new Int32Array(cols * lanes); // seq, 0 for an empty bucket
    const count = new Int32Array(cols * lanes);
    const events = new Float64Array(cols * lanes);
    const [d0, d1] = x.domain() as [number, number];
    const [r0, r1] = x.range() as [number, number];
    const a = (r1 - r0) / (d1 - d0);
    const b = r0 - a * d0;
    for (let k = 1; k <= idx.steps; k++) {
      const key = Math.floor((a * k + b) / 3) * lanes + idx.laneOf[k]!;
      const m = best[key]!;
      count[key]!++;
      events[key]! += idx.events[k]!;
      if (m === 0 || idx.marks[k]! < idx.marks[m]!) best[key] = k;
    }
    for (let key = 0; key < best.length; key++) {
      const k = best[key]!;
      if (k === 0) continue;
      markers.push({
        seq: k,
        lane: key % lanes,
        x: Math.floor(key / lanes) * 3 + 1.5,
        kind: MARK_ORDER[idx.marks[k]!]!,
        count: count[key]!,
        events: events[key]!,
      });
    }
  }
  return {
    x,
    width,
    height: y + 6,
    spans: spanBars(idx, x, bucketed),
    arrows: arrowLines(idx, x, bucketed),
    labelWidth,
    laneHeight: LANE_H,
    top: TOP,
    rows,
    markers,
    bucketed,
  };
}

/** The seq under a pixel (for clicks and drags on the lanes), clamped to [0, steps]. */
export function seqAt(layout: Pick<TimelineLayout, 'x'>, px: number, steps: number): number {
  return Math.max(0, Math.min(steps, Math.round(layout.x.invert(px))));
}

function spanBars(idx: RunIndex, x: LinearScale, bucketed: boolean): SpanBar[] {
  const bars: SpanBar[] = [];
  const open = new Map<number, SpanBar & { n: number; from: number; to: number | null }>();
  for (const b of idx.blocked) {
    const x0 = x(b.from);
    const x1 = x(b.to ?? idx.steps + 0.5);
    const prev = open.get(b.lane);
    if (bucketed && prev && x0 - prev.x1 < 1) {
      prev.x1 = Math.max(prev.x1, x1);
      prev.n++;
      prev.to = b.to;
      continue;
    }
    const bar = { lane: b.lane, x0, x1, title: '', n: 1, from: b.from, to: b.to };
    open.set(b.lane, bar);
    bars.push(bar);
  }
  for (const bar of bars as (SpanBar & { n: number; from: number; to: number | null })[]) {
    bar.title =
      bar.n > 1
        ? `blocked ${bar.n} times between step ${bar.from} and ${bar.to ?? 'the end'}`
        : `blocked from step ${bar.from}${bar.to ? ` until step ${bar.to}` : ' to the end'}`;
  }
  return bars.map(({ lane, x0, x1, title }) => ({ lane, x0, x1: Math.max(x0 + 2, x1), title }));
}

function arrowLines(idx: RunIndex, x: LinearScale, bucketed: boolean): ArrowLine[] {
  const lines: ArrowLine[] = [];
  const seen = new Set<string>();
  for (const a of idx.arrows) {
    if (a.toSeq === null || a.toLane === null) continue;
    const x1 = x(a.fromSeq);
    if (bucketed) {
      const key = `${a.fromLane}:${a.toLane}:${Math.floor(x1 / 3)}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const lane = (i: number) => idx.lanes[i]?.key ?? '?';
    lines.push({
      title: `${a.event} from ${lane(a.fromLane)} at step ${a.fromSeq}, read by ${lane(a.toLane)} at step ${a.toSeq}`,
      x1,
      fromLane: a.fromLane,
      x2: x(a.toSeq),
      toLane: a.toLane,
    });
  }
  return lines;
}
