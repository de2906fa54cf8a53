/**
 * Fault-around (mm/memory.c do_fault_around → mm/filemap.c filemap_map_pages): a read fault on a
 * file mapping also maps the neighbouring pages that are already in the page cache, in an aligned
 * window of fault_around_bytes (64 KiB: 16 pages of 4 KiB) clamped to the VMA and to one page
 * table. This is why, after MADV_DONTNEED or fork, one read of a shared mapping brings back the
 * pages around it too (checked on Linux 6.18: corpus/mm/madvise-dontneed-shared.json).
 */
import {
  PTE_DIRTY,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_SHARED,
  VM_UFFD_MINOR,
  VM_UFFD_WP,
  VM_WRITE,
} from '../state';
import { emit, type Tx } from '../tx';
import { geometry } from './pgtable';
import { getPte, mapPage } from './rmap';

const FAULT_AROUND_BYTES = 64 * 1024;

/** should_fault_around: not for userfaultfd WP or MINOR ranges (uffd_disable_fault_around). */
export function shouldFaultAround(tx: Tx, flags: number): boolean {
  if (flags & (VM_UFFD_WP | VM_UFFD_MINOR)) return false;
  return FAULT_AROUND_BYTES / tx.s.machine.pageSize > 1;
}

/**
 * Maps the cached pages around `page` in VMA `vi`; returns whether `page` itself got mapped (the
 * fault is then resolved without calling ->fault).
 */
export function doFaultAround(tx: Tx, proc: string, vi: number, page: number): boolean {
  const vma = tx.s.procs[proc]!.mm.vmas[vi]!;
  if (vma.backing.kind !== 'shmem') return false;
  const g = geometry(tx.s.machine);
  const ps = g.pageSize;
  const nr = FAULT_AROUND_BYTES / ps;
  const pteOff = (page / ps) % g.fanout;
  const vmaOff = (page - vma.start) / ps;
  const vmaPages = (vma.end - vma.start) / ps;
  const fromPte = Math.max(pteOff - (pteOff % nr), pteOff - Math.min(pteOff, vmaOff));
  const toPte = Math.min(fromPte + nr, g.fanout, pteOff + vmaPages - vmaOff) - 1;
  const inode = tx.s.inodes[vma.backing.inode]!;
  const filePages = Math.ceil(inode.size / ps);
  const writable = vma.flags & VM_SHARED && vma.flags & VM_WRITE ? PTE_WRITE : 0;
  let mappedSelf = false;
  let count = 0;
  for (let p = fromPte; p <= toPte; p++) {
    const addr = page + (p - pteOff) * ps;
    const index = vma.pgoff + (addr - vma.start) / ps;
    if (index >= filePages) break;
    const pfn = inode.pages[index];
    if (pfn === undefined || getPte(tx.s, proc, addr) !== 0) continue;
    mapPage(tx, proc, addr, pfn, writable & ~PTE_UFFD_WP & ~PTE_DIRTY, true, 'filemap_map_pages');
    count++;
    if (addr === page) mappedSelf = true;
  }
  if (count > 0) {
    emit(tx, {
      kind: 'note',
      fn: 'do_fault_around',
      path: [
        'handle_mm_fault',
        'do_fault',
        'do_read_fault',
        'do_fault_around',
        'filemap_map_pages',
      ],
      text: `fault-around mapped ${count} page${count === 1 ? '' : 's'} already in the page cache`,
      addr: page,
    });
  }
  return mappedSelf;
}
