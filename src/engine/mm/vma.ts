/**
 * VMA bookkeeping (mm/vma.c): lookup, split at a boundary, merge compatible neighbours.
 * VMAs are kept sorted by start in a plain array (the kernel uses a maple tree; for the few dozen
 * VMAs of a scenario an array is simpler and as fast).
 */
import type { Mm, Vma } from '../state';
import { VM_SHARED } from '../state';
import { emit, wVmas, type Tx } from '../tx';
import { fget, fput } from '../kernel/files';
import type { Sentence } from '../sentence';

/** find_vma_intersection for a single address: the index of the VMA containing addr, or -1. */
export function findVma(mm: Mm, addr: number): number {
  const v = mm.vmas;
  let lo = 0;
  let hi = v.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = v[mid]!;
    if (addr < m.start) hi = mid - 1;
    else if (addr >= m.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** vma_is_anonymous; a reference-page VMA is an anonymous VMA whose clean pages are the reference page. */
export function vmaIsAnonymous(v: Vma): boolean {
  return v.backing.kind === 'anon' || v.backing.kind === 'refpage';
}

/** vma_is_shmem */
export function vmaIsShmem(v: Vma): boolean {
  return v.backing.kind === 'shmem';
}

/** Indices of the VMAs that intersect [start, end). */
export function vmasIn(mm: Mm, start: number, end: number): number[] {
  const out: number[] = [];
  mm.vmas.forEach((v, i) => {
    if (v.start < end && v.end > start) out.push(i);
  });
  return out;
}

/** __split_vma: splits the VMA containing `addr` so that a VMA starts at addr. */
export function splitAt(tx: Tx, proc: string, addr: number, pageSize: number): void {
  const mm = tx.s.procs[proc]!.mm;
  const i = findVma(mm, addr);
  if (i < 0) return;
  const v = mm.vmas[i]!;
  if (v.start === addr) return;
  const vmas = wVmas(tx, proc);
  const lo: Vma = { ...v, end: addr };
  const hi: Vma = { ...v, start: addr, pgoff: v.pgoff + (addr - v.start) / pageSize };
  tx.owned.add(lo);
  tx.owned.add(hi);
  vmas.splice(i, 1, lo, hi);
  // Each half holds its own reference to the file, as the new VMA does after __split_vma.
  if (v.file !== null) fget(tx, v.file);
  emit(tx, { kind: 'vma_changed', fn: '__split_vma', change: 'split', start: v.start, end: v.end });
}

/** A `vma_changed` event: a VMA created, split, merged, changed, moved or removed. */
export const vmaChangedSentence: Sentence<'vma_changed'> = (e, at) =>
  e.change === 'merged'
    ? `Neighbouring VMAs with the same flags merged into one, [${at(e.start)}, ${at(e.end)}).`
    : `A VMA [${at(e.start)}, ${at(e.end)}) was ${e.change}.`;

/** Splits so that [start, end) is made of whole VMAs. */
export function splitRange(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  pageSize: number,
): void {
  splitAt(tx, proc, start, pageSize);
  splitAt(tx, proc, end, pageSize);
}

/** is_mergeable_vma + is_mergeable_anon_vma + contiguous pgoff. */
export function canMerge(a: Vma, b: Vma, pageSize: number): boolean {
  if (a.end !== b.start || a.flags !== b.flags || a.uffd !== b.uffd) return false;
  if (a.file !== b.file) return false;
  if (a.backing.kind !== b.backing.kind) return false;
  if (
    a.backing.kind === 'shmem' &&
    b.backing.kind === 'shmem' &&
    a.backing.inode !== b.backing.inode
  )
    return false;
  if (
    a.backing.kind === 'refpage' &&
    b.backing.kind === 'refpage' &&
    a.backing.refpage !== b.backing.refpage
  )
    return false;
  if (a.anonVma !== null && b.anonVma !== null && a.anonVma !== b.anonVma) return false;
  // Shared anonymous mappings each have their own shmem file: a.file differs already.
  if (a.pgoff + (a.end - a.start) / pageSize !== b.pgoff) return false;
  return (a.flags & VM_SHARED) === (b.flags & VM_SHARED);
}

/** vma_merge: merges every mergeable neighbour pair touching [start, end]. */
export function mergeAround(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  pageSize: number,
): void {
  let vmas = tx.s.procs[proc]!.mm.vmas;
  for (let i = 0; i + 1 < vmas.length; i++) {
    const a = vmas[i]!;
    const b = vmas[i + 1]!;
    if (b.start < start || a.end > end) continue;
    if (!canMerge(a, b, pageSize)) continue;
    const w = wVmas(tx, proc);
    const m: Vma = { ...a, end: b.end, anonVma: a.anonVma ?? b.anonVma };
    tx.owned.add(m);
    w.splice(i, 2, m);
    if (b.file !== null) fput(tx, b.file);
    emit(tx, {
      kind: 'vma_changed',
      fn: 'vma_merge_existing_range',
      change: 'merged',
      start: m.start,
      end: m.end,
    });
    vmas = w;
    i--;
  }
}

/** Inserts a new VMA, keeping the array sorted. */
export function insertVma(tx: Tx, proc: string, vma: Vma): void {
  const vmas = wVmas(tx, proc);
  let i = 0;
  while (i < vmas.length && vmas[i]!.start < vma.start) i++;
  tx.owned.add(vma);
  vmas.splice(i, 0, vma);
}
