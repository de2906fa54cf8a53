/**
 * What one step changed in memory, put in the order of the step's events, so the memory map can
 * play each event's part: PTEs added, removed, re-pointed or re-protected, pages moved
 * (UFFDIO_MOVE), frames allocated, copied, freed or recounted, threads put to sleep on a page or
 * woken, faults and signals taken.
 *
 * The changes themselves are changes.ts's (the two states diffed: exact, whatever the engine
 * emitted); the step's events put them in order. Each change carries `phase`, the index of
 * the event that made it, so stepping event by event (Shift+arrows) can show each event's part: a
 * copy-on-write is a fault, then a copy into a new frame, then the writer's PTE re-pointed and the
 * old frame's mapcount dropped. Only event kinds are read, never `fn` strings.
 */
import {
  ptePfn,
  PTE_PRESENT,
  type EngineEvent,
  type EngineState,
  type FillMethod,
  type Frame,
  type StepResult,
} from '../engine';
import { recordsAt, type RunIndex } from '../run-index';
import type { Timeline } from '../timeline';
import { stepChanges } from './changes';
import { userfaultWait } from './mapping';

export type LinkChangeKind =
  /** A present PTE appeared where there was none. */
  | 'added'
  /** A present PTE went away. */
  | 'removed'
  /** The PTE now maps another frame (copy-on-write, a refault). */
  | 'repointed'
  /** Same frame, other bits: writable in place (wp_page_reuse), write-protected (fork), uffd-wp. */
  | 'protection'
  /** Not present before or after, only a marker changed (poison, uffd-wp on an empty PTE). */
  | 'marker';

export interface LinkChange {
  proc: string;
  /** The page's address. */
  addr: number;
  before: number;
  after: number;
  kind: LinkChangeKind;
  /** For the destination of a UFFDIO_MOVE: the page the PTE came from. */
  movedFrom?: number;
  /** The source of a UFFDIO_MOVE: drawn as part of the destination's change, not on its own. */
  movedAway?: boolean;
  phase: number;
}

export type FrameChangeKind = 'allocated' | 'freed' | 'counts' | 'contents';

export interface FrameStepChange {
  pfn: number;
  before: Frame | null;
  after: Frame | null;
  kind: FrameChangeKind;
  /** A copy-on-write (or reference page) copy: the frame the contents came from. */
  copiedFrom?: number;
  /** UFFDIO_COPY: the source address the handler passed (in its own memory). */
  copiedFromAddr?: number;
  fill?: FillMethod;
  phase: number;
  /** The last event that set, cleared or copied the frame's MTE tags. */
  tagsPhase?: number;
}

export interface BlockChange {
  proc: string;
  thread: string;
  addr: number;
  kind: 'blocked' | 'woken';
  phase: number;
}

/** Something that happened at a page without changing it: a fault taken, a signal raised. */
export interface PageMark {
  proc: string;
  addr: number;
  label: string;
  /** A signal or a tag mismatch: the access failed. */
  failed: boolean;
  phase: number;
}

/**
 * Addresses a process stopped mapping (munmap, exit, the far end of mremap) or started mapping
 * (mmap, fork), so the map can fade their pages out or in instead of making them blink.
 */
export interface VmaChange {
  proc: string;
  start: number;
  end: number;
  kind: 'gone' | 'new';
  phase: number;
}

export interface OrderedChanges {
  links: LinkChange[];
  vmas: VmaChange[];
  frames: FrameStepChange[];
  blocks: BlockChange[];
  marks: PageMark[];
  /** False when the step changed more PTEs than changes.ts lists: the lists stop there. */
  complete: boolean;
  /** The number of events of the step (phases run 0 … events-1). */
  events: number;
}

export const NO_ORDERED_CHANGES: OrderedChanges = {
  links: [],
  vmas: [],
  frames: [],
  blocks: [],
  marks: [],
  complete: true,
  events: 0,
};

/** Event kinds that change a PTE, and the page addresses each one names. */
function ptePages(e: EngineEvent): number[] | { from: number; to: number } | null {
  switch (e.kind) {
    case 'pte_mapped':
    case 'pte_cleared':
    case 'zero_page_mapped':
    case 'refpage_mapped':
    case 'page_reused':
    case 'pte_shared':
    case 'uffd_filled':
      return [e.addr];
    case 'page_moved':
      return [e.from, e.to];
    case 'uffd_wp_changed':
      return { from: e.start, to: e.end - 1 };
    case 'summary':
      return isPteKind(e.of) && e.from !== undefined && e.to !== undefined
        ? { from: e.from, to: e.to }
        : null;
    default:
      return null;
  }
}

const PTE_KINDS = new Set([
  'pte_mapped',
  'pte_cleared',
  'zero_page_mapped',
  'refpage_mapped',
  'page_reused',
  'pte_shared',
  'uffd_filled',
  'page_moved',
]);
const isPteKind = (k: string) => PTE_KINDS.has(k);

/** The events that make or unmake a frame, and its pfn. */
function framePfn(e: EngineEvent): number | null {
  switch (e.kind) {
    case 'frame_allocated':
    case 'frame_freed':
      return e.pfn;
    case 'cow_copied':
      return e.to;
    case 'pagecache_page':
      return e.created ? e.pfn : null;
    default:
      return null;
  }
}

/** The changes between two states (changes.ts), ordered by the events of the records between. */
export function diffStates(
  a: EngineState,
  b: EngineState,
  records: readonly StepResult[],
): OrderedChanges {
  const events: EngineEvent[] = [];
  const procOf: string[] = [];
  for (const r of records) {
    for (const e of r.events) {
      events.push(e);
      procOf.push(r.proc);
    }
  }
  const ps = b.machine.pageSize;
  const diff = stepChanges(a, b);
  const links: LinkChange[] = diff.ptes.map((p) => ({
    proc: p.proc,
    addr: p.addr,
    before: p.before,
    after: p.after,
    kind: linkKind(p.before, p.after),
    phase: -1,
  }));
  const complete = diff.ptesMore === 0;
  const frames: FrameStepChange[] = complete
    ? diff.frames.map((f) => ({
        pfn: f.pfn,
        before: f.before,
        after: f.after,
        kind: frameKind(f.before, f.after),
        phase: -1,
      }))
    : [];
  const blocks = blockChanges(a, b, ps);
  const marks = pageMarks(events, procOf, ps);
  const vmas = vmaChanges(a, b);
  const out: OrderedChanges = {
    links,
    vmas,
    frames,
    blocks,
    marks,
    complete,
    events: events.length,
  };
  orderByEvents(out, events, ps);
  orderVmaChanges(out, events, procOf);
  patternSources(out, b);
  return out;
}

/**
 * A frame filled by memset for a page of a refpage_create(2) mapping took its contents from the
 * reference page's pattern (arch_copy_refpage): the reference page is where it came from.
 */
function patternSources(c: OrderedChanges, b: EngineState): void {
  for (const l of c.links) {
    if (!((l.after % 256) & PTE_PRESENT)) continue;
    const f = frameOf(c, ptePfn(l.after));
    if (f?.kind !== 'allocated' || f.copiedFrom !== undefined || f.fill !== 'memset') continue;
    const vma = b.procs[l.proc]?.mm.vmas.find((v) => l.addr >= v.start && l.addr < v.end);
    if (vma?.backing.kind !== 'refpage') continue;
    const ref = b.refpages[vma.backing.refpage];
    if (ref) f.copiedFrom = ref.pfn;
  }
}

/** Faults, signals and tag mismatches, on the page where they happened, in the proc that took them. */
function pageMarks(events: readonly EngineEvent[], procOf: string[], ps: number): PageMark[] {
  const out: PageMark[] = [];
  events.forEach((e, k) => {
    const proc = procOf[k]!;
    if (e.kind === 'fault')
      out.push({
        proc,
        addr: page(e.addr, ps),
        label: e.write ? 'write fault' : 'read fault',
        failed: false,
        phase: k,
      });
    else if (e.kind === 'signal')
      out.push({ proc, addr: page(e.addr, ps), label: e.signal, failed: true, phase: k });
    else if (e.kind === 'tag_check' && !e.ok)
      out.push({ proc, addr: page(e.addr, ps), label: 'tag mismatch', failed: true, phase: k });
  });
  return out;
}

function linkKind(before: number, after: number): LinkChangeKind {
  const p = (before % 256) & PTE_PRESENT;
  const q = (after % 256) & PTE_PRESENT;
  if (!p && !q) return 'marker';
  if (!p) return 'added';
  if (!q) return 'removed';
  return ptePfn(before) === ptePfn(after) ? 'protection' : 'repointed';
}

function frameKind(before: Frame | null, after: Frame | null): FrameChangeKind {
  if (!before) return 'allocated';
  if (!after) return 'freed';
  if (before.mapcount !== after.mapcount || before.refcount !== after.refcount) return 'counts';
  return 'contents';
}

function blockChanges(a: EngineState, b: EngineState, ps: number): BlockChange[] {
  const out: BlockChange[] = [];
  const names = new Set([...a.procOrder, ...b.procOrder]);
  for (const name of names) {
    const pa = a.procs[name];
    const pb = b.procs[name];
    const threads = new Set([...(pa?.threadOrder ?? []), ...(pb?.threadOrder ?? [])]);
    for (const t of threads) {
      const x = userfaultWait(pa?.threads[t]);
      const y = userfaultWait(pb?.threads[t]);
      if (x && (!y || y.addr !== x.addr))
        out.push({ proc: name, thread: t, addr: page(x.addr, ps), kind: 'woken', phase: -1 });
      if (y && (!x || y.addr !== x.addr))
        out.push({ proc: name, thread: t, addr: page(y.addr, ps), kind: 'blocked', phase: -1 });
    }
  }
  return out;
}

const page = (addr: number, ps: number) => Math.floor(addr / ps) * ps;

/** A frame's change by pfn (frames are listed once each; a step lists up to 4,096). */
const framesByPfn = new WeakMap<FrameStepChange[], Map<number, FrameStepChange>>();
function frameOf(c: OrderedChanges, pfn: number): FrameStepChange | undefined {
  let m = framesByPfn.get(c.frames);
  if (!m) framesByPfn.set(c.frames, (m = new Map(c.frames.map((f) => [f.pfn, f]))));
  return m.get(pfn);
}

type Span = { start: number; end: number };

/** The parts of sorted spans `x` that no span of sorted `y` covers. */
export function spansMinus(x: readonly Span[], y: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const s of x) {
    let start = s.start;
    while (j < y.length && y[j]!.end <= start) j++;
    for (let k = j; k < y.length && y[k]!.start < s.end; k++) {
      if (y[k]!.start > start) out.push({ start, end: y[k]!.start });
      start = Math.max(start, y[k]!.end);
    }
    if (start < s.end) out.push({ start, end: s.end });
  }
  return out;
}

function vmaChanges(a: EngineState, b: EngineState): VmaChange[] {
  const out: VmaChange[] = [];
  for (const name of new Set([...a.procOrder, ...b.procOrder])) {
    const va = a.procs[name]?.mm.vmas ?? [];
    const vb = b.procs[name]?.mm.vmas ?? [];
    if (va === vb) continue;
    for (const g of spansMinus(va, vb)) out.push({ proc: name, ...g, kind: 'gone', phase: -1 });
    for (const n of spansMinus(vb, va)) out.push({ proc: name, ...n, kind: 'new', phase: -1 });
  }
  return out;
}

/**
 * A span gone or new takes the phase of the event that removed or made it (vma_changed, or the
 * process exiting or being forked), else of the first PTE that left or joined it.
 */
function orderVmaChanges(c: OrderedChanges, events: readonly EngineEvent[], procOf: string[]) {
  const last = Math.max(0, events.length - 1);
  for (const v of c.vmas) {
    let phase = -1;
    for (let k = 0; k < events.length && phase < 0; k++) {
      const e = events[k]!;
      if (e.kind === 'process' && e.proc === v.proc) {
        if (v.kind === 'gone' ? e.change !== 'forked' : e.change === 'forked') phase = k;
      } else if (e.kind === 'vma_changed' && procOf[k] === v.proc) {
        const hit = e.start < v.end && e.end > v.start;
        const how = v.kind === 'gone' ? ['removed', 'moved'] : ['created', 'moved'];
        if (hit && how.includes(e.change)) phase = k;
      }
    }
    if (phase < 0) {
      const want: LinkChangeKind = v.kind === 'gone' ? 'removed' : 'added';
      for (const l of c.links)
        if (l.proc === v.proc && l.kind === want && l.addr >= v.start && l.addr < v.end)
          phase = phase < 0 ? l.phase : Math.min(phase, l.phase);
    }
    v.phase = phase < 0 ? (v.kind === 'gone' ? last : 0) : phase;
  }
}

/** Gives every change the index of the event that made it, and pairs UFFDIO_MOVE's two ends. */
function orderByEvents(c: OrderedChanges, events: readonly EngineEvent[], ps: number): void {
  const last = Math.max(0, events.length - 1);
  // The first PTE event naming each page.
  const byPage = new Map<number, number>();
  const ranges: { from: number; to: number; e: number }[] = [];
  const byFrame = new Map<number, number>();
  events.forEach((e, k) => {
    const pages = ptePages(e);
    if (Array.isArray(pages)) {
      for (const a of pages) if (!byPage.has(page(a, ps))) byPage.set(page(a, ps), k);
    } else if (pages) ranges.push({ ...pages, e: k });
    const pfn = framePfn(e);
    if (pfn !== null && !byFrame.has(pfn)) byFrame.set(pfn, k);
  });
  const phaseOfPage = (addr: number): number => {
    const hit = byPage.get(addr);
    if (hit !== undefined) return hit;
    for (const r of ranges) if (addr >= page(r.from, ps) && addr <= r.to) return r.e;
    return last;
  };
  for (const l of c.links) l.phase = phaseOfPage(l.addr);

  // UFFDIO_MOVE: the source's PTE leaves and the destination's arrives with the same frame.
  for (const e of events) {
    if (e.kind !== 'page_moved') continue;
    const to = c.links.find((l) => l.addr === page(e.to, ps) && l.kind === 'added');
    const from = c.links.find(
      (l) => l.addr === page(e.from, ps) && l.kind === 'removed' && l.proc === to?.proc,
    );
    if (to && from && ptePfn(from.before) === ptePfn(to.after)) {
      to.movedFrom = from.addr;
      from.movedAway = true;
    }
  }

  // A frame made or freed by an event takes that event's phase; a frame whose counts changed
  // changes with the first PTE that took it or let it go (the mapcount drops as the link leaves).
  const linkPhaseOfFrame = new Map<number, number>();
  for (const l of c.links) {
    for (const pte of [l.before, l.after]) {
      if (!((pte % 256) & PTE_PRESENT)) continue;
      const pfn = ptePfn(pte);
      const prev = linkPhaseOfFrame.get(pfn);
      if (prev === undefined || l.phase < prev) linkPhaseOfFrame.set(pfn, l.phase);
    }
  }
  for (const f of c.frames) {
    f.phase = byFrame.get(f.pfn) ?? linkPhaseOfFrame.get(f.pfn) ?? last;
  }
  for (const e of events) {
    if (e.kind === 'cow_copied') {
      const f = frameOf(c, e.to);
      if (f) {
        f.copiedFrom = e.from;
        f.fill = e.method;
      }
    } else if (e.kind === 'uffd_filled' && e.op === 'copy' && e.pfn !== undefined) {
      // UFFDIO_COPY: the new frame's contents came from the handler's source page.
      const f = frameOf(c, e.pfn);
      if (f?.kind === 'allocated') {
        if (e.srcPfn !== undefined) f.copiedFrom = e.srcPfn;
        if (e.src !== undefined) f.copiedFromAddr = e.src;
        f.fill = 'copy';
      }
    }
  }
  events.forEach((e, k) => {
    const pfn =
      e.kind === 'tags_set' || e.kind === 'tags_cleared'
        ? e.pfn
        : e.kind === 'tags_copied'
          ? e.to
          : undefined;
    if (pfn === undefined) return;
    const f = frameOf(c, pfn);
    // The last one: the frame's tags are what it left.
    if (f) f.tagsPhase = k;
  });
  for (const e of events) {
    if (e.kind !== 'frame_allocated') continue;
    const f = frameOf(c, e.pfn);
    if (f && !f.fill) f.fill = e.method;
  }
  // A frame allocated for a PTE that left another frame took its contents from that frame (a
  // write to a reference page: arch_copy_refpage fills the new frame from the pattern).
  for (const l of c.links) {
    if (l.kind !== 'repointed') continue;
    const f = frameOf(c, ptePfn(l.after));
    if (f?.kind === 'allocated' && f.copiedFrom === undefined) f.copiedFrom = ptePfn(l.before);
  }

  events.forEach((e, k) => {
    if (e.kind !== 'thread_blocked' && e.kind !== 'thread_woken') return;
    const want = e.kind === 'thread_blocked' ? 'blocked' : 'woken';
    const b = c.blocks.find((x) => x.thread === e.thread && x.proc === e.proc && x.kind === want);
    if (b && b.phase < 0) b.phase = k;
  });
  for (const b of c.blocks) if (b.phase < 0) b.phase = last;
}

/** The changes the step at cursor `k` made (from state k-1 to state k), cached per run. */
const cache = new WeakMap<Timeline, Map<number, OrderedChanges>>();

export function orderedChanges(run: Timeline, idx: RunIndex, k: number): OrderedChanges {
  if (k < 1 || k > idx.steps || k > run.steps) return NO_ORDERED_CHANGES;
  let m = cache.get(run);
  if (!m) cache.set(run, (m = new Map()));
  let c = m.get(k);
  if (!c) {
    // The state after the step first: a trace's replay to k remembers the state before it.
    const b = run.stateAt(k);
    const a = run.stateAt(k - 1);
    c = diffStates(a, b, recordsAt(run, idx, k));
    if (m.size > 64) m.clear();
    m.set(k, c);
  }
  return c;
}
