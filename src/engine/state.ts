/**
 * The engine's state, kept as the kernel keeps it (design habit 8: store what cannot be derived).
 *
 * Plain data only (habit 6): no Map, Set, class or function, so that a state survives a JSON round
 * trip and can be frozen. Every object is treated as immutable: a step returns a new state that
 * shares every part it did not change (page-table subtrees, frame chunks, untouched processes).
 */
import type { Machine } from '../scenario/types';
import type { BlockedOn } from './kernel/sched/types';
import type { UffdCtx } from './fs/userfaultfd_types';

export type { BlockedOn, UffdCtx };

/* ---------------------------------------------------------------- PTEs
 * A PTE is one packed number, as a hardware PTE is one word: the page frame number shifted left by
 * PTE_PFN_SHIFT, and flag bits below. 0 is pte_none. Non-present PTEs may still carry a marker
 * (a uffd-wp marker on an unpopulated PTE, a poison marker): the kernel's "PTE markers".
 */
export const PTE_PRESENT = 1;
export const PTE_WRITE = 2;
export const PTE_DIRTY = 4;
/** Write-protected by userfaultfd (_PAGE_UFFD_WP / PTE_UFFD_WP). */
export const PTE_UFFD_WP = 8;
/** Special mapping: the zero page or a reference page; vm_normal_page() returns NULL for it. */
export const PTE_SPECIAL = 16;
/** PTE marker: UFFDIO_POISON (PTE_MARKER_POISONED). Not present. */
export const PTE_MARKER_POISON = 32;
/** PTE marker: uffd-wp on a none PTE (PTE_MARKER_UFFD_WP). Not present. */
export const PTE_MARKER_UFFD_WP = 64;
export const PTE_PFN_SHIFT = 8;
export const PTE_PFN_MUL = 1 << PTE_PFN_SHIFT;

export function ptePfn(pte: number): number {
  return Math.floor(pte / PTE_PFN_MUL);
}
export function mkPte(pfn: number, flags: number): number {
  return pfn * PTE_PFN_MUL + flags;
}

/**
 * A page-table node: 2^bits entries (each a child node, a packed PTE at the leaf level, or null),
 * stored in 64-entry slices; read and write it only through mm/pgtable.ts.
 */
export type PtNode = (PtSlice | null)[];
/** A slice of a node's entries: a child node, a packed PTE at the leaf level, or null. */
export type PtSlice = (PtNode | number | null)[];

/* ---------------------------------------------------------------- VMAs */
/*
 * VMA flags carry the kernel's names. The values are the kernel's where they fit in 31 bits; the
 * kernel's high flags (VM_UFFD_MINOR and arm64's VM_MTE, VM_MTE_ALLOWED sit above bit 31) get
 * free low bits here instead, because JavaScript's bit operators work on 32-bit integers and would
 * silently drop them. Every flag below is < 2^31, so `flags | VM_X` and `flags & ~VM_X` are safe.
 */
export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_MAYREAD = 0x10;
export const VM_MAYWRITE = 0x20;
export const VM_MAYEXEC = 0x40;
export const VM_MAYSHARE = 0x80;
export const VM_UFFD_MISSING = 0x200;
export const VM_UFFD_WP = 0x1000;
export const VM_DONTCOPY = 0x20000;
export const VM_NORESERVE = 0x200000;
export const VM_UFFD_MINOR = 0x00800000;
/** MAP_DROPPABLE (Linux 6.11; the kernel's VM_HIGH_ARCH_4, above bit 31). */
export const VM_DROPPABLE = 0x40000000;
/** arm64: VM_MTE (tags checked) and VM_MTE_ALLOWED (PROT_MTE may be set). */
export const VM_MTE = 0x10000000;
export const VM_MTE_ALLOWED = 0x08000000;

/** What backs a VMA. */
export type VmaBacking =
  /** Private anonymous memory (read faults map the zero page). */
  | { kind: 'anon' }
  /** shmem: memfd, or MAP_SHARED|MAP_ANONYMOUS (shmem_zero_setup). `inode` indexes state.inodes. */
  | { kind: 'shmem'; inode: number }
  /** A refpage_create(2) file: an anonymous VMA whose clean pages are the reference page. */
  | { kind: 'refpage'; refpage: number };

export interface Vma {
  start: number;
  end: number;
  /** VM_* flags (all below 2^31: see the note above VM_READ). */
  flags: number;
  backing: VmaBacking;
  /** Page offset into the file for file-backed mappings (vm_pgoff). */
  pgoff: number;
  /** The open file this VMA holds a reference to (vm_file), or null for anonymous memory. */
  file: number | null;
  /**
   * The anon_vma's id, or null before the first fault that needs private pages (anon_vma_prepare).
   * Split halves share it; two VMAs with different anon_vmas never merge.
   */
  anonVma: number | null;
  /** The userfaultfd context this range is registered with (vm_userfaultfd_ctx), or null. */
  uffd: number | null;
}

/* ---------------------------------------------------------------- processes */
export interface MteThreadCtrl {
  /** PR_TAGGED_ADDR_ENABLE */
  tagged: boolean;
  /** PR_MTE_TCF_* bits requested (NONE 0, SYNC 1, ASYNC 2; may be several). */
  tcf: number;
  /** IRG include mask (PR_MTE_TAG_MASK >> PR_MTE_TAG_SHIFT). */
  incl: number;
}

export interface Thread {
  name: string;
  /** Simulated tid; results print thread names instead (ptid). */
  tid: number;
  /** Asleep in the kernel, with what it does once woken (kernel/sched/types.ts); null: running. */
  blocked: BlockedOn | null;
  mte: MteThreadCtrl;
}

export interface RssCounters {
  anon: number;
  file: number;
  shmem: number;
}

/** mm_struct */
export interface Mm {
  /** Sorted by start, non-overlapping. */
  vmas: Vma[];
  /** Root of the page table (pgd). */
  pgd: PtNode | null;
  /**
   * mm->rss_stat, updated where the kernel updates it (inc_mm_counter/dec_mm_counter). Kept rather
   * than derived so that the invariant checker can compare it with a page-table walk: a derived RSS
   * would make that check a tautology.
   */
  rss: RssCounters;
  /** mmap_base: top-down allocation starts below this address. */
  mmapBase: number;
}

export interface Proc {
  name: string;
  pid: number;
  parent: string | null;
  alive: boolean;
  exitStatus: number | null;
  /** How it ended, when not alive. */
  killedBy: string | null;
  mm: Mm;
  /** fd number → open file id (state.files). */
  fds: Record<number, number>;
  /** fds opened O_CLOEXEC (kept for display; no execve is modelled). */
  cloexec: Record<number, boolean>;
  threads: Record<string, Thread>;
  threadOrder: string[];
}

/* ---------------------------------------------------------------- files */
export type OpenFile =
  | { kind: 'memfd'; inode: number; refs: number; name: string; writable: boolean }
  | { kind: 'refpage'; refpage: number; refs: number }
  | { kind: 'userfaultfd'; ctx: number; refs: number };

/** A shmem inode: memfd_create or MAP_SHARED|MAP_ANONYMOUS. Its page cache maps index → pfn. */
export interface ShmemInode {
  id: number;
  name: string;
  size: number;
  pages: Record<number, number>;
  /** Open files, VMAs and the like that hold it. */
  refs: number;
}

/** A reference page made by refpage_create(2) (docs/reference/refpage-mte.md A.1-A.2). */
export interface RefPage {
  id: number;
  pfn: number;
  /** The content, hex, `size` bytes. */
  content: string;
  size: number;
  /** Holders: the fd's file and every VMA that maps it; freed at the last release (A13). */
  refs: number;
  /** MTE_TAGGED fast path: size 16, all-zero content; the content granule's tag (F4b). */
  gzvaTag: number | null;
}

/* ---------------------------------------------------------------- frames */
export type FrameKind = 'zero' | 'anon' | 'shmem' | 'refpage';

/** Page contents: a repeated pattern plus sparse byte patches (offset → byte). */
export interface PageData {
  /** Hex of the repeating unit; its byte length is a power of two dividing the page size. */
  fill: string;
  patch: Record<number, number> | null;
}

/** struct page / folio */
export interface Frame {
  kind: FrameKind;
  refcount: number;
  mapcount: number;
  data: PageData;
  /** MTE allocation tags, one hex digit per granule, or null when never tagged (all 0). */
  tags: string | null;
  /** The page cache owner for shmem frames. */
  inode: number | null;
  index: number | null;
}

/** Fan-out of the frame table's tree: a step that changes one frame copies depth × 64 slots. */
export const FRAME_FANOUT = 64;

/**
 * A run of the free list: `count` frames that come off it in the order pfn, pfn - dir,
 * pfn - 2·dir, … (dir is +1 or -1). munmap frees a mapping's frames one after another in address
 * order, and a mapping filled from the list holds them in consecutive pfns, so a run stands for
 * a whole mapping's frames: a state kept for time travel holds one node where a node per frame
 * would cost 40 bytes each.
 */
export interface FreeNode {
  pfn: number;
  count: number;
  dir: number;
  next: FreeNode | null;
}

/** A node of the frame table: FRAME_FANOUT slots, each a child node or (at the leaves) a frame. */
export type FrameNode = (FrameNode | Frame | null)[];

/**
 * Physical memory: frames indexed by pfn in a radix tree whose untouched subtrees are shared
 * between states, a LIFO free list, and a high-water mark. Read it with frameAt/forEachFrame
 * (mm/page_alloc.ts), never by walking the tree by hand.
 */
export interface FrameTable {
  root: FrameNode;
  /** Levels of the tree: FRAME_FANOUT^depth ≥ total + 1. */
  depth: number;
  /** The free list, last freed first (a LIFO, as the per-CPU lists are), in runs. */
  free: FreeNode | null;
  /** The lowest pfn never handed out. pfn 0 is the shared zero page. */
  next: number;
  /** Frames in use (excluding the zero page). */
  used: number;
  /** machine.frames: the size of physical memory. */
  total: number;
}

export const ZERO_PFN = 0;

/* ---------------------------------------------------------------- bindings and counters */
export type Binding =
  | { kind: 'addr'; value: number; seq: number }
  | { kind: 'fd'; value: number; proc: string }
  /** `top`: an MTE-tagged pointer's top byte (bits 63:56) from irg/addg/subg; value holds the rest. */
  | { kind: 'int'; value: number; top?: number }
  | { kind: 'proc'; name: string };

/** Cost counters for a run: what a lesson compares (memset vs refpage). */
export interface Stats {
  faults: Record<string, number>;
  framesAllocated: number;
  framesFreed: number;
  bytesZeroed: number;
  bytesCopied: number;
  bytesMemset: number;
  bytesStoredByUser: number;
  peakRss: number;
}

export interface EngineState {
  machine: Machine;
  procs: Record<string, Proc>;
  procOrder: string[];
  files: Record<number, OpenFile>;
  inodes: Record<number, ShmemInode>;
  refpages: Record<number, RefPage>;
  /** userfaultfd contexts (struct userfaultfd_ctx), by id. */
  uffds: Record<number, UffdCtx>;
  nextId: number;
  nextPid: number;
  frames: FrameTable;
  bindings: Record<string, Binding>;
  stats: Stats;
  /** Executed steps so far. */
  seq: number;
  /** Seeded generator state for IRG (design habit 7). */
  rng: number;
  /**
   * arm64 MTE: what was last written to every CPU's sysfs mte_tcf_preferred (C6); absent means the
   * boot default, async.
   */
  mteTcfPreferred?: 'async' | 'sync' | 'asymm';
}
