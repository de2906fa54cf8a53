/**
 * What the memory map draws, derived from a state (design habit 8): for every process of the run,
 * the PTE of every page of a run-wide page axis (its frame and flag bits), and for every frame the
 * run ever used, its kind, mapcount and fan-in (the present PTEs that point at it).
 *
 * Built incrementally: a model for one state is the model of a nearby state patched with ptDiff
 * and frameDiff, which skip every subtree the two states share, so moving the cursor one step over
 * a 1 GiB mapping costs what that step changed. Typed arrays a step did not touch are shared
 * between models and never written after they are published.
 */
import {
  frameDiffLeaves,
  geometry,
  ptDiffSlices,
  PTE_PRESENT,
  PTE_SPECIAL,
  SLICE_PTES,
  type EngineState,
  type Frame,
  type FrameTable,
  type Vma,
} from '../engine';
import type { Range, RunIndex } from '../run-index';
import type { Timeline } from '../timeline';

/* ---------------------------------------------------------------- the page axis */

/** One stretch of addresses that some process mapped at some step: [start, end). */
export interface PageSegment {
  start: number;
  end: number;
  /** Axis index of the segment's first page. */
  i0: number;
}

/** Every page any process mapped during the run, segment after segment, in address order. */
export interface PageAxis {
  segments: PageSegment[];
  pages: number;
  pageSize: number;
}

/** Keyed on the index's ranges, a new array whenever the run (still going) has mapped more. */
const axisCache = new WeakMap<readonly Range[], PageAxis>();

/**
 * The run-wide page axis: the union of every VMA of every process over the run (so far), which
 * the run's index collects as the run goes (run-index.ts), so no state is replayed for it.
 */
export function pageAxisOf(run: Timeline, index: RunIndex): PageAxis {
  const hit = axisCache.get(index.ranges);
  if (hit) return hit;
  const ranges = [...index.ranges].sort((a, b) => a.start - b.start);
  const pageSize = run.finalState.machine.pageSize;
  const segments: PageSegment[] = [];
  let pages = 0;
  for (const r of ranges) {
    const last = segments[segments.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) {
        pages += (r.end - last.end) / pageSize;
        last.end = r.end;
      }
      continue;
    }
    segments.push({ start: r.start, end: r.end, i0: pages });
    pages += (r.end - r.start) / pageSize;
  }
  const axis = { segments, pages, pageSize };
  axisCache.set(index.ranges, axis);
  return axis;
}

/** The segment holding axis index i (binary search). */
export function segmentOfIndex(axis: PageAxis, i: number): number {
  let lo = 0;
  let hi = axis.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (axis.segments[mid]!.i0 <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Axis index of the page holding `addr`, or -1 when no process ever mapped it. */
export function pageIndex(axis: PageAxis, addr: number): number {
  let lo = 0;
  let hi = axis.segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = axis.segments[mid]!;
    if (addr < s.start) hi = mid - 1;
    else if (addr >= s.end) lo = mid + 1;
    else return s.i0 + Math.floor((addr - s.start) / axis.pageSize);
  }
  return -1;
}

/** The address of the page at axis index i. */
export function pageAddr(axis: PageAxis, i: number): number {
  const s = axis.segments[segmentOfIndex(axis, i)];
  return s ? s.start + (i - s.i0) * axis.pageSize : 0;
}

/** Every process of the run, in order of appearance (a child exists from its fork on). */
export function runProcs(index: RunIndex): string[] {
  return index.procs;
}

/** The number of frame slots the run (so far) used: pfn 0 (the zero page) to the high-water mark. */
export function runFrameCount(run: Timeline): number {
  return run.finalState.frames.next;
}

/* ---------------------------------------------------------------- the model */

/** Frame kinds as stored in FrameArrays.kind. */
export const FrameKindCode = { free: 0, zero: 1, anon: 2, shmem: 3, refpage: 4 } as const;
const KIND_CODE: Record<Frame['kind'], number> = { zero: 1, anon: 2, shmem: 3, refpage: 4 };

export interface FrameArrays {
  n: number;
  /** FrameKindCode per pfn; 0 for a free slot. */
  kind: Uint8Array;
  mapcount: Int32Array;
  refcount: Int32Array;
  /**
   * Frames by kind, anonymous ones split by mapcount (above 1: shared), pfn 0 included: kept as
   * the arrays are patched, so the frames summary never counts 262,144 frames.
   */
  counts: FrameCounts;
}

export interface FrameCounts {
  zero: number;
  refpage: number;
  anon: number;
  anonShared: number;
  shmem: number;
}

/** The count a frame of this kind and mapcount adds to (free slots: none). */
function countKey(kind: number, mapcount: number): keyof FrameCounts | null {
  switch (kind) {
    case FrameKindCode.zero:
      return 'zero';
    case FrameKindCode.refpage:
      return 'refpage';
    case FrameKindCode.shmem:
      return 'shmem';
    case FrameKindCode.anon:
      return mapcount > 1 ? 'anonShared' : 'anon';
    default:
      return null;
  }
}

/** One thread asleep on a page (handle_userfault), drawn on that page. */
export interface BlockedThread {
  thread: string;
  addr: number;
  i: number;
  write: boolean;
}

export interface ProcMap {
  name: string;
  /** The process exists at this step (forked already), and has not exited. */
  exists: boolean;
  alive: boolean;
  vmas: readonly Vma[];
  /** Per axis page: the frame a present PTE maps, or -1. */
  pfn: Int32Array;
  /** Per axis page: the PTE's flag bits (PTE_* below PTE_PFN_SHIFT), 0 for pte_none. */
  bits: Uint8Array;
  blocked: BlockedThread[];
}

export interface MappingModel {
  state: EngineState;
  axis: PageAxis;
  procs: ProcMap[];
  frames: FrameArrays;
  /** Per pfn: how many present PTEs (of every process) point at it. */
  fanIn: Int32Array;
  /** The sum of fanIn: every present PTE. */
  ptes: number;
  /** Frames in use other than the zero page (pfn 0). */
  framesInUse: number;
}

const PTE_FLAG_MOD = 256; // 1 << PTE_PFN_SHIFT: the flags below the pfn

/** The page a thread sleeps on in handle_userfault, or null (running, or asleep for another reason). */
export function userfaultWait(
  t: EngineState['procs'][string]['threads'][string] | undefined,
): { addr: number; write: boolean } | null {
  const w = t?.blocked?.wait;
  return w?.kind === 'userfault' ? { addr: w.addr, write: w.write } : null;
}

function blockedOf(state: EngineState, name: string, axis: PageAxis): BlockedThread[] {
  const p = state.procs[name];
  if (!p) return [];
  const out: BlockedThread[] = [];
  const ps = axis.pageSize;
  for (const t of p.threadOrder) {
    const w = userfaultWait(p.threads[t]);
    if (!w) continue;
    const addr = Math.floor(w.addr / ps) * ps;
    out.push({ thread: t, addr, i: pageIndex(axis, addr), write: w.write });
  }
  return out;
}

function sameBlocked(a: BlockedThread[], b: BlockedThread[]): boolean {
  return a.length === b.length && a.every((x, k) => x.thread === b[k]!.thread && x.i === b[k]!.i);
}

function emptyFrameTable(like: FrameTable): FrameTable {
  return { ...like, root: new Array(like.root.length).fill(null), free: null, next: 1, used: 0 };
}

/**
 * The model of `state`, built from `base` (a model of another state of the same run) by applying
 * what differs, or from nothing when base is null.
 */
export function buildMapping(
  run: Timeline,
  index: RunIndex,
  state: EngineState,
  base: MappingModel | null,
): MappingModel {
  const axis = pageAxisOf(run, index);
  const names = runProcs(index);
  const n = Math.max(runFrameCount(run), state.frames.next);
  const g = geometry(state.machine);
  const usable =
    base && base.axis === axis && base.frames.n === n && base.procs.length === names.length
      ? base
      : null;

  let fanIn: Int32Array | null = usable ? null : new Int32Array(n);
  const fan = (): Int32Array => (fanIn ??= usable!.fanIn.slice());
  let ptes = usable?.ptes ?? 0;

  const procs = names.map((name, k): ProcMap => {
    const cur = state.procs[name];
    const old = usable?.procs[k] ?? null;
    const oldPgd = usable?.state.procs[name]?.mm.pgd ?? null;
    const pgd = cur?.mm.pgd ?? null;
    const blocked = blockedOf(state, name, axis);
    const exists = !!cur;
    const alive = !!cur?.alive;
    const vmas = cur?.mm.vmas ?? [];
    if (old && oldPgd === pgd) {
      if (old.vmas === vmas && old.alive === alive && old.exists === exists)
        if (sameBlocked(old.blocked, blocked)) return old;
      return { ...old, exists, alive, vmas, blocked };
    }
    const pfn = old ? old.pfn.slice() : new Int32Array(axis.pages).fill(-1);
    const bits = old ? old.bits.slice() : new Uint8Array(axis.pages);
    ptes += applyPtDiff(g, old ? oldPgd : null, pgd, axis, { pfn, bits, fan: fan(), n });
    return { name, exists, alive, vmas, pfn, bits, blocked };
  });

  let frames: FrameArrays;
  let framesInUse = usable?.framesInUse ?? 0;
  if (usable && usable.state.frames === state.frames) frames = usable.frames;
  else {
    const from = usable ? usable.state.frames : emptyFrameTable(state.frames);
    frames = {
      n,
      kind: usable ? usable.frames.kind.slice() : new Uint8Array(n),
      mapcount: usable ? usable.frames.mapcount.slice() : new Int32Array(n),
      refcount: usable ? usable.frames.refcount.slice() : new Int32Array(n),
      counts: usable
        ? { ...usable.frames.counts }
        : { zero: 0, refpage: 0, anon: 0, anonShared: 0, shmem: 0 },
    };
    framesInUse += applyFrameDiff(from, state.frames, frames);
  }
  return { state, axis, procs, frames, fanIn: fanIn ?? usable!.fanIn, ptes, framesInUse };
}

/**
 * Writes into a process's arrays every PTE that differs between two page tables (`before` null:
 * from nothing, the first draw of a run), and counts present PTEs in `fan`; returns the change in
 * present PTEs. A slice of 64 PTEs at a time (ptDiffSlices): a jump across a 1 GiB mapping is
 * 262,144 PTEs a process, so the loop over each slice is plain array reads, and a PTE's axis index
 * is an offset into the segment found for the slice, not a search.
 */
function applyPtDiff(
  g: ReturnType<typeof geometry>,
  before: EngineState['procs'][string]['mm']['pgd'] | null,
  after: EngineState['procs'][string]['mm']['pgd'] | null,
  axis: PageAxis,
  out: { pfn: Int32Array; bits: Uint8Array; fan: Int32Array; n: number },
): number {
  const { pfn, bits, fan, n } = out;
  const ps = axis.pageSize;
  let delta = 0;
  // The segment the last PTE fell in: [segStart, segEnd) from axis index segI0.
  let segStart = 0;
  let segEnd = 0;
  let segI0 = 0;
  ptDiffSlices(g, before, after, (addr, sa, sb) => {
    for (let j = 0; j < SLICE_PTES; j++) {
      const a = sa === null ? 0 : (sa[j] ?? 0);
      const b = sb === null ? 0 : (sb[j] ?? 0);
      if (a === b) continue;
      const va = addr + j * ps;
      if (va < segStart || va >= segEnd) {
        const s = axis.segments[segmentOfAddr(axis, va)];
        if (!s || va < s.start || va >= s.end) continue;
        segStart = s.start;
        segEnd = s.end;
        segI0 = s.i0;
      }
      const i = segI0 + (va - segStart) / ps;
      const fa = a % PTE_FLAG_MOD;
      const fb = b % PTE_FLAG_MOD;
      if (fa & PTE_PRESENT) {
        const q = (a - fa) / PTE_FLAG_MOD;
        if (q < n) fan[q]!--;
        delta--;
      }
      if (fb & PTE_PRESENT) {
        const q = (b - fb) / PTE_FLAG_MOD;
        pfn[i] = q;
        if (q < n) fan[q]!++;
        delta++;
      } else pfn[i] = -1;
      bits[i] = fb;
    }
  });
  return delta;
}

/** The segment whose start is the last at or below addr (binary search; check its end). */
function segmentOfAddr(axis: PageAxis, addr: number): number {
  let lo = 0;
  let hi = axis.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (axis.segments[mid]!.start <= addr) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Writes into `out` every frame that differs between two frame tables, a leaf of 64 frames at a
 * time (frameDiffLeaves); returns the change in frames in use other than the zero page.
 */
function applyFrameDiff(from: FrameTable, to: FrameTable, out: FrameArrays): number {
  const { n, kind, mapcount, refcount, counts } = out;
  let delta = 0;
  frameDiffLeaves(from, to, (p0, la, lb) => {
    const len = Math.min((lb ?? la)!.length, n - p0);
    for (let j = 0; j < len; j++) {
      const before = la === null ? null : (la[j] ?? null);
      const after = lb === null ? null : (lb[j] ?? null);
      if (before === after) continue;
      const pfn = p0 + j;
      if (pfn > 0) delta += (after ? 1 : 0) - (kind[pfn] ? 1 : 0);
      const was = countKey(kind[pfn]!, mapcount[pfn]!);
      if (was) counts[was]--;
      if (after) {
        kind[pfn] = KIND_CODE[after.kind];
        mapcount[pfn] = after.mapcount;
        refcount[pfn] = after.refcount;
        const now = countKey(kind[pfn]!, after.mapcount);
        if (now) counts[now]++;
      } else {
        kind[pfn] = 0;
        mapcount[pfn] = 0;
        refcount[pfn] = 0;
      }
    }
  });
  return delta;
}

/**
 * The model for a state of a run, cached: a few recent models per run (each holds arrays the size
 * of the run's axis, so keeping one per step of a long run would exhaust memory), the nearest
 * recent one serving as the base of the next.
 */
const KEEP = 6;
const modelCache = new WeakMap<Timeline, MappingModel[]>();

export function mappingOf(run: Timeline, index: RunIndex, state: EngineState): MappingModel {
  let list = modelCache.get(run);
  if (!list) modelCache.set(run, (list = []));
  const hit = list.find((m) => m.state === state && m.axis === pageAxisOf(run, index));
  if (hit) return hit;
  // The base: the most recent model whose state is nearest in seq.
  let base: MappingModel | null = null;
  for (const m of list) {
    if (!base || Math.abs(m.state.seq - state.seq) < Math.abs(base.state.seq - state.seq)) base = m;
  }
  const model = buildMapping(run, index, state, base);
  list.push(model);
  if (list.length > KEEP) list.shift();
  return model;
}

/* ---------------------------------------------------------------- runs of pages */

/**
 * Pages of one process grouped into runs with the same story: inside one VMA, the same PTE bits,
 * and frames that follow on (pfn, pfn+1, … for ordinary frames; the same pfn for the zero page
 * and a reference page). The map collapses a run into one bundle ("512 pages → 512 frames").
 */
export interface PageRuns {
  count: number;
  /** Axis index of each run's first page. */
  start: Int32Array;
  len: Int32Array;
}

const runsCache = new WeakMap<ProcMap, PageRuns>();

export function pageRuns(axis: PageAxis, pm: ProcMap): PageRuns {
  const hit = runsCache.get(pm);
  if (hit) return hit;
  const starts: number[] = [];
  const lens: number[] = [];
  const { bits, pfn } = pm;
  for (const v of pm.vmas) {
    const a = pageIndex(axis, v.start);
    if (a < 0) continue;
    const b = a + Math.round((v.end - v.start) / axis.pageSize);
    let s = a;
    // A page continues the run when its bits are the same and its frame follows on (inlined: a
    // 1 GiB mapping is 262,144 pages per process).
    for (let i = a + 1; i < b; i++) {
      const x = bits[i]!;
      const p = pfn[i]!;
      const q = pfn[i - 1]!;
      if (x === bits[i - 1] && (p < 0 || q < 0 ? p === q : x & PTE_SPECIAL ? p === q : p === q + 1))
        continue;
      starts.push(s);
      lens.push(i - s);
      s = i;
    }
    if (b > a) {
      starts.push(s);
      lens.push(b - s);
    }
  }
  const runs = { count: starts.length, start: Int32Array.from(starts), len: Int32Array.from(lens) };
  runsCache.set(pm, runs);
  return runs;
}
