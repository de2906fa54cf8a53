/**
 * Page tables as the MMU walks them: a radix tree of 2^(PAGE_SHIFT-3) entries per level, four
 * levels for 4 KiB pages (pgd, pud, pmd, pte, as on x86_64 and arm64 with 48-bit VAs), four for
 * 16 KiB and three for 64 KiB pages on arm64.
 *
 * Nodes are plain arrays and are never modified once shared: ptSet copies the path it changes
 * (only the nodes this transaction does not already own), so every earlier state keeps its tree.
 */
import type { Machine } from '../../scenario/types';
import type { PtNode } from '../state';
import { own, type Tx } from '../tx';

export interface PtGeometry {
  pageSize: number;
  pageShift: number;
  /** Index bits per level. */
  bits: number;
  fanout: number;
  levels: number;
  /** Level names from the root: pgd … pte. */
  names: string[];
  /** Bytes covered by one entry at each level. */
  span: number[];
  /** fanout - 1: an entry's index is the low bits of addr / span. */
  mask: number;
}

const VA_BITS = 48;
const cache = new Map<number, PtGeometry>();
/** The last geometry asked for: every fault asks, nearly always for the same page size. */
let last: PtGeometry | null = null;

export function geometry(machine: Pick<Machine, 'pageSize'>): PtGeometry {
  if (last !== null && last.pageSize === machine.pageSize) return last;
  const hit = cache.get(machine.pageSize);
  if (hit) return (last = hit);
  const pageShift = Math.log2(machine.pageSize);
  const bits = pageShift - 3;
  const levels = Math.ceil((VA_BITS - pageShift) / bits);
  const names = levels === 4 ? ['pgd', 'pud', 'pmd', 'pte'] : ['pgd', 'pmd', 'pte'];
  const span: number[] = [];
  for (let l = 0; l < levels; l++) span.push(2 ** (pageShift + bits * (levels - 1 - l)));
  const fanout = 2 ** bits;
  const g = {
    pageSize: machine.pageSize,
    pageShift,
    bits,
    fanout,
    levels,
    names,
    span,
    mask: fanout - 1,
  };
  cache.set(machine.pageSize, g);
  return (last = g);
}

/**
 * floor(addr / span) mod fanout. `&` truncates its operand to an integer and keeps its low 32 bits
 * (ToInt32), which for a non-negative quotient is the floor modulo 2^32, so the low index bits are
 * exact: span and fanout are powers of two.
 */
function index(g: PtGeometry, level: number, addr: number): number {
  return (addr / g.span[level]!) & g.mask;
}

/*
 * A node's 2^bits entries are stored as slices of SLICE entries, created on first use: the kernel's
 * 512-entry table, but a step that changes one entry copies a 64-entry slice and the short slice
 * list instead of all 512 entries, so keeping every state for time travel stays cheap.
 */
const SLICE = 64;

const SLICE_BITS = 6;

function entry(node: PtNode, i: number): PtNode | number | null {
  const slice = node[i >> SLICE_BITS];
  return slice ? (slice[i & (SLICE - 1)] ?? null) : null;
}

function newNode(g: PtGeometry): PtNode {
  return new Array(g.fanout / SLICE).fill(null);
}

/** The PTE for `addr`, or 0 (pte_none) when any level is empty. */
export function ptGet(g: PtGeometry, root: PtNode | null, addr: number): number {
  let node: PtNode | null = root;
  for (let l = 0; l < g.levels - 1; l++) {
    if (!node) return 0;
    node = entry(node, index(g, l, addr)) as PtNode | null;
  }
  if (!node) return 0;
  return (entry(node, index(g, g.levels - 1, addr)) as number | null) ?? 0;
}

/** Sets entry i of a node this transaction owns, owning the slice it lands in. */
function setEntry(tx: Tx, node: PtNode, i: number, value: PtNode | number | null): void {
  const si = (i / SLICE) | 0;
  let slice = node[si];
  if (slice) slice = own(tx, slice);
  else {
    slice = new Array<PtNode | number | null>(SLICE).fill(null);
    tx.owned.add(slice);
  }
  node[si] = slice;
  slice[i % SLICE] = value;
}

/** Sets the PTE for `addr` (0 clears it) and returns the new root. */
export function ptSet(
  tx: Tx,
  g: PtGeometry,
  root: PtNode | null,
  addr: number,
  pte: number,
): PtNode {
  // The leaf this transaction wrote last (tx.ts ptLeaf), reached from the same owned root.
  const c = tx.ptLeaf;
  const leafSpan = g.span[g.levels - 2]!;
  if (c && c.root === root && addr >= c.base && addr < c.base + leafSpan) {
    setEntry(tx, c.node, index(g, g.levels - 1, addr), pte === 0 ? null : pte);
    return c.root;
  }
  let top: PtNode;
  if (root) top = own(tx, root);
  else {
    if (pte === 0) return newNode(g);
    top = newNode(g);
    tx.owned.add(top);
  }
  let node = top;
  for (let l = 0; l < g.levels - 1; l++) {
    const i = index(g, l, addr);
    const child = entry(node, i) as PtNode | null;
    let next: PtNode;
    if (child) next = own(tx, child);
    else {
      if (pte === 0) return top;
      next = newNode(g);
      tx.owned.add(next);
    }
    setEntry(tx, node, i, next);
    node = next;
  }
  setEntry(tx, node, index(g, g.levels - 1, addr), pte === 0 ? null : pte);
  tx.ptLeaf = { root: top, base: Math.floor(addr / leafSpan) * leafSpan, node };
  return top;
}

/** Calls fn for every non-zero PTE in [start, end), in address order. */
export function ptForEach(
  g: PtGeometry,
  root: PtNode | null,
  start: number,
  end: number,
  fn: (addr: number, pte: number) => void,
): void {
  if (!root || start >= end) return;
  const walk = (node: PtNode, level: number, base: number): void => {
    const span = g.span[level]!;
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(g.fanout - 1, Math.floor((end - 1 - base) / span));
    for (let i = first; i <= last; i++) {
      if (i % SLICE === 0 && !node[i / SLICE]) {
        i += SLICE - 1;
        continue;
      }
      const e = entry(node, i);
      if (e === null || e === 0) continue;
      const a = base + i * span;
      if (level === g.levels - 1) fn(a, e as number);
      else walk(e as PtNode, level + 1, a);
    }
  };
  walk(root, 0, 0);
}

/** One step of a page-table walk, for the views: which entry at which level, and the PTE. */
export interface WalkStep {
  level: string;
  index: number;
  present: boolean;
  /** At the last level: the PTE's value (0 for pte_none), markers included. */
  pte?: number;
}

export function ptWalk(g: PtGeometry, root: PtNode | null, addr: number): WalkStep[] {
  const out: WalkStep[] = [];
  let node: PtNode | null = root;
  for (let l = 0; l < g.levels; l++) {
    const i = index(g, l, addr);
    const e = node ? entry(node, i) : null;
    const step: WalkStep = {
      level: g.names[l]!,
      index: i,
      present: e !== null && e !== undefined && e !== 0,
    };
    if (l === g.levels - 1) step.pte = (e as number | null) ?? 0;
    out.push(step);
    node = l < g.levels - 1 ? ((e as PtNode | null) ?? null) : null;
  }
  return out;
}

/**
 * Calls fn for every address whose PTE differs between two trees (before, after; 0 for none), in
 * address order. Subtrees the two share are skipped without a look, so the cost is the paths a
 * step changed, not the size of the address space (structural sharing, design habit 9).
 */
export function ptDiff(
  g: PtGeometry,
  a: PtNode | null,
  b: PtNode | null,
  fn: (addr: number, before: number, after: number) => void,
): void {
  const walk = (na: PtNode | null, nb: PtNode | null, level: number, base: number): void => {
    if (na === nb) return;
    const span = g.span[level]!;
    const slices = g.fanout / SLICE;
    for (let si = 0; si < slices; si++) {
      const sa = na ? (na[si] as (PtNode | number | null)[] | null) : null;
      const sb = nb ? (nb[si] as (PtNode | number | null)[] | null) : null;
      if (sa === sb) continue;
      for (let j = 0; j < SLICE; j++) {
        const ea = sa ? (sa[j] ?? null) : null;
        const eb = sb ? (sb[j] ?? null) : null;
        if (ea === eb) continue;
        const addr = base + (si * SLICE + j) * span;
        if (level === g.levels - 1)
          fn(addr, (ea as number | null) ?? 0, (eb as number | null) ?? 0);
        else walk(ea as PtNode | null, eb as PtNode | null, level + 1, addr);
      }
    }
  };
  walk(a, b, 0, 0);
}

/**
 * ptDiff a slice at a time, for the views that read whole address spaces (a 1 GiB mapping is
 * 262,144 PTEs): calls fn for every run of SLICE_PTES PTEs that differs between the two trees, with
 * the address of its first PTE and the two slices (entries are PTEs, null or absent for pte_none;
 * a slice is null where the whole run is empty). One call per 64 PTEs instead of one per PTE, and the
 * caller loops over plain arrays. Slices are the trees' own arrays: read them, never write them.
 */
export const SLICE_PTES = SLICE;

export function ptDiffSlices(
  g: PtGeometry,
  a: PtNode | null,
  b: PtNode | null,
  fn: (
    addr: number,
    before: readonly (number | null)[] | null,
    after: readonly (number | null)[] | null,
  ) => void,
): void {
  const leaf = g.levels - 1;
  const slices = g.fanout / SLICE;
  const walk = (na: PtNode | null, nb: PtNode | null, level: number, base: number): void => {
    if (na === nb) return;
    const span = g.span[level]!;
    for (let si = 0; si < slices; si++) {
      const sa = na ? (na[si] as (PtNode | number | null)[] | null) : null;
      const sb = nb ? (nb[si] as (PtNode | number | null)[] | null) : null;
      if (sa === sb) continue;
      if (level === leaf) {
        fn(
          base + si * SLICE * span,
          sa as (number | null)[] | null,
          sb as (number | null)[] | null,
        );
        continue;
      }
      for (let j = 0; j < SLICE; j++) {
        const ea = sa ? (sa[j] ?? null) : null;
        const eb = sb ? (sb[j] ?? null) : null;
        if (ea !== eb)
          walk(ea as PtNode | null, eb as PtNode | null, level + 1, base + (si * SLICE + j) * span);
      }
    }
  };
  walk(a, b, 0, 0);
}
