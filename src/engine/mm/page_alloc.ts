/**
 * The page allocator (mm/page_alloc.c): hands out frames by a fixed rule so that runs are
 * deterministic (design habit 7): the most recently freed frame first (a LIFO, as the per-CPU
 * free lists do), then the lowest frame never used. pfn 0 is the shared zero page, outside the pool.
 */
import type { Frame, FrameKind, FrameTable, PageData } from '../state';
import { FRAME_CHUNK, ZERO_PFN } from '../state';
import { emit, own, wFrame, wStats, type Tx } from '../tx';
import { ZERO_DATA } from './pagedata';

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
  const chunk: (Frame | null)[] = new Array(FRAME_CHUNK).fill(null);
  chunk[ZERO_PFN] = zero;
  return { chunks: [chunk], free: null, next: 1, used: 0, total };
}

export function frameAt(ft: FrameTable, pfn: number): Frame | null {
  return ft.chunks[Math.floor(pfn / FRAME_CHUNK)]?.[pfn % FRAME_CHUNK] ?? null;
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
  if (ft.free) {
    pfn = ft.free.pfn;
    ft.free = ft.free.next;
  } else {
    pfn = ft.next++;
  }
  ft.used++;
  const ci = Math.floor(pfn / FRAME_CHUNK);
  ft.chunks = own(tx, ft.chunks);
  while (ft.chunks.length <= ci) {
    const c = new Array(FRAME_CHUNK).fill(null);
    tx.owned.add(c);
    ft.chunks.push(c);
  }
  const chunk = own(tx, ft.chunks[ci]!);
  ft.chunks[ci] = chunk;
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
  chunk[pfn % FRAME_CHUNK] = frame;
  wStats(tx).framesAllocated++;
  return pfn;
}

/** free_pages: returns the frame to the allocator. */
export function freeFrame(tx: Tx, pfn: number, fn: string): void {
  const ft = (tx.s.frames = own(tx, tx.s.frames));
  ft.chunks = own(tx, ft.chunks);
  const ci = Math.floor(pfn / FRAME_CHUNK);
  const chunk = own(tx, ft.chunks[ci]!);
  ft.chunks[ci] = chunk;
  chunk[pfn % FRAME_CHUNK] = null;
  ft.free = { pfn, next: ft.free };
  ft.used--;
  wStats(tx).framesFreed++;
  emit(tx, { kind: 'frame_freed', fn, pfn });
}

/** put_page: drops a reference and frees the frame at zero. */
export function putPage(tx: Tx, pfn: number, fn = 'folio_put'): void {
  if (pfn === ZERO_PFN) return;
  const f = wFrame(tx, pfn);
  f.refcount--;
  if (f.refcount <= 0) freeFrame(tx, pfn, fn);
}

export function getPage(tx: Tx, pfn: number): void {
  if (pfn === ZERO_PFN) return;
  wFrame(tx, pfn).refcount++;
}

/** Every allocated frame with its pfn (for invariants and views). */
export function forEachFrame(ft: FrameTable, fn: (pfn: number, f: Frame) => void): void {
  ft.chunks.forEach((chunk, ci) => {
    chunk.forEach((f, i) => {
      if (f) fn(ci * FRAME_CHUNK + i, f);
    });
  });
}
