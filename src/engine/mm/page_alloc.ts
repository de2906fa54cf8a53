/**
 * The page allocator (mm/page_alloc.c): hands out frames by a fixed rule so that runs are
 * deterministic (design habit 7): the most recently freed frame first (a LIFO, as the per-CPU
 * free lists do), then the lowest frame never used. pfn 0 is the shared zero page, outside the pool.
 */
import type { Frame, FrameKind, FrameTable, PageData } from '../state';
import { FRAME_FANOUT, ZERO_PFN } from '../state';
import type { FrameNode, FreeNode } from '../state';
import { emit, own, wStats, type Tx } from '../tx';
import { ZERO_DATA } from './pagedata';
import type { Sentence } from '../sentence';

export function initialFrames(total: number): FrameTable {
  const zero: Frame = {
    kind: 'zero',
    refcount: 1,
    mapcount: 0,
    data: ZERO_DATA,
    tags: null,
    inode: null,
    index: null,
  };
  let depth = 1;
  while (FRAME_FANOUT ** depth < total + 1) depth++;
  const ft: FrameTable = { root: newNode(), depth, free: null, next: 1, used: 0, total };
  setSlot(null, ft, ZERO_PFN, zero);
  return ft;
}

function newNode(): FrameNode {
  return new Array(FRAME_FANOUT).fill(null);
}

/** log2(FRAME_FANOUT): a level's slot is a field of the pfn's bits. */
const FRAME_BITS = 6;
const FRAME_MASK = FRAME_FANOUT - 1;
/** pfns a 32-bit shift can take apart (machine.frames is at most 2^32, so all but the last). */
const SHIFTABLE = 0xffff_ffff;

function slotIndex(ft: FrameTable, level: number, pfn: number): number {
  const shift = FRAME_BITS * (ft.depth - 1 - level);
  return pfn <= SHIFTABLE
    ? (pfn >>> shift) & FRAME_MASK
    : Math.floor(pfn / 2 ** shift) % FRAME_FANOUT;
}

export function frameAt(ft: FrameTable, pfn: number): Frame | null {
  let node: FrameNode | null = ft.root;
  if (pfn > SHIFTABLE) {
    for (let l = 0; l < ft.depth - 1; l++) {
      node = (node[slotIndex(ft, l, pfn)] as FrameNode | null) ?? null;
      if (!node) return null;
    }
    return (node[slotIndex(ft, ft.depth - 1, pfn)] as Frame | null) ?? null;
  }
  // The common case unrolled into shifts: this is on every fault's path.
  for (let shift = FRAME_BITS * (ft.depth - 1); shift > 0; shift -= FRAME_BITS) {
    node = (node[(pfn >>> shift) & FRAME_MASK] as FrameNode | null) ?? null;
    if (!node) return null;
  }
  return (node[pfn & FRAME_MASK] as Frame | null) ?? null;
}

/**
 * Sets a frame slot, copying the nodes on its path that `tx` does not own (tx null: building a
 * fresh table, which owns everything). `ft` must already be writable.
 */
export function setSlot(tx: Tx | null, ft: FrameTable, pfn: number, frame: Frame | null): void {
  // The leaf this transaction wrote last (tx.ts ftLeaf), reached from the same owned root: an
  // owned node is only ever written in place, so the path to it is still the same nodes.
  const c = tx?.ftLeaf;
  if (c && c.root === ft.root && pfn >= c.base && pfn < c.base + FRAME_FANOUT) {
    c.node[pfn - c.base] = frame;
    return;
  }
  ft.root = tx ? own(tx, ft.root) : ft.root;
  let node = ft.root;
  for (let l = 0; l < ft.depth - 1; l++) {
    const i = slotIndex(ft, l, pfn);
    let child = node[i] as FrameNode | null;
    if (!child) {
      child = newNode();
      if (tx) tx.owned.add(child);
    } else if (tx) child = own(tx, child);
    node[i] = child;
    node = child;
  }
  node[slotIndex(ft, ft.depth - 1, pfn)] = frame;
  if (tx) tx.ftLeaf = { root: ft.root, base: pfn - (pfn % FRAME_FANOUT), node };
}

/**
 * alloc_pages: takes a free frame and initialises it; returns -1 when physical memory is exhausted
 * (the caller decides between ENOMEM and the OOM killer, as the kernel's callers do).
 */
export function allocFrame(
  tx: Tx,
  init: { kind: FrameKind; data: PageData; inode?: number; index?: number; tags?: string | null },
): number {
  let ft = tx.s.frames;
  if (ft.used >= ft.total) return -1;
  ft = tx.s.frames = own(tx, ft);
  let pfn: number;
  const run = ft.free;
  if (run) {
    pfn = run.pfn;
    ft.free =
      run.count > 1
        ? { pfn: pfn - run.dir, count: run.count - 1, dir: run.dir, next: run.next }
        : run.next;
  } else {
    pfn = ft.next++;
  }
  ft.used++;
  const frame: Frame = {
    kind: init.kind,
    refcount: 1,
    mapcount: 0,
    data: init.data,
    tags: init.tags ?? null,
    inode: init.inode ?? null,
    index: init.index ?? null,
  };
  tx.owned.add(frame);
  setSlot(tx, ft, pfn, frame);
  wStats(tx).framesAllocated++;
  return pfn;
}

/** free_pages: returns the frame to the allocator. */
export function freeFrame(tx: Tx, pfn: number, fn: string): void {
  const ft = (tx.s.frames = own(tx, tx.s.frames));
  setSlot(tx, ft, pfn, null);
  ft.free = pushFree(ft.free, pfn);
  ft.used--;
  wStats(tx).framesFreed++;
  emit(tx, { kind: 'frame_freed', fn, pfn });
}

/** The free list with pfn on top: a run grows when pfn continues it (see FreeNode). */
function pushFree(top: FreeNode | null, pfn: number): FreeNode {
  if (top) {
    const dir = pfn - top.pfn;
    if ((dir === 1 || dir === -1) && (top.count === 1 || dir === top.dir))
      return { pfn, count: top.count + 1, dir, next: top.next };
  }
  return { pfn, count: 1, dir: 1, next: top };
}

/** A `frame_freed` event: the last reference went, and the page went back to the allocator. */
export const frameFreedSentence: Sentence<'frame_freed'> = (e) =>
  `Frame pfn ${e.pfn} went back to the page allocator: its last reference was dropped, so nothing maps or holds it any more.`;

/** put_page: drops a reference and frees the frame at zero. */
export function putPage(tx: Tx, pfn: number, fn = 'folio_put'): void {
  if (pfn === ZERO_PFN) return;
  const f = wFrame(tx, pfn);
  f.refcount--;
  if (f.refcount <= 0) freeFrame(tx, pfn, fn);
}

/** Every allocated frame with its pfn, in pfn order (for invariants and views). */
export function forEachFrame(ft: FrameTable, fn: (pfn: number, f: Frame) => void): void {
  const walk = (node: FrameNode, level: number, base: number): void => {
    const span = FRAME_FANOUT ** (ft.depth - 1 - level);
    for (let i = 0; i < FRAME_FANOUT; i++) {
      const e = node[i];
      if (!e) continue;
      if (level === ft.depth - 1) fn(base + i, e as Frame);
      else walk(e as FrameNode, level + 1, base + i * span);
    }
  };
  walk(ft.root, 0, 0);
}

/**
 * Calls fn for every pfn whose frame differs between two frame tables of one machine (before,
 * after; null where there is none), skipping the subtrees they share: the cost is what a step
 * changed. Frames are compared by identity, as a step copies only the frames it writes. fn may
 * return false to stop the walk (a view that lists the first few thousand changes).
 */
export function frameDiff(
  a: FrameTable,
  b: FrameTable,
  fn: (pfn: number, before: Frame | null, after: Frame | null) => unknown,
): void {
  if (a.depth !== b.depth) throw new Error('frameDiff: tables of different machines');
  let stopped = false;
  const walk = (na: FrameNode | null, nb: FrameNode | null, level: number, base: number): void => {
    if (na === nb) return;
    const span = FRAME_FANOUT ** (a.depth - 1 - level);
    for (let i = 0; i < FRAME_FANOUT && !stopped; i++) {
      const ea = na ? (na[i] ?? null) : null;
      const eb = nb ? (nb[i] ?? null) : null;
      if (ea === eb) continue;
      if (level === a.depth - 1)
        stopped = fn(base + i, ea as Frame | null, eb as Frame | null) === false;
      else walk(ea as FrameNode | null, eb as FrameNode | null, level + 1, base + i * span);
    }
  };
  walk(a.root, b.root, 0, 0);
}

/**
 * frameDiff a leaf at a time (FRAME_FANOUT pfns), for the views that read every frame of a run
 * (a 1 GiB mapping is 262,144 frames): calls fn with the first pfn of each leaf that differs
 * between the two tables and the two leaves (null where a whole leaf is empty). The leaves are
 * the tables' own arrays: read them, never write them.
 */
export function frameDiffLeaves(
  a: FrameTable,
  b: FrameTable,
  fn: (
    pfn: number,
    before: readonly (Frame | null)[] | null,
    after: readonly (Frame | null)[] | null,
  ) => void,
): void {
  if (a.depth !== b.depth) throw new Error('frameDiffLeaves: tables of different machines');
  const leaf = a.depth - 1;
  const walk = (na: FrameNode | null, nb: FrameNode | null, level: number, base: number): void => {
    if (na === nb) return;
    if (level === leaf) {
      fn(base, na as (Frame | null)[] | null, nb as (Frame | null)[] | null);
      return;
    }
    const span = FRAME_FANOUT ** (a.depth - 1 - level);
    for (let i = 0; i < FRAME_FANOUT; i++) {
      const ea = na ? (na[i] ?? null) : null;
      const eb = nb ? (nb[i] ?? null) : null;
      if (ea !== eb)
        walk(ea as FrameNode | null, eb as FrameNode | null, level + 1, base + i * span);
    }
  };
  walk(a.root, b.root, 0, 0);
}

/** A writable frame (struct page) at `pfn`; the frame must exist. */
export function wFrame(tx: Tx, pfn: number): Frame {
  // A frame this transaction owns is already in place on a path it owns (setSlot put it there).
  const cur = frameAt(tx.s.frames, pfn);
  if (cur && tx.owned.has(cur)) return cur;
  const ft = (tx.s.frames = own(tx, tx.s.frames));
  const f = own(tx, frameAt(ft, pfn)!);
  setSlot(tx, ft, pfn, f);
  return f;
}
