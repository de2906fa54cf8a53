/**
 * madvise(2) and userfaultfd (mm/madvise.c, fs/userfaultfd.c).
 *
 * userfaultfd_remove, called by MADV_DONTNEED and MADV_REMOVE for each VMA piece: a context that
 * asked for UFFD_FEATURE_EVENT_REMOVE gets UFFD_EVENT_REMOVE with the piece's start and end, and the
 * madvising thread sleeps until the monitor reads it; only then are the pages zapped
 * (madvise_dontneed_free looks the VMA up again and goes on). Checked on Linux 6.18: the pages are
 * still mapped while the thread waits, and a range over several registered VMAs sends one event
 * per VMA, each waited for in turn.
 *
 * MADV_POPULATE_READ/WRITE fault pages in through GUP, and a userfault there sleeps in
 * handle_userfault like a CPU access (message flags WRITE for POPULATE_WRITE); once woken, the
 * populate goes on (checked on Linux 6.18).
 *
 * faultline stops sysMadvise at the piece (UFFD_WAIT) and puts the thread to sleep; when it is
 * woken it runs madvise again from that piece on (with the REMOVE acknowledged, so it is not sent
 * twice; pages already populated are skipped): mm/madvise_resume.ts.
 */
import type { Vma } from '../state';
import { PTE_MARKER_UFFD_WP, PTE_PRESENT, PTE_UFFD_WP, VM_UFFD_WP } from '../state';
import type { Tx } from '../tx';
import { ok, type SysResult } from '../syscall';
import { F, hasFeature, ufList, uffdCtx } from '../fs/userfaultfd';
import { waitNextEvent } from '../fs/userfaultfd_events';
import { sleepOn } from '../kernel/sched/wait';

/** applyAdvice's and populateRange's answer when the thread must sleep (see the header). */
export const UFFD_WAIT = 'UFFD_WAIT';

/** userfaultfd_remove: true when madvise must stop here and wait for the event to be read. */
export function userfaultfdRemove(
  tx: Tx,
  proc: string,
  vma: Vma,
  start: number,
  end: number,
): boolean {
  void proc;
  if (vma.uffd === null) return false;
  const ctx = uffdCtx(tx.s, vma.uffd);
  if (ctx.released || !hasFeature(ctx, F.UFFD_FEATURE_EVENT_REMOVE)) return false;
  const l = ufList(tx);
  if (l.ack && l.ack.ctx === vma.uffd && l.ack.start === start && l.ack.end === end) {
    l.ack = null;
    return false;
  }
  l.remove = { ctx: vma.uffd, start, end };
  return true;
}

/** populateRange took a userfault at `addr` and must sleep in handle_userfault. */
export function gupUserfaultWait(tx: Tx, uffd: number, addr: number, write: boolean): void {
  ufList(tx).gup = { uffd, addr, write };
}

/** madvise stopped at [start, …): the thread sleeps, for an event read or for a userfault. */
export function madviseWait(
  tx: Tx,
  a: { start: number; end: number; advice: number; unmapped: boolean },
): SysResult {
  const l = ufList(tx);
  if (l.remove) {
    const ack = l.remove;
    l.remove = null;
    const msg = { event: 'UFFD_EVENT_REMOVE' as const, start: ack.start, end: ack.end };
    waitNextEvent(tx, tx.proc, tx.thread, tx, [{ ctx: ack.ctx, msg, phase: 1 }], () => ({
      kind: 'madvise',
      ...a,
      ack,
    }));
  } else if (l.gup) {
    const g = l.gup;
    l.gup = null;
    sleepOn(tx, tx.proc, tx.thread, tx, {
      kind: 'userfault',
      uffd: g.uffd,
      addr: g.addr,
      write: g.write,
      retry: { kind: 'madvise_populate', ...a },
    });
  }
  return ok(0);
}

/**
 * zap_install_uffd_wp_if_needed: zapping a page of a shmem VMA registered for write-protection
 * (MADV_DONTNEED) leaves a uffd-wp marker where the page was protected, so the protection survives
 * (checked on Linux 6.18); anonymous memory drops everything. Returns the PTE to leave behind.
 */
export function zapUffdWpMarker(tx: Tx, proc: string, addr: number, pte: number): number {
  const mm = tx.s.procs[proc]!.mm;
  const v = mm.vmas.find((x) => addr >= x.start && addr < x.end);
  if (!v || v.backing.kind !== 'shmem' || v.uffd === null || !(v.flags & VM_UFFD_WP)) return 0;
  const wp = pte & PTE_PRESENT ? pte & PTE_UFFD_WP : pte & PTE_MARKER_UFFD_WP;
  return wp ? PTE_MARKER_UFFD_WP : 0;
}
