/**
 * Small hand-made runs for Node tests of the store, selectors and layouts: a state built with the
 * engine's own page-table code, and records shaped as format section 5 says. Used only by tests.
 */
import { ptSet } from '../../engine/mm/pgtable';
import { beginTx } from '../../engine/tx';
import { initialState } from '../../engine/init';
import { FILE_OPERATIONS } from '../../engine/kernel/file_operations';
import { buildFrameTable } from '../../engine/test-support/frames';
import {
  DEFAULT_MACHINE,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_WRITE,
  geometry,
  type EngineState,
  type Frame,
  type RunOutput,
  type StepResult,
  type Vma,
} from '../engine';
import { timelineOfRun, type Timeline } from '../timeline';

const PS = 4096;
export const P = 0x7f0000000000;

function frame(kind: Frame['kind'], mapcount: number, fill = '00'): Frame {
  return {
    kind,
    refcount: Math.max(1, mapcount),
    mapcount,
    data: { fill, patch: null },
    tags: null,
    inode: null,
    index: null,
  };
}

/** A state with one process `main` mapping 8 pages at P; `ptes` maps page index → [pfn, flags]. */
export function makeState(opts: {
  seq: number;
  ptes?: Record<number, [number, number]>;
  frames?: Record<number, Frame>;
  procs?: string[];
}): EngineState {
  const g = geometry({ pageSize: PS });
  const tx = beginTx(
    initialState({}),
    { fops: FILE_OPERATIONS },
    { seq: 0, path: '', do: '', proc: 'main', thread: 'main' },
  );
  let pgd = null;
  for (const [i, [pfn, flags]] of Object.entries(opts.ptes ?? {})) {
    pgd = ptSet(tx, g, pgd, P + Number(i) * PS, pfn * 256 + flags);
  }
  const vma: Vma = {
    start: P,
    end: P + 8 * PS,
    flags: 0x3,
    backing: { kind: 'refpage', refpage: 1 },
    pgoff: 0,
    file: 1,
    anonVma: 1,
    uffd: null,
  };
  const frames: Record<number, Frame> = { 0: frame('zero', 0) };
  for (const [pfn, f] of Object.entries(opts.frames ?? {})) frames[Number(pfn)] = f;
  const procNames = opts.procs ?? ['main'];
  const procs: EngineState['procs'] = {};
  for (const name of procNames) {
    procs[name] = {
      name,
      pid: 1 + procNames.indexOf(name),
      parent: name === 'main' ? null : 'main',
      alive: true,
      exitStatus: null,
      killedBy: null,
      mm: { vmas: [vma], pgd, rss: { anon: 1, file: 0, shmem: 0 }, mmapBase: P + 0x100000 },
      fds: { 3: 1 },
      cloexec: { 3: true },
      threads: {
        main: { name: 'main', tid: 1, blocked: null, mte: { tagged: false, tcf: 0, incl: 0 } },
      },
      threadOrder: ['main'],
    };
  }
  return {
    machine: { ...DEFAULT_MACHINE },
    procs,
    procOrder: procNames,
    files: {},
    inodes: {},
    refpages: {},
    uffds: {},
    nextId: 2,
    nextPid: 3,
    frames: { ...buildFrameTable(262144, frames), next: 4, used: 3 },
    bindings: {
      p: { kind: 'addr', value: P, seq: 2 },
      rfd: { kind: 'fd', value: 3, proc: 'main' },
    },
    stats: {
      faults: { read: opts.seq >= 3 ? 1 : 0 },
      framesAllocated: 0,
      framesFreed: 0,
      bytesZeroed: 0,
      bytesCopied: 0,
      bytesMemset: opts.seq >= 4 ? 4096 : 0,
      bytesStoredByUser: opts.seq >= 4 ? 1 : 0,
      peakRss: 1,
    },
    seq: opts.seq,
    rng: 1,
  };
}

export const REF_PFN = 1;
export const ANON_PFN = 2;

/** The default scenario's shape in four steps: refpage_create, mmap, load p, store p+0x2000. */
export function makeRun(): RunOutput {
  const ref = frame('refpage', 0, 'aa');
  const anon = frame('anon', 1, 'aa');
  const s0 = makeState({ seq: 0 });
  const s1 = makeState({ seq: 1, frames: { [REF_PFN]: ref } });
  const s2 = makeState({ seq: 2, frames: { [REF_PFN]: ref } });
  const s3 = makeState({
    seq: 3,
    frames: { [REF_PFN]: { ...ref, mapcount: 1 } },
    ptes: { 0: [REF_PFN, PTE_PRESENT | PTE_SPECIAL] },
  });
  const s4 = makeState({
    seq: 4,
    frames: { [REF_PFN]: { ...ref, mapcount: 1 }, [ANON_PFN]: anon },
    ptes: { 0: [REF_PFN, PTE_PRESENT | PTE_SPECIAL], 2: [ANON_PFN, PTE_PRESENT | PTE_WRITE] },
  });
  const rec = (seq: number, d: string, extra: Partial<StepResult>): StepResult => ({
    seq,
    path: `steps/${seq - 1}`,
    do: d,
    proc: 'main',
    thread: 'main',
    events: [],
    ...extra,
  });
  const entry = ['exc_page_fault', 'do_user_addr_fault'];
  const path = [...entry, 'handle_mm_fault', 'handle_pte_fault', 'do_anonymous_page'];
  const records: StepResult[] = [
    rec(1, 'refpage_create', { ret: 3, errno: null }),
    rec(2, 'mmap', {
      ret: 'p',
      errno: null,
      events: [
        { kind: 'vma_changed', fn: 'mmap_region', change: 'created', start: P, end: P + 8 * PS },
      ],
    }),
    rec(3, 'load', {
      value: 'aa',
      events: [
        { kind: 'fault', fn: 'do_user_addr_fault', path: entry, addr: P, write: false },
        { kind: 'refpage_mapped', fn: 'do_anonymous_page', path, addr: P, pfn: REF_PFN },
      ],
    }),
    rec(4, 'store', {
      events: [
        { kind: 'fault', fn: 'do_user_addr_fault', path: entry, addr: P + 0x2000, write: true },
        {
          kind: 'frame_allocated',
          fn: 'do_anonymous_page',
          path,
          pfn: ANON_PFN,
          addr: P + 0x2000,
          method: 'memset',
          bytes: 4096,
        },
        {
          kind: 'pte_mapped',
          fn: 'do_anonymous_page',
          addr: P + 0x2000,
          pfn: ANON_PFN,
          writable: true,
        },
      ],
    }),
  ];
  return {
    records,
    states: [s0, s1, s2, s3, s4],
    finalState: s4,
    error: null,
    failures: [],
    stats: s4.stats,
    notes: [],
  };
}

/** A run made of records alone (no states kept), for index and layout tests. */
export function runOfRecords(records: StepResult[]): Timeline {
  const s0 = makeState({ seq: 0 });
  return timelineOfRun({
    records,
    states: [],
    finalState: s0,
    error: null,
    failures: [],
    stats: s0.stats,
    notes: [],
  });
}

/** makeRun() as the store keeps a run. */
export function makeTimeline(): Timeline {
  return timelineOfRun(makeRun());
}
