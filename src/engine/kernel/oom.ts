/**
 * The OOM killer (mm/oom_kill.c). When a fault cannot get a frame, out_of_memory() picks the
 * process with the highest badness (here: its RSS, as oom_badness counts it, ties going to the
 * later process as select_bad_process's `>=` does) and kills it; its memory comes back at exit.
 */
import type { FrameKind, PageData } from '../state';
import { emit, type Tx } from '../tx';
import { allocFrame } from '../mm/page_alloc';
import { exitMm } from './exit';

export function outOfMemory(tx: Tx): string | null {
  let victim: string | null = null;
  let best = -1;
  for (const name of tx.s.procOrder) {
    const p = tx.s.procs[name]!;
    if (!p.alive) continue;
    const points = p.mm.rss.anon + p.mm.rss.file + p.mm.rss.shmem;
    if (points >= best) {
      best = points;
      victim = name;
    }
  }
  if (victim === null || best <= 0) return null;
  emit(tx, {
    kind: 'oom',
    fn: 'out_of_memory',
    path: ['out_of_memory', 'oom_kill_process'],
    victim,
  });
  exitMm(tx, victim, 'SIGKILL');
  return victim;
}

/**
 * Allocates a frame for a fault, invoking the OOM killer while memory is exhausted. Returns -1
 * when the faulting process itself was killed (or nothing could be freed).
 */
export function allocForFault(
  tx: Tx,
  proc: string,
  init: { kind: FrameKind; data: PageData; inode?: number; index?: number; tags?: string | null },
): number {
  for (;;) {
    const pfn = allocFrame(tx, init);
    if (pfn >= 0) return pfn;
    const victim = outOfMemory(tx);
    if (victim === null) {
      exitMm(tx, proc, 'SIGKILL');
      return -1;
    }
    if (victim === proc) return -1;
  }
}
