/**
 * What /proc/PID/pagemap and /proc/PID/status show (fs/proc/task_mmu.c): per page, present or
 * not, which frame, exclusively mapped or not (PM_MMAP_EXCLUSIVE: mapcount 1), uffd-wp; and the
 * RSS counters. These are selectors over the state (design habit 8), used by the `pagemap` and
 * `rss` steps and by the views.
 */
import type { EngineState, RssCounters } from '../../state';
import {
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  ZERO_PFN,
  ptePfn,
} from '../../state';
import { frameAt } from '../../mm/page_alloc';
import { geometry, ptGet } from '../../mm/pgtable';
import { taskSize } from '../../mm/layout';

/** One character per page: `.` `z` `r` `x` `s` `p` (format section 5). */
export function pageChar(s: EngineState, pte: number): string {
  if (!(pte & PTE_PRESENT)) return pte & PTE_MARKER_POISON ? 'p' : '.';
  const pfn = ptePfn(pte);
  if (pte & PTE_SPECIAL) return pfn === ZERO_PFN ? 'z' : 'r';
  const f = frameAt(s.frames, pfn);
  return f && f.mapcount === 1 ? 'x' : 's';
}

/**
 * The entries of the pages [addr, addr + length) touches, as pagemap_read reads them: the range is
 * counted from its length and its start's offset in the page, and wraps past the top of the 64-bit
 * address space to page 0 as the C program's reads do (addr is exact: above 2^53 a double is not).
 */
export function pagemap(
  s: EngineState,
  proc: string,
  addr: bigint,
  length: number,
): { pages: string; uffd_wp: string } {
  const ps = s.machine.pageSize;
  const g = geometry(s.machine);
  const root = s.procs[proc]!.mm.pgd;
  const pageSize = BigInt(ps);
  const start = addr - (addr % pageSize);
  const count = Math.ceil((Number(addr % pageSize) + length) / ps);
  // Below 2^53 (every user address) page addresses are exact numbers; only a range that starts
  // higher needs bigints, to wrap past 2^64 to page 0.
  const exact = start < 1n << 53n;
  const base = Number(start);
  const pageAddr = (i: number) =>
    exact ? base + i * ps : Number((start + BigInt(i) * pageSize) % (1n << 64n));
  const top = taskSize(s.machine);
  let pages = '';
  let wp = '';
  for (let i = 0; i < count; i++) {
    const a = pageAddr(i);
    // At and above TASK_SIZE there is no user page: pagemap reads nothing there.
    const pte = a < top ? ptGet(g, root, a) : 0;
    pages += pageChar(s, pte);
    wp += pte & (PTE_UFFD_WP | PTE_MARKER_UFFD_WP) ? 'w' : '-';
  }
  return { pages, uffd_wp: wp };
}

export function rss(s: EngineState, proc: string): RssCounters {
  const r = s.procs[proc]!.mm.rss;
  return { anon: r.anon, file: r.file, shmem: r.shmem };
}
