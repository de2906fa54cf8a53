/**
 * Allocation-tag storage (arch/arm64/mm/mteswap.c and the tag RAM behind it): one 4-bit tag per
 * 16-byte granule (docs/reference/refpage-mte.md T1), kept on the frame as one hex digit per
 * granule, or null when every tag is 0 (a page never tagged, or cleared: P2).
 *
 * Whether the tags matter depends on the mapping, not the frame: only a VM_MTE mapping is
 * Normal-Tagged memory. Through any other mapping LDG reads 0, STG is ignored and nothing is
 * checked (T4b). The zero page's tags are 0 (P2).
 */
import type { Frame, Vma } from '../../state';
import { VM_MTE } from '../../state';
import type { Tx } from '../../tx';
import { wFrame } from '../../mm/page_alloc';
import { vmHas } from '../../mm/vm_flags';

export const MTE_GRANULE = 16;
/** DC ZVA block size: 4 << DCZID_EL0.BS, 64 bytes on QEMU's `-cpu max` (rule T4). */
export const DC_ZVA_BLOCK = 64;

export function granulesPerPage(pageSize: number): number {
  return pageSize / MTE_GRANULE;
}

/** Whether accesses through this VMA are tag-checked and tag instructions reach the tags. */
export function vmaTagged(v: Vma): boolean {
  return vmHas(v.flags, VM_MTE);
}

/** The allocation tag of granule `g` of a frame (0 when never tagged). */
export function frameTag(f: Frame | null, g: number): number {
  const t = f?.tags;
  if (!t) return 0;
  return parseInt(t[g]!, 16);
}

const ALL_ZERO = /^0*$/;

/** Sets granules [g, g+n) of frame `pfn` to `tag`; the frame must not be the zero page. */
export function setFrameTags(tx: Tx, pfn: number, g: number, n: number, tag: number): void {
  const per = granulesPerPage(tx.s.machine.pageSize);
  const f = wFrame(tx, pfn);
  const cur = f.tags ?? '0'.repeat(per);
  const next = cur.slice(0, g) + tag.toString(16).repeat(n) + cur.slice(g + n);
  f.tags = ALL_ZERO.test(next) ? null : next;
}
