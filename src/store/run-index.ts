/**
 * An index over a run's records, built once per run: which records each seq produced, the lanes of
 * the timeline (one per thread, grouped by process), blocked intervals and uffd message arrows.
 * Scrubbing reads this index and RunOutput.states; it never re-runs the engine (design habit 9).
 */
import type { EngineEvent, RunOutput, StepResult } from './engine';

export interface Lane {
  proc: string;
  thread: string;
  /** `proc/thread`, unique. */
  key: string;
}

export interface BlockedSpan {
  lane: number;
  /** The seq of the step that blocked. */
  from: number;
  /** The seq whose step woke it, or null when still blocked at the end of the run. */
  to: number | null;
}

/** A uffd message: queued by a fault at `fromSeq` on `fromLane`, taken by a read at `toSeq`. */
export interface MsgArrow {
  fromSeq: number;
  fromLane: number;
  toSeq: number | null;
  toLane: number | null;
  event: string;
  /** The userfaultfd context the message was queued on. */
  uffd: number;
  /** The message's id (engine events' `msg`), null in runs without ids. */
  msg: number | null;
}

export interface RunIndex {
  /** Executed steps (the largest cursor). */
  steps: number;
  /** records produced by seq k are records[recStart[k]] … records[recStart[k+1]-1]. */
  recStart: Int32Array;
  /** The lane of each seq's own step (index 0 unused). */
  laneOf: Int32Array;
  lanes: Lane[];
  blocked: BlockedSpan[];
  arrows: MsgArrow[];
}

const laneKey = (proc: string, thread: string) => `${proc}/${thread}`;

export function buildRunIndex(run: Pick<RunOutput, 'records' | 'states'>): RunIndex {
  const records = run.records;
  let steps = run.states.length > 0 ? run.states.length - 1 : 0;
  for (const r of records) if (!r.resumed && r.seq > steps) steps = r.seq;

  // Records come in execution order; a `resumed` record belongs to the step that woke it, which is
  // the last non-resumed record before it (format section 4).
  const recStart = new Int32Array(steps + 2);
  const laneOf = new Int32Array(steps + 1);
  const lanes: Lane[] = [];
  const laneIdx = new Map<string, number>();
  const procFirst = new Map<string, number>();
  const blocked: BlockedSpan[] = [];
  const openBlock = new Map<string, BlockedSpan>();
  const arrows: MsgArrow[] = [];
  const pending: MsgArrow[] = [];

  const lane = (proc: string, thread: string): number => {
    const key = laneKey(proc, thread);
    let i = laneIdx.get(key);
    if (i === undefined) {
      i = lanes.length;
      lanes.push({ proc, thread, key });
      laneIdx.set(key, i);
      if (!procFirst.has(proc)) procFirst.set(proc, procFirst.size);
    }
    return i;
  };

  let current = 0;
  let ri = 0;
  recStart[0] = 0;
  for (; ri < records.length; ri++) {
    const r = records[ri]!;
    if (!r.resumed) {
      // Fill the starts of every seq up to this one (a seq with no record keeps an empty range).
      for (let k = current + 1; k <= r.seq && k <= steps; k++) recStart[k] = ri;
      current = Math.max(current, r.seq);
      const l = lane(r.proc, r.thread);
      if (r.seq <= steps) laneOf[r.seq] = l;
      if (r.blocked) {
        const span = { lane: l, from: r.seq, to: null };
        blocked.push(span);
        openBlock.set(laneKey(r.proc, r.thread), span);
      }
      noteArrows(r, l, current, pending, arrows);
    } else {
      const span = openBlock.get(laneKey(r.proc, r.thread));
      if (span) {
        span.to = current;
        openBlock.delete(laneKey(r.proc, r.thread));
      }
    }
  }
  for (let k = current + 1; k <= steps + 1; k++) recStart[k] = records.length;
  recStart[steps + 1] = records.length;

  // Lanes grouped by process, processes in order of first appearance; threads likewise inside.
  const order = lanes
    .map((l, i) => ({ l, i }))
    .sort((a, b) => procFirst.get(a.l.proc)! - procFirst.get(b.l.proc)! || a.i - b.i);
  const remap = new Int32Array(lanes.length);
  order.forEach((o, j) => (remap[o.i] = j));
  for (let k = 1; k <= steps; k++) laneOf[k] = remap[laneOf[k]!] ?? 0;
  for (const b of blocked) b.lane = remap[b.lane]!;
  for (const a of arrows) {
    a.fromLane = remap[a.fromLane]!;
    if (a.toLane !== null) a.toLane = remap[a.toLane]!;
  }
  return { steps, recStart, laneOf, lanes: order.map((o) => o.l), blocked, arrows };
}

/**
 * uffd message arrows: each `uffd_msg_queued` event is matched with the `uffd_msg_read` event that
 * names the same message (`msg`), so with several userfaultfds open (or a message never read,
 * because its thread was woken first) every arrow ends at the read that took it. A queued event
 * without an id (a synthetic run) pairs with the next read of its kind.
 */
function noteArrows(
  r: StepResult,
  l: number,
  seq: number,
  pending: MsgArrow[],
  arrows: MsgArrow[],
): void {
  for (const e of r.events) {
    if (e.kind === 'uffd_msg_queued') {
      const a: MsgArrow = {
        fromSeq: seq,
        fromLane: l,
        toSeq: null,
        toLane: null,
        event: e.event,
        uffd: e.uffd,
        msg: typeof e.msg === 'number' ? e.msg : null,
      };
      pending.push(a);
      arrows.push(a);
    } else if (e.kind === 'uffd_msg_read') {
      const byId = typeof e.msg === 'number';
      const i = pending.findIndex((a) =>
        byId && a.msg !== null ? a.msg === e.msg : a.msg === null && a.event === e.event,
      );
      if (i >= 0) {
        const a = pending.splice(i, 1)[0]!;
        a.toSeq = seq;
        a.toLane = l;
      }
    }
  }
}

/** The records the step at seq `k` produced: its own, then any `resumed` records of threads it woke. */
export function recordsAt(run: Pick<RunOutput, 'records'>, idx: RunIndex, k: number): StepResult[] {
  if (k < 1 || k > idx.steps) return [];
  return run.records.slice(idx.recStart[k], idx.recStart[k + 1]);
}

/** The step's own record at seq `k`, or null for the initial state. */
export function recordAt(
  run: Pick<RunOutput, 'records'>,
  idx: RunIndex,
  k: number,
): StepResult | null {
  if (k < 1 || k > idx.steps) return null;
  const i = idx.recStart[k]!;
  return i < idx.recStart[k + 1]! ? run.records[i]! : null;
}

/** Every event of seq `k`, in order, over the step's record and its resumed records. */
export function eventsAt(run: Pick<RunOutput, 'records'>, idx: RunIndex, k: number): EngineEvent[] {
  const recs = recordsAt(run, idx, k);
  if (recs.length === 1) return recs[0]!.events;
  // No spread: one step can hold hundreds of thousands of events (MADV_POPULATE_WRITE of 1 GiB).
  const out: EngineEvent[] = [];
  for (const r of recs) for (const e of r.events) out.push(e);
  return out;
}
