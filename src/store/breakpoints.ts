/**
 * Breakpoints: which seqs of a run stop "run to next breakpoint". Pure over the records; computed
 * once per (run, breakpoint list) and marked on the timeline.
 */
import type { EngineEvent, RunOutput, StepResult } from './engine';
import type { RunIndex } from './run-index';
import type { BreakKind, Breakpoint } from './types';

export const BREAK_KINDS: { on: BreakKind; label: string }[] = [
  { on: 'fault', label: 'Any page fault' },
  { on: 'cow', label: 'Copy-on-write' },
  { on: 'uffd_msg', label: 'uffd message' },
  { on: 'blocked', label: 'Blocked thread' },
  { on: 'signal', label: 'Signal' },
  { on: 'tag_mismatch', label: 'Tag mismatch' },
];

export function eventIs(kind: BreakKind, e: EngineEvent): boolean {
  switch (kind) {
    case 'fault':
      return e.kind === 'fault';
    case 'cow':
      return e.kind === 'cow_copied';
    case 'uffd_msg':
      return e.kind === 'uffd_msg_queued';
    case 'blocked':
      return e.kind === 'thread_blocked';
    case 'signal':
      return e.kind === 'signal';
    case 'tag_mismatch':
      return e.kind === 'tag_check' && !e.ok;
  }
}

function recordHits(bp: Breakpoint, r: StepResult): boolean {
  if (bp.kind === 'event') {
    if (bp.on === 'blocked' && r.blocked) return true;
    if (bp.on === 'signal' && r.signal) return true;
    return r.events.some((e) => eventIs(bp.on, e));
  }
  if (bp.proc !== null && r.proc !== bp.proc) return false;
  return r.events.some(
    (e) => 'addr' in e && typeof e.addr === 'number' && e.addr >= bp.start && e.addr < bp.end,
  );
}

/** Seqs (ascending) whose step hits any breakpoint. */
export function breakpointHits(
  run: Pick<RunOutput, 'records'>,
  idx: RunIndex,
  bps: readonly Breakpoint[],
): number[] {
  if (bps.length === 0) return [];
  const hits: number[] = [];
  for (let k = 1; k <= idx.steps; k++) {
    const from = idx.recStart[k]!;
    const to = idx.recStart[k + 1]!;
    let hit = false;
    for (let i = from; i < to && !hit; i++) {
      const r = run.records[i]!;
      hit = bps.some((bp) => recordHits(bp, r));
    }
    if (hit) hits.push(k);
  }
  return hits;
}

/** The next hit after `cursor` (dir 1) or before it (dir -1), or null. */
export function seekHit(hits: readonly number[], cursor: number, dir: 1 | -1): number | null {
  if (dir === 1) {
    for (const h of hits) if (h > cursor) return h;
    return null;
  }
  for (let i = hits.length - 1; i >= 0; i--) if (hits[i]! < cursor) return hits[i]!;
  return null;
}

export function sameBreakpoint(a: Breakpoint, b: Breakpoint): boolean {
  if (a.kind === 'event' && b.kind === 'event') return a.on === b.on;
  if (a.kind === 'range' && b.kind === 'range')
    return a.proc === b.proc && a.start === b.start && a.end === b.end;
  return false;
}

export function breakpointLabel(bp: Breakpoint): string {
  if (bp.kind === 'event') return BREAK_KINDS.find((k) => k.on === bp.on)?.label ?? bp.on;
  return `Touches ${bp.label}${bp.proc ? ` in ${bp.proc}` : ''}`;
}
