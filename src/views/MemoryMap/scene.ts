/**
 * What one paint of the memory map needs, beyond the model: the step's changes indexed by page
 * and by frame, and how far each change has gone (0: as before the step, 1: as after it). The
 * painter reads a page's or a frame's look through these functions, so a step animating, an event
 * being walked and a still picture are one code path.
 */
import {
  ptePfn,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  type Frame,
} from '../../store/engine';
import type {
  BlockChange,
  FrameStepChange,
  LinkChange,
  PageMark,
  OrderedChanges,
} from '../../store/selectors/changes-by-event';
import { FrameKindCode, pageIndex, type MappingModel } from '../../store/selectors/mapping';

export interface PreparedChanges {
  changes: OrderedChanges;
  /** Link changes by row * pages + page index. */
  byLink: Map<number, LinkChange>;
  /** Row of each link change (parallel to changes.links). */
  linkRow: number[];
  linkIndex: number[];
  byFrame: Map<number, FrameStepChange>;
  /** Per frame: PTEs gained minus PTEs lost this step (fan-in before = after − delta). */
  fanDelta: Map<number, number>;
  blocks: (BlockChange & { row: number; i: number })[];
  /** Pages a process stopped or started mapping, as axis index ranges [i0, i1) of a row. */
  spans: { row: number; i0: number; i1: number; kind: 'gone' | 'new'; phase: number }[];
  marks: (PageMark & { row: number; i: number })[];
}

const prepared = new WeakMap<OrderedChanges, WeakMap<MappingModel['axis'], PreparedChanges>>();

export function prepareChanges(
  changes: OrderedChanges,
  model: Pick<MappingModel, 'axis'>,
  procNames: readonly string[],
): PreparedChanges {
  let inner = prepared.get(changes);
  if (!inner) prepared.set(changes, (inner = new WeakMap()));
  const hit = inner.get(model.axis);
  if (hit) return hit;
  const axis = model.axis;
  const rowOf = (proc: string) => procNames.indexOf(proc);
  const byLink = new Map<number, LinkChange>();
  const linkRow: number[] = [];
  const linkIndex: number[] = [];
  const fanDelta = new Map<number, number>();
  const bump = (pfn: number, d: number) => fanDelta.set(pfn, (fanDelta.get(pfn) ?? 0) + d);
  for (const l of changes.links) {
    const r = rowOf(l.proc);
    const i = pageIndex(axis, l.addr);
    linkRow.push(r);
    linkIndex.push(i);
    if (r >= 0 && i >= 0) byLink.set(r * axis.pages + i, l);
    if (present(l.before)) bump(ptePfn(l.before), -1);
    if (present(l.after)) bump(ptePfn(l.after), 1);
  }
  const byFrame = new Map<number, FrameStepChange>();
  for (const f of changes.frames) byFrame.set(f.pfn, f);
  const p: PreparedChanges = {
    changes,
    byLink,
    linkRow,
    linkIndex,
    byFrame,
    fanDelta,
    blocks: changes.blocks.map((b) => ({ ...b, row: rowOf(b.proc), i: pageIndex(axis, b.addr) })),
    spans: changes.vmas.map((v) => ({
      row: rowOf(v.proc),
      i0: pageIndex(axis, v.start),
      i1: pageIndex(axis, v.start) + Math.round((v.end - v.start) / axis.pageSize),
      kind: v.kind,
      phase: v.phase,
    })),
    marks: changes.marks.map((m) => ({ ...m, row: rowOf(m.proc), i: pageIndex(axis, m.addr) })),
  };
  inner.set(model.axis, p);
  return p;
}

export const present = (pte: number) => ((pte % 256) & PTE_PRESENT) !== 0;
export const writable = (pte: number) => ((pte % 256) & PTE_WRITE) !== 0;

/* ---------------------------------------------------------------- how things look */

/** The colour keys a cell can take (Palette fields). */
export type CellColor = 'none' | 'zero' | 'refpage' | 'private' | 'shared' | 'shmem' | 'poison';

export interface PageLook {
  color: CellColor;
  /** The word under the address: what this page is. */
  word: string;
  letter: string;
  present: boolean;
  pfn: number;
  writable: boolean;
  wp: boolean;
  poison: boolean;
}

/** A frame's colour from its kind code and mapcount. */
export function frameColor(kind: number, mapcount: number): CellColor {
  switch (kind) {
    case FrameKindCode.zero:
      return 'zero';
    case FrameKindCode.refpage:
      return 'refpage';
    case FrameKindCode.shmem:
      return 'shmem';
    case FrameKindCode.anon:
      return mapcount > 1 ? 'shared' : 'private';
    default:
      return 'none';
  }
}

const KIND_OF: Record<Frame['kind'], number> = {
  zero: FrameKindCode.zero,
  anon: FrameKindCode.anon,
  shmem: FrameKindCode.shmem,
  refpage: FrameKindCode.refpage,
};
export const frameKindCode = (f: Frame | null) => (f ? KIND_OF[f.kind] : FrameKindCode.free);

/**
 * A page's look from its PTE bits and frame. `mapcountOf` gives the frame's mapcount as drawn
 * (before or after the step), so that a page turns from shared to private when its frame does.
 */
export function pageLook(
  bits: number,
  pfn: number,
  frameKind: (pfn: number) => number,
  mapcountOf: (pfn: number) => number,
): PageLook {
  const wp = (bits & (PTE_UFFD_WP | PTE_MARKER_UFFD_WP)) !== 0;
  if (!(bits & PTE_PRESENT) || pfn < 0) {
    const poison = (bits & PTE_MARKER_POISON) !== 0;
    return {
      color: poison ? 'poison' : 'none',
      word: poison ? 'poisoned' : 'not present',
      letter: poison ? 'p' : '.',
      present: false,
      pfn: -1,
      writable: false,
      wp,
      poison,
    };
  }
  const w = (bits & PTE_WRITE) !== 0;
  const base = { present: true, pfn, writable: w, wp, poison: false };
  if (bits & PTE_SPECIAL) {
    return pfn === 0
      ? { ...base, color: 'zero', word: 'zero page', letter: 'z' }
      : { ...base, color: 'refpage', word: 'ref page', letter: 'r' };
  }
  const kind = frameKind(pfn);
  const mc = mapcountOf(pfn);
  if (kind === FrameKindCode.shmem)
    return {
      ...base,
      color: 'shmem',
      word: mc > 1 ? 'shared' : 'shmem',
      letter: mc > 1 ? 's' : 'x',
    };
  return mc > 1
    ? { ...base, color: 'shared', word: 'shared', letter: 's' }
    : { ...base, color: 'private', word: 'private', letter: 'x' };
}

/** Smoothstep easing for the motions: starts and ends gently. */
export function ease(t: number): number {
  const x = Math.max(0, Math.min(1, t));
  return x * x * (3 - 2 * x);
}
