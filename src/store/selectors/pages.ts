/**
 * What each virtual page of a process maps, derived from the page table and the frame table
 * (design habit 8: pagemap strings, RSS and "is this shared?" are computed, not stored).
 */
import {
  forEachFrame,
  frameAtPfn,
  PTE_DIRTY,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  ZERO_PFN,
  geometry,
  ptForEach,
  ptGet,
  ptePfn,
  type EngineState,
  type Frame,
  type Mm,
  type Vma,
} from '../engine';
import { memoWeak2 } from './memo';

/** Page kinds, in the order of the legend. Values fit a Uint8Array together with the flag bits. */
export const PageKind = {
  none: 0,
  zero: 1,
  refpage: 2,
  private: 3,
  shared: 4,
  poison: 5,
} as const;
export type PageKindName = keyof typeof PageKind;
export const PAGE_KIND_NAMES: PageKindName[] = [
  'none',
  'zero',
  'refpage',
  'private',
  'shared',
  'poison',
];
/** Overlay bits on top of the kind. */
export const PAGE_WP = 8;
export const PAGE_BLOCKED = 16;
export const PAGE_KIND_MASK = 7;

/** The format's pagemap letters (section 5), by kind. */
export const PAGEMAP_LETTER: Record<PageKindName, string> = {
  none: '.',
  zero: 'z',
  refpage: 'r',
  private: 'x',
  shared: 's',
  poison: 'p',
};

export function frameAt(state: EngineState, pfn: number): Frame | null {
  return frameAtPfn(state.frames, pfn);
}

/** The kind of one PTE, given the frame table. */
export function pteKind(state: EngineState, pte: number): number {
  if (pte === 0) return PageKind.none;
  if (!(pte & PTE_PRESENT)) {
    if (pte & PTE_MARKER_POISON) return PageKind.poison;
    return PageKind.none | (pte & PTE_MARKER_UFFD_WP ? PAGE_WP : 0);
  }
  const pfn = ptePfn(pte);
  const wp = pte & PTE_UFFD_WP ? PAGE_WP : 0;
  // The same rule as the engine's pageChar (fs/proc/task_mmu.ts), so the view and `pagemap` agree.
  if (pte & PTE_SPECIAL) return (pfn === ZERO_PFN ? PageKind.zero : PageKind.refpage) | wp;
  const f = frameAt(state, pfn);
  return (f && f.mapcount === 1 ? PageKind.private : PageKind.shared) | wp;
}

/**
 * One byte per page of the VMA: kind | overlay bits. Cached per (mm, frame table): both are
 * immutable and shared between states, so scrubbing over steps that touch neither is free.
 * Threads blocked on a page are added by `vmaPageCodes` (they live outside the mm).
 */
const codesOf = memoWeak2((mm: Mm, frames: EngineState['frames']) => {
  const byVma = new WeakMap<Vma, Uint8Array>();
  return { mm, frames, byVma };
});

export function vmaPageCodes(state: EngineState, proc: string, vma: Vma): Uint8Array {
  const p = state.procs[proc];
  if (!p) return new Uint8Array(0);
  const cache = codesOf(p.mm, state.frames);
  let codes = cache.byVma.get(vma);
  if (!codes) {
    const g = geometry(state.machine);
    codes = new Uint8Array(Math.max(0, Math.round((vma.end - vma.start) / g.pageSize)));
    const out = codes;
    ptForEach(g, p.mm.pgd, vma.start, vma.end, (addr, pte) => {
      out[(addr - vma.start) / g.pageSize] = pteKind(state, pte);
    });
    cache.byVma.set(vma, codes);
  }
  const blockedAt = blockedPages(state, proc);
  if (blockedAt.length === 0) return codes;
  const withBlocked = codes.slice();
  const ps = state.machine.pageSize;
  for (const a of blockedAt) {
    if (a >= vma.start && a < vma.end)
      withBlocked[Math.floor((a - vma.start) / ps)]! |= PAGE_BLOCKED;
  }
  return withBlocked;
}

/** Page-aligned addresses on which a thread of `proc` is blocked (userfaultfd). */
export function blockedPages(state: EngineState, proc: string): number[] {
  const p = state.procs[proc];
  if (!p) return [];
  const ps = state.machine.pageSize;
  const out: number[] = [];
  for (const name of p.threadOrder) {
    // Only a thread asleep in handle_userfault waits on a page.
    const w = p.threads[name]?.blocked?.wait;
    if (w?.kind === 'userfault') out.push(Math.floor(w.addr / ps) * ps);
  }
  return out;
}

export function vmaAt(state: EngineState, proc: string, addr: number): Vma | null {
  const vmas = state.procs[proc]?.mm.vmas ?? [];
  for (const v of vmas) if (addr >= v.start && addr < v.end) return v;
  return null;
}

/** The format's pagemap string for [addr, addr+length) (section 5), derived from the state. */
export function pagemapString(
  state: EngineState,
  proc: string,
  addr: number,
  length: number,
): string {
  const p = state.procs[proc];
  const ps = state.machine.pageSize;
  const n = Math.ceil(length / ps);
  if (!p) return '.'.repeat(n);
  const g = geometry(state.machine);
  let s = '';
  for (let i = 0; i < n; i++) {
    const kind = pteKind(state, ptGet(g, p.mm.pgd, addr + i * ps)) & PAGE_KIND_MASK;
    s += PAGEMAP_LETTER[PAGE_KIND_NAMES[kind]!];
  }
  return s;
}

export interface PteFlagInfo {
  name: string;
  on: boolean;
  /** Why it matters, for the Inspector's tooltip. */
  why: string;
}

export function pteFlags(pte: number): PteFlagInfo[] {
  return [
    { name: 'present', on: !!(pte & PTE_PRESENT), why: 'the MMU can translate this page' },
    { name: 'write', on: !!(pte & PTE_WRITE), why: 'stores go through without a fault' },
    { name: 'dirty', on: !!(pte & PTE_DIRTY), why: 'the page was written through this PTE' },
    {
      name: 'special',
      on: !!(pte & PTE_SPECIAL),
      why: 'zero or reference page: no struct page is counted',
    },
    { name: 'uffd-wp', on: !!(pte & PTE_UFFD_WP), why: 'a write faults to userfaultfd' },
    {
      name: 'poison marker',
      on: !!(pte & PTE_MARKER_POISON),
      why: 'UFFDIO_POISON: access raises SIGBUS',
    },
    {
      name: 'uffd-wp marker',
      on: !!(pte & PTE_MARKER_UFFD_WP),
      why: 'write-protect kept on an empty PTE',
    },
  ];
}

/** RSS of a process, as the kernel counts it (mm->rss_stat). */

/** Every (proc, addr) whose PTE points at each pfn: the reverse map, built lazily per state. */
// Keyed on (procs, frames): the map is valid while neither changes.
const reverseMap = memoWeak2((_procs: EngineState['procs'], _frames: EngineState['frames']) => {
  return new Map<number, { proc: string; addr: number; pte: number }[]>();
});
const reverseBuilt = new WeakSet<object>();

export function mappersOf(
  state: EngineState,
  pfn: number,
): { proc: string; addr: number; pte: number }[] {
  const map = reverseMap(state.procs, state.frames);
  if (!reverseBuilt.has(map)) {
    const g = geometry(state.machine);
    for (const name of state.procOrder) {
      const p = state.procs[name];
      if (!p) continue;
      for (const v of p.mm.vmas) {
        ptForEach(g, p.mm.pgd, v.start, v.end, (addr, pte) => {
          if (!(pte & PTE_PRESENT)) return;
          const f = ptePfn(pte);
          let list = map.get(f);
          if (!list) map.set(f, (list = []));
          list.push({ proc: name, addr, pte });
        });
      }
    }
    reverseBuilt.add(map);
  }
  return map.get(pfn) ?? [];
}

export interface FrameEntry {
  pfn: number;
  frame: Frame;
}

/** Frames in use, in pfn order (the zero page first when present). */
export const framesInUse = (state: EngineState): FrameEntry[] => framesList(state.frames);
const framesList = (() => {
  const cache = new WeakMap<object, FrameEntry[]>();
  return (frames: EngineState['frames']): FrameEntry[] => {
    const hit = cache.get(frames);
    if (hit) return hit;
    const list: FrameEntry[] = [];
    forEachFrame(frames, (pfn, frame) => list.push({ pfn, frame }));
    cache.set(frames, list);
    return list;
  };
})();

/** The PTE for a page of a process (0 when none). */
export function pteOf(state: EngineState, proc: string, addr: number): number {
  const p = state.procs[proc];
  return p ? ptGet(geometry(state.machine), p.mm.pgd, addr) : 0;
}

/** The frame a selection points at: the selected frame, or the one a selected page maps. */
export function selectedPfn(
  state: EngineState,
  sel:
    | { kind: 'frame'; pfn: number }
    | { kind: 'page' | 'granule'; proc: string; addr: number }
    | null,
): number | null {
  if (!sel) return null;
  if (sel.kind === 'frame') return sel.pfn;
  const pte = pteOf(state, sel.proc, sel.addr);
  return pte & PTE_PRESENT ? ptePfn(pte) : null;
}
