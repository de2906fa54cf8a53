/**
 * An index over a run, built as the run goes (design habit 9): the lane of each step (one per
 * thread, grouped by process), its timeline mark, its event count and the breakpoint kinds it
 * hits, blocked intervals, uffd message arrows, and every VMA range the run has had. Views read
 * this index and the timeline (timeline.ts); nothing here keeps a record or a state.
 *
 * It is built in two halves so that the engine can run in a Web Worker: a digester sees each step
 * where it runs and condenses it into columns of small numbers plus the few facts spans and arrows
 * need (IndexChunk, plain data and typed arrays, cheap to post); an index builder applies chunks
 * where the views are. In Node both halves run in one place.
 */
import type { EngineEvent, EngineState, StepResult } from './engine';
import { breakBits, markIndex } from './marks';
import type { Timeline } from './timeline';

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

export interface Range {
  start: number;
  end: number;
}

export interface RunIndex {
  /** Executed steps indexed so far (the largest cursor). */
  steps: number;
  /** The lane (an index into `lanes`) of each seq's own step (index 0 unused). */
  laneOf: Uint16Array;
  lanes: Lane[];
  blocked: BlockedSpan[];
  arrows: MsgArrow[];
  /** Each seq's timeline mark, an index into MARK_ORDER (marks.ts). */
  marks: Uint8Array;
  /** The events each seq recorded (a summary counts as the events it folds). */
  events: Uint32Array;
  /** The breakpoint kinds each seq hits (marks.ts BREAK_BIT). */
  breaks: Uint8Array;
  /**
   * Where each step of the document first ran: its record path (`steps/2/steps/0`, and every
   * enclosing repeat's `steps/2`) → the seq of its first execution (the editor moves the cursor to
   * a line's step with it).
   */
  firstSeq: ReadonlyMap<string, number>;
  /**
   * Every VMA range of every process over the run so far (a run-wide address axis). The same array
   * until a range is added, so that what is derived from it can be cached on it.
   */
  ranges: Range[];
  /**
   * Every process of the run so far, in order of appearance (a child from its fork on, an exited
   * one kept). The same array until a process is added, like `ranges`.
   */
  procs: string[];
}

/** One step's facts for blocked spans and arrows (only steps that have some). */
export interface StepExtra {
  seq: number;
  /** The step's own record blocked its thread. */
  blocked?: true;
  /** Lanes (by first appearance) of the threads this step resumed. */
  resumed?: number[];
  /** uffd messages queued by the step. */
  queued?: { event: string; uffd: number; msg: number | null }[];
  /** uffd messages the step read. */
  read?: { event: string; msg: number | null }[];
}

/** A slice of the index as the digester makes it: seqs from..to. */
export interface IndexChunk {
  from: number;
  to: number;
  /** Per seq: the lane by first appearance (newLanes continue the numbering). */
  lane: Uint16Array;
  mark: Uint8Array;
  events: Uint32Array;
  breaks: Uint8Array;
  newLanes: { proc: string; thread: string }[];
  extras: StepExtra[];
  ranges: Range[];
  /** Processes seen for the first time in this chunk. */
  procs: string[];
  /** Record paths run for the first time in this chunk, with their seq. */
  firstSeq: [string, number][];
}

/** Typed columns that grow by doubling. */
class Column<T extends Uint8Array | Uint16Array | Uint32Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      let n = this.data.length;
      while (n <= i) n *= 2;
      const d = this.make(n);
      d.set(this.data);
      this.data = d;
    }
    this.data[i] = v;
  }
}

function eventCount(records: readonly StepResult[]): number {
  let n = 0;
  for (const r of records)
    for (const e of r.events as EngineEvent[]) n += e.kind === 'summary' ? e.count : 1;
  return n;
}

/** Events after which the set of VMA ranges may have grown. */
const VMA_EVENTS = new Set(['vma_changed', 'process', 'uffd_range']);

export interface Digester {
  /**
   * One executed step: its records, and the state after it (read at once, not kept; asked for
   * only when the step may have changed the VMAs).
   */
  add(seq: number, records: readonly StepResult[], state: () => EngineState): void;
  /** What was added since the last take, or null if nothing was. */
  take(): IndexChunk | null;
}

/**
 * `initial` is the state before the first step (its VMAs and processes belong to the run's axis
 * too, even if the first step unmaps them).
 */
export function createDigester(initial?: EngineState): Digester {
  const laneIds = new Map<string, number>();
  const seenRanges = new Set<string>();
  const seenProcs = new Set<string>();
  let from = 1;
  let n = 0;
  let lane = new Uint16Array(256);
  let mark = new Uint8Array(256);
  let events = new Uint32Array(256);
  let breaks = new Uint8Array(256);
  let newLanes: IndexChunk['newLanes'] = [];
  let extras: StepExtra[] = [];
  let ranges: Range[] = [];
  let procs: string[] = [];
  let firstSeq: [string, number][] = [];
  const seenPaths = new Set<string>();
  let first = true;

  /** The VMA ranges and processes of a state, those not seen before. */
  const look = (st: EngineState) => {
    for (const name of st.procOrder) {
      if (!seenProcs.has(name)) {
        seenProcs.add(name);
        procs.push(name);
      }
      for (const v of st.procs[name]?.mm.vmas ?? []) {
        const key = `${v.start}:${v.end}`;
        if (seenRanges.has(key)) continue;
        seenRanges.add(key);
        ranges.push({ start: v.start, end: v.end });
      }
    }
  };
  if (initial) look(initial);

  const laneId = (proc: string, thread: string) => {
    const key = `${proc}/${thread}`;
    let id = laneIds.get(key);
    if (id === undefined) {
      id = laneIds.size;
      laneIds.set(key, id);
      newLanes.push({ proc, thread });
    }
    return id;
  };
  const grow = () => {
    const g = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T, make: (n: number) => T) => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    lane = g(lane, (k) => new Uint16Array(k));
    mark = g(mark, (k) => new Uint8Array(k));
    events = g(events, (k) => new Uint32Array(k));
    breaks = g(breaks, (k) => new Uint8Array(k));
  };

  return {
    add(seq, records, state) {
      if (n === 0) from = seq;
      if (n === lane.length) grow();
      const own = records.find((r) => !r.resumed) ?? records[0];
      lane[n] = own ? laneId(own.proc, own.thread) : 0;
      mark[n] = markIndex(records);
      events[n] = eventCount(records);
      let bits = 0;
      let extra: StepExtra | null = null;
      let vmas = first;
      for (const r of records) {
        bits |= breakBits(r);
        if (r.resumed) {
          ((extra ??= { seq }).resumed ??= []).push(laneId(r.proc, r.thread));
          continue;
        }
        if (r.blocked) (extra ??= { seq }).blocked = true;
        if (!seenPaths.has(r.path)) {
          // The step's own path, then each repeat around it: cut at every `/steps/`.
          for (let p = r.path; !seenPaths.has(p);) {
            seenPaths.add(p);
            firstSeq.push([p, r.seq]);
            const cut = p.lastIndexOf('/steps/');
            if (cut < 0) break;
            p = p.slice(0, cut);
          }
        }
        for (const e of r.events) {
          if (e.kind === 'uffd_msg_queued')
            ((extra ??= { seq }).queued ??= []).push({
              event: e.event,
              uffd: e.uffd,
              msg: typeof e.msg === 'number' ? e.msg : null,
            });
          else if (e.kind === 'uffd_msg_read')
            ((extra ??= { seq }).read ??= []).push({
              event: e.event,
              msg: typeof e.msg === 'number' ? e.msg : null,
            });
          if (VMA_EVENTS.has(e.kind)) vmas = true;
        }
      }
      breaks[n] = bits;
      if (extra) extras.push(extra);
      if (vmas) {
        first = false;
        look(state());
      }
      n++;
    },
    take() {
      if (
        n === 0 &&
        newLanes.length === 0 &&
        ranges.length === 0 &&
        procs.length === 0 &&
        firstSeq.length === 0
      )
        return null;
      const chunk: IndexChunk = {
        from,
        to: from + n - 1,
        lane: lane.slice(0, n),
        mark: mark.slice(0, n),
        events: events.slice(0, n),
        breaks: breaks.slice(0, n),
        newLanes,
        extras,
        ranges,
        procs,
        firstSeq,
      };
      from += n;
      n = 0;
      newLanes = [];
      extras = [];
      ranges = [];
      procs = [];
      firstSeq = [];
      return chunk;
    },
  };
}

export interface IndexBuilder {
  apply(chunk: IndexChunk): void;
  /** The index as applied so far: a new object after every apply, the same one otherwise. */
  index(): RunIndex;
}

export function createIndexBuilder(): IndexBuilder {
  const byId: Lane[] = [];
  /** Display row of each lane id. */
  let rowOf: number[] = [];
  let lanes: Lane[] = [];
  const laneOf = new Column((k) => new Uint16Array(k));
  const marks = new Column((k) => new Uint8Array(k));
  const events = new Column((k) => new Uint32Array(k));
  const breaks = new Column((k) => new Uint8Array(k));
  const blocked: BlockedSpan[] = [];
  const openBlock = new Map<number, BlockedSpan>();
  const arrows: MsgArrow[] = [];
  const pending: MsgArrow[] = [];
  /** Replaced, not appended to, when it grows: a view may cache what it derives from it. */
  let ranges: Range[] = [];
  let procs: string[] = [];
  const firstSeq = new Map<string, number>();
  let steps = 0;
  let cached: RunIndex | null = null;

  /** Lanes grouped by process (processes in order of first appearance), threads likewise. */
  const relayout = () => {
    const procFirst = new Map<string, number>();
    byId.forEach((l, i) => procFirst.has(l.proc) || procFirst.set(l.proc, i));
    const order = byId
      .map((l, i) => ({ l, i }))
      .sort((x, y) => procFirst.get(x.l.proc)! - procFirst.get(y.l.proc)! || x.i - y.i);
    const next: number[] = [];
    order.forEach((o, row) => (next[o.i] = row));
    // A new thread of an earlier process pushes later lanes down: renumber what is indexed.
    const move: number[] = [];
    rowOf.forEach((row, id) => (move[row] = next[id]!));
    if (move.some((to, from) => to !== from)) {
      const d = laneOf.data;
      for (let k = 1; k <= steps; k++) d[k] = move[d[k]!]!;
      for (const sp of blocked) sp.lane = move[sp.lane]!;
      for (const ar of arrows) {
        ar.fromLane = move[ar.fromLane]!;
        if (ar.toLane !== null) ar.toLane = move[ar.toLane]!;
      }
    }
    rowOf = next;
    lanes = order.map((o) => o.l);
  };

  return {
    apply(c) {
      if (c.newLanes.length) {
        for (const l of c.newLanes)
          byId.push({ proc: l.proc, thread: l.thread, key: `${l.proc}/${l.thread}` });
        relayout();
      }
      const extras = new Map(c.extras.map((e) => [e.seq, e]));
      for (let k = c.from; k <= c.to; k++) {
        const j = k - c.from;
        const row = rowOf[c.lane[j]!] ?? 0;
        laneOf.set(k, row);
        marks.set(k, c.mark[j]!);
        events.set(k, c.events[j]!);
        breaks.set(k, c.breaks[j]!);
        const x = extras.get(k);
        if (!x) continue;
        if (x.blocked) {
          const span: BlockedSpan = { lane: row, from: k, to: null };
          blocked.push(span);
          openBlock.set(c.lane[j]!, span);
        }
        for (const q of x.queued ?? []) {
          const a: MsgArrow = {
            fromSeq: k,
            fromLane: row,
            toSeq: null,
            toLane: null,
            event: q.event,
            uffd: q.uffd,
            msg: q.msg,
          };
          pending.push(a);
          arrows.push(a);
        }
        // Each read ends the arrow of the message it names (by id; without ids, the next of its
        // kind), so with several userfaultfds open every arrow ends at the read that took it.
        for (const m of x.read ?? []) {
          const i = pending.findIndex((a) =>
            m.msg !== null && a.msg !== null
              ? a.msg === m.msg
              : a.msg === null && a.event === m.event,
          );
          if (i >= 0) {
            const a = pending.splice(i, 1)[0]!;
            a.toSeq = k;
            a.toLane = row;
          }
        }
        for (const id of x.resumed ?? []) {
          const span = openBlock.get(id);
          if (span) {
            span.to = k;
            openBlock.delete(id);
          }
        }
      }
      if (c.ranges.length) ranges = ranges.concat(c.ranges);
      if (c.procs.length) procs = procs.concat(c.procs);
      for (const [p, seq] of c.firstSeq) if (!firstSeq.has(p)) firstSeq.set(p, seq);
      steps = Math.max(steps, c.to);
      cached = null;
    },
    index() {
      return (cached ??= {
        steps,
        laneOf: laneOf.data.subarray(0, steps + 1),
        lanes,
        blocked,
        arrows,
        marks: marks.data.subarray(0, steps + 1),
        events: events.data.subarray(0, steps + 1),
        breaks: breaks.data.subarray(0, steps + 1),
        firstSeq,
        ranges,
        procs,
      });
    },
  };
}

/** The index of a whole timeline at once (a run that kept everything, or a finished trace). */
export function buildRunIndex(run: Timeline): RunIndex {
  const d = createDigester(run.stateAt(0));
  const b = createIndexBuilder();
  run.scan(1, run.steps, (seq, records) => d.add(seq, records, () => run.stateAt(seq)));
  const c = d.take();
  if (c) b.apply(c);
  return b.index();
}

/** The records the step at seq `k` produced: its own, then any `resumed` records of threads it woke. */
export function recordsAt(run: Timeline, idx: RunIndex, k: number): StepResult[] {
  if (k < 1 || k > idx.steps) return [];
  return run.recordsAt(k);
}

/** The step's own record at seq `k`, or null for the initial state. */
export function recordAt(run: Timeline, idx: RunIndex, k: number): StepResult | null {
  return recordsAt(run, idx, k)[0] ?? null;
}

/** Every event of seq `k`, in order, over the step's record and its resumed records. */
export function eventsAt(run: Timeline, idx: RunIndex, k: number): EngineEvent[] {
  const recs = recordsAt(run, idx, k);
  if (recs.length === 1) return recs[0]!.events;
  // No spread: one step can hold hundreds of thousands of events (MADV_POPULATE_WRITE of 1 GiB).
  const out: EngineEvent[] = [];
  for (const r of recs) for (const e of r.events) out.push(e);
  return out;
}
