/**
 * What the names in events stand for. Most are functions of mainline Linux, checked against the
 * kernel's own source (src/crosscheck/names/). Two kinds are not:
 * - the refpage_create(2) patch series (Peter Collingbourne, v5, July 2021), never merged: its
 *   functions exist only in the patch, so a link to them opens the patch, never mainline;
 * - what the CPU does by itself (arm64 MTE instructions, the tag check, a status register bit):
 *   no kernel function runs, so there is nothing to link.
 */

/** The v5 patch, "mm: introduce reference pages" (reference/refpage-mte.md, section A). */
export const REFPAGE_PATCH_URL =
  'https://lore.kernel.org/all/20210717025757.3945742-1-pcc@google.com/';

/** Functions the v5 patch adds (its mm/refpage.c, arch/arm64 hooks and the syscall). */
export const REFPAGE_PATCH_FUNCTIONS: readonly string[] = [
  'sys_refpage_create',
  'refpage_create',
  'prep_refpage_private_data',
  'arch_prep_refpage_private_data',
  'arch_copy_refpage',
  'refpage_mmap',
  'refpage_release',
  'tag_set_highpage',
  'mte_zero_set_page_tags',
  'mte_memcpy',
];

/** CPU actions an event may name instead of a function: Arm ARM names, not kernel code. */
export const CPU_ACTIONS: readonly string[] = [
  'IRG',
  'ADDG',
  'SUBG',
  'LDG',
  'STG',
  'ST2G',
  'STZG',
  'STZ2G',
  'DC GZVA',
  /** The comparison of a pointer's tag with its granule's tag, on every access to PROT_MTE memory. */
  'tag check',
  /** The bit an asynchronous tag-check fault sets; the kernel reads it at its next entry. */
  'TFSRE0_EL1.TF0',
];

export type NameOrigin = 'mainline' | 'refpage-patch' | 'cpu';

/** Where a name in an event comes from. */
export function nameOrigin(name: string): NameOrigin {
  if (REFPAGE_PATCH_FUNCTIONS.includes(name)) return 'refpage-patch';
  if (CPU_ACTIONS.includes(name)) return 'cpu';
  return 'mainline';
}
