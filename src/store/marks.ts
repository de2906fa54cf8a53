/**
 * What kind of thing a step did, most important first: the timeline draws one mark per step (or
 * per pixel column, the most important step of it), and breakpoints stop on kinds of events. Both
 * are worked out once per step while the run is indexed (run-index.ts), not per frame.
 */
import type { EngineEvent, StepResult } from './engine';

/** Event kinds a breakpoint can stop on (issue 4, "Step-through debugging"). */
export type BreakKind = 'fault' | 'cow' | 'uffd_msg' | 'blocked' | 'signal' | 'tag_mismatch';

export type MarkKind = 'signal' | 'blocked' | 'cow' | 'fault' | 'mte' | 'uffd' | 'call';
/** Most important first: a bucket shows its most important step. */
export const MARK_ORDER: MarkKind[] = ['signal', 'blocked', 'cow', 'fault', 'mte', 'uffd', 'call'];

export function eventMark(e: EngineEvent): MarkKind {
  switch (e.kind) {
    case 'signal':
      return 'signal';
    case 'thread_blocked':
      return 'blocked';
    case 'cow_copied':
      return 'cow';
    case 'fault':
      return 'fault';
    case 'tag_check':
      return e.ok ? 'mte' : 'signal';
    case 'tags_set':
      return 'mte';
    case 'uffd_msg_queued':
    case 'thread_woken':
      return 'uffd';
    default:
      return 'call';
  }
}

/** The index in MARK_ORDER of a step's most important mark. */
export function markIndex(records: readonly StepResult[]): number {
  let best = MARK_ORDER.length - 1;
  for (const r of records) {
    if (r.signal) best = 0;
    if (r.blocked) best = Math.min(best, 1);
    for (const e of r.events) best = Math.min(best, MARK_ORDER.indexOf(eventMark(e)));
  }
  return best;
}

export function markKind(records: readonly StepResult[]): MarkKind {
  return MARK_ORDER[markIndex(records)]!;
}

export const BREAK_KINDS: { on: BreakKind; label: string }[] = [
  { on: 'fault', label: 'Any page fault' },
  { on: 'cow', label: 'Copy-on-write' },
  { on: 'uffd_msg', label: 'uffd message' },
  { on: 'blocked', label: 'Blocked thread' },
  { on: 'signal', label: 'Signal' },
  { on: 'tag_mismatch', label: 'Tag mismatch' },
];

/** The bit of each break kind in RunIndex.breaks. */
export const BREAK_BIT: Record<BreakKind, number> = Object.fromEntries(
  BREAK_KINDS.map((k, i) => [k.on, 1 << i]),
) as Record<BreakKind, number>;

function eventBits(e: EngineEvent): number {
  switch (e.kind) {
    case 'fault':
      return BREAK_BIT.fault;
    case 'cow_copied':
      return BREAK_BIT.cow;
    case 'uffd_msg_queued':
      return BREAK_BIT.uffd_msg;
    case 'thread_blocked':
      return BREAK_BIT.blocked;
    case 'signal':
      return BREAK_BIT.signal;
    case 'tag_check':
      return e.ok ? 0 : BREAK_BIT.tag_mismatch;
    default:
      return 0;
  }
}

/** The break kinds a record hits, as RunIndex.breaks bits. */
export function breakBits(r: StepResult): number {
  let bits = 0;
  if (r.blocked) bits |= BREAK_BIT.blocked;
  if (r.signal) bits |= BREAK_BIT.signal;
  for (const e of r.events) bits |= eventBits(e);
  return bits;
}
