/**
 * Process exit (kernel/exit.c): exit_mmap tears down every mapping, exit_files closes every fd.
 * Threads of the process are gone, including any that slept in handle_userfault.
 */
import { emit, own, wProc, type Tx } from '../tx';
import { unmapVmas } from '../mm/unmap';
import { closeFd } from './files';

export function exitMm(tx: Tx, proc: string, killedBy: string | null, status = 0): void {
  const p = tx.s.procs[proc]!;
  if (!p.alive) return;
  // The other threads die first (zap_other_threads): one asleep in handle_userfault is not woken
  // into the dying mm when exit_files releases its userfaultfd.
  const w = wProc(tx, proc);
  w.threads = own(tx, w.threads);
  for (const t of w.threadOrder) w.threads[t] = { ...w.threads[t]!, blocked: null };
  unmapVmas(tx, proc, 0, Number.MAX_SAFE_INTEGER, 'exit_mmap');
  for (const fd of Object.keys(p.fds).map(Number)) closeFd(tx, proc, fd);
  w.alive = false;
  w.exitStatus = killedBy ? null : status;
  w.killedBy = killedBy;
  emit(tx, {
    kind: 'process',
    fn: killedBy ? 'oom_kill_process' : 'do_exit',
    change: killedBy ? 'oom_killed' : 'exited',
    proc,
  });
}

/**
 * The processes the OOM killer marked (kernel/oom.ts) die of their SIGKILL: called once the
 * allocation that chose them has returned, before the fault that needed the memory is retried.
 */
export function oomVictimsExit(tx: Tx): void {
  while (tx.oomVictims.length) exitMm(tx, tx.oomVictims.shift()!, 'SIGKILL');
}
