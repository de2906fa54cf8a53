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
 * twice; pages already populated are skipped).
 */
import type { BlockedOn, Vma } from '../state';
import { PTE_MARKER_UFFD_WP, PTE_PRESENT, PTE_UFFD_WP, VM_UFFD_WP } from '../state';
import { emit, wThread, type Tx } from '../tx';
import { ok, type SysResult } from '../syscall';
import type { Fields } from '../fields';
import { F, hasFeature, uffdCtx, type UffdAt } from '../fs/userfaultfd';
import {
  eventWaitOf,
  finishEventWait,
  ufList,
  waitNextEvent,
  type EventCont,
} from '../fs/userfaultfd_events';
import { sysMadvise } from './madvise';

/** applyAdvice's and populateRange's answer when the thread must sleep (see the header). */
export const UFFD_WAIT = 'UFFD_WAIT';

type MadviseCont = Extract<EventCont, { op: 'madvise' }>;

/** A madvise asleep in handle_userfault during MADV_POPULATE_*: what it resumes. */
export interface MadviseFaultWait {
  kind: 'uffd_madvise';
  start: number;
  end: number;
  advice: number;
  unmapped: boolean;
}

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
    const r = l.remove;
    l.remove = null;
    const cont = (): EventCont => ({ op: 'madvise', ...a, ack: r });
    const msg = { event: 'UFFD_EVENT_REMOVE' as const, start: r.start, end: r.end };
    waitNextEvent(tx, tx.proc, tx.thread, tx, [{ ctx: r.ctx, msg, phase: 1 }], cont);
  } else if (l.gup) {
    const g = l.gup;
    l.gup = null;
    const wait: MadviseFaultWait = { kind: 'uffd_madvise', ...a };
    wThread(tx, tx.proc, tx.thread).blocked = {
      seq: tx.seq,
      path: tx.path,
      do: tx.do,
      addr: g.addr,
      write: g.write,
      uffd: g.uffd,
      resume: wait as unknown as Record<string, unknown>,
    };
  }
  return ok(0);
}

/** Runs madvise from `start` as the thread that called it, in the step that blocked it. */
function rerun(
  tx: Tx,
  at: UffdAt,
  b: BlockedOn,
  start: number,
  end: number,
  advice: number,
  ack: MadviseCont['ack'] | null,
): SysResult {
  const saved = { proc: tx.proc, thread: tx.thread, seq: tx.seq, path: tx.path, do: tx.do };
  Object.assign(tx, { proc: at.proc, thread: at.thread, seq: b.seq, path: b.path, do: b.do });
  const l = ufList(tx);
  l.ack = ack;
  try {
    return sysMadvise(tx, start, end - start, advice);
  } finally {
    l.ack = null;
    Object.assign(tx, saved);
  }
}

/** If madvise went to sleep again, keep what the first part of the range found (a hole: ENOMEM). */
function carryUnmapped(tx: Tx, at: UffdAt, unmapped: boolean): boolean {
  const again = tx.s.procs[at.proc]?.threads[at.thread]?.blocked;
  if (!again) return false;
  if (unmapped) {
    const r = again.resume as { kind?: string; unmapped?: boolean; cont?: MadviseCont };
    const resume =
      r.kind === 'uffd_madvise'
        ? { ...r, unmapped: true }
        : { ...r, cont: { ...r.cont!, unmapped: true } };
    wThread(tx, at.proc, at.thread).blocked = {
      ...again,
      resume: resume as Record<string, unknown>,
    };
  }
  return true;
}

function finalFields(r: SysResult, unmapped: boolean): Fields {
  // madvise_walk_vmas: a hole anywhere in the range makes the result ENOMEM.
  return unmapped && r.ret === 0 ? { ret: -1, errno: 'ENOMEM' } : { ret: r.ret, errno: r.errno };
}

/** The REMOVE was read: madvise goes on from the piece it stopped at. */
export function resumeMadvise(
  tx: Tx,
  proc: string,
  thread: string,
  b: BlockedOn,
  cont: MadviseCont,
  mark: number,
): void {
  emit(tx, {
    kind: 'note',
    fn: 'madvise_dontneed_free',
    text: 'madvise goes on after its UFFD_EVENT_REMOVE was read',
  });
  const r = rerun(tx, { proc, thread }, b, cont.start, cont.end, cont.advice, cont.ack);
  const again = eventWaitOf(tx.s.procs[proc]?.threads[thread]?.blocked);
  if (carryUnmapped(tx, { proc, thread }, cont.unmapped) || again) return;
  finishEventWait(tx, proc, thread, b, finalFields(r, cont.unmapped), tx.events.splice(mark));
}

/** A MADV_POPULATE_* asleep in handle_userfault was woken: it goes on (kernel/wake.ts). */
export function resumeMadviseFault(tx: Tx, at: UffdAt, b: BlockedOn): Fields {
  const w = b.resume as unknown as MadviseFaultWait;
  const r = rerun(tx, at, b, w.start, w.end, w.advice, null);
  if (carryUnmapped(tx, at, w.unmapped)) return { blocked: true };
  return finalFields(r, w.unmapped);
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
