/** The outcome of a page fault, as the architecture's fault handler sees it. */
export type FaultOutcome =
  | { kind: 'done' }
  | { kind: 'signal'; signal: 'SIGSEGV' | 'SIGBUS' | 'SIGKILL'; si_code: string }
  /** handle_userfault put the thread to sleep on a userfaultfd's wait queue. */
  | { kind: 'blocked'; uffd: number }
  /**
   * VM_FAULT_RETRY: the allocation found no free frame and the OOM killer chose another process;
   * the fault is taken again once that process has died (mm/memory.ts doUserAddrFault).
   */
  | { kind: 'retry' };

export const DONE: FaultOutcome = { kind: 'done' };
export const RETRY: FaultOutcome = { kind: 'retry' };

export function sig(
  signal: 'SIGSEGV' | 'SIGBUS' | 'SIGKILL',
  si_code: string,
): Extract<FaultOutcome, { kind: 'signal' }> {
  return { kind: 'signal', signal, si_code };
}

/** Where a fault happens: the process and the thread that took it. */
export interface At {
  proc: string;
  thread: string;
  /** FAULT_FLAG_TRIED: this is the fault taken again after VM_FAULT_RETRY (counted once). */
  tried?: boolean;
}
