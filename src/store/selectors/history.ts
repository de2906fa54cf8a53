/**
 * "Why is this page like this?": the events up to the cursor that touched a page of a process (or
 * a frame), newest last. Read from the timeline backwards from the cursor, only when the selection
 * or the cursor changes.
 */
import type { EngineEvent } from '../engine';
import type { RunIndex } from '../run-index';
import type { Timeline } from '../timeline';

export interface HistoryItem {
  seq: number;
  proc: string;
  event: EngineEvent;
}

function touchesPage(
  e: EngineEvent,
  recProc: string,
  proc: string,
  start: number,
  end: number,
): boolean {
  const inPage = (a: number | undefined) => a !== undefined && a >= start && a < end;
  switch (e.kind) {
    case 'pte_shared':
      return (recProc === proc || e.child === proc) && inPage(e.addr);
    case 'vma_changed':
    case 'uffd_range':
    case 'uffd_wp_changed':
      return recProc === proc && e.start < end && e.end > start;
    case 'page_moved':
      return recProc === proc && (inPage(e.from) || inPage(e.to));
    case 'tags_set':
      return recProc === proc && e.addr < end && e.addr + e.length > start;
    case 'thread_blocked':
    case 'thread_woken':
      return e.proc === proc && inPage(e.addr);
    default:
      return recProc === proc && 'addr' in e && inPage(e.addr as number | undefined);
  }
}

function touchesFrame(e: EngineEvent, pfn: number): boolean {
  switch (e.kind) {
    case 'cow_copied':
      return e.from === pfn || e.to === pfn;
    default:
      return 'pfn' in e && e.pfn === pfn;
  }
}

/**
 * Steps a history looks back over a run that must be replayed to be read (a trace), before it
 * says it stopped looking (a page touched at step 3 of a 10^6-step run is not worth a freeze).
 */
export const HISTORY_REACH = 50_000;

export interface History {
  items: HistoryItem[];
  /** The earliest step searched (1 when the whole run up to the cursor was). */
  searchedFrom: number;
}

export function pageHistory(
  run: Timeline,
  idx: RunIndex,
  upTo: number,
  target:
    { kind: 'page'; proc: string; addr: number; pageSize: number } | { kind: 'frame'; pfn: number },
  limit = 100,
): HistoryItem[] {
  return searchHistory(run, idx, upTo, target, limit).items;
}

/**
 * The events that touched the target up to step `upTo`, newest last, at most `limit`: searched
 * backwards from `upTo` in growing windows, so that a page touched often is found without reading
 * the whole run, and (over a trace) no further back than HISTORY_REACH steps.
 */
export function searchHistory(
  run: Timeline,
  idx: RunIndex,
  upTo: number,
  target:
    { kind: 'page'; proc: string; addr: number; pageSize: number } | { kind: 'frame'; pfn: number },
  limit = 100,
  reach = run.replays ? HISTORY_REACH : Infinity,
): History {
  const end = Math.min(upTo, idx.steps);
  const floor = Math.max(1, end - reach + 1);
  let found: HistoryItem[] = [];
  let from = end + 1;
  for (let window = 256; from > floor && found.length < limit; window *= 4) {
    const start = Math.max(floor, from - window);
    const items: HistoryItem[] = [];
    run.scan(start, from - 1, (seq, records) => {
      for (const r of records)
        for (const e of r.events) {
          const hit =
            target.kind === 'page'
              ? touchesPage(e, r.proc, target.proc, target.addr, target.addr + target.pageSize)
              : touchesFrame(e, target.pfn);
          if (hit) items.push({ seq, proc: r.proc, event: e });
        }
    });
    found = items.concat(found);
    from = start;
  }
  return {
    items: found.length > limit ? found.slice(found.length - limit) : found,
    searchedFrom: from > end ? 1 : from,
  };
}
