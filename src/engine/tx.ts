/**
 * A step's transaction: the only place where the engine writes.
 *
 * `step()` must be pure (design habit 2) yet cheap (habit 9: structural sharing). A transaction
 * starts from a shallow copy of the input state and copies each object the first time the step
 * writes to it ("own" it); objects it never touches stay shared with the previous state. The input
 * state is never modified, so every state kept for time travel stays valid.
 */
import type { EngineEvent } from './events';
import type { StepResult } from './result';
import type { Fields } from './fields';
import type {
  EngineState,
  FrameNode,
  Mm,
  OpenFile,
  Proc,
  PtNode,
  Stats,
  Thread,
  Vma,
  VmaBacking,
} from './state';
import type { Runnable } from './kernel/sched/types';
import type { UfList } from './fs/userfaultfd_types';
import { ScenarioError } from '../scenario/types';
import type { Sentence } from './sentence';
import { namedForLine } from './kernel/names';

/** `steps/2/steps/0` → `steps[2].steps[0]`, the form scenario errors name places in. */
export function whereOf(path: string, field?: string): string {
  const w = path.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
  return field ? `${w}.${field}` : w;
}

/** Something the engine does not model: a scenario error rather than a made-up behaviour. */
export function unsupported(tx: { path: string }, field: string | undefined, what: string): never {
  throw new ScenarioError(whereOf(tx.path, field), what);
}

/**
 * struct file_operations: what differs between kinds of open file. A file's `kind` selects its
 * table (as file->f_op does); kernel/file_operations.ts holds the tables, and the transaction
 * carries them so that fput, at the bottom of the engine, can call release without importing
 * every kind of file above it.
 */
export interface FileOperations<F extends OpenFile = OpenFile> {
  /** The last reference is gone (__fput → f_op->release). */
  release(tx: Tx, file: F): void;
  /** read(2); absent: the file has no read method (EINVAL). */
  read?(tx: Tx, file: F, count: number): Fields;
  /** poll(2) for POLLIN; absent: DEFAULT_POLLMASK, always ready. */
  poll?(tx: Tx, file: F, timeout: number): Fields;
  /** ioctl(2) with the request's struct by field; absent: ENOTTY. */
  ioctl?(tx: Tx, file: F, request: string, a: Record<string, bigint>): Fields;
  /** What a mapping of the file is backed by; absent: the file cannot be mapped (ENODEV). */
  mmap?(file: F): VmaBacking;
}

/** One table per kind of file, each typed for its own kind. */
export type FileOperationsTable = {
  [K in OpenFile['kind']]: FileOperations<Extract<OpenFile, { kind: K }>>;
};

/** What a transaction is run with: the tables the kernel dispatches through. */
export interface Kernel {
  fops: FileOperationsTable;
}

export interface Tx {
  s: EngineState;
  kernel: Kernel;
  events: EngineEvent[];
  /** Events past EVENTS_PER_STEP, counted per kind and function. */
  folded: Record<string, { of: string; fn: string; count: number; from?: number; to?: number }>;
  /** Records of threads woken during this step (format 4: `resumed`), in wake order. */
  woken: StepResult[];
  /** Threads woken and not yet run: the step loop runs each in its own context (sched/core.ts). */
  runqueue: Runnable[];
  /** Processes the OOM killer chose; each dies once the allocation that chose it returns. */
  oomVictims: string[];
  /** The running syscall's userfaultfd lists (the kernel's `uf`), made on first use. */
  uf: UfList | null;
  /** The step being executed. */
  seq: number;
  path: string;
  do: string;
  proc: string;
  thread: string;
  owned: WeakSet<object>;
  /**
   * The last process whose mm this transaction made writable, and the last page-table leaf it
   * wrote (mm/pgtable.ts): a fault writes the same mm and the same leaf over and over, and
   * finding them again costs a lookup in `owned` per level. An object this transaction owns stays
   * where it is for the rest of the transaction (it is only ever written in place), so each is
   * valid while the path to it is the same objects.
   */
  mmOf?: { proc: Proc; mm: Mm } | null;
  ptLeaf?: { root: PtNode; base: number; node: PtNode } | null;
  /**
   * Likewise the run's counters once written (every fault counts), and the last frame-table leaf
   * written (mm/page_alloc.ts: frames are allocated in runs of consecutive pfns).
   */
  statsW?: Stats | null;
  faultsW?: Stats['faults'] | null;
  ftLeaf?: { root: FrameNode; base: number; node: FrameNode } | null;
}

/**
 * Starts a transaction. `owned` may be shared across steps when nobody keeps the intermediate
 * states (a run without time travel): objects copied once are then updated in place for the rest
 * of the run, as Immutable.js's withMutations does. The input state is still never modified unless
 * it was itself produced under the same `owned` set.
 */
/**
 * What a transaction's lists and folded counts start as: most steps wake nobody, kill nobody and
 * fold no event, and a step is short enough that four empty objects a step are a fifth of what it
 * allocates. Frozen, so that a write that skips `pushTo` fails loudly instead of sharing them.
 */
const NO_ITEMS: never[] = Object.freeze([]) as unknown as never[];
const NO_FOLDED: Tx['folded'] = Object.freeze({}) as Tx['folded'];

/** Appends to one of the transaction's lists, made on the first append. */
export function pushTo<K extends 'woken' | 'runqueue' | 'oomVictims'>(
  tx: Tx,
  list: K,
  item: Tx[K][number],
): void {
  let a = tx[list] as Tx[K][number][];
  if (a === NO_ITEMS) a = (tx as Record<K, unknown>)[list] = [] as Tx[K][number][];
  a.push(item);
}

export function beginTx(
  state: EngineState,
  kernel: Kernel,
  at: { seq: number; path: string; do: string; proc: string; thread: string },
  owned: WeakSet<object> = new WeakSet<object>(),
): Tx {
  let s = state;
  if (!owned.has(state)) {
    s = { ...state };
    owned.add(s);
  }
  // Written out, not spread: a transaction per step, and a literal of fixed shape is cheap.
  return {
    s,
    kernel,
    events: [],
    folded: NO_FOLDED,
    woken: NO_ITEMS,
    runqueue: NO_ITEMS,
    oomVictims: NO_ITEMS,
    uf: null,
    seq: at.seq,
    path: at.path,
    do: at.do,
    proc: at.proc,
    thread: at.thread,
    owned,
    mmOf: null,
    ptLeaf: null,
    statsW: null,
    faultsW: null,
    ftLeaf: null,
  };
}

/** A writable copy of `obj`, made once per transaction. */
export function own<T extends object>(tx: Tx, obj: T): T {
  if (tx.owned.has(obj)) return obj;
  const copy = (Array.isArray(obj) ? obj.slice() : { ...obj }) as T;
  tx.owned.add(copy);
  return copy;
}

/**
 * Events a step records one by one; past this, events are folded into one `summary` event per
 * kind and kernel function (count and address range). A lecture step touches a few dozen pages;
 * a step that populates a gigabyte would otherwise carry 786,432 events that no one reads and
 * that every view would have to walk.
 */
export const EVENTS_PER_STEP = 1000;

export function emit(tx: Tx, named: EngineEvent): void {
  // An older line's run names its functions as that line did (kernel/names.ts).
  const event = namedForLine(tx.s.machine.kernel, named);
  if (tx.events.length < EVENTS_PER_STEP) {
    tx.events.push(event);
    return;
  }
  const key = `${event.kind} ${event.fn}`;
  const addr = 'addr' in event && typeof event.addr === 'number' ? event.addr : undefined;
  if (tx.folded === NO_FOLDED) tx.folded = {};
  const sum = (tx.folded[key] ??= { of: event.kind, fn: event.fn, count: 0, from: addr, to: addr });
  sum.count++;
  if (addr !== undefined) {
    sum.from = sum.from === undefined ? addr : Math.min(sum.from, addr);
    sum.to = sum.to === undefined ? addr : Math.max(sum.to, addr);
  }
}

/** Appends the folded events' summaries (called once, when the step's record is built). */
export function flushFolded(tx: Tx): void {
  // Most steps fold nothing.
  if (tx.folded === NO_FOLDED) return;
  for (const f of Object.values(tx.folded)) {
    tx.events.push({ kind: 'summary', fn: f.fn, of: f.of, count: f.count, from: f.from, to: f.to });
  }
  tx.folded = NO_FOLDED;
}

/** A `summary` event: events past EVENTS_PER_STEP, folded by kind and function. */
export const summarySentence: Sentence<'summary'> = (e, at) =>
  `…and ${e.count.toLocaleString('en-US')} more ${e.of.replace(/_/g, ' ')} events by ${e.fn}${e.from !== undefined && e.to !== undefined ? `, from ${at(e.from)} to ${at(e.to)}` : ''}, the same way (a step lists its first ${EVENTS_PER_STEP.toLocaleString('en-US')} events one by one).`;

/** A `note` event's sentence is its text, written where it is emitted, beside the function it tells of. */
export const noteSentence: Sentence<'note'> = (e) => e.text;

export function wProc(tx: Tx, name: string): Proc {
  const procs = (tx.s.procs = own(tx, tx.s.procs));
  const p = own(tx, procs[name]!);
  procs[name] = p;
  return p;
}

export function wMm(tx: Tx, name: string): Mm {
  const c = tx.mmOf;
  if (c && tx.s.procs[name] === c.proc && c.proc.mm === c.mm) return c.mm;
  const p = wProc(tx, name);
  p.mm = own(tx, p.mm);
  tx.mmOf = { proc: p, mm: p.mm };
  return p.mm;
}

/** The VMA array of a process, writable; VMAs inside stay shared until wVma. */
export function wVmas(tx: Tx, name: string): Vma[] {
  const mm = wMm(tx, name);
  mm.vmas = own(tx, mm.vmas);
  return mm.vmas;
}

export function wVma(tx: Tx, name: string, index: number): Vma {
  const vmas = wVmas(tx, name);
  const v = own(tx, vmas[index]!);
  vmas[index] = v;
  return v;
}

export function wThread(tx: Tx, procName: string, threadName: string): Thread {
  const p = wProc(tx, procName);
  p.threads = own(tx, p.threads);
  const t = own(tx, p.threads[threadName]!);
  p.threads[threadName] = t;
  return t;
}

export function wStats(tx: Tx): Stats {
  const w = tx.statsW;
  if (w && tx.s.stats === w) return w;
  return (tx.statsW = tx.s.stats = own(tx, tx.s.stats));
}

export function countFault(tx: Tx, kind: string): void {
  const st = wStats(tx);
  let f = tx.faultsW;
  if (!f || st.faults !== f) f = tx.faultsW = st.faults = own(tx, st.faults);
  f[kind] = (f[kind] ?? 0) + 1;
}

export function nextId(tx: Tx): number {
  const id = tx.s.nextId;
  tx.s.nextId = id + 1;
  return id;
}
