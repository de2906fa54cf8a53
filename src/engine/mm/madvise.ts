/**
 * madvise(2) (mm/madvise.c). Modelled: DONTNEED (zap: private pages are gone, shmem pages stay in
 * the page cache), REMOVE (punch a hole in shmem), DONTFORK/DOFORK, WIPEONFORK/KEEPONFORK,
 * POPULATE_READ/WRITE. The advice that only tunes readahead or reclaim is accepted and changes
 * nothing a scenario can see (no swap, no memory pressure: MADV_FREE pages simply stay).
 */
import { MADV } from '../../uapi';
import { PTE_PRESENT, VM_DROPPABLE, VM_SHARED, VM_MAYWRITE, ptePfn } from '../state';
import type { Vma } from '../state';
import { emit, unsupported, wVma, type Tx } from '../tx';
import { fail, ok, type SysResult } from '../syscall';
import { geometry, ptForEach } from './pgtable';
import { setPte, zapPte } from './rmap';
import { findVma, mergeAround, splitRange } from './vma';
import { shmemUndoRange } from './shmem';
import { populateRange } from './gup';
import { VM_WIPEONFORK } from '../kernel/fork';
import { VM_DONTCOPY } from '../state';
import { madviseWait, UFFD_WAIT, userfaultfdRemove, zapUffdWpMarker } from './madvise_uffd';
import { vmClear, vmSet } from './vm_flags';
import { hasMemoryFailure, kernelHas } from '../kernel/version';
import type { Machine } from '../../scenario/types';

/**
 * madvise_behavior_valid: the advice the modelled kernel knows. MADV_GUARD_* came in 6.13
 * (docs/kernel-versions.md row 17); MADV_HWPOISON and MADV_SOFT_OFFLINE exist only with
 * CONFIG_MEMORY_FAILURE (machine.memoryFailure).
 */
function behaviorValid(m: Machine, advice: number): boolean {
  if (!(Object.values(MADV) as number[]).includes(advice)) return false;
  if (advice === MADV.MADV_GUARD_INSTALL || advice === MADV.MADV_GUARD_REMOVE)
    return kernelHas(m, 'madvGuard');
  if (advice === MADV.MADV_HWPOISON || advice === MADV.MADV_SOFT_OFFLINE)
    return hasMemoryFailure(m);
  return true;
}

const NOT_MODELLED: Partial<Record<number, string>> = {
  [MADV.MADV_GUARD_INSTALL]: 'guard regions (MADV_GUARD_INSTALL) are not modelled',
  [MADV.MADV_GUARD_REMOVE]: 'guard regions (MADV_GUARD_REMOVE) are not modelled',
  [MADV.MADV_HWPOISON]: 'MADV_HWPOISON (memory failure injection) is not modelled',
  [MADV.MADV_SOFT_OFFLINE]: 'MADV_SOFT_OFFLINE (memory failure injection) is not modelled',
};

export function sysMadvise(tx: Tx, start: number, lenIn: number, advice: number): SysResult {
  const ps = tx.s.machine.pageSize;
  const proc = tx.proc;
  if (start % ps !== 0) return fail('EINVAL');
  const len = Math.ceil(lenIn / ps) * ps;
  if (lenIn && !len) return fail('EINVAL');
  const end = start + len;
  if (end < start) return fail('EINVAL');
  if (!behaviorValid(tx.s.machine, advice)) return fail('EINVAL');
  const notModelled = NOT_MODELLED[advice];
  if (notModelled) unsupported(tx, 'advice', notModelled);
  if (end === start) return ok(0);
  // From 6.10 madvise_populate walks the range itself: the first hole is ENOMEM at once, where
  // other advice skips holes and reports ENOMEM at the end (corpus/mm/madv-populate-stops-at-hole).
  // Before, it is advice like the others: populated VMA by VMA inside the walk below
  // (docs/kernel-versions.md row 14).
  const populate = advice === MADV.MADV_POPULATE_READ || advice === MADV.MADV_POPULATE_WRITE;
  if (populate && kernelHas(tx.s.machine, 'populateStopsAtHole')) {
    const r = populateRange(tx, proc, start, end, advice === MADV.MADV_POPULATE_WRITE, false);
    // A userfault sleeps in handle_userfault; woken, madvise runs again and skips what is present.
    if (r === UFFD_WAIT) return madviseWait(tx, { start, end, advice, unmapped: false });
    return r === 'ok' ? ok(0) : fail(r);
  }

  // madvise_walk_vmas: apply to each mapped piece; a hole makes the result ENOMEM at the end.
  let unmapped = false;
  let at = start;
  while (at < end) {
    const mm = tx.s.procs[proc]!.mm;
    let i = findVma(mm, at);
    if (i < 0) {
      unmapped = true;
      const next = mm.vmas.find((v) => v.start > at);
      if (!next || next.start >= end) break;
      at = next.start;
      i = findVma(mm, at);
    }
    const v = mm.vmas[i]!;
    const pieceEnd = Math.min(end, v.end);
    const err = applyAdvice(tx, proc, v, at, pieceEnd, advice);
    // userfaultfd: wait for UFFD_EVENT_REMOVE to be read, or for a populate's userfault to be
    // resolved, then go on from here (mm/madvise_uffd.ts).
    if (err === UFFD_WAIT) return madviseWait(tx, { start: at, end, advice, unmapped });
    if (err) return fail(err);
    at = pieceEnd;
  }
  return unmapped ? fail('ENOMEM') : ok(0);
}

function setVmaFlag(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  set: number,
  clear: number,
): void {
  const ps = tx.s.machine.pageSize;
  splitRange(tx, proc, start, end, ps);
  const i = findVma(tx.s.procs[proc]!.mm, start);
  const w = wVma(tx, proc, i);
  w.flags = vmClear(vmSet(w.flags, set), clear);
  emit(tx, { kind: 'vma_changed', fn: 'madvise_update_vma', change: 'updated', start, end });
  mergeAround(tx, proc, start, end, ps);
}

/** Zaps the present PTEs of [start, end) of one VMA (zap_page_range_single_batched for MADV_DONTNEED). */
export function zapRange(tx: Tx, proc: string, start: number, end: number, fn: string): void {
  const g = geometry(tx.s.machine);
  const ptes: [number, number][] = [];
  ptForEach(g, tx.s.procs[proc]!.mm.pgd, start, end, (a, pte) => ptes.push([a, pte]));
  for (const [a, pte] of ptes) {
    // zap_install_uffd_wp_if_needed: shmem keeps its userfaultfd write-protection as a marker.
    const keep = zapUffdWpMarker(tx, proc, a, pte);
    if (pte & PTE_PRESENT) zapPte(tx, proc, a, fn, keep);
    else setPte(tx, proc, a, keep);
  }
}

function applyAdvice(
  tx: Tx,
  proc: string,
  v: Vma,
  start: number,
  end: number,
  advice: number,
): string | null {
  const ps = tx.s.machine.pageSize;
  switch (advice) {
    case MADV.MADV_DONTNEED:
    case MADV.MADV_DONTNEED_LOCKED:
      if (userfaultfdRemove(tx, proc, v, start, end)) return UFFD_WAIT;
      zapRange(tx, proc, start, end, 'zap_page_range_single_batched');
      return null;
    case MADV.MADV_REMOVE: {
      if (v.backing.kind !== 'shmem') return 'EINVAL';
      if ((v.flags & (VM_SHARED | VM_MAYWRITE)) !== (VM_SHARED | VM_MAYWRITE)) return 'EACCES';
      if (userfaultfdRemove(tx, proc, v, start, end)) return UFFD_WAIT;
      const from = v.pgoff + (start - v.start) / ps;
      const to = from + (end - start) / ps;
      punchHole(tx, v.backing.inode, from, to);
      return null;
    }
    case MADV.MADV_DONTFORK:
      setVmaFlag(tx, proc, start, end, VM_DONTCOPY, 0);
      return null;
    case MADV.MADV_DOFORK:
      setVmaFlag(tx, proc, start, end, 0, VM_DONTCOPY);
      return null;
    case MADV.MADV_WIPEONFORK:
    case MADV.MADV_KEEPONFORK:
      if (v.file !== null || v.flags & VM_SHARED) return 'EINVAL';
      // A droppable mapping is wiped at fork for good (6.11).
      if (advice === MADV.MADV_KEEPONFORK && v.flags & VM_DROPPABLE) return 'EINVAL';
      if (advice === MADV.MADV_WIPEONFORK) setVmaFlag(tx, proc, start, end, VM_WIPEONFORK, 0);
      else setVmaFlag(tx, proc, start, end, 0, VM_WIPEONFORK);
      return null;
    case MADV.MADV_FREE:
      if (v.file !== null || v.flags & VM_SHARED) return 'EINVAL';
      return null;
    case MADV.MADV_POPULATE_READ:
    case MADV.MADV_POPULATE_WRITE: {
      // Before 6.10 (madvise_vma_behavior → madvise_populate): this VMA's piece; a userfault
      // sleeps, and the walk goes on from this piece once woken (madvise_resume.ts).
      const r = populateRange(tx, proc, start, end, advice === MADV.MADV_POPULATE_WRITE, false);
      return r === 'ok' ? null : r;
    }
    default:
      return null;
  }
}

/**
 * shmem_fallocate(PUNCH_HOLE): unmap the pages from every mapping that maps them from the page
 * cache (unmap_mapping_range; private copies stay), then drop them from the cache.
 *
 * `evenCows` is truncation's variant (truncate_pagecache → unmap_mapping_range(..., even_cows=1)):
 * beyond the new end of file even a private mapping's copy-on-write pages go, because an access
 * there must now raise SIGBUS (found by differential fuzzing against Linux 6.18:
 * corpus/mm/ftruncate-zaps-private-cow.json).
 */
export function punchHole(tx: Tx, inode: number, from: number, to: number, evenCows = false): void {
  const ps = tx.s.machine.pageSize;
  for (const pname of tx.s.procOrder) {
    const p = tx.s.procs[pname]!;
    if (!p.alive) continue;
    for (const v of p.mm.vmas) {
      if (v.backing.kind !== 'shmem' || v.backing.inode !== inode) continue;
      const lo = Math.max(v.start, v.start + (from - v.pgoff) * ps);
      const hi = Math.min(v.end, v.start + (to - v.pgoff) * ps);
      if (lo >= hi) continue;
      const pages = tx.s.inodes[inode]!.pages;
      const g = geometry(tx.s.machine);
      const zap: number[] = [];
      ptForEach(g, tx.s.procs[pname]!.mm.pgd, lo, hi, (a, pte) => {
        if (!(pte & PTE_PRESENT)) return;
        const idx = v.pgoff + (a - v.start) / ps;
        if (evenCows || (pages[idx] !== undefined && ptePfn(pte) === pages[idx])) zap.push(a);
      });
      for (const a of zap) zapPte(tx, pname, a, 'unmap_mapping_range');
    }
  }
  shmemUndoRange(tx, inode, from, to);
}
