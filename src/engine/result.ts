/**
 * One record per executed step (scenario-format section 5). Every field but `events` is what a real
 * kernel shows too, and is what the kernel cross-check compares.
 */
import type { EngineEvent } from './events';

export interface UffdMsgRecord {
  event: string;
  /** UFFD_EVENT_PAGEFAULT */
  flags?: string;
  address?: string;
  ptid?: string;
  /** UFFD_EVENT_FORK: the child's userfaultfd, as an fd number in the reading process. */
  ufd?: number;
  /** UFFD_EVENT_REMAP */
  from?: string;
  to?: string;
  len?: number;
  /** UFFD_EVENT_REMOVE / UNMAP */
  start?: string;
  end?: string;
}

export interface RssRecord {
  anon: number;
  file: number;
  shmem: number;
}

export interface StepResult {
  seq: number;
  path: string;
  do: string;
  proc: string;
  thread: string;
  /** Syscalls: the return value; addresses are printed symbolically (`p+0x2000`). */
  ret?: number | string;
  errno?: string | null;
  /** ioctls: the struct fields the kernel writes back. */
  out?: Record<string, number | string>;
  /** load: bytes read (hex); ldg: the tag. */
  value?: string | number;
  msgs?: UffdMsgRecord[];
  pages?: string;
  uffd_wp?: string;
  rss?: RssRecord;
  blocked?: boolean;
  resumed?: boolean;
  signal?: string;
  si_code?: string;
  events: EngineEvent[];
}

/** The fields the cross-check compares: everything but `events`. */
export const COMPARED_FIELDS = [
  'ret',
  'errno',
  'out',
  'value',
  'msgs',
  'pages',
  'uffd_wp',
  'rss',
  'blocked',
  'resumed',
  'signal',
  'si_code',
] as const;
