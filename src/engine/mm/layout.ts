/**
 * Address-space layout: TASK_SIZE, mmap_base and the top-down search of
 * vm_unmapped_area (mm/mmap.c). faultline models a process without ASLR, so the same scenario
 * always gets the same addresses.
 */
import type { Machine } from '../../scenario/types';
import type { Mm } from '../state';

/** The user address-space size: 47-bit on x86_64 (minus the guard page), 48-bit on arm64. */
export function taskSize(m: Machine): number {
  return m.arch === 'x86_64' ? 0x7ffffffff000 : 0x1000000000000;
}

/** mmap_base without randomisation: TASK_SIZE less the stack's 8 MiB rlimit and the gap. */
export function mmapBase(m: Machine): number {
  const base = m.arch === 'x86_64' ? 0x7ffff7fff000 : 0xfffff7fff000;
  // PAGE_ALIGN: with arm64's 16K and 64K pages the 4K-aligned value would misalign every mmap.
  return Math.floor(base / m.pageSize) * m.pageSize;
}

/**
 * vm.mmap_min_addr: the kernel's CONFIG_DEFAULT_MMAP_MIN_ADDR, 4096 on the Linux 6.18 faultline
 * checks against (/proc/sys/vm/mmap_min_addr). Some distributions raise it to 65536 with sysctl.
 * It bounds the mmap search and userfaultfd's range checks (validate_range: EINVAL below it).
 */
export const MMAP_MIN_ADDR = 0x1000;

/** vm_unmapped_area, top down: the highest gap below mmap_base that fits `len`; -1 if none. */
export function unmappedAreaTopdown(mm: Mm, len: number): number {
  let high = mm.mmapBase;
  for (let i = mm.vmas.length - 1; i >= -1; i--) {
    const v = i >= 0 ? mm.vmas[i]! : null;
    const gapStart = v ? v.end : MMAP_MIN_ADDR;
    if (v && v.start >= high) continue;
    const gapEnd = high;
    if (gapEnd - Math.max(gapStart, MMAP_MIN_ADDR) >= len) return gapEnd - len;
    if (v) high = Math.min(high, v.start);
  }
  return -1;
}

/** Whether [addr, addr+len) is free of VMAs. */
export function rangeFree(mm: Mm, addr: number, len: number): boolean {
  return !mm.vmas.some((v) => v.start < addr + len && v.end > addr);
}

/** The span of one PMD entry: 2 MiB with 4 KiB pages, 32 MiB with 16 KiB, 512 MiB with 64 KiB. */
export function pmdSize(m: Pick<Machine, 'pageSize'>): number {
  return m.pageSize * (m.pageSize / 8);
}

/**
 * __thp_get_unmapped_area, top down: search for len + PMD_SIZE, then move up to the next PMD
 * boundary; an area that is already aligned is used PMD_SIZE higher, right below its neighbour.
 * -1 when no such area exists (the caller then searches for `len` alone).
 */
export function thpUnmappedArea(mm: Mm, len: number, pmd: number): number {
  const ret = unmappedAreaTopdown(mm, len + pmd);
  if (ret < 0) return -1;
  const sub = (pmd - (ret % pmd)) % pmd;
  return sub === 0 ? ret + pmd : ret + sub;
}
