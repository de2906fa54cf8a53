/**
 * shmem (mm/shmem.c): the page cache of memfds and of MAP_SHARED|MAP_ANONYMOUS mappings.
 * An inode's pages live in its page cache (index → pfn), each holding one reference for the cache;
 * mappings add a mapcount and a reference per PTE.
 */
import type { ShmemInode } from '../state';
import { emit, nextId, own, type Tx } from '../tx';
import { ZERO_DATA } from './pagedata';
import { frameAt, putPage } from './page_alloc';
import { ALLOC_RETRY, allocForFault } from '../kernel/oom';
import { wStats } from '../tx';
import type { Sentence } from '../sentence';

export function createInode(tx: Tx, name: string, size: number): number {
  const id = nextId(tx);
  const inode: ShmemInode = { id, name, size, pages: {}, refs: 1 };
  tx.s.inodes = own(tx, tx.s.inodes);
  tx.s.inodes[id] = inode;
  return id;
}

export function wInode(tx: Tx, id: number): ShmemInode {
  tx.s.inodes = own(tx, tx.s.inodes);
  const i = own(tx, tx.s.inodes[id]!);
  tx.s.inodes[id] = i;
  return i;
}

export function inodePages(tx: Tx, id: number): number {
  return Math.ceil(tx.s.inodes[id]!.size / tx.s.machine.pageSize);
}

export type GetFolio =
  | { kind: 'page'; pfn: number; created: boolean }
  | { kind: 'sigbus' }
  /** This process must die for want of memory. */
  | { kind: 'oom' }
  /** Another process was chosen to die: retry once it has (kernel/oom.ts). */
  | { kind: 'retry' };

/**
 * shmem_get_folio_gfp(SGP_CACHE): the page at `index`, allocated and zeroed if it is a hole.
 * Beyond i_size a fault gets SIGBUS.
 */
export function shmemGetFolio(tx: Tx, proc: string, inodeId: number, index: number): GetFolio {
  const inode = tx.s.inodes[inodeId]!;
  if (index >= inodePages(tx, inodeId)) return { kind: 'sigbus' };
  const have = inode.pages[index];
  if (have !== undefined) {
    emit(tx, {
      kind: 'pagecache_page',
      fn: 'filemap_get_entry',
      inode: inodeId,
      index,
      pfn: have,
      created: false,
    });
    return { kind: 'page', pfn: have, created: false };
  }
  const pfn = allocForFault(tx, proc, { kind: 'shmem', data: ZERO_DATA, inode: inodeId, index });
  if (pfn === ALLOC_RETRY) return { kind: 'retry' };
  if (pfn < 0) return { kind: 'oom' };
  wStats(tx).bytesZeroed += tx.s.machine.pageSize;
  const w = wInode(tx, inodeId);
  w.pages = own(tx, w.pages);
  w.pages[index] = pfn;
  emit(tx, {
    kind: 'frame_allocated',
    fn: 'shmem_alloc_folio',
    pfn,
    method: 'zero',
    bytes: tx.s.machine.pageSize,
  });
  emit(tx, {
    kind: 'pagecache_page',
    fn: 'shmem_add_to_page_cache',
    inode: inodeId,
    index,
    pfn,
    created: true,
  });
  return { kind: 'page', pfn, created: true };
}

/** A `pagecache_page` event: the file's page cache had the page (filemap_get_entry) or got it. */
export const pagecacheSentence: Sentence<'pagecache_page'> = (e) =>
  `The shmem page cache ${e.created ? 'got a new, zeroed page' : 'already had the page'} at index ${e.index} (pfn ${e.pfn}).`;

/** Removes page-cache pages [from, to) (shmem_undo_range); callers unmap them first. */
export function shmemUndoRange(tx: Tx, inodeId: number, from: number, to: number): void {
  const inode = tx.s.inodes[inodeId]!;
  const drop = Object.keys(inode.pages)
    .map(Number)
    .filter((i) => i >= from && i < to);
  if (drop.length === 0) return;
  const w = wInode(tx, inodeId);
  w.pages = own(tx, w.pages);
  for (const i of drop) {
    const pfn = w.pages[i]!;
    delete w.pages[i];
    if (frameAt(tx.s.frames, pfn)) putPage(tx, pfn, 'shmem_undo_range');
  }
}

/** Drops a reference to an inode; the last one frees its page cache (evict). */
export function inodePut(tx: Tx, inodeId: number): void {
  const w = wInode(tx, inodeId);
  w.refs--;
  if (w.refs > 0) return;
  shmemUndoRange(tx, inodeId, 0, Number.MAX_SAFE_INTEGER);
  tx.s.inodes = own(tx, tx.s.inodes);
  delete tx.s.inodes[inodeId];
}
