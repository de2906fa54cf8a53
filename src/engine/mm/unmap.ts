/**
 * Unmapping (mm/vma.c do_vmi_align_munmap, unmap_region): what munmap, mmap MAP_FIXED, mremap and
 * exit_mmap share. Each VMA piece inside the range is split off, its PTEs zapped, and its file
 * reference dropped.
 */
import { PTE_PRESENT } from '../state';
import { emit, wVmas, type Tx } from '../tx';
import { fput } from '../kernel/files';
import { geometry, ptForEach } from './pgtable';
import { setPte, zapPte } from './rmap';
import { splitRange } from './vma';
import { userfaultfdUnmapPrep } from '../fs/userfaultfd_events';

/**
 * Removes every VMA piece inside [start, end): splits at the edges, zaps the PTEs (dropping
 * markers too), and releases the files (do_vmi_align_munmap + unmap_region).
 */
export function unmapVmas(tx: Tx, proc: string, start: number, end: number, fn: string): void {
  const ps = tx.s.machine.pageSize;
  const g = geometry(tx.s.machine);
  if (!tx.s.procs[proc]!.mm.vmas.some((v) => v.start < end && v.end > start)) return;
  userfaultfdUnmapPrep(tx, proc, start, end, fn);
  splitRange(tx, proc, start, end, ps);
  const doomed = tx.s.procs[proc]!.mm.vmas.filter((v) => v.start >= start && v.end <= end);
  for (const v of doomed) {
    // Collected first (zapping writes the tree being walked); two flat arrays, not a pair a page.
    const addrs: number[] = [];
    const ptes: number[] = [];
    ptForEach(g, tx.s.procs[proc]!.mm.pgd, v.start, v.end, (a, pte) => {
      addrs.push(a);
      ptes.push(pte);
    });
    for (let i = 0; i < addrs.length; i++) {
      if (ptes[i]! & PTE_PRESENT) zapPte(tx, proc, addrs[i]!, 'zap_pte_range');
      else setPte(tx, proc, addrs[i]!, 0);
    }
  }
  const vmas = wVmas(tx, proc);
  for (let i = vmas.length - 1; i >= 0; i--) {
    const v = vmas[i]!;
    if (v.start >= start && v.end <= end) {
      vmas.splice(i, 1);
      emit(tx, {
        kind: 'vma_changed',
        fn: 'remove_vma',
        path: [fn, 'remove_vma'],
        change: 'removed',
        start: v.start,
        end: v.end,
      });
      if (v.file !== null) fput(tx, v.file);
    }
  }
}
