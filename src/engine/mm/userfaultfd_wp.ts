/**
 * UFFDIO_WRITEPROTECT (mm/userfaultfd.c mwriteprotect_range → uffd_wp_range → change_protection
 * with MM_CP_UFFD_WP or MM_CP_UFFD_WP_RESOLVE).
 *
 * Setting protection marks each present PTE uffd-wp (and read-only). A PTE that is pte_none gets a
 * uffd-wp marker only where userfaultfd_wp_use_markers says so: always for shmem, for anonymous
 * memory only with UFFD_FEATURE_WP_UNPOPULATED (or WP_ASYNC, which implies it); otherwise an
 * unpopulated page is not protected at all (checked on Linux 6.18). Poison markers are left alone.
 * Clearing protection drops the bit and the markers, and makes a PTE writable where
 * can_change_pte_writable allows it: an exclusive anonymous page, or a dirty page of a shared
 * writable mapping.
 */
import type { Vma } from '../state';
import {
  PTE_DIRTY,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_SHARED,
  VM_UFFD_WP,
  VM_WRITE,
} from '../state';
import { emit, type Tx } from '../tx';
import { anonExclusive, getPte, setPte } from './rmap';
import { findVma, vmaIsAnonymous, vmasIn } from './vma';
import { kernelHas } from '../kernel/version';
import { F, hasFeature, uffdCtx } from '../fs/userfaultfd';
import type { Sentence } from '../sentence';

/** userfaultfd_wp_use_markers */
function useMarkers(tx: Tx, v: Vma): boolean {
  if (v.uffd === null || !(v.flags & VM_UFFD_WP)) return false;
  if (!vmaIsAnonymous(v)) return true;
  return hasFeature(uffdCtx(tx.s, v.uffd), F.UFFD_FEATURE_WP_UNPOPULATED);
}

/** can_change_pte_writable */
function canChangePteWritable(tx: Tx, v: Vma, pte: number): boolean {
  if (!(v.flags & VM_WRITE) || pte & PTE_SPECIAL) return false;
  if (v.flags & VM_SHARED) return (pte & PTE_DIRTY) !== 0;
  return anonExclusive(tx, pte);
}

/** uffd_wp_range: set or clear uffd write-protection on [start, end) of one VMA. */
export function uffdWpRange(
  tx: Tx,
  proc: string,
  v: Vma,
  start: number,
  end: number,
  wp: boolean,
  fn = 'mwriteprotect_range',
): void {
  const ps = tx.s.machine.pageSize;
  const markers = wp && useMarkers(tx, v);
  for (let a = start; a < end; a += ps) {
    const pte = getPte(tx.s, proc, a);
    let next = pte;
    if (pte & PTE_PRESENT) {
      if (wp) next = (pte | PTE_UFFD_WP) & ~PTE_WRITE;
      else {
        next = pte & ~PTE_UFFD_WP;
        // PageAnonExclusive is judged on the PTE as it was (uffd-wp keeps an exclusive page so).
        if (!(next & PTE_WRITE) && canChangePteWritable(tx, v, pte)) next |= PTE_WRITE;
      }
    } else if (pte === 0) {
      if (markers) next = PTE_MARKER_UFFD_WP;
    } else if (!wp && pte & PTE_MARKER_UFFD_WP) {
      next = 0;
    }
    if (next !== pte) setPte(tx, proc, a, next);
  }
  emit(tx, {
    kind: 'uffd_wp_changed',
    fn,
    path: [fn, 'uffd_wp_range', 'change_protection'],
    start,
    end,
    wp,
  });
}

/** A `uffd_wp_changed` event: userfaultfd write-protection set or cleared on a range. */
export const uffdWpSentence: Sentence<'uffd_wp_changed'> = (e, at) =>
  `Userfaultfd write-protection was ${e.wp ? 'set' : 'cleared'} on [${at(e.start)}, ${at(e.end)}).`;

/**
 * mwriteprotect_range: every VMA in the range must be registered for write-protection (else
 * ENOENT, also for a range with no VMA at all); VMAs before the first that is not keep the change.
 */
export function mwriteprotectRange(
  tx: Tx,
  ctxId: number,
  start: number,
  len: number,
  wp: boolean,
): string | null {
  const proc = uffdCtx(tx.s, ctxId).proc;
  const end = start + len;
  const mm = tx.s.procs[proc]!.mm;
  if (!kernelHas(tx.s.machine, 'writeprotectManyVmas')) {
    // Before 6.5, find_dst_vma: the range must lie in one VMA, registered for write-protection
    // (docs/kernel-versions.md row 10).
    const v = mm.vmas[findVma(mm, start)];
    if (!v || v.start > start || end > v.end) return 'ENOENT';
    if (v.uffd === null || !(v.flags & VM_UFFD_WP)) return 'ENOENT';
    uffdWpRange(tx, proc, v, start, end, wp);
    return null;
  }
  const idx = vmasIn(mm, start, end);
  if (idx.length === 0) return 'ENOENT';
  for (const i of idx) {
    const v = tx.s.procs[proc]!.mm.vmas[i]!;
    if (v.uffd === null || !(v.flags & VM_UFFD_WP)) return 'ENOENT';
    uffdWpRange(tx, proc, v, Math.max(start, v.start), Math.min(end, v.end), wp);
  }
  return null;
}
