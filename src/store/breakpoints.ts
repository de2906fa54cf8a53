/**
 * Breakpoints: which seqs of a run stop "run to next breakpoint". Pure over the index and the
 * timeline; computed once per (index, breakpoint list) and marked on the timeline.
 */
import type { StepResult } from './engine';
import type { RunIndex } from './run-index';
import type { Timeline } from './timeline';
import type { Breakpoint } from './types';
import { BREAK_BIT, BREAK_KINDS } from './marks';

export { BREAK_KINDS };

function rangeHits(bp: Extract<Breakpoint, { kind: 'range' }>, r: StepResult): boolean {
  if (bp.proc !== null && r.proc !== bp.proc) return false;
  return r.events.some(
    (e) => 'addr' in e && typeof e.addr === 'number' && e.addr >= bp.start && e.addr < bp.end,
  );
}

/**
 * Seqs (ascending) whose step hits any breakpoint. Event kinds are read from the index (one bit
 * per kind and step); a range is searched for in the steps' events, which over a trace is a replay
 * of the whole run.
 */
export function breakpointHits(run: Timeline, idx: RunIndex, bps: readonly Breakpoint[]): number[] {
  if (bps.length === 0) return [];
  let bits = 0;
  const ranges: Extract<Breakpoint, { kind: 'range' }>[] = [];
  for (const bp of bps) {
    if (bp.kind === 'event') bits |= BREAK_BIT[bp.on];
    else ranges.push(bp);
  }
  const hit = new Uint8Array(idx.steps + 1);
  if (bits) for (let k = 1; k <= idx.steps; k++) if (idx.breaks[k]! & bits) hit[k] = 1;
  if (ranges.length)
    run.scan(1, idx.steps, (k, records) => {
      if (!hit[k] && records.some((r) => ranges.some((bp) => rangeHits(bp, r)))) hit[k] = 1;
    });
  const hits: number[] = [];
  for (let k = 1; k <= idx.steps; k++) if (hit[k]) hits.push(k);
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
