/**
 * The kernel functions an event names, as the modelled line spells them. The engine names
 * functions as Linux 6.18 does; a few were renamed, split or merged since 6.1, and an event of a
 * run modelled as an older line names that line's function (each checked against the line's name
 * list, src/crosscheck/names/v6.1.txt and the others; the names test runs the corpus scenarios
 * of each line). Behaviour is unchanged: the same work, under its name of the time.
 */
import type { EngineEvent } from '../events';
import type { KernelVersion } from '../../scenario/types';

type Renames = Readonly<Record<string, string>>;

/** 6.1 and 6.6: before the VMA merge rework (6.12) and userfaultfd's read_iter (6.12). */
const BEFORE_6_12: Renames = {
  vma_merge_existing_range: 'vma_merge',
  vma_merge_new_range: 'vma_merge',
  userfaultfd_read_iter: 'userfaultfd_read',
  copy_present_ptes: 'copy_present_pte',
  zap_page_range_single_batched: 'zap_page_range_single',
};

const RENAMED: Partial<Record<KernelVersion, Renames>> = {
  '6.1': {
    ...BEFORE_6_12,
    // 6.5 renamed userfaultfd's fill functions (mcopy_* → mfill_atomic_*).
    mfill_atomic: '__mcopy_atomic',
    mfill_atomic_copy: 'mcopy_atomic',
    mfill_atomic_zeropage: 'mfill_zeropage',
    mfill_atomic_continue: 'mcopy_continue',
    mfill_atomic_pte_copy: 'mcopy_atomic_pte',
    do_vmi_munmap: 'do_mas_munmap',
    vma_alloc_zeroed_movable_folio: 'alloc_zeroed_user_highpage_movable',
    filemap_get_entry: 'mapping_get_entry',
  },
  '6.6': BEFORE_6_12,
  '6.12': {
    zap_page_range_single_batched: 'zap_page_range_single',
    move_pages_ptes: 'move_pages_pte',
    move_present_ptes: 'move_present_pte',
  },
};

/** The event with its function names as `line` spells them (the same object when none differ). */
export function namedForLine(line: KernelVersion | undefined, e: EngineEvent): EngineEvent {
  const renames = line && RENAMED[line];
  if (!renames) return e;
  const path = (e as { path?: readonly string[] }).path;
  const fn = renames[e.fn];
  const renamedPath = path?.some((p) => renames[p]) ? path.map((p) => renames[p] ?? p) : path;
  if (fn === undefined && renamedPath === path) return e;
  return { ...e, fn: fn ?? e.fn, ...(path ? { path: renamedPath } : {}) } as EngineEvent;
}
