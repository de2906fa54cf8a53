/**
 * What the step at the cursor changed, for every view to mark: PTEs added, removed, re-pointed or
 * given other flags (in every process), frames allocated, filled, freed, and their refcount,
 * mapcount and tags. Derived by diffing the states before and after the step; the page tables and
 * the frame table share every subtree the step did not touch, so the diff costs what changed.
 */
import {
  frameDiff,
  geometry,
  ptDiff,
  type EngineState,
  type Frame,
  type PageData,
} from '../engine';
import { memoWeak2 } from './memo';
import { leafChange } from './walk';

export interface PteChange {
  proc: string;
  /** Page-aligned. */
  addr: number;
  before: number;
  after: number;
  /** "added", "re-pointed: pfn 1 → pfn 3", "flags +writable" (walk.ts leafChange). */
  what: string;
}

export interface FrameChange {
  pfn: number;
  before: Frame | null;
  after: Frame | null;
  /** "allocated", "freed", "refcount 2 → 1", "mapcount 2 → 1", "tags changed", "contents changed". */
  what: string[];
}

export interface StepChanges {
  ptes: PteChange[];
  frames: FrameChange[];
  /** Past this many PTE changes the list is cut (a 1 GiB populate changes 262,144). */
  ptesMore: number;
}

export const MAX_LISTED = 4096;
const NONE: StepChanges = { ptes: [], frames: [], ptesMore: 0 };

function frameWhat(before: Frame | null, after: Frame | null): string[] {
  if (!before && after) return ['allocated'];
  if (before && !after) return ['freed'];
  if (!before || !after) return [];
  const out: string[] = [];
  if (before.refcount !== after.refcount)
    out.push(`refcount ${before.refcount} → ${after.refcount}`);
  if (before.mapcount !== after.mapcount)
    out.push(`mapcount ${before.mapcount} → ${after.mapcount}`);
  if (before.tags !== after.tags) out.push('tags changed');
  if (!samePageData(before.data, after.data)) out.push('contents changed');
  return out;
}

/**
 * Page contents compared by value where they are not the same object: two states of a trace
 * (keyframes plus replay, timeline.ts) on either side of a step whose records were kept are built
 * by different runs, so a frame the step did not write can be an equal copy.
 */
function samePageData(a: PageData, b: PageData): boolean {
  if (a === b) return true;
  if (a.fill !== b.fill) return false;
  if (a.patch === b.patch) return true;
  if (!a.patch || !b.patch) return false;
  const ka = Object.keys(a.patch);
  if (ka.length !== Object.keys(b.patch).length) return false;
  for (const k of ka) if (a.patch[Number(k)] !== b.patch[Number(k)]) return false;
  return true;
}

/** The changes between two states (the one before a step and the one after). */
export const stepChanges = memoWeak2((prev: EngineState, state: EngineState): StepChanges => {
  const g = geometry(state.machine);
  const ptes: PteChange[] = [];
  let ptesMore = 0;
  const procs = [...new Set([...prev.procOrder, ...state.procOrder])];
  for (const proc of procs) {
    const a = prev.procs[proc]?.mm.pgd ?? null;
    const b = state.procs[proc]?.mm.pgd ?? null;
    ptDiff(g, a, b, (addr, before, after) => {
      if (ptes.length >= MAX_LISTED) {
        ptesMore++;
        return;
      }
      ptes.push({ proc, addr, before, after, what: leafChange(before, after) ?? 'changed' });
    });
  }
  const frames: FrameChange[] = [];
  frameDiff(prev.frames, state.frames, (pfn, before, after) => {
    const what = frameWhat(before, after);
    if (what.length > 0) frames.push({ pfn, before, after, what });
    return frames.length < MAX_LISTED;
  });
  return { ptes, frames, ptesMore };
});

export function changesOf(prev: EngineState | null, state: EngineState | null): StepChanges {
  return prev && state ? stepChanges(prev, state) : NONE;
}
