/**
 * Resolving userfaults by filling pages (mm/userfaultfd.c): mfill_atomic and its four modes,
 * UFFDIO_COPY (mfill_atomic_copy), UFFDIO_ZEROPAGE (mfill_atomic_zeropage), UFFDIO_CONTINUE
 * (mfill_atomic_continue) and UFFDIO_POISON (mfill_atomic_poison). UFFDIO_MOVE and
 * UFFDIO_WRITEPROTECT are in userfaultfd_move.ts and userfaultfd_wp.ts.
 *
 * mfill_atomic works page by page and stops at the first error; it returns the bytes done, or the
 * error when none were (`copy`, `zeropage`, `mapped`, `updated` hold that). What each mode accepts
 * as an empty destination differs (checked on Linux 6.18):
 * - COPY and CONTINUE install over pte_none or any PTE marker (pte_none_mostly): a uffd-wp marker
 *   or a poison marker is simply replaced;
 * - ZEROPAGE and POISON need pte_none: a marker is EEXIST.
 * UFFDIO_COPY reads `src` in the caller's address space with copy_from_user: a page not present is
 * faulted in by the kernel, which may itself sleep in handle_userfault (the COPY then blocks until
 * that page is resolved) or fail (EFAULT: no VMA, PROT_NONE, SIGBUS). The kernel reads the source
 * before it looks at the destination PTE, so a present destination is EEXIST only after that.
 *
 * Simplified: no hugetlbfs, no THP, no memory cgroup; MTE tags are not copied.
 */
import type { PageData, Vma } from '../state';
import {
  PTE_DIRTY,
  PTE_MARKER_POISON,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_EXEC,
  VM_READ,
  VM_SHARED,
  VM_UFFD_WP,
  VM_WRITE,
  ZERO_PFN,
  ptePfn,
} from '../state';
import { emit, wStats, type Tx } from '../tx';
import { allocFrame, frameAt } from './page_alloc';
import { ZERO_DATA, readByte, toHex } from './pagedata';
import { getPte, mapPage, mapSpecial, setPte } from './rmap';
import { findVma, vmaIsAnonymous, vmaIsShmem } from './vma';
import { wInode } from './shmem';
import { anonVmaPrepare, doUserAddrFault } from './memory';
import { uffdCtx, type UffdAt } from '../fs/userfaultfd';
import { mmapChanging } from '../fs/userfaultfd_events';
import { own } from '../tx';
import { mteUaccessFault } from '../arch/arm64/mte_check';
import type { Sentence } from '../sentence';

export type MfillMode = 'copy' | 'zeropage' | 'continue' | 'poison';

export interface MfillArgs {
  mode: MfillMode;
  dst: number;
  /** COPY: the source in the caller's address space. */
  src: number;
  /** arm64: src's top byte (its MTE logical tag in bits 59:56), checked by copy_from_user (MTE K2). */
  srcTop?: number;
  len: number;
  /** MFILL_ATOMIC_WP: map the pages write-protected (COPY and CONTINUE with MODE_WP). */
  wp: boolean;
}

/** Where an mfill stands: bytes done so far, and the process and thread that asked (for `src`). */
export interface MfillProgress {
  done: number;
  caller: UffdAt;
}

export type MfillResult =
  /** `done` bytes filled; `err` the errno that stopped it early, if any. */
  | { kind: 'done'; done: number; err: string | null }
  /** Reading `src` sleeps in handle_userfault: the caller's thread blocks; resume from `done`. */
  | { kind: 'blocked'; done: number; uffd: number; addr: number };

const FN: Record<MfillMode, string> = {
  copy: 'mfill_atomic_copy',
  zeropage: 'mfill_atomic_zeropage',
  continue: 'mfill_atomic_continue',
  poison: 'mfill_atomic_poison',
};

/** mfill_file_over_size: a shmem page index at or beyond i_size. */
function fileOverSize(tx: Tx, v: Vma, addr: number): boolean {
  if (v.backing.kind !== 'shmem') return false;
  const ps = tx.s.machine.pageSize;
  const index = v.pgoff + (addr - v.start) / ps;
  return index >= Math.ceil(tx.s.inodes[v.backing.inode]!.size / ps);
}

/** pte_none_mostly: no PTE, or only a marker. */
function noneMostly(pte: number): boolean {
  return !(pte & PTE_PRESENT);
}

/**
 * copy_from_user of one page from the caller's address space, faulting pages in as the kernel
 * does for a user access it makes itself.
 */
function copyFromUser(
  tx: Tx,
  at: UffdAt,
  src: number,
  srcTop = 0,
):
  | { kind: 'data'; data: PageData }
  | { kind: 'fault' }
  | { kind: 'blocked'; uffd: number; addr: number } {
  const ps = tx.s.machine.pageSize;
  const bytes: number[] = [];
  let a = src;
  const end = src + ps;
  while (a < end) {
    const page = a - (a % ps);
    const n = Math.min(end - a, page + ps - a);
    for (let tries = 0; ; tries++) {
      const mm = tx.s.procs[at.proc]!.mm;
      const vi = findVma(mm, a);
      // No VMA, or one that cannot be read: the fault handler fails and the fixup returns EFAULT.
      if (vi < 0 || !(mm.vmas[vi]!.flags & (VM_READ | VM_WRITE | VM_EXEC)))
        return { kind: 'fault' };
      if (getPte(tx.s, at.proc, page) & PTE_PRESENT) break;
      if (tries > 3) return { kind: 'fault' };
      const mark = tx.events.length;
      const kernelAt: UffdAt = { ...at, kernel: true };
      const r = doUserAddrFault(tx, kernelAt, a, false);
      if (r.kind === 'blocked') return { kind: 'blocked', uffd: r.uffd, addr: a };
      if (r.kind === 'signal') {
        // A kernel access gets no signal: the exception table turns it into EFAULT.
        for (let i = tx.events.length - 1; i >= mark; i--)
          if (tx.events[i]!.kind === 'signal') tx.events.splice(i, 1);
        return { kind: 'fault' };
      }
    }
    // arm64 MTE: copy_from_user is tag-checked in SYNC mode and fails with EFAULT
    // (docs/reference/refpage-mte.md B.4 K1-K2).
    if (mteUaccessFault(tx, at, { addr: a, tag: srcTop & 0xf, top: srcTop }, n, false)) {
      return { kind: 'fault' };
    }
    const pte = getPte(tx.s, at.proc, page);
    const d =
      ptePfn(pte) === ZERO_PFN && pte & PTE_SPECIAL
        ? ZERO_DATA
        : frameAt(tx.s.frames, ptePfn(pte))!.data;
    if (a === page && n === ps) return { kind: 'data', data: d };
    for (let i = 0; i < n; i++) bytes.push(readByte(d, a - page + i));
    a += n;
  }
  return { kind: 'data', data: { fill: toHex(bytes), patch: null } };
}

/**
 * uffd_mfill_lock's checks on the destination VMA, with the range as the ioctl gave it.
 * Returns the VMA's index, or the errno.
 */
function mfillVma(tx: Tx, proc: string, a: MfillArgs): number | string {
  const mm = tx.s.procs[proc]!.mm;
  const vi = findVma(mm, a.dst);
  if (vi < 0) return 'ENOENT';
  const v = mm.vmas[vi]!;
  if (a.dst + a.len > v.end || v.uffd === null) return 'ENOENT';
  // A write-protected copy needs a range registered for write-protection.
  if (a.wp && !(v.flags & VM_UFFD_WP)) return 'EINVAL';
  if (!vmaIsAnonymous(v) && !vmaIsShmem(v)) return 'EINVAL';
  if (a.mode === 'continue' && !vmaIsShmem(v)) return 'EINVAL';
  return vi;
}

/**
 * mfill_atomic: fill [dst, dst+len) of the context's mm, one page at a time, from `p.done` on.
 * The caller turns the result into the ioctl's return value and output field and wakes the range.
 */
export function mfillAtomic(tx: Tx, ctxId: number, a: MfillArgs, p: MfillProgress): MfillResult {
  const ps = tx.s.machine.pageSize;
  const proc = uffdCtx(tx.s, ctxId).proc;
  let done = p.done;
  const stop = (err: string): MfillResult => ({ kind: 'done', done, err });
  // uffd_mfill_lock: the VMA at dst, if private, gets an anon_vma as soon as it is looked up,
  // before any check, whatever the ioctl (COPY, ZEROPAGE, POISON, CONTINUE) and whether a page
  // then goes in; from then on fork copies its page tables, a poison marker included
  // (corpus/uffd/poison-copied-at-fork).
  const at = findVma(tx.s.procs[proc]!.mm, a.dst);
  if (at >= 0 && !(tx.s.procs[proc]!.mm.vmas[at]!.flags & VM_SHARED)) anonVmaPrepare(tx, proc, at);
  // Checked when mfill_atomic starts, and again after it dropped mmap_lock to fault `src` in.
  if (mmapChanging(tx.s, ctxId)) return stop('EAGAIN');
  const vi = mfillVma(tx, proc, a);
  if (typeof vi === 'string') return stop(vi);
  while (done < a.len) {
    const v = tx.s.procs[proc]!.mm.vmas[vi]!;
    const addr = a.dst + done;
    const r = mfillPte(tx, ctxId, proc, vi, v, addr, a, p.caller, a.src + done);
    if (r !== null && typeof r === 'object')
      return { kind: 'blocked', done, uffd: r.uffd, addr: r.addr };
    if (r !== null) return stop(r);
    done += ps;
  }
  return { kind: 'done', done, err: null };
}

/**
 * Where UFFDIO_COPY's bytes came from: `src` in the caller's memory, and the frame that held its
 * first byte (copy_from_user has just made it present), so the new frame can name its source.
 */
function sourceOf(tx: Tx, caller: UffdAt, src: number): { src: number; srcPfn?: number } {
  const ps = tx.s.machine.pageSize;
  const pte = getPte(tx.s, caller.proc, src - (src % ps));
  return pte & PTE_PRESENT ? { src, srcPfn: ptePfn(pte) } : { src };
}

/** mfill_atomic_pte for one page: null when done, the errno, or the context `src` sleeps on. */
function mfillPte(
  tx: Tx,
  ctxId: number,
  proc: string,
  vi: number,
  v: Vma,
  addr: number,
  a: MfillArgs,
  caller: UffdAt,
  src: number,
): string | { uffd: number; addr: number } | null {
  const fn = FN[a.mode];
  const path = ['userfaultfd_ioctl', fn, 'mfill_atomic', 'mfill_atomic_pte'];
  const pte = getPte(tx.s, proc, addr);
  const wpBit = a.wp ? PTE_UFFD_WP : 0;
  if (a.mode === 'poison') {
    if (fileOverSize(tx, v, addr)) return 'EFAULT';
    if (pte !== 0) return 'EEXIST';
    setPte(tx, proc, addr, PTE_MARKER_POISON);
    emit(tx, { kind: 'uffd_filled', fn, path, op: 'poison', addr });
    return null;
  }
  if (a.mode === 'continue') {
    // mfill_atomic_pte_continue: the page must already be in the page cache (SGP_NOALLOC).
    const ps = tx.s.machine.pageSize;
    if (fileOverSize(tx, v, addr)) return 'EFAULT';
    const inode = (v.backing as { inode: number }).inode;
    const pfn = tx.s.inodes[inode]!.pages[v.pgoff + (addr - v.start) / ps];
    if (pfn === undefined) return 'EFAULT';
    if (!noneMostly(pte)) return 'EEXIST';
    const shared = (v.flags & VM_SHARED) !== 0;
    // A page-cache page in a private mapping is mapped read-only: a write copies it.
    const writable = shared && v.flags & VM_WRITE && !a.wp ? PTE_WRITE : 0;
    setPte(tx, proc, addr, 0);
    mapPage(tx, proc, addr, pfn, writable | wpBit | PTE_DIRTY, true, fn);
    emit(tx, { kind: 'uffd_filled', fn, path, op: 'continue', addr, pfn });
    return null;
  }
  if (!(v.flags & VM_SHARED)) {
    // Private memory (anonymous, or a private mapping of a file): anonymous pages or the zero page.
    if (a.mode === 'zeropage') {
      if (fileOverSize(tx, v, addr)) return 'EFAULT';
      if (pte !== 0) return 'EEXIST';
      mapSpecial(tx, proc, addr, ZERO_PFN);
      emit(tx, { kind: 'uffd_filled', fn, path, op: 'zeropage', addr, pfn: ZERO_PFN });
      return null;
    }
    const got = copyFromUser(tx, caller, src, a.srcTop ?? 0);
    if (got.kind === 'blocked') return { uffd: got.uffd, addr: got.addr };
    if (got.kind === 'fault') return 'EFAULT';
    if (fileOverSize(tx, v, addr)) return 'EFAULT';
    if (!noneMostly(getPte(tx.s, proc, addr))) return 'EEXIST';
    anonVmaPrepare(tx, proc, vi);
    const pfn = allocFrame(tx, { kind: 'anon', data: got.data });
    if (pfn < 0) return 'ENOMEM';
    wStats(tx).bytesCopied += tx.s.machine.pageSize;
    emit(tx, {
      kind: 'frame_allocated',
      fn: 'mfill_atomic_pte_copy',
      path,
      pfn,
      addr,
      method: 'copy',
      bytes: tx.s.machine.pageSize,
    });
    setPte(tx, proc, addr, 0);
    const writable = v.flags & VM_WRITE && !a.wp ? PTE_WRITE : 0;
    mapPage(tx, proc, addr, pfn, writable | wpBit | PTE_DIRTY, false, 'mfill_atomic_install_pte');
    emit(tx, {
      kind: 'uffd_filled',
      fn,
      path,
      op: 'copy',
      addr,
      pfn,
      ...sourceOf(tx, caller, src),
    });
    return null;
  }
  // shmem_mfill_atomic_pte: a new page for the page cache, copied or zeroed.
  let data = ZERO_DATA;
  if (a.mode === 'copy') {
    const got = copyFromUser(tx, caller, src, a.srcTop ?? 0);
    if (got.kind === 'blocked') return { uffd: got.uffd, addr: got.addr };
    if (got.kind === 'fault') return 'EFAULT';
    data = got.data;
  }
  if (fileOverSize(tx, v, addr)) return 'EFAULT';
  const ps = tx.s.machine.pageSize;
  const inodeId = (v.backing as { inode: number }).inode;
  const index = v.pgoff + (addr - v.start) / ps;
  if (tx.s.inodes[inodeId]!.pages[index] !== undefined) return 'EEXIST';
  if (!noneMostly(getPte(tx.s, proc, addr))) return 'EEXIST';
  const pfn = allocFrame(tx, { kind: 'shmem', data, inode: inodeId, index });
  if (pfn < 0) return 'ENOMEM';
  const st = wStats(tx);
  if (a.mode === 'copy') st.bytesCopied += ps;
  else st.bytesZeroed += ps;
  const ino = wInode(tx, inodeId);
  ino.pages = own(tx, ino.pages);
  ino.pages[index] = pfn;
  emit(tx, {
    kind: 'pagecache_page',
    fn: 'shmem_mfill_atomic_pte',
    path,
    inode: inodeId,
    index,
    pfn,
    created: true,
  });
  setPte(tx, proc, addr, 0);
  const writable = v.flags & VM_WRITE && !a.wp ? PTE_WRITE : 0;
  mapPage(tx, proc, addr, pfn, writable | wpBit | PTE_DIRTY, true, 'mfill_atomic_install_pte');
  emit(tx, {
    kind: 'uffd_filled',
    fn,
    path,
    op: a.mode,
    addr,
    pfn,
    ...(a.mode === 'copy' ? sourceOf(tx, caller, src) : {}),
  });
  void ctxId;
  return null;
}

const FILLED_WITH = {
  copy: 'a copy of the source page',
  zeropage: 'the zero page',
  continue: 'the page cache page',
  poison: 'a poison marker',
} as const;

/** A `uffd_filled` event: mfill_atomic resolved one page of the range. */
export const uffdFilledSentence: Sentence<'uffd_filled'> = (e, at) =>
  e.op === 'copy' && e.src !== undefined
    ? `The handler filled ${at(e.addr)} with a copy of the page at ${at(e.src)}${e.srcPfn !== undefined ? ` (pfn ${e.srcPfn})` : ''}${e.pfn !== undefined ? `: a new page, pfn ${e.pfn}` : ''}.`
    : `The handler filled ${at(e.addr)} with ${FILLED_WITH[e.op]}${e.pfn !== undefined ? ` (pfn ${e.pfn})` : ''}.`;
