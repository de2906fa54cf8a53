/**
 * Invariants that hold after every step (design habit 14), checked by the property tests and by
 * the unit tests' runner (runner.ts) after every step; only tests audit a state, so it lives here:
 * - each frame's mapcount equals the PTEs (in every live process) that map it;
 * - each frame's refcount equals its holders: mappings, the page cache, a reference page;
 * - no frame is allocated that nothing holds (no leak), and frames.used counts them;
 * - each process's RSS counters equal what a page-table walk finds;
 * - VMAs are sorted, page-aligned, non-overlapping, and every PTE lies inside a VMA;
 * - every sleeping thread sleeps where its wait says (kernel/sched/types.ts): a fault on a live
 *   userfaultfd that still queues its message, an event wait on the event it queued, a forked
 *   child under its parent. Nothing is left runnable between steps: a thread runs or sleeps.
 */
import type { EngineState } from '../state';
import { PTE_PRESENT, PTE_SPECIAL, ZERO_PFN, ptePfn } from '../state';
import { forEachFrame, frameAt } from '../mm/page_alloc';
import { geometry, ptForEach } from '../mm/pgtable';

export function checkInvariants(s: EngineState): string[] {
  const errors: string[] = [];
  const g = geometry(s.machine);
  const ps = s.machine.pageSize;
  const maps = new Map<number, number>();
  for (const name of s.procOrder) {
    const p = s.procs[name]!;
    const rss = { anon: 0, file: 0, shmem: 0 };
    let prevEnd = -1;
    for (const v of p.mm.vmas) {
      if (v.start % ps || v.end % ps || v.start >= v.end)
        errors.push(`${name}: bad VMA ${v.start.toString(16)}-${v.end.toString(16)}`);
      if (v.start < prevEnd) errors.push(`${name}: overlapping VMAs at ${v.start.toString(16)}`);
      prevEnd = v.end;
    }
    if (!p.alive) {
      if (p.mm.vmas.length || p.mm.rss.anon || p.mm.rss.shmem)
        errors.push(`${name}: dead process still holds memory`);
    }
    ptForEach(g, p.mm.pgd, 0, Number.MAX_SAFE_INTEGER, (addr, pte) => {
      if (!p.mm.vmas.some((v) => addr >= v.start && addr < v.end))
        errors.push(`${name}: PTE outside any VMA at ${addr.toString(16)}`);
      if (!(pte & PTE_PRESENT) || pte & PTE_SPECIAL) return;
      const pfn = ptePfn(pte);
      const f = frameAt(s.frames, pfn);
      if (!f) {
        errors.push(`${name}: PTE at ${addr.toString(16)} maps free frame ${pfn}`);
        return;
      }
      maps.set(pfn, (maps.get(pfn) ?? 0) + 1);
      if (f.kind === 'anon') rss.anon++;
      else if (f.kind === 'shmem') rss.shmem++;
    });
    const r = p.mm.rss;
    if (r.anon !== rss.anon || r.shmem !== rss.shmem || r.file !== rss.file) {
      errors.push(
        `${name}: RSS counters ${JSON.stringify(r)} but the page tables hold ${JSON.stringify(rss)}`,
      );
    }
  }
  const cached = new Map<number, number>();
  for (const ino of Object.values(s.inodes))
    for (const pfn of Object.values(ino.pages)) cached.set(pfn, (cached.get(pfn) ?? 0) + 1);
  const refs = new Set(Object.values(s.refpages).map((r) => r.pfn));
  let used = 0;
  forEachFrame(s.frames, (pfn, f) => {
    if (pfn === ZERO_PFN) return;
    used++;
    const m = maps.get(pfn) ?? 0;
    if (f.mapcount !== m) errors.push(`frame ${pfn}: mapcount ${f.mapcount} but ${m} PTEs map it`);
    if (f.refcount < f.mapcount)
      errors.push(`frame ${pfn}: refcount ${f.refcount} < mapcount ${f.mapcount}`);
    const holders = m + (cached.get(pfn) ?? 0) + (refs.has(pfn) ? 1 : 0);
    if (f.refcount !== holders)
      errors.push(
        `frame ${pfn} (${f.kind}): refcount ${f.refcount} but ${holders} holders (leak or double free)`,
      );
  });
  if (used !== s.frames.used)
    errors.push(`frames.used is ${s.frames.used} but ${used} frames are allocated`);
  return errors.concat(checkWaits(s));
}

/** Each sleeping thread of a live process is on the wait queue its continuation names. */
function checkWaits(s: EngineState): string[] {
  const errors: string[] = [];
  const mine = (q: { proc: string; thread: string }, proc: string, thread: string) =>
    q.proc === proc && q.thread === thread;
  for (const pname of s.procOrder) {
    const p = s.procs[pname]!;
    if (!p.alive) continue;
    for (const tname of p.threadOrder) {
      const w = p.threads[tname]!.blocked?.wait;
      if (!w) continue;
      const who = `${pname}/${tname}`;
      if (w.kind === 'fork_child') {
        if (p.parent !== w.parent) errors.push(`${who}: waits for a fork by ${w.parent}`);
        continue;
      }
      const ctx = s.uffds[w.uffd];
      if (!ctx || ctx.released) {
        errors.push(`${who}: asleep on userfaultfd ${w.uffd}, which is gone`);
        continue;
      }
      const queued =
        w.kind === 'userfault'
          ? [...ctx.pending, ...ctx.waiting].some((q) => mine(q, pname, tname))
          : ctx.events.some((q) => q.id === w.event && mine(q, pname, tname));
      if (!queued)
        errors.push(`${who}: asleep (${w.kind}) but not on userfaultfd ${w.uffd}'s queue`);
    }
  }
  return errors;
}
