/**
 * The page-table walk for one virtual address, as the CPU does it (a selector: pure, tested in
 * Node, drawn by views/PageWalk). x86_64 with 4 KiB pages: PGD, PUD, PMD, PTE, 9 index bits each
 * (Intel's PML4, PDPT, PD, PT; CS:APP's VPN1-VPN4), then 12 offset bits. arm64 with 4, 16 or 64
 * KiB granules: the levels and widths engine/mm/pgtable.ts `geometry` models (48-bit VA).
 *
 * Flags are the ones faultline's PTEs carry (engine/state.ts PTE_*); the few the engine does not
 * model are said to be so rather than invented: the accessed bit (the CPU sets it on use; no
 * access bit is kept) and the physical pages that hold the tables themselves.
 */
import {
  geometry,
  ptWalk,
  PTE_DIRTY,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_MTE,
  VM_UFFD_MISSING,
  ZERO_PFN,
  ptePfn,
  type EngineState,
} from '../engine';
import { blockedPages, frameAt, vmaAt } from './pages';

/** The virtual-address width both architectures run with here (pgtable.ts VA_BITS). */
export const VA_BITS = 48;

export interface WalkFlag {
  /** Plain name: present, writable, user, accessed, dirty, special, uffd-wp, tagged. */
  name: string;
  /** The architecture's name for the bit (x86 `R/W`, arm64 `AP[2]`). */
  hw: string;
  /** null: faultline does not model this bit. */
  on: boolean | null;
  why: string;
}

/** A run of address bits, as in CS:APP's figures: bits hi..lo of the address, and their value. */
export interface AddrField {
  label: string;
  hi: number;
  lo: number;
  value: number;
  /** The field's bits, most significant first. */
  bits: string;
}

export type WalkEntry =
  /** Nothing here: the walk stops and the access faults. */
  | { kind: 'none' }
  /** A table entry pointing at the next level's table, which covers [start, end). */
  | { kind: 'table'; next: string; start: number; end: number }
  /** A leaf entry mapping a frame. */
  | { kind: 'page'; pfn: number }
  /** A non-present leaf holding a PTE marker (no frame). */
  | { kind: 'marker'; marker: 'uffd-wp' | 'poisoned' };

export interface WalkLevel {
  /** Linux's name: PGD, PUD, PMD, PTE. */
  name: string;
  /** The hardware's name: PML4 … PT on x86_64, level 0 … 3 on arm64. */
  hw: string;
  field: AddrField;
  entry: WalkEntry;
  flags: WalkFlag[];
  /** What the step at the cursor did to this entry, or null. */
  change: string | null;
}

export type WalkEnd =
  | { kind: 'frame'; pfn: number; physAddr: number; what: string }
  | { kind: 'fault'; level: string; why: string }
  | { kind: 'marker'; marker: string; why: string };

export interface PageWalk {
  arch: 'x86_64' | 'arm64';
  /** "x86_64 · 4 KiB pages · 4 levels · 48-bit virtual addresses" */
  geometry: string;
  proc: string;
  addr: number;
  /** The bits above the walk: sign extension on x86_64, tag and TTBR select on arm64. */
  top: AddrField[];
  /** Only the levels the walk reaches (it stops at the first empty entry). */
  levels: WalkLevel[];
  /** Levels below the stop, which the walk never reads. */
  notReached: string[];
  offset: AddrField;
  end: WalkEnd;
  /** A sentence saying what the VMA makes of this address, or that none covers it. */
  vma: string | null;
}

const HW_X86 = ['PML4', 'PDPT', 'PD', 'PT'];

function hwNames(arch: string, levels: number): string[] {
  if (arch === 'x86_64') return HW_X86;
  // arm64 starts at level 0 with four levels, at level 1 with three (64 KiB granule, 48-bit VA).
  const first = 4 - levels;
  return Array.from({ length: levels }, (_, i) => `level ${first + i}`);
}

function field(label: string, addr: number, hi: number, lo: number): AddrField {
  const width = hi - lo + 1;
  const value = Math.floor(addr / 2 ** lo) % 2 ** width;
  return { label, hi, lo, value, bits: value.toString(2).padStart(width, '0') };
}

function topFields(arch: string, addr: number, tag: number): AddrField[] {
  if (arch === 'x86_64') return [field('sign extension (copies of bit 47)', addr, 63, VA_BITS)];
  // A user address: TTBR0 (bits 55:48 all 0); the top byte is the tag, ignored by the walk (TBI).
  // The engine keeps a pointer's tag apart from its address (a double cannot hold 64 bits).
  const tagField = { ...field('tag (top byte ignored)', tag, 7, 0), hi: 63, lo: 56 };
  return [tagField, field('TTBR0 select', addr, 55, VA_BITS)];
}

/** Table entries, as the kernel writes them for a user page table. */
function tableFlags(arch: string): WalkFlag[] {
  if (arch === 'x86_64') {
    // _PAGE_TABLE = P | RW | USER | ACCESSED | DIRTY (arch/x86/include/asm/pgtable_types.h): the
    // leaf alone decides what a user may do.
    return [
      { name: 'present', hw: 'P', on: true, why: 'the next table exists' },
      { name: 'writable', hw: 'R/W', on: true, why: 'left to the leaf to refuse' },
      { name: 'user', hw: 'U/S', on: true, why: 'user code may walk through it' },
      { name: 'accessed', hw: 'A', on: true, why: 'set when the table is linked' },
    ];
  }
  // pmd_populate & co.: PMD_TYPE_TABLE | PMD_TABLE_PXN (arch/arm64/include/asm/pgalloc.h).
  return [
    { name: 'present', hw: 'valid', on: true, why: 'the next table exists' },
    { name: 'table', hw: 'bits[1:0]=11', on: true, why: 'points at a table, not a block' },
    { name: 'PXNTable', hw: 'PXNTable', on: true, why: 'the kernel never executes user pages' },
  ];
}

function leafFlags(arch: string, pte: number, tagged: boolean): WalkFlag[] {
  const x86 = arch === 'x86_64';
  const present = (pte & PTE_PRESENT) !== 0;
  const out: WalkFlag[] = [
    {
      name: 'present',
      hw: x86 ? 'P' : 'valid',
      on: present,
      why: present ? 'the CPU can translate the page' : 'any access faults',
    },
    {
      name: 'writable',
      hw: x86 ? 'R/W' : 'AP[2]=0',
      on: (pte & PTE_WRITE) !== 0,
      why: 'stores go through without a fault',
    },
    {
      name: 'user',
      hw: x86 ? 'U/S' : 'AP[1]',
      on: present,
      why: 'every page here is a user page',
    },
    {
      name: 'accessed',
      hw: x86 ? 'A' : 'AF',
      on: null,
      why: 'set by the CPU on use; faultline does not model it',
    },
    {
      name: 'dirty',
      hw: x86 ? 'D' : 'DIRTY',
      on: (pte & PTE_DIRTY) !== 0,
      why: 'written through this PTE',
    },
    {
      name: 'special',
      hw: x86 ? '_PAGE_SPECIAL' : 'PTE_SPECIAL',
      on: (pte & PTE_SPECIAL) !== 0,
      why: 'the zero page or a reference page: no refcount or mapcount is kept',
    },
    {
      name: 'uffd-wp',
      hw: x86 ? '_PAGE_UFFD_WP' : 'PTE_UFFD_WP',
      on: (pte & PTE_UFFD_WP) !== 0,
      why: 'a write faults to the userfaultfd monitor',
    },
  ];
  if (!x86)
    out.push({
      name: 'tagged',
      hw: 'AttrIndx=Normal Tagged',
      on: present && tagged,
      why: 'PROT_MTE: loads and stores check the allocation tags',
    });
  return out;
}

function describeLeaf(pte: number): string {
  if (pte === 0) return 'none';
  if (!(pte & PTE_PRESENT)) {
    if (pte & PTE_MARKER_POISON) return 'poison marker';
    if (pte & PTE_MARKER_UFFD_WP) return 'uffd-wp marker';
    return 'not present';
  }
  return `pfn ${ptePfn(pte)}${pte & PTE_WRITE ? ' writable' : ' read-only'}`;
}

const LEAF_BITS: [number, string][] = [
  [PTE_WRITE, 'writable'],
  [PTE_DIRTY, 'dirty'],
  [PTE_SPECIAL, 'special'],
  [PTE_UFFD_WP, 'uffd-wp'],
];

/** What changed in a leaf between two values, in words; null when nothing did. */
export function leafChange(before: number, after: number): string | null {
  if (before === after) return null;
  const pb = (before & PTE_PRESENT) !== 0;
  const pa = (after & PTE_PRESENT) !== 0;
  if (pa && pb && ptePfn(before) !== ptePfn(after))
    return `re-pointed: pfn ${ptePfn(before)} → pfn ${ptePfn(after)}`;
  if (pa && !pb) return before === 0 ? 'added' : `added (was a ${describeLeaf(before)})`;
  if (!pa && pb)
    return after === 0
      ? `removed (was ${describeLeaf(before)})`
      : `replaced by a ${describeLeaf(after)}`;
  if (!pa && !pb)
    return after === 0 ? `${describeLeaf(before)} cleared` : `${describeLeaf(after)} set`;
  const diffs = LEAF_BITS.filter(([bit]) => (before & bit) !== (after & bit)).map(
    ([bit, name]) => `${after & bit ? '+' : '−'}${name}`,
  );
  return `flags ${diffs.join(' ')}`;
}

function frameWhat(state: EngineState, pfn: number, pte: number): string {
  if (pte & PTE_SPECIAL) return pfn === ZERO_PFN ? 'the shared zero page' : 'a reference page';
  const f = frameAt(state, pfn);
  if (!f) return 'a frame';
  const kind = f.kind === 'shmem' ? 'shmem' : f.kind === 'anon' ? 'anonymous' : f.kind;
  return `${kind}, refcount ${f.refcount}, mapcount ${f.mapcount}`;
}

/**
 * The walk of `addr` in `proc` at `state`; `prev` (the state before the step at the cursor) marks
 * the entries the step changed. null when the process does not exist. On arm64 `tag` is the MTE
 * tag of the pointer used (bits 63:56): shown in the top field, ignored by the walk (TBI).
 */
export function pageWalk(
  state: EngineState,
  prev: EngineState | null,
  proc: string,
  addr: number,
  tag = 0,
): PageWalk | null {
  const p = state.procs[proc];
  if (!p) return null;
  const g = geometry(state.machine);
  const arch = state.machine.arch;
  const hw = hwNames(arch, g.levels);
  const names = g.names.map((n) => n.toUpperCase());
  const steps = ptWalk(g, p.mm.pgd, addr);
  const before = prev?.procs[proc] ? ptWalk(g, prev.procs[proc]!.mm.pgd, addr) : null;
  const vma = vmaAt(state, proc, addr);
  const tagged = vma !== null && (vma.flags & VM_MTE) !== 0;

  const levels: WalkLevel[] = [];
  let end: WalkEnd | null = null;
  for (let l = 0; l < g.levels; l++) {
    const s = steps[l]!;
    const lo = g.pageShift + g.bits * (g.levels - 1 - l);
    const hi = Math.min(lo + g.bits, VA_BITS) - 1;
    const leaf = l === g.levels - 1;
    const f = field(`${names[l]} index`, addr, hi, lo);
    const was = before ? before[l]! : null;
    let entry: WalkEntry;
    let flags: WalkFlag[] = [];
    let change: string | null = null;
    if (!leaf) {
      if (s.present) {
        const start = Math.floor(addr / g.span[l]!) * g.span[l]!;
        entry = { kind: 'table', next: `${names[l + 1]} table`, start, end: start + g.span[l]! };
        flags = tableFlags(arch);
      } else entry = { kind: 'none' };
      if (prev && was && was.present !== s.present)
        change = s.present ? `table allocated (__${g.names[l + 1]}_alloc)` : 'table freed';
    } else {
      const pte = s.pte ?? 0;
      if (pte & PTE_PRESENT) entry = { kind: 'page', pfn: ptePfn(pte) };
      else if (pte & PTE_MARKER_POISON) entry = { kind: 'marker', marker: 'poisoned' };
      else if (pte & PTE_MARKER_UFFD_WP) entry = { kind: 'marker', marker: 'uffd-wp' };
      else entry = { kind: 'none' };
      if (entry.kind !== 'none') flags = leafFlags(arch, pte, tagged);
      if (prev && was) change = leafChange(was.pte ?? 0, pte);
      const offset = addr % g.pageSize;
      if (entry.kind === 'page')
        end = {
          kind: 'frame',
          pfn: entry.pfn,
          physAddr: entry.pfn * g.pageSize + offset,
          what: frameWhat(state, entry.pfn, pte),
        };
      else if (entry.kind === 'marker')
        end = {
          kind: 'marker',
          marker: entry.marker,
          why:
            entry.marker === 'poisoned'
              ? 'PTE_MARKER_POISONED (UFFDIO_POISON): an access raises SIGBUS'
              : 'PTE_MARKER_UFFD_WP: the page is empty but stays write-protected; a fault goes to the monitor',
        };
    }
    levels.push({ name: names[l]!, hw: hw[l]!, field: f, entry, flags, change });
    if (entry.kind === 'none') {
      end = {
        kind: 'fault',
        level: names[l]!,
        why: !vma
          ? 'no VMA covers the address: an access raises SIGSEGV'
          : `no ${leaf ? 'page' : `${names[l + 1]} table`} yet: ${
              vma.uffd !== null && vma.flags & VM_UFFD_MISSING
                ? blockedPages(state, proc).includes(addr - (addr % g.pageSize))
                  ? 'the access faulted into handle_userfault, and the thread sleeps until the monitor resolves it'
                  : 'an access faults, and handle_userfault hands it to the userfaultfd monitor (the range is registered MISSING)'
                : 'an access faults, and handle_mm_fault fills it in'
            }`,
      };
      break;
    }
  }
  const offsetField = field('offset', addr, g.pageShift - 1, 0);
  return {
    arch,
    geometry: `${arch} · ${g.pageSize / 1024} KiB pages · ${g.levels} levels · ${VA_BITS}-bit virtual addresses`,
    proc,
    addr,
    top: topFields(arch, addr, tag),
    levels,
    notReached: names.slice(levels.length),
    offset: offsetField,
    end: end!,
    vma: vma ? null : 'No VMA covers this address.',
  };
}
