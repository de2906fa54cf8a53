/**
 * Mapping and unmapping one page, with the counters the kernel keeps beside it (mm/rmap.c and
 * the mm_counter helpers): a normal page's mapcount and refcount, the process's RSS counter, and
 * the run's peak RSS. Special PTEs (the zero page, a reference page) touch none of them:
 * vm_normal_page() returns NULL for them.
 */
import type { EngineState, Frame, RssCounters } from '../state';
import { mkPte, PTE_PRESENT, PTE_SPECIAL, PTE_UFFD_WP, PTE_WRITE, ptePfn } from '../state';
import { emit, own, wMm, wStats, type Tx } from '../tx';
import { wFrame } from './page_alloc';
import { frameAt, putPage } from './page_alloc';
import { geometry, ptGet, ptSet } from './pgtable';
import type { Sentence } from '../sentence';

export function getPte(s: EngineState, proc: string, addr: number): number {
  return ptGet(geometry(s.machine), s.procs[proc]!.mm.pgd, addr);
}

export function setPte(tx: Tx, proc: string, addr: number, pte: number): void {
  const mm = wMm(tx, proc);
  mm.pgd = ptSet(tx, geometry(tx.s.machine), mm.pgd, addr, pte);
}

/** The RSS counter a normal page is charged to (mm_counter). */
export function mmCounter(f: Frame): keyof RssCounters | null {
  if (f.kind === 'anon') return 'anon';
  if (f.kind === 'shmem') return 'shmem';
  return null;
}

export function addRss(tx: Tx, proc: string, counter: keyof RssCounters, delta: number): void {
  const mm = wMm(tx, proc);
  mm.rss = own(tx, mm.rss);
  mm.rss[counter] += delta;
  if (delta > 0) {
    let total = 0;
    for (const name of tx.s.procOrder) {
      const p = tx.s.procs[name]!;
      if (p.alive) total += p.mm.rss.anon + p.mm.rss.file + p.mm.rss.shmem;
    }
    if (total > tx.s.stats.peakRss) wStats(tx).peakRss = total;
  }
}

/**
 * Maps a normal page at addr (folio_add_*_rmap + set_pte_at): mapcount and RSS go up. When
 * `takeRef` the mapping takes its own reference (page-cache pages); a freshly allocated page
 * hands its allocation reference to the mapping instead.
 */
export function mapPage(
  tx: Tx,
  proc: string,
  addr: number,
  pfn: number,
  flags: number,
  takeRef: boolean,
  fn: string,
): void {
  const f = wFrame(tx, pfn);
  f.mapcount++;
  if (takeRef) f.refcount++;
  const c = mmCounter(f);
  if (c) addRss(tx, proc, c, 1);
  setPte(tx, proc, addr, mkPte(pfn, flags | PTE_PRESENT));
  emit(tx, { kind: 'pte_mapped', fn, addr, pfn, writable: (flags & 2) !== 0 });
}

/** A `pte_mapped` event: a PTE now points at a normal page. */
export const pteMappedSentence: Sentence<'pte_mapped'> = (e, at) =>
  `The PTE for ${at(e.addr)} now maps pfn ${e.pfn} ${e.writable ? 'writable' : 'read-only'}.`;

/** Maps the zero page or a reference page: a special PTE, read-only, uncounted. */
export function mapSpecial(tx: Tx, proc: string, addr: number, pfn: number, extra = 0): void {
  setPte(tx, proc, addr, mkPte(pfn, PTE_PRESENT | PTE_SPECIAL | extra));
}

/**
 * zap_present_pte: clears a present PTE and drops what it held. Returns the pfn it mapped.
 * `keep` is a PTE value to leave behind (a marker), default none.
 */
export function zapPte(tx: Tx, proc: string, addr: number, fn: string, keep = 0): number {
  const pte = getPte(tx.s, proc, addr);
  if (pte === 0) return -1;
  setPte(tx, proc, addr, keep);
  if (!(pte & PTE_PRESENT)) return -1;
  const pfn = ptePfn(pte);
  emit(tx, { kind: 'pte_cleared', fn, addr, pfn });
  if (pte & PTE_SPECIAL) return pfn;
  const f = frameAt(tx.s.frames, pfn);
  if (!f) return pfn;
  const c = mmCounter(f);
  if (c) addRss(tx, proc, c, -1);
  wFrame(tx, pfn).mapcount--;
  putPage(tx, pfn, fn);
  return pfn;
}

/** A `pte_cleared` event: zap_present_pte dropped a mapping (the page is freed if nothing else holds it). */
export const pteClearedSentence: Sentence<'pte_cleared'> = (e, at) =>
  `The PTE for ${at(e.addr)} was cleared (it mapped pfn ${e.pfn}).`;

/**
 * PageAnonExclusive, as the page table shows it: an anonymous page mapped once, whose PTE is
 * writable or write-protected by userfaultfd. fork() clears the flag and only a write that reuses
 * the page sets it again, so a page fork shared keeps a read-only PTE until that write.
 */
export function anonExclusive(tx: Tx, pte: number): boolean {
  const f = frameAt(tx.s.frames, ptePfn(pte));
  if (!f || f.kind !== 'anon' || f.mapcount !== 1 || f.refcount !== 1) return false;
  return (pte & (PTE_WRITE | PTE_UFFD_WP)) !== 0;
}
