/**
 * The MTE side of refpage_create (docs/reference/refpage-mte.md A.7, M1-M3, F4b): which tags the
 * reference page carries, and whether the size-16 all-zero fast path (DC GZVA) applies.
 *
 * - M1/M2: tags are copied only when `size` is at least the 16-byte granule; each copy of the
 *   content carries the content's tags (v5 `mte_memcpy`), so the page's tags repeat with period
 *   `size`. Below the granule the reference page's tags are cleared to 0.
 * - M3: v5 reads the tags from the content's physical memory whatever the mapping; Catalin asked to
 *   skip tagging when the content is not mapped PROT_MTE, and faultline follows him: the
 *   content's tags count only when its VMA is PROT_MTE, else they are 0 (inferred).
 * - F4b: size 16 and all-zero content is v5's MTE_TAGGED content type: a write fault fills the new
 *   page with DC GZVA (zero data, every granule the content's tag) — RefPage.gzvaTag, which
 *   mm/memory.ts newAnonContents honours.
 * - The content is read through get_user_pages and the kernel's linear map, not through a uaccess
 *   routine, so a tag mismatch of the content pointer is never checked (no EFAULT in SYNC mode).
 */
import type { Frame, Vma } from './state';
import type { Tx } from './tx';
import { MTE_GRANULE, frameTag, vmaTagged } from './arch/arm64/mte_tags';

function mteMachine(tx: Tx): boolean {
  return tx.s.machine.arch === 'arm64' && tx.s.machine.mte;
}

/**
 * The content's own tags as v5 reads them (LDG through the linear map), one hex digit per granule
 * of [addr, addr+size); null when no tag is copied (size < 16, or the mapping is not PROT_MTE: M3).
 */
export function contentTagsOf(
  tx: Tx,
  vma: Vma,
  frame: Frame | null,
  addr: number,
  size: number,
): string | null {
  if (!mteMachine(tx) || size < MTE_GRANULE || !vmaTagged(vma)) return null;
  const g0 = Math.floor((addr % tx.s.machine.pageSize) / MTE_GRANULE);
  let t = '';
  for (let g = g0; g < g0 + size / MTE_GRANULE; g++) t += frameTag(frame, g).toString(16);
  return t;
}

export function refpageTags(
  tx: Tx,
  size: number,
  content: string,
  contentTags: string | null,
): { tags: string | null; gzvaTag: number | null } {
  if (!mteMachine(tx) || size < MTE_GRANULE) return { tags: null, gzvaTag: null };
  const ps = tx.s.machine.pageSize;
  const unit = contentTags ?? '0'.repeat(size / MTE_GRANULE);
  const tags = unit.repeat(ps / size);
  const gzvaTag = size === MTE_GRANULE && /^0+$/.test(content) ? parseInt(unit, 16) : null;
  return { tags: /^0+$/.test(tags) ? null : tags, gzvaTag };
}
