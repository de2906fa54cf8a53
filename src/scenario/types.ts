/**
 * The scenario document, format version 1 (docs/scenario-format.md).
 *
 * This file is the contract between the engine, the CLI, the URL codec, the kernel cross-check and
 * the tests. Extend it (new calls, new optional fields); never change what a field already means.
 */

export const FORMAT_VERSION = 1;

/** An integer: a JSON number or a string expression (section 2). */
export type IntExpr = number | string;
/** Flags: the kernel's symbolic names joined by `|`, or an integer. */
export type FlagsExpr = number | string;
/** Bytes: hex digit pairs, "aa00ff". */
export type HexBytes = string;

export type Arch = 'x86_64' | 'arm64';

/**
 * The kernel lines faultline models (docs/kernel-versions.md): the long-term lines and the kernel
 * it is developed on. `machine.kernel` names one; without it a scenario runs on DEFAULT_KERNEL.
 */
export const KERNEL_VERSIONS = ['6.1', '6.6', '6.12', '6.18'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];
export const DEFAULT_KERNEL: KernelVersion = '6.18';

export interface Machine {
  arch: Arch;
  pageSize: number;
  mte: boolean;
  frames: number;
  /** The kernel line modelled, one of KERNEL_VERSIONS (default DEFAULT_KERNEL). */
  kernel?: KernelVersion;
  /**
   * Whether the kernel is built with CONFIG_MEMORY_FAILURE (decides the si_code of a poisoned
   * page's SIGBUS on x86_64). Default: as the kernel each line is checked on (engine/kernel/
   * version.ts hasMemoryFailure): on before 6.18, off on 6.18.
   */
  memoryFailure?: boolean;
}

export const DEFAULT_MACHINE: Machine = {
  arch: 'x86_64',
  pageSize: 4096,
  mte: false,
  frames: 262144,
};

/** Any result field (section 5) may be expected; compared by deep equality. */
export type Expectation = Record<string, unknown>;

/** Fields every step may carry (section 3). */
export interface StepCommon {
  as?: string;
  thread?: string;
  proc?: string;
  note?: string;
  expect?: Expectation;
  /** A lesson's narration for this step, shown when the cursor reaches it (format, "Lessons"). */
  say?: string;
  /** A question put to the student before this step runs (format, "Lessons"). */
  ask?: Ask;
}

/** How hard a lesson is; the gallery filters by it. */
export type LessonLevel = 'intro' | 'intermediate' | 'advanced';
export const LESSON_LEVELS: readonly LessonLevel[] = ['intro', 'intermediate', 'advanced'];

/** What makes a scenario a lesson (format, "Lessons"): shown in the gallery and before the first step. */
export interface LessonMeta {
  level?: LessonLevel;
  /** Lower-case words joined by `-` (`copy-on-write`, `real-systems`). */
  tags?: string[];
  /** What the lesson is about, for the gallery and the first screen. Narration syntax. */
  intro?: string;
  /** What the lesson stands on: a seed, a manual page, a kernel file or commit. Plain text. */
  sources?: string[];
}

/**
 * A question (format, "Lessons"). With `choices`, `answer` is the index of the right one. Without, the
 * student predicts the step's own `expect` (the `fields` named, or all of them), and the view
 * hides those results until the student has answered. `why` is the explanation a wrong answer
 * gets (and a right one may read).
 */
export interface Ask {
  prompt: string;
  choices?: string[];
  answer?: number;
  fields?: string[];
  why?: string;
}

export interface MmapStep extends StepCommon {
  do: 'mmap';
  addr?: IntExpr;
  length: IntExpr;
  prot: FlagsExpr;
  flags: FlagsExpr;
  fd?: IntExpr;
  offset?: IntExpr;
}
export interface MunmapStep extends StepCommon {
  do: 'munmap';
  addr: IntExpr;
  length: IntExpr;
}
export interface MprotectStep extends StepCommon {
  do: 'mprotect';
  addr: IntExpr;
  length: IntExpr;
  prot: FlagsExpr;
}
export interface MremapStep extends StepCommon {
  do: 'mremap';
  old_address: IntExpr;
  old_size: IntExpr;
  new_size: IntExpr;
  flags: FlagsExpr;
  new_address?: IntExpr;
}
export interface MadviseStep extends StepCommon {
  do: 'madvise';
  addr: IntExpr;
  length: IntExpr;
  advice: FlagsExpr;
}
export interface MemfdCreateStep extends StepCommon {
  do: 'memfd_create';
  name: string;
  flags?: FlagsExpr;
}
export interface FtruncateStep extends StepCommon {
  do: 'ftruncate';
  fd: IntExpr;
  length: IntExpr;
}
export interface CloseStep extends StepCommon {
  do: 'close';
  fd: IntExpr;
}
export interface ForkStep extends StepCommon {
  do: 'fork';
}
export interface ExitStep extends StepCommon {
  do: 'exit';
  status?: IntExpr;
}
export interface LoadStep extends StepCommon {
  do: 'load';
  addr: IntExpr;
  length?: IntExpr;
}
export interface StoreStep extends StepCommon {
  do: 'store';
  addr: IntExpr;
  /** The bytes to store; or `fill` repeated over `length` bytes. */
  bytes?: HexBytes;
  fill?: HexBytes;
  length?: IntExpr;
}
export interface PagemapStep extends StepCommon {
  do: 'pagemap';
  addr: IntExpr;
  length: IntExpr;
}
export interface RssStep extends StepCommon {
  do: 'rss';
}
export interface RepeatStep extends StepCommon {
  do: 'repeat';
  count: IntExpr;
  steps: Step[];
}
export interface RefpageCreateStep extends StepCommon {
  do: 'refpage_create';
  /** The content bytes, placed by the engine at a `size`-aligned address. */
  content?: HexBytes;
  /** Or a pointer into the process's memory. */
  content_addr?: IntExpr;
  size: IntExpr;
  flags?: FlagsExpr;
  /**
   * The seed's four-argument prototype (seed 002); reserved: non-zero is EINVAL
   * (docs/reference/refpage-mte.md A4).
   */
  pattern?: IntExpr;
}
export interface UserfaultfdStep extends StepCommon {
  do: 'userfaultfd';
  flags?: FlagsExpr;
}
/** ioctl(2) on a userfaultfd: the request's struct fields by their uAPI names. */
export interface IoctlStep extends StepCommon {
  do: 'ioctl';
  fd: IntExpr;
  request: string;
  [field: string]: unknown;
}
export interface ReadStep extends StepCommon {
  do: 'read';
  fd: IntExpr;
  count?: IntExpr;
}
export interface PollStep extends StepCommon {
  do: 'poll';
  fd: IntExpr;
  timeout?: IntExpr;
}
export interface PrctlStep extends StepCommon {
  do: 'prctl';
  option: FlagsExpr;
  arg: FlagsExpr;
}
/** MTE tag instructions (arm64): set or read allocation tags. */
export interface StgStep extends StepCommon {
  do: 'stg';
  addr: IntExpr;
  length?: IntExpr;
}
export interface LdgStep extends StepCommon {
  do: 'ldg';
  addr: IntExpr;
  length?: IntExpr;
}
/** ST2G: set the allocation tags of two granules (32 bytes) per instruction, over `length` (32). */
export interface St2gStep extends StepCommon {
  do: 'st2g';
  addr: IntExpr;
  length?: IntExpr;
}
/** STZG: set one granule's allocation tag and zero its data, over `length` (16). */
export interface StzgStep extends StepCommon {
  do: 'stzg';
  addr: IntExpr;
  length?: IntExpr;
}
/** STZ2G: STZG for two granules per instruction, over `length` (32). */
export interface Stz2gStep extends StepCommon {
  do: 'stz2g';
  addr: IntExpr;
  length?: IntExpr;
}
/**
 * IRG Xd, Xn, Xm: the pointer `addr` with a random logical tag that neither `exclude` (Xm, a
 * 16-bit mask; 0) nor GCR_EL1.Exclude (the prctl include mask's complement) excludes. The
 * result's `value` is the tag; `as` binds the tagged pointer.
 */
export interface IrgStep extends StepCommon {
  do: 'irg';
  addr: IntExpr;
  exclude?: IntExpr;
}
/** ADDG Xd, Xn, #offset, #tag_offset: pointer + offset (0..1008, a multiple of 16), tag + tag_offset skipping excluded tags. */
export interface AddgStep extends StepCommon {
  do: 'addg';
  addr: IntExpr;
  offset: IntExpr;
  tag_offset: IntExpr;
}
/** SUBG: as ADDG, but the offset is subtracted (the tag offset is still added). */
export interface SubgStep extends StepCommon {
  do: 'subg';
  addr: IntExpr;
  offset: IntExpr;
  tag_offset: IntExpr;
}
/** DC GZVA: zero the DC ZVA block (64 bytes) holding addr and set its granules' tags to addr's logical tag. */
export interface DcGzvaStep extends StepCommon {
  do: 'dc_gzva';
  addr: IntExpr;
}
/**
 * A write to /sys/devices/system/cpu/cpuN/mte_tcf_preferred of every CPU: the tag-check mode the
 * kernel prefers when a thread requested several (`async`, `sync` or `asymm`; boot default async).
 */
export interface MteTcfPreferredStep extends StepCommon {
  do: 'mte_tcf_preferred';
  value: string;
}

export type Step =
  | MmapStep
  | MunmapStep
  | MprotectStep
  | MremapStep
  | MadviseStep
  | MemfdCreateStep
  | FtruncateStep
  | CloseStep
  | ForkStep
  | ExitStep
  | LoadStep
  | StoreStep
  | PagemapStep
  | RssStep
  | RepeatStep
  | RefpageCreateStep
  | UserfaultfdStep
  | IoctlStep
  | ReadStep
  | PollStep
  | PrctlStep
  | StgStep
  | LdgStep
  | St2gStep
  | StzgStep
  | Stz2gStep
  | IrgStep
  | AddgStep
  | SubgStep
  | DcGzvaStep
  | MteTcfPreferredStep;

export type LeafStep = Exclude<Step, RepeatStep>;

export interface ScenarioDocument {
  faultline: number;
  title?: string;
  notes?: string;
  /** Present when the document is a lesson (format, "Lessons"). */
  lesson?: LessonMeta;
  machine?: Partial<Machine>;
  steps: Step[];
}

/** One clear message that names where: `steps[3].length: expected an integer expression, got "abc"`. */
export interface ScenarioErrorInfo {
  /** JSON-ish location (`steps[3].length`) or, for the text form, `line:column`. */
  where: string;
  message: string;
}

export class ScenarioError extends Error {
  readonly where: string;
  readonly detail: string;
  constructor(where: string, detail: string) {
    super(where ? `${where}: ${detail}` : detail);
    this.name = 'ScenarioError';
    this.where = where;
    this.detail = detail;
  }
}
