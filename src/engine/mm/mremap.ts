/**
 * mremap(2) (mm/mremap.c): shrink in place, grow in place when the pages after the VMA are free,
 * or move (MREMAP_MAYMOVE) to a new place, taking the page-table entries along (move_page_tables)
 * so the pages themselves do not change. MREMAP_DONTUNMAP leaves the old VMA in place, empty.
 */
import { MREMAP } from '../../uapi';
import type { Vma } from '../state';
import {
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_UFFD_WP,
  VM_NORESERVE,
  VM_SHARED,
  VM_WRITE,
} from '../state';
import { emit, type Tx } from '../tx';
import { fail, okAddr, type SysResult } from '../syscall';
import { geometry, ptForEach } from './pgtable';
import { setPte } from './rmap';
import { findVma, insertVma, mergeAround } from './vma';
import { rangeFree, taskSize, unmappedAreaTopdown } from './layout';
import { unmapVmas } from './unmap';
import { fget } from '../kernel/files';
import { mremapUserfaultfd, uffdWithoutEventRemap } from './mremap_uffd';
import { kernelHas } from '../kernel/version';
import { wVma } from '../tx';

export interface MremapArgs {
  old_address: number;
  old_size: number;
  new_size: number;
  flags: number;
  new_address: number;
}

export function sysMremap(tx: Tx, a: MremapArgs): SysResult {
  const m = tx.s.machine;
  const ps = m.pageSize;
  const proc = tx.proc;
  const { MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP } = MREMAP;
  const addr = a.old_address;
  if (a.flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return fail('EINVAL');
  if (addr % ps !== 0) return fail('EINVAL');
  if (a.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP) && !(a.flags & MREMAP_MAYMOVE))
    return fail('EINVAL');
  if (a.flags & MREMAP_DONTUNMAP && a.old_size !== a.new_size) return fail('EINVAL');
  const oldLen = Math.ceil(a.old_size / ps) * ps;
  const newLen = Math.ceil(a.new_size / ps) * ps;
  if (newLen === 0) return fail('EINVAL');
  if (newLen > taskSize(m) || addr > taskSize(m) - oldLen) return fail('EINVAL');
  const fixed = (a.flags & MREMAP_FIXED) !== 0;
  if (fixed) {
    const na = a.new_address;
    if (na % ps !== 0) return fail('EINVAL');
    if (newLen > taskSize(m) || na > taskSize(m) - newLen) return fail('EINVAL');
    if (na < addr + oldLen && addr < na + newLen) return fail('EINVAL');
  }
  // remap_move: since 6.17 a move that only moves (MREMAP_FIXED, same size) may span several VMAs
  // (docs/kernel-versions.md row 15).
  if (fixed && oldLen === newLen && kernelHas(m, 'mremapManyVmas'))
    return remapMove(tx, addr, oldLen, a.new_address, (a.flags & MREMAP_DONTUNMAP) !== 0);
  let mm = tx.s.procs[proc]!.mm;
  let vi = findVma(mm, addr);
  if (vi < 0) return fail('EFAULT');
  // Before 6.17, mremap_to unmapped a MREMAP_FIXED destination, and a shrink's tail, before
  // vma_to_resize looked at the old range: a move that then fails has still emptied its
  // destination (corpus/linux-6.12/mremap-move-many-vmas-efault; docs/kernel-versions.md row 15).
  const unmapFirst = fixed && !kernelHas(m, 'mremapManyVmas');
  let checkLen = oldLen;
  if (unmapFirst) {
    unmapVmas(tx, proc, a.new_address, a.new_address + newLen, 'mremap_to');
    if (oldLen > newLen) {
      unmapVmas(tx, proc, addr + newLen, addr + oldLen, 'mremap_to');
      checkLen = newLen;
    }
    mm = tx.s.procs[proc]!.mm;
    vi = findVma(mm, addr);
  }
  const vma = mm.vmas[vi]!;
  if (oldLen === 0 && !(vma.flags & VM_SHARED)) return fail('EINVAL');
  const accountable = (vma.flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) === VM_WRITE;
  if (accountable && newLen > oldLen && (newLen - oldLen) / ps > m.frames) return fail('ENOMEM');

  if (!fixed && !(a.flags & MREMAP_DONTUNMAP)) {
    // Same size is a no-op and shrinking just unmaps the tail: neither checks that the old range
    // lies within the VMA, so a shrink can unmap the start of the next VMA (Linux 6.18;
    // corpus/mm/mremap-shrink-past-vma.json, found by differential fuzzing).
    if (newLen <= oldLen) {
      if (newLen < oldLen) unmapVmas(tx, proc, addr + newLen, addr + oldLen, 'do_vmi_munmap');
      return okAddr(addr);
    }
  }
  // Growing or moving: the old range must lie within the one VMA (resize_is_valid).
  if (checkLen > vma.end - addr) return fail('EFAULT');
  if (!fixed && !(a.flags & MREMAP_DONTUNMAP)) {
    // Grow in place when the VMA ends here and the pages after it are free.
    if (
      vma.end === addr + oldLen &&
      addr + newLen <= taskSize(m) &&
      rangeFree(mm, addr + oldLen, newLen - oldLen)
    ) {
      const w = wVma(tx, proc, vi);
      w.end = addr + newLen;
      emit(tx, {
        kind: 'vma_changed',
        fn: 'vma_expand',
        path: ['do_mremap', 'vma_expand'],
        change: 'updated',
        start: w.start,
        end: w.end,
      });
      return okAddr(addr);
    }
    if (!(a.flags & MREMAP_MAYMOVE)) return fail('ENOMEM');
  }
  let to: number;
  if (fixed) {
    to = a.new_address;
    if (!unmapFirst) {
      unmapVmas(tx, proc, to, to + newLen, 'mremap_to');
      if (oldLen > newLen) unmapVmas(tx, proc, addr + newLen, addr + oldLen, 'mremap_to');
    }
  } else {
    to = unmappedAreaTopdown(tx.s.procs[proc]!.mm, newLen);
    if (to < 0) return fail('ENOMEM');
  }
  moveVma(tx, proc, addr, Math.min(oldLen, newLen), to, newLen, (a.flags & MREMAP_DONTUNMAP) !== 0);
  return okAddr(to);
}

/**
 * remap_move (6.17, "mm/mremap: permit mremap() move of multiple VMAs"): every VMA of
 * [start, start+len) moves, each the way a one-VMA move does (mremap_to: its destination unmapped
 * first), keeping the gaps between them. A gap at the start is EFAULT. A VMA registered with
 * userfaultfd cannot be one of several (its events would need mmap_lock dropped): EFAULT, after
 * the VMAs before it have moved. Returns where the first one went.
 */
function remapMove(
  tx: Tx,
  start: number,
  len: number,
  newAddr: number,
  dontUnmap: boolean,
): SysResult {
  const proc = tx.proc;
  const end = start + len;
  const pieces = tx.s.procs[proc]!.mm.vmas.filter((v) => v.start < end && v.end > start);
  const first = pieces[0];
  if (!first || first.start > start) return fail('EFAULT');
  let target = newAddr;
  let lastEnd = first.end;
  for (const [i, v] of pieces.entries()) {
    const from = Math.max(v.start, start);
    const n = Math.min(end, v.end) - from;
    const to = i === 0 ? target : target + (v.start - lastEnd);
    lastEnd = v.end;
    // vma_multi_allowed: a userfaultfd-armed VMA moves only alone.
    if (v.uffd !== null && (i > 0 || v.end < end)) return fail('EFAULT');
    unmapVmas(tx, proc, to, to + n, 'mremap_to');
    moveVma(tx, proc, from, n, to, n, dontUnmap);
    target = to + n;
  }
  return okAddr(newAddr);
}

/** move_vma: a new VMA at `to` takes the pages of [from, from+len); the old range goes away. */
function moveVma(
  tx: Tx,
  proc: string,
  from: number,
  len: number,
  to: number,
  newLen: number,
  dontUnmap: boolean,
): void {
  const ps = tx.s.machine.pageSize;
  const g = geometry(tx.s.machine);
  // copy_vma makes the new VMA from the part being moved; the old VMA itself is split only by the
  // unmap of the old range, so after MREMAP_DONTUNMAP it stays whole (Linux 6.18; found by
  // differential fuzzing: corpus/mm/mremap-dontunmap-keeps-vma-whole.json).
  const mm = tx.s.procs[proc]!.mm;
  const old = mm.vmas[findVma(mm, from)]!;
  const moved: Vma = {
    ...old,
    start: to,
    end: to + newLen,
    pgoff: old.pgoff + (from - old.start) / ps,
  };
  if (moved.file !== null) fget(tx, moved.file);
  const ptes: [number, number][] = [];
  ptForEach(g, mm.pgd, from, from + len, (a, pte) => ptes.push([a, pte]));
  for (const [a] of ptes) setPte(tx, proc, a, 0);
  insertVma(tx, proc, moved);
  // move_ptes: where the VMA's userfaultfd context lacks UFFD_FEATURE_EVENT_REMAP (its
  // registration is dropped below), the moved PTEs lose their uffd-wp bits and uffd-wp markers go
  // (vma_has_uffd_without_event_remap; docs/kernel-versions.md row 12). Poison markers stay.
  const clearWp = uffdWithoutEventRemap(tx, old);
  for (const [a, pte] of ptes) {
    if (clearWp && pte & PTE_MARKER_UFFD_WP && !(pte & PTE_PRESENT)) continue;
    setPte(tx, proc, to + (a - from), clearWp ? pte & ~PTE_UFFD_WP : pte);
  }
  emit(tx, {
    kind: 'vma_changed',
    fn: 'move_vma',
    path: ['do_mremap', 'move_vma', 'move_page_tables'],
    change: 'moved',
    start: to,
    end: to + newLen,
  });
  if (!dontUnmap) unmapVmas(tx, proc, from, from + len, 'move_vma');
  mergeAround(tx, proc, to, to + newLen, ps);
  mremapUserfaultfd(tx, proc, from, to, len);
}
