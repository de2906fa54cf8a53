/** The outcome of a page fault, as the architecture's fault handler sees it. */
export type FaultOutcome =
  | { kind: 'done' }
  | { kind: 'signal'; signal: 'SIGSEGV' | 'SIGBUS' | 'SIGKILL'; si_code: string }
  /** handle_userfault put the thread to sleep on a userfaultfd's wait queue. */
  | { kind: 'blocked'; uffd: number };

export const DONE: FaultOutcome = { kind: 'done' };

export function sig(signal: 'SIGSEGV' | 'SIGBUS' | 'SIGKILL', si_code: string): FaultOutcome {
  return { kind: 'signal', signal, si_code };
}

/** Where a fault happens: the process and the thread that took it. */
export interface At {
  proc: string;
  thread: string;
}
