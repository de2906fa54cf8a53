/**
 * fork (kernel/fork.c copy_process → dup_mm → dup_mmap, and mm/memory.c copy_page_range).
 *
 * The child gets a copy of every VMA except MADV_DONTFORK ones (VM_DONTCOPY). Page tables are
 * copied only where vma_needs_copy says so: a VMA with an anon_vma (it has or had private pages)
 * or one registered for userfaultfd write-protection. Other VMAs (a shared shmem mapping, an
 * anonymous VMA that only ever mapped the zero page) are left for the child to fault in again.
 * Private pages of a copy-on-write mapping are write-protected in both parent and child and
 * shared (mapcount 2); the next write copies them (wp_page_copy).
 */
import type { Proc, Thread, Vma } from '../state';
import {
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_DONTCOPY,
  VM_MAYWRITE,
  VM_SHARED,
  VM_UFFD_WP,
  ptePfn,
} from '../state';
import { emit, nextId, own, type Tx } from '../tx';
import { wFrame } from '../mm/page_alloc';
import { geometry, ptForEach } from '../mm/pgtable';
import { frameAt } from '../mm/page_alloc';
import { addRss, mmCounter, setPte } from '../mm/rmap';
import { fget } from './files';
import { dupUserfaultfd, dupUserfaultfdComplete } from './fork_uffd';
import type { Sentence } from '../sentence';

/** VM_WIPEONFORK: the child gets the VMA but none of its pages. */
export const VM_WIPEONFORK = 0x02000000;

function isCowMapping(v: Vma): boolean {
  return (v.flags & (VM_SHARED | VM_MAYWRITE)) === VM_MAYWRITE;
}

export function copyProcess(tx: Tx, parent: string, child: string): void {
  const p = tx.s.procs[parent]!;
  const forker = p.threads[tx.thread]!;
  const pid = tx.s.nextPid++;
  const main: Thread = { name: 'main', tid: pid, blocked: null, mte: forker.mte };
  const proc: Proc = {
    name: child,
    pid,
    parent,
    alive: true,
    exitStatus: null,
    killedBy: null,
    mm: { vmas: [], pgd: null, rss: { anon: 0, file: 0, shmem: 0 }, mmapBase: p.mm.mmapBase },
    fds: { ...p.fds },
    cloexec: { ...p.cloexec },
    threads: { main },
    threadOrder: ['main'],
  };
  tx.s.procs = own(tx, tx.s.procs);
  tx.s.procs[child] = proc;
  tx.owned.add(proc);
  // A name bound again after its process exited (a fork in a loop) takes the new process's place.
  tx.s.procOrder = [...tx.s.procOrder.filter((n) => n !== child), child];
  for (const id of Object.values(p.fds)) fget(tx, id);
  emit(tx, {
    kind: 'process',
    fn: 'copy_process',
    path: ['kernel_clone', 'copy_process'],
    change: 'forked',
    proc: child,
  });
  dupMmap(tx, parent, child);
  dupUserfaultfdComplete(tx, parent, child);
}

function dupMmap(tx: Tx, parent: string, child: string): void {
  const g = geometry(tx.s.machine);
  const src = tx.s.procs[parent]!.mm;
  const vmas: Vma[] = [];
  for (const v of src.vmas) {
    if (v.flags & VM_DONTCOPY) continue;
    const wipe = (v.flags & VM_WIPEONFORK) !== 0;
    const c: Vma = { ...v, anonVma: v.anonVma !== null && !wipe ? nextId(tx) : null };
    if (c.file !== null) fget(tx, c.file);
    dupUserfaultfd(tx, parent, child, c);
    vmas.push(c);
  }
  const cmm = tx.s.procs[child]!.mm;
  cmm.vmas = vmas;
  let si = 0;
  for (const c of vmas) {
    while (src.vmas[si]!.start !== c.start) si++;
    const v = src.vmas[si]!;
    const childWp = c.uffd !== null && (c.flags & VM_UFFD_WP) !== 0;
    if (!(v.anonVma !== null || childWp) || v.flags & VM_WIPEONFORK) continue;
    const cow = isCowMapping(v);
    ptForEach(g, src.pgd, v.start, v.end, (addr, pte) => {
      if (!(pte & PTE_PRESENT)) {
        // copy_pte_marker: poison always survives; a uffd-wp marker only into a uffd-wp VMA.
        const keep = (pte & PTE_MARKER_POISON) | (childWp ? pte & PTE_MARKER_UFFD_WP : 0);
        if (keep) setPte(tx, child, addr, keep);
        return;
      }
      let cpte = childWp ? pte : pte & ~PTE_UFFD_WP;
      const pfn = ptePfn(pte);
      if (!(pte & PTE_SPECIAL)) {
        const f = frameAt(tx.s.frames, pfn)!;
        const w = wFrame(tx, pfn);
        w.mapcount++;
        w.refcount++;
        const ctr = mmCounter(f);
        if (ctr) addRss(tx, child, ctr, 1);
        if (cow && f.kind === 'anon' && pte & PTE_WRITE) {
          setPte(tx, parent, addr, pte & ~PTE_WRITE);
          cpte &= ~PTE_WRITE;
        }
        emit(tx, {
          kind: 'pte_shared',
          fn: 'copy_present_ptes',
          path: ['dup_mmap', 'copy_page_range', 'copy_present_ptes'],
          addr,
          pfn,
          child,
        });
      }
      if (cow) cpte &= ~PTE_WRITE;
      setPte(tx, child, addr, cpte);
    });
  }
}

/** A `pte_shared` event: copy_present_ptes gave the child the parent's private page, write-protected. */
export const pteSharedSentence: Sentence<'pte_shared'> = (e, at) =>
  `fork: the private page at ${at(e.addr)} (pfn ${e.pfn}) is now mapped by ${e.child} too, write-protected in both and no longer marked exclusive, so the first write by either side faults and copies it, or reuses it if by then no other reference is left.`;

/** A `process` event: fork (copy_process), exit (do_exit) or an OOM kill. */
export const processSentence: Sentence<'process'> = (e) =>
  e.change === 'forked'
    ? `Process ${e.proc} was forked: it gets a copy of every VMA, and a copy of a VMA's page tables only where vma_needs_copy says so (the VMA has an anon_vma, because it has held private pages, or is registered for userfaultfd write-protection); no page of memory is copied.`
    : e.change === 'exited'
      ? `Process ${e.proc} exited: its mappings went away, and the pages nothing else holds were freed.`
      : `Process ${e.proc} was killed by the OOM killer (SIGKILL); its memory is freed as it exits.`;
