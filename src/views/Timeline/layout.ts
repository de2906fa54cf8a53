/**
 * The timeline's geometry as a pure function (design habit 13: D3 computes, React renders): an x
 * scale from seq to pixels, one lane per thread grouped by process, and markers bucketed per pixel
 * column when a run has more steps than the lane has pixels (a 10^6-step run stays a few thousand
 * SVG nodes).
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { EngineEvent, StepResult } from '../../store/engine';
import type { RunIndex } from '../../store/run-index';

export type MarkKind = 'signal' | 'blocked' | 'cow' | 'fault' | 'mte' | 'uffd' | 'call';
/** Most important first: a bucket shows its most important step. */
export const MARK_ORDER: MarkKind[] = ['signal', 'blocked', 'cow', 'fault', 'mte', 'uffd', 'call'];

export function markKind(records: readonly StepResult[]): MarkKind {
  let best = MARK_ORDER.length - 1;
  const bump = (k: MarkKind) => (best = Math.min(best, MARK_ORDER.indexOf(k)));
  for (const r of records) {
    if (r.signal) bump('signal');
    if (r.blocked) bump('blocked');
    for (const e of r.events) bump(eventMark(e));
  }
  return MARK_ORDER[best]!;
}

function eventMark(e: EngineEvent): MarkKind {
  switch (e.kind) {
    case 'signal':
      return 'signal';
    case 'thread_blocked':
      return 'blocked';
    case 'cow_copied':
      return 'cow';
    case 'fault':
      return 'fault';
    case 'tag_check':
      return e.ok ? 'mte' : 'signal';
    case 'tags_set':
      return 'mte';
    case 'uffd_msg_queued':
    case 'thread_woken':
      return 'uffd';
    default:
      return 'call';
  }
}

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
export function seqTicks(x: ScaleLinear<number, number>, steps: number): number[] {
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
  x: ScaleLinear<number, number>;
  width: number;
  height: number;
  labelWidth: number;
  laneHeight: number;
  top: number;
  rows: LaneRow[];
  markers: Marker[];
  bucketed: boolean;
}

export const LANE_H = 22;
export const PROC_GAP = 8;
export const TOP = 16;

export function timelineLayout(
  records: readonly StepResult[],
  idx: RunIndex,
  width: number,
  labelWidth = 96,
): TimelineLayout {
  const n = Math.max(1, idx.steps);
  const x = scaleLinear()
    .domain([0.5, n + 0.5])
    .range([labelWidth, Math.max(labelWidth + 10, width - 8)]);
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
  // Bucket key: lane and pixel column; each bucket keeps its most important step.
  const buckets = new Map<number, Marker>();
  for (let k = 1; k <= idx.steps; k++) {
    const from = idx.recStart[k]!;
    const to = idx.recStart[k + 1]!;
    const recs = records.slice(from, to);
    const kind = markKind(recs);
    const lane = idx.laneOf[k]!;
    const px = x(k);
    let events = 0;
    for (const r of recs) events += r.events.length;
    if (!bucketed) {
      markers.push({ seq: k, lane, x: px, kind, count: 1, events });
      continue;
    }
    const col = Math.floor(px / 3);
    const key = col * 4096 + lane;
    const m = buckets.get(key);
    if (!m) buckets.set(key, { seq: k, lane, x: col * 3 + 1.5, kind, count: 1, events });
    else {
      m.count++;
      m.events += events;
      if (MARK_ORDER.indexOf(kind) < MARK_ORDER.indexOf(m.kind)) {
        m.kind = kind;
        m.seq = k;
      }
    }
  }
  if (bucketed) markers.push(...buckets.values());
  return {
    x,
    width,
    height: y + 6,
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
