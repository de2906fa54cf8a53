/**
 * What the address-space view draws, derived from the state at the cursor: the run-wide axis (so
 * that scrubbing never moves a VMA on screen), each process's VMAs with their page codes, and the
 * pages linked to the selection.
 */
import type { EngineState, Vma } from '../../store/engine';
import type { RunIndex } from '../../store/run-index';
import { ptePfn, PTE_PRESENT, geometry, ptGet } from '../../store/engine';
import type { MappingModel } from '../../store/selectors/mapping';
import { vmaCodesOf } from '../../store/selectors/page-codes';
import { mappersOf, vmaPageCodes } from '../../store/selectors/pages';
import { symbolize, type NamedAddr } from '../../store/selectors/symbols';
import type { Selection } from '../../store/types';
import { buildAxis, formatSize, type Axis, type Range } from './layout';
import type { DrawRow } from './draw';

const axisCache = new WeakMap<RunIndex['ranges'], Axis>();

/**
 * The union of every VMA of every process over the run (the index collects them as the run goes)
 * and of `state` (the last one), so that scrubbing never moves a VMA on screen. Cached on the
 * index's ranges, which stay the same array while a growing run adds none: the axis (and so the
 * drawing) changes only when a range is added.
 */
export function runAxis(index: Pick<RunIndex, 'ranges'>, state: EngineState): Axis {
  let axis = axisCache.get(index.ranges);
  if (axis) return axis;
  const ranges: Range[] = [...index.ranges];
  for (const name of state.procOrder)
    for (const v of state.procs[name]?.mm.vmas ?? []) ranges.push({ start: v.start, end: v.end });
  axis = buildAxis(ranges, state.machine.pageSize);
  axisCache.set(index.ranges, axis);
  return axis;
}

export function protString(flags: number): string {
  return (
    (flags & 1 ? 'r' : '-') +
    (flags & 2 ? 'w' : '-') +
    (flags & 4 ? 'x' : '-') +
    (flags & 8 ? 's' : 'p')
  );
}

export function backingName(v: Vma): string {
  switch (v.backing.kind) {
    case 'anon':
      return 'anonymous';
    case 'shmem':
      return 'shmem';
    case 'refpage':
      return 'reference page';
  }
}

export function vmaLabel(v: Vma, names: readonly NamedAddr[]): string {
  return vmaLabelForms(v, names)[0]!;
}

/** A VMA's label, from the longest form to the shortest (for narrow places): "p 4 KiB rw-p anonymous", "p 4 KiB rw-p", "p 4 KiB", "p". */
export function vmaLabelForms(v: Vma, names: readonly NamedAddr[]): string[] {
  const name = symbolize(v.start, names);
  const size = formatSize(v.end - v.start);
  const prot = protString(v.flags);
  return [
    `${name} ${size} ${prot} ${backingName(v)}`,
    `${name} ${size} ${prot}`,
    `${name} ${size}`,
    name,
  ];
}

/**
 * Each process's VMAs with their page codes. Given the memory map's model of `state` (the app
 * has it at every step), the codes come from its arrays, which a step patches, instead of a walk
 * of every page table (page-codes.ts).
 */
export function drawRows(
  state: EngineState,
  names: readonly NamedAddr[],
  model?: MappingModel | null,
): DrawRow[] {
  return state.procOrder
    .map((name) => state.procs[name])
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((p) => ({
      proc: p.alive ? p.name : `${p.name} (exited)`,
      vmas: p.mm.vmas.map((v) => ({
        start: v.start,
        end: v.end,
        label: vmaLabel(v, names),
        codes: vmaCodes(state, p.name, v, model),
      })),
    }));
}

/** The page a selection points at in the address space, and the pages sharing its frame. */
export function linkedPages(
  state: EngineState,
  sel: Selection | null,
): { selected: { proc: string; addr: number } | null; related: { proc: string; addr: number }[] } {
  if (!sel) return { selected: null, related: [] };
  if (sel.kind === 'frame') return { selected: null, related: mappersOf(state, sel.pfn) };
  const p = state.procs[sel.proc];
  if (!p) return { selected: null, related: [] };
  const ps = state.machine.pageSize;
  const addr = Math.floor(sel.addr / ps) * ps;
  const pte = ptGet(geometry(state.machine), p.mm.pgd, addr);
  const related =
    pte & PTE_PRESENT
      ? mappersOf(state, ptePfn(pte)).filter((m) => m.proc !== sel.proc || m.addr !== addr)
      : [];
  return { selected: { proc: sel.proc, addr }, related };
}

/** The page codes of a VMA: from the model when it has it, else from the page tables. */
export function vmaCodes(
  state: EngineState,
  proc: string,
  v: Vma,
  model?: MappingModel | null,
): Uint8Array {
  return (
    (model?.state.seq === state.seq ? vmaCodesOf(model, proc, v) : null) ??
    vmaPageCodes(state, proc, v)
  );
}
