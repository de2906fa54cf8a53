/**
 * "Why is this page like this?": the events up to the cursor that touched a page of a process (or
 * a frame), newest last. A linear scan over the records, run only when the selection or the
 * cursor changes.
 */
import type { EngineEvent, RunOutput } from '../engine';
import type { RunIndex } from '../run-index';

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

export function pageHistory(
  run: Pick<RunOutput, 'records'>,
  idx: RunIndex,
  upTo: number,
  target:
    { kind: 'page'; proc: string; addr: number; pageSize: number } | { kind: 'frame'; pfn: number },
  limit = 100,
): HistoryItem[] {
  const out: HistoryItem[] = [];
  const end = idx.recStart[Math.min(upTo, idx.steps) + 1] ?? run.records.length;
  let seq = 0;
  for (let i = 0; i < end; i++) {
    const r = run.records[i]!;
    if (!r.resumed) seq = r.seq;
    for (const e of r.events) {
      const hit =
        target.kind === 'page'
          ? touchesPage(e, r.proc, target.proc, target.addr, target.addr + target.pageSize)
          : touchesFrame(e, target.pfn);
      if (hit) out.push({ seq, proc: r.proc, event: e });
    }
  }
  return out.length > limit ? out.slice(out.length - limit) : out;
}
