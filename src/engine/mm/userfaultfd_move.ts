/**
 * UFFDIO_MOVE (mm/userfaultfd.c move_pages → move_pages_ptes): the source page itself moves to the
 * destination; its source PTE is cleared. Both ranges must lie in one VMA each, both private
 * anonymous and writable with the same protection, and the destination registered with this
 * context (else EINVAL); a missing VMA is ENOENT.
 *
 * Per page, in the kernel's order (checked on Linux 6.18):
 * - a destination PTE that is not pte_none is EEXIST, a uffd-wp or poison marker included;
 * - an empty source is ENOENT, or counts as moved with UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES;
 * - a source PTE marker (uffd-wp, poison) is EFAULT;
 * - the zero page moves as the zero page;
 * - a page that is not PageAnonExclusive is EBUSY. fork() clears that flag and only a write that
 *   reuses the page sets it again, so a page stays EBUSY after the child has gone. faultline
 *   reads it from the page table: an anonymous page mapped once, whose PTE is writable or
 *   write-protected by userfaultfd (a page fork shared keeps a read-only PTE until that write).
 * The moved page is mapped writable and dirty, without the uffd-wp bit. The ranges may overlap:
 * pages move one at a time, in address order.
 */
import type { Vma } from '../state';
import {
  PTE_DIRTY,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_WRITE,
  VM_EXEC,
  VM_READ,
  VM_SHARED,
  VM_WRITE,
  ZERO_PFN,
  mkPte,
  ptePfn,
} from '../state';
import { emit, type Tx } from '../tx';
import { anonExclusive, getPte, setPte } from './rmap';
import { findVma, vmaIsAnonymous } from './vma';
import { anonVmaPrepare } from './memory';
import { uffdCtx } from '../fs/userfaultfd';
import type { Sentence } from '../sentence';

export const UFFDIO_MOVE_MODE_DONTWAKE = 1;
export const UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES = 2;

/** validate_move_areas */
function validateMoveAreas(ctxId: number, src: Vma, dst: Vma): string | null {
  const access = VM_READ | VM_WRITE | VM_EXEC;
  if ((src.flags & access) !== (dst.flags & access)) return 'EINVAL';
  if (!(src.flags & VM_WRITE)) return 'EINVAL';
  if (dst.uffd !== ctxId) return 'EINVAL';
  if (!vmaIsAnonymous(src) || !vmaIsAnonymous(dst)) return 'EINVAL';
  return null;
}

/** move_pages: returns the bytes moved and the errno that stopped it, if any. */
export function movePages(
  tx: Tx,
  ctxId: number,
  dst: number,
  src: number,
  len: number,
  mode: number,
): { done: number; err: string | null } {
  const ps = tx.s.machine.pageSize;
  const proc = uffdCtx(tx.s, ctxId).proc;
  const mm = tx.s.procs[proc]!.mm;
  const di = findVma(mm, dst);
  if (di < 0) return { done: 0, err: 'ENOENT' };
  const si = findVma(mm, src);
  if (si < 0) return { done: 0, err: 'ENOENT' };
  const dv = mm.vmas[di]!;
  const sv = mm.vmas[si]!;
  if (sv.flags & VM_SHARED || src + len > sv.end) return { done: 0, err: 'EINVAL' };
  if (dv.flags & VM_SHARED || dst + len > dv.end) return { done: 0, err: 'EINVAL' };
  const bad = validateMoveAreas(ctxId, sv, dv);
  if (bad) return { done: 0, err: bad };
  const path = ['userfaultfd_ioctl', 'userfaultfd_move', 'move_pages', 'move_pages_ptes'];
  let done = 0;
  for (; done < len; done += ps) {
    const d = dst + done;
    const s = src + done;
    if (getPte(tx.s, proc, d) !== 0) return { done, err: 'EEXIST' };
    const spte = getPte(tx.s, proc, s);
    if (spte === 0) {
      if (mode & UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES) continue;
      return { done, err: 'ENOENT' };
    }
    if (!(spte & PTE_PRESENT)) return { done, err: 'EFAULT' };
    const pfn = ptePfn(spte);
    if (spte & PTE_SPECIAL) {
      if (pfn !== ZERO_PFN) return { done, err: 'EBUSY' };
      // move_zeropage_pte
      setPte(tx, proc, s, 0);
      setPte(tx, proc, d, mkPte(ZERO_PFN, PTE_PRESENT | PTE_SPECIAL));
      emit(tx, {
        kind: 'page_moved',
        fn: 'move_pages',
        path: [...path, 'move_zeropage_pte'],
        from: s,
        to: d,
        pfn,
      });
      continue;
    }
    if (!anonExclusive(tx, spte)) return { done, err: 'EBUSY' };
    // move_present_ptes: the folio's rmap follows it to the destination VMA's anon_vma.
    anonVmaPrepare(tx, proc, findVma(tx.s.procs[proc]!.mm, d));
    const writable = dv.flags & VM_WRITE ? PTE_WRITE : 0;
    setPte(tx, proc, s, 0);
    setPte(tx, proc, d, mkPte(pfn, PTE_PRESENT | PTE_DIRTY | writable));
    emit(tx, {
      kind: 'page_moved',
      fn: 'move_pages',
      path: [...path, 'move_present_ptes'],
      from: s,
      to: d,
      pfn,
    });
  }
  return { done, err: null };
}

/** A `page_moved` event: move_pages_ptes remapped the frame itself. */
export const pageMovedSentence: Sentence<'page_moved'> = (e, at) =>
  `UFFDIO_MOVE moved pfn ${e.pfn} from ${at(e.from)} to ${at(e.to)} without copying it: the source PTE was cleared and the same frame mapped at the destination.`;
