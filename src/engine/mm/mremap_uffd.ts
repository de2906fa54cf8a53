/**
 * mremap_userfaultfd_prep and mremap_userfaultfd_complete (fs/userfaultfd.c), for an mremap that
 * moved a VMA: the new VMA keeps its registration only if the context asked for
 * UFFD_FEATURE_EVENT_REMAP, which then gets UFFD_EVENT_REMAP (from, to, len: the old length after
 * any shrink) and makes the mremapping thread wait until it is read. The old range's UNMAP, if
 * any, comes after the REMAP (userfaultfd_events.ts orders them). Growing or shrinking in place
 * sends nothing. Checked on Linux 6.18; with MREMAP_DONTUNMAP the old, now empty VMA stays
 * registered.
 */
import type { Vma } from '../state';
import { wVma, type Tx } from '../tx';
import { vmClear } from './vm_flags';
import { findVma } from './vma';
import { F, hasFeature, ufList, uffdCtx } from '../fs/userfaultfd';
import { UFFD_FLAGS_ALL } from '../fs/userfaultfd_register';

/** vma_has_uffd_without_event_remap: registered through a context without EVENT_REMAP. */
export function uffdWithoutEventRemap(tx: Tx, v: Vma): boolean {
  return v.uffd !== null && !hasFeature(uffdCtx(tx.s, v.uffd), F.UFFD_FEATURE_EVENT_REMAP);
}

export function mremapUserfaultfd(
  tx: Tx,
  proc: string,
  from: number,
  to: number,
  len: number,
): void {
  const mm = tx.s.procs[proc]!.mm;
  const i = findVma(mm, to);
  if (i < 0) return;
  const ctxId = mm.vmas[i]!.uffd;
  if (ctxId === null) return;
  const ctx = uffdCtx(tx.s, ctxId);
  if (!hasFeature(ctx, F.UFFD_FEATURE_EVENT_REMAP)) {
    // Drop the uffd context if the remap feature is not enabled.
    const w = wVma(tx, proc, i);
    w.uffd = null;
    w.flags = vmClear(w.flags, UFFD_FLAGS_ALL);
    return;
  }
  if (ctx.released) return;
  ufList(tx).events.push({
    ctx: ctxId,
    msg: { event: 'UFFD_EVENT_REMAP', from, to, len },
    phase: 1,
  });
}
