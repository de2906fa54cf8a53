/**
 * The OOM killer (mm/oom_kill.c). When a fault cannot get a frame, out_of_memory() picks the
 * process with the highest badness (here: its RSS, as oom_badness counts it, ties going to the
 * later process as select_bad_process's `>=` does) and sends it SIGKILL. Killing only marks the
 * victim (mark_oom_victim): its memory comes back when it exits, which happens after the
 * allocation has returned, as the kernel's victim exits (or the oom reaper reaps it) while the
 * allocating task waits. mm/memory.ts then takes the fault again (kernel/exit.ts oomVictimsExit).
 */
import type { FrameKind, PageData } from '../state';
import { emit, pushTo, type Tx } from '../tx';
import { allocFrame } from '../mm/page_alloc';
import type { Sentence } from '../sentence';

/** allocForFault's answer when another process was chosen to die: retry once it is gone. */
export const ALLOC_RETRY = -2;

export function outOfMemory(tx: Tx): string | null {
  let victim: string | null = null;
  let best = -1;
  for (const name of tx.s.procOrder) {
    const p = tx.s.procs[name]!;
    if (!p.alive || tx.oomVictims.includes(name)) continue;
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
  pushTo(tx, 'oomVictims', victim);
  return victim;
}

/** An `oom` event: out_of_memory chose a victim by oom_badness (mostly its resident pages). */
export const oomSentence: Sentence<'oom'> = (e) =>
  `An allocation found no free frame and nothing to reclaim: out_of_memory chose ${e.victim}, the process with the highest oom_badness (mostly its resident pages), to kill.`;

/**
 * Allocates a frame for a fault, invoking the OOM killer when memory is exhausted. Returns the
 * pfn; -1 when the faulting process itself must die (chosen, or nothing else to kill); or
 * ALLOC_RETRY when another process was chosen: the fault is retried once it has exited.
 */
export function allocForFault(
  tx: Tx,
  proc: string,
  init: { kind: FrameKind; data: PageData; inode?: number; index?: number; tags?: string | null },
): number {
  const pfn = allocFrame(tx, init);
  if (pfn >= 0) return pfn;
  const victim = outOfMemory(tx);
  if (victim === null) {
    if (!tx.oomVictims.includes(proc)) pushTo(tx, 'oomVictims', proc);
    return -1;
  }
  return victim === proc ? -1 : ALLOC_RETRY;
}
