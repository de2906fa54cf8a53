/**
 * Page-fault handling (mm/memory.c): handle_mm_fault and the paths it takes for a missing page
 * (do_anonymous_page, do_fault → do_read_fault / do_cow_fault / do_shared_fault) and for a write
 * to a present read-only page (do_wp_page → wp_page_reuse / wp_page_copy / wp_page_shared).
 *
 * A read fault on a file (shmem) page first maps the neighbours already in the page cache
 * (do_fault_around, in filemap.ts); an anonymous fault maps one page.
 *
 * Simplified: no THP, no swap, no NUMA, no mmap_lock retries; a userfaultfd wait is the only
 * reason a fault sleeps, and an OOM kill of another process the only reason it is retried
 * (VM_FAULT_RETRY).
 */
import type { Frame, PageData, Vma } from '../state';
import {
  PTE_DIRTY,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_EXEC,
  VM_READ,
  VM_SHARED,
  VM_UFFD_MINOR,
  VM_UFFD_MISSING,
  VM_UFFD_WP,
  VM_WRITE,
  ZERO_PFN,
  ptePfn,
} from '../state';
import type { CowWhy, EngineEvent, FillMethod } from '../events';
import { countFault, emit, nextId, wStats, wVma, type Tx } from '../tx';
import { wFrame } from './page_alloc';
import { ALLOC_RETRY, allocForFault } from '../kernel/oom';
import { oomVictimsExit } from '../kernel/exit';
import { handleUserfault, uffdWpAsync, wpAsyncClear } from '../fs/userfaultfd';
import { frameAt, putPage } from './page_alloc';
import { ZERO_DATA } from './pagedata';
import { addRss, getPte, mapPage, mapSpecial, mmCounter, setPte } from './rmap';
import { shmemGetFolio } from './shmem';
import { doFaultAround, shouldFaultAround } from './filemap';
import { findVma } from './vma';
import { vmHas } from './vm_flags';
import { DONE, RETRY, sig, type At, type FaultOutcome } from './fault';
import { hasMemoryFailure } from '../kernel/version';
import type { Machine } from '../../scenario/types';
import { badArea, faultEntry, sigbusDelivery } from '../arch/fault_entry';
import { call, chain } from '../callpath';
import type { Sentence } from '../sentence';

/**
 * The architecture's user fault handler (do_user_addr_fault on x86, do_page_fault on arm64): find
 * the VMA, check the access against its protection, then handle_mm_fault. `via` is the chain that
 * leads here when the kernel faults a page in itself (GUP's faultin_page) instead of the CPU.
 */
export function doUserAddrFault(
  tx: Tx,
  at: At,
  addr: number,
  write: boolean,
  via?: readonly string[],
): Exclude<FaultOutcome, { kind: 'retry' }> {
  const ps = tx.s.machine.pageSize;
  const page = Math.floor(addr / ps) * ps;
  const mm = tx.s.procs[at.proc]!.mm;
  const i = findVma(mm, addr);
  const arch = tx.s.machine.arch;
  // A uaccess fault (UffdAt.kernel: the kernel touched the user address) enters arm64 at EL1.
  const kernel = (at as { kernel?: boolean }).kernel === true;
  // Only arm64's entry depends on the PTE (a translation or a permission fault).
  const entry = via
    ? chain(...via)
    : faultEntry(
        arch,
        arch === 'arm64' && (getPte(tx.s, at.proc, page) & PTE_PRESENT) !== 0,
        kernel,
      );
  emit(tx, {
    kind: 'fault',
    fn: entry[entry.length - 1]!,
    path: entry,
    addr,
    write,
    vma: i >= 0 ? mm.vmas[i]!.start : undefined,
  });
  if (i < 0) return segv(tx, 'SEGV_MAPERR', addr, entry);
  const v = mm.vmas[i]!;
  const allowed = write ? v.flags & VM_WRITE : v.flags & (VM_READ | VM_WRITE | VM_EXEC);
  if (!allowed) return segv(tx, 'SEGV_ACCERR', addr, entry);
  const mmPath = call(call(entry, 'handle_mm_fault'), 'handle_pte_fault');
  let r = handlePteFault(tx, at, i, page, write, addr, mmPath);
  // The OOM killer chose a victim: it dies now that the allocation has returned (its SIGKILL is
  // fatal), and unless it was this process, the fault is taken again (FAULT_FLAG_TRIED).
  while (tx.oomVictims.length) {
    oomVictimsExit(tx);
    if (r.kind !== 'retry') break;
    r = handlePteFault(tx, { ...at, tried: true }, i, page, write, addr, mmPath);
  }
  if (r.kind === 'retry') throw new Error('VM_FAULT_RETRY without an OOM victim');
  return r;
}

/**
 * A `fault` event: the CPU trapped (or GUP faulted a page in for the kernel) and the
 * architecture's handler took the fault, before handle_mm_fault.
 */
export const faultSentence: Sentence<'fault'> = (e, at) => {
  const what = `${e.write ? 'write' : 'read'} at ${at(e.addr)}`;
  const entry = `no ${e.write ? 'writable ' : ''}entry`;
  return e.path?.includes('faultin_page')
    ? `The kernel needed the page for a ${what} (get_user_pages) and found ${entry}, so faultin_page faulted it in through handle_mm_fault, as the CPU's fault would.`
    : `The CPU faulted on a ${what}: the page table had ${entry} for it. ${e.fn}, the architecture's fault handler, looks up the VMA and checks the access before it hands the fault to handle_mm_fault.`;
};

function segv(
  tx: Tx,
  code: 'SEGV_MAPERR' | 'SEGV_ACCERR',
  addr: number,
  entry: readonly string[],
): Extract<FaultOutcome, { kind: 'signal' }> {
  countFault(tx, 'sigsegv');
  const { fn, path } = badArea(tx.s.machine.arch, entry, code);
  emit(tx, { kind: 'signal', fn, path, signal: 'SIGSEGV', si_code: code, addr });
  return sig('SIGSEGV', code);
}

/** A fault handle_mm_fault refused (`fn` decided it); the architecture delivers SIGBUS. */
function sigbus(
  tx: Tx,
  code: string,
  addr: number,
  fn: string,
  path: readonly string[],
): FaultOutcome {
  countFault(tx, 'sigbus');
  emit(tx, {
    kind: 'signal',
    fn,
    path: [
      ...path,
      ...(path[path.length - 1] === fn ? [] : [fn]),
      ...sigbusDelivery(tx.s.machine.arch),
    ],
    signal: 'SIGBUS',
    si_code: code,
    addr,
  });
  return sig('SIGBUS', code);
}

/**
 * The si_code of the SIGBUS for VM_FAULT_HWPOISON. arm64's do_page_fault always reports it as
 * BUS_MCEERR_AR; x86's do_sigbus only inside `#ifdef CONFIG_MEMORY_FAILURE`, and BUS_ADRERR
 * without it (arch/x86/mm/fault.c; docs/kernel-versions.md row 8). Debian's 6.12 under QEMU shows
 * BUS_MCEERR_AR, this machine's 6.18 (built without the option) BUS_ADRERR.
 */
function hwpoisonSiCode(machine: Machine): 'BUS_MCEERR_AR' | 'BUS_ADRERR' {
  return machine.arch === 'arm64' || hasMemoryFailure(machine) ? 'BUS_MCEERR_AR' : 'BUS_ADRERR';
}

/** Why the kernel sent a signal, by si_code (and, for SIGBUS, by the function that refused). */
const SIGNAL_REASON: Record<string, string> = {
  SEGV_MAPERR: 'no VMA covers the address',
  SEGV_ACCERR: "the VMA's protection does not allow this access",
  SEGV_MTESERR: "the pointer's tag does not match the memory's allocation tag",
  BUS_ADRALN: 'the address is not aligned to a 16-byte tag granule',
  ILL_ILLOPC: 'the instruction is undefined on this CPU',
};
const SIGBUS_BY: Record<string, string> = {
  shmem_fault: 'the page lies beyond the end of the file',
  handle_pte_marker: 'the PTE holds a poison marker (UFFDIO_POISON)',
  handle_userfault:
    'the range is registered with a userfaultfd that asked for SIGBUS (UFFD_FEATURE_SIGBUS)',
};

/** A `signal` event: a fault the kernel could not resolve, delivered to the thread. */
export const signalSentence: Sentence<'signal'> = (e, at) => {
  const sig = `${e.signal} (${e.si_code})`;
  const after = 'the scenario goes on as if the program caught it.';
  if (e.si_code === 'SEGV_MTEAERR')
    return `An asynchronous tag-check fault was reported: ${sig}, sent on the way back to user space. Its si_addr is 0: the CPU recorded only that some access mismatched, not which one or where; ${after}`;
  if (e.signal === 'SIGILL') return `${sig}: ${SIGNAL_REASON[e.si_code]}; ${after}`;
  // A poisoned PTE's SIGBUS is BUS_MCEERR_AR or BUS_ADRERR by configuration (hwpoisonSiCode).
  const why =
    (e.signal === 'SIGBUS' ? SIGBUS_BY[e.fn] : undefined) ?? SIGNAL_REASON[e.si_code] ?? e.fn;
  return `The access at ${at(e.addr)} raised ${sig}, with si_addr ${at(e.addr)}: ${why}; ${after}`;
};

/** handle_pte_fault: dispatch on the PTE's state. `entry` is the chain down to handle_pte_fault. */
export function handlePteFault(
  tx: Tx,
  at: At,
  vi: number,
  page: number,
  write: boolean,
  addr: number,
  entry: readonly string[],
): FaultOutcome {
  const pte = getPte(tx.s, at.proc, page);
  if (!(pte & PTE_PRESENT)) {
    if (pte & PTE_MARKER_POISON) {
      // handle_pte_marker: a poisoned PTE (UFFDIO_POISON) reports VM_FAULT_HWPOISON, which the
      // architecture turns into a signal (hwpoisonSiCode).
      return sigbus(tx, hwpoisonSiCode(tx.s.machine), addr, 'handle_pte_marker', entry);
    }
    const vma = tx.s.procs[at.proc]!.mm.vmas[vi]!;
    const wpMarker = (pte & PTE_MARKER_UFFD_WP) !== 0;
    if (vma.backing.kind === 'shmem')
      return doFault(tx, at, vi, page, write, addr, wpMarker, entry);
    return doAnonymousPage(tx, at, vi, page, write, addr, wpMarker, entry);
  }
  if (write && !(pte & PTE_WRITE)) return doWpPage(tx, at, vi, page, pte, addr, entry);
  return DONE;
}

/** anon_vma_prepare: the first private page of a VMA gives it an anon_vma. */
export function anonVmaPrepare(tx: Tx, proc: string, vi: number): void {
  if (tx.s.procs[proc]!.mm.vmas[vi]!.anonVma !== null) return;
  wVma(tx, proc, vi).anonVma = nextId(tx);
}

/** A new private page's contents, and the cost counter its filling adds a page to. */
interface AnonContents {
  data: PageData;
  method: FillMethod;
  tags: string | null;
  cost: 'bytesZeroed' | 'bytesMemset' | 'bytesCopied';
}

/** The contents of a new private page of this VMA: zeroes, or the reference page's pattern. */
function newAnonContents(tx: Tx, vma: Vma): AnonContents {
  const ps = tx.s.machine.pageSize;
  if (vma.backing.kind === 'refpage') {
    const rp = tx.s.refpages[vma.backing.refpage]!;
    const ref = frameAt(tx.s.frames, rp.pfn)!;
    if (rp.gzvaTag !== null) {
      // docs/reference/refpage-mte.md F4b: DC GZVA zeroes the data and sets every granule's tag
      // in one pass.
      return {
        data: ZERO_DATA,
        method: 'gzva',
        tags: rp.gzvaTag === 0 ? null : rp.gzvaTag.toString(16).repeat(ps / 16),
        cost: 'bytesZeroed',
      };
    }
    // docs/reference/refpage-mte.md F4a: a one-byte pattern is a memset.
    if (rp.size === 1) return { data: ref.data, method: 'memset', tags: null, cost: 'bytesMemset' };
    return { data: ref.data, method: 'copy', tags: ref.tags, cost: 'bytesCopied' };
  }
  return { data: ZERO_DATA, method: 'zero', tags: null, cost: 'bytesZeroed' };
}

/** Counts one page filled (after the allocation succeeded, so that a retried fault counts once). */
function account(tx: Tx, cost: AnonContents['cost']): void {
  wStats(tx)[cost] += tx.s.machine.pageSize;
}

function userfault(
  tx: Tx,
  at: At,
  vma: Vma,
  addr: number,
  write: boolean,
  reason: 'missing' | 'wp' | 'minor',
): FaultOutcome {
  countFault(tx, 'userfault');
  return handleUserfault(tx, at, vma, addr, write, reason);
}

/** do_anonymous_page: a missing page in an anonymous (or reference-page) VMA. */
function doAnonymousPage(
  tx: Tx,
  at: At,
  vi: number,
  page: number,
  write: boolean,
  addr: number,
  wpMarker: boolean,
  entry: readonly string[],
): FaultOutcome {
  const vma = tx.s.procs[at.proc]!.mm.vmas[vi]!;
  const path = call(entry, 'do_anonymous_page');
  if (vma.uffd !== null && vma.flags & VM_UFFD_MISSING)
    return userfault(tx, at, vma, addr, write, 'missing');
  const wpBit = wpMarker && vma.flags & VM_UFFD_WP ? PTE_UFFD_WP : 0;
  if (!write) {
    // Reads map one shared page read-only: the zero page, or the VMA's reference page
    // (docs/reference/refpage-mte.md F1).
    if (vma.backing.kind === 'refpage') {
      const pfn = tx.s.refpages[vma.backing.refpage]!.pfn;
      mapSpecial(tx, at.proc, page, pfn, wpBit);
      countFault(tx, 'refpage_read');
      emit(tx, { kind: 'refpage_mapped', fn: 'do_anonymous_page', path, addr: page, pfn });
    } else {
      mapSpecial(tx, at.proc, page, ZERO_PFN, wpBit);
      countFault(tx, 'zero_page');
      emit(tx, {
        kind: 'zero_page_mapped',
        fn: 'do_anonymous_page',
        path,
        addr: page,
        pfn: ZERO_PFN,
      });
    }
    return DONE;
  }
  anonVmaPrepare(tx, at.proc, vi);
  const c = newAnonContents(tx, vma);
  const pfn = allocForFault(tx, at.proc, { kind: 'anon', data: c.data, tags: c.tags });
  if (pfn === ALLOC_RETRY) return RETRY;
  if (pfn < 0) return sig('SIGKILL', 'SI_KERNEL');
  account(tx, c.cost);
  countFault(tx, vma.backing.kind === 'refpage' ? 'refpage_write' : 'anonymous');
  emit(tx, {
    kind: 'frame_allocated',
    fn: c.method === 'zero' ? 'vma_alloc_zeroed_movable_folio' : 'arch_copy_refpage',
    path,
    pfn,
    addr: page,
    method: c.method,
    bytes: tx.s.machine.pageSize,
  });
  // With a uffd-wp marker the new page keeps the protection: the retried write then takes a WP fault.
  mapPage(
    tx,
    at.proc,
    page,
    pfn,
    wpBit ? PTE_DIRTY | PTE_UFFD_WP : PTE_WRITE | PTE_DIRTY,
    false,
    'do_anonymous_page',
  );
  return DONE;
}

/** A `zero_page_mapped` event: do_anonymous_page's read of never-written anonymous memory. */
export const zeroPageSentence: Sentence<'zero_page_mapped'> = (e, at) =>
  `A read of never-written private memory maps the shared zero page (pfn ${e.pfn}) read-only at ${at(e.addr)}: no frame is allocated for the data, and a later write faults again for a page of its own.`;

/** A `refpage_mapped` event: the refpage patch's do_anonymous_page, for a reference-page VMA. */
export const refpageMappedSentence: Sentence<'refpage_mapped'> = (e, at) =>
  `The read mapped the reference page (pfn ${e.pfn}) read-only at ${at(e.addr)}, as an anonymous VMA maps the zero page: every clean page of the mapping shares this one frame, so a read allocates no frame for the data.`;

const FILLED: Record<FillMethod, string> = {
  zero: 'zeroed',
  copy: 'filled by copying',
  memset: 'filled by memset of the pattern',
  gzva: 'zeroed together with its tags (DC GZVA)',
};

/** A `frame_allocated` event: a page from the allocator and how it was filled. */
export const frameAllocatedSentence: Sentence<'frame_allocated'> = (e, at) =>
  `A new frame, pfn ${e.pfn}, was allocated${e.addr !== undefined ? ` for ${at(e.addr)}` : ''} and ${FILLED[e.method]} (${e.bytes} bytes).`;

/** do_fault: a missing page in a file (shmem) VMA. */
function doFault(
  tx: Tx,
  at: At,
  vi: number,
  page: number,
  write: boolean,
  addr: number,
  wpMarker: boolean,
  entry: readonly string[],
): FaultOutcome {
  const vma = tx.s.procs[at.proc]!.mm.vmas[vi]!;
  if (vma.backing.kind !== 'shmem') throw new Error('doFault on a non-shmem VMA');
  const ps = tx.s.machine.pageSize;
  const index = vma.pgoff + (page - vma.start) / ps;
  const inode = vma.backing.inode;
  const shared = (vma.flags & VM_SHARED) !== 0;
  const which = !write ? 'do_read_fault' : shared ? 'do_shared_fault' : 'do_cow_fault';
  const path = [...entry, 'do_fault', which, 'shmem_fault'];
  const ino = tx.s.inodes[inode]!;
  // do_read_fault: map what the page cache already holds around the fault first, even when the
  // faulting page itself lies past the end of the file (fault-around stops at EOF, shmem_fault
  // then raises SIGBUS for the access: corpus/mm/fault-around-before-sigbus.json).
  if (!at.tried)
    countFault(
      tx,
      which === 'do_read_fault' ? 'read' : which === 'do_cow_fault' ? 'cow' : 'shared',
    );
  if (which === 'do_read_fault' && shouldFaultAround(tx, vma.flags) && !wpMarker) {
    if (doFaultAround(tx, at.proc, vi, page)) return DONE;
  }
  // shmem_get_folio_gfp: beyond EOF is SIGBUS; a hole with MISSING or a cached page with MINOR
  // registered goes to userspace instead.
  if (index >= Math.ceil(ino.size / ps)) return sigbus(tx, 'BUS_ADRERR', addr, 'shmem_fault', path);
  const cached = ino.pages[index] !== undefined;
  if (vma.uffd !== null) {
    if (!cached && vma.flags & VM_UFFD_MISSING)
      return userfault(tx, at, vma, addr, write, 'missing');
    if (cached && vmHas(vma.flags, VM_UFFD_MINOR))
      return userfault(tx, at, vma, addr, write, 'minor');
  }
  const got = shmemGetFolio(tx, at.proc, inode, index);
  if (got.kind === 'sigbus') return sigbus(tx, 'BUS_ADRERR', addr, 'shmem_fault', path);
  if (got.kind === 'retry') return RETRY;
  if (got.kind === 'oom') return sig('SIGKILL', 'SI_KERNEL');
  const wpBit = wpMarker && vma.flags & VM_UFFD_WP ? PTE_UFFD_WP : 0;
  if (which === 'do_cow_fault') {
    anonVmaPrepare(tx, at.proc, vi);
    const src = frameAt(tx.s.frames, got.pfn)!;
    const pfn = allocForFault(tx, at.proc, { kind: 'anon', data: src.data, tags: src.tags });
    if (pfn === ALLOC_RETRY) return RETRY;
    if (pfn < 0) return sig('SIGKILL', 'SI_KERNEL');
    wStats(tx).bytesCopied += ps;
    emit(tx, {
      kind: 'frame_allocated',
      fn: 'do_cow_fault',
      path,
      pfn,
      addr: page,
      method: 'copy',
      bytes: ps,
    });
    emit(tx, {
      kind: 'cow_copied',
      fn: 'copy_user_highpage',
      path: [...path.slice(0, -1), 'copy_user_highpage'],
      addr: page,
      from: got.pfn,
      to: pfn,
      method: 'copy',
      why: 'file',
      mapcount: src.mapcount,
      refcount: src.refcount,
    });
    mapPage(
      tx,
      at.proc,
      page,
      pfn,
      wpBit ? PTE_DIRTY | PTE_UFFD_WP : PTE_WRITE | PTE_DIRTY,
      false,
      'do_cow_fault',
    );
    return DONE;
  }
  // Shared writable shmem needs no dirty tracking, so even a read fault maps the page writable.
  const writable = shared && vma.flags & VM_WRITE && !wpBit ? PTE_WRITE : 0;
  mapPage(tx, at.proc, page, got.pfn, writable | wpBit | (write ? PTE_DIRTY : 0), true, which);
  return DONE;
}

/** do_wp_page: a write to a present, write-protected PTE. */
function doWpPage(
  tx: Tx,
  at: At,
  vi: number,
  page: number,
  pteIn: number,
  addr: number,
  entry: readonly string[],
): FaultOutcome {
  const vma = tx.s.procs[at.proc]!.mm.vmas[vi]!;
  const path = call(entry, 'do_wp_page');
  let pte = pteIn;
  if (pte & PTE_UFFD_WP && vma.uffd !== null && vma.flags & VM_UFFD_WP) {
    if (!uffdWpAsync(tx.s, vma)) return userfault(tx, at, vma, addr, true, 'wp');
    pte = wpAsyncClear(tx, at.proc, page);
  }
  if (vma.flags & VM_SHARED) {
    // wp_page_shared: a shared mapping just becomes writable (shmem needs no page_mkwrite).
    countFault(tx, 'wp_shared');
    setPte(tx, at.proc, page, (pte | PTE_WRITE | PTE_DIRTY) & ~PTE_UFFD_WP);
    emit(tx, {
      kind: 'page_reused',
      fn: 'wp_page_shared',
      path: call(path, 'wp_page_shared'),
      addr: page,
      pfn: ptePfn(pte),
    });
    return DONE;
  }
  const pfn = ptePfn(pte);
  const f = pte & PTE_SPECIAL ? null : frameAt(tx.s.frames, pfn);
  if (f && f.kind === 'anon' && f.mapcount === 1 && f.refcount === 1) {
    // wp_can_reuse_anon_folio: nobody else holds the page, so make it writable in place.
    countFault(tx, 'wp_reuse');
    setPte(tx, at.proc, page, pte | PTE_WRITE | PTE_DIRTY);
    emit(tx, {
      kind: 'page_reused',
      fn: 'wp_page_reuse',
      path: call(path, 'wp_page_reuse'),
      addr: page,
      pfn,
    });
    return DONE;
  }
  return wpPageCopy(tx, at, vi, page, pte, f, path);
}

/**
 * A `page_reused` event. Linux 6.x decides reuse by exclusivity and references, not by mappings:
 * an anonymous page is reused when it is marked exclusive (PageAnonExclusive) or, failing that,
 * wp_can_reuse_anon_folio finds no reference but the writer's (refcount 1, not KSM). Counting
 * mappings is what Linux gave up after the GUP/copy-on-write bugs (CVE-2020-29374).
 */
export const pageReusedSentence: Sentence<'page_reused'> = (e, at) =>
  e.fn === 'wp_page_shared'
    ? `No copy needed: the page at ${at(e.addr)} (pfn ${e.pfn}) belongs to a shared mapping, whose writes go to the page itself, so wp_page_shared just made its PTE writable.`
    : `No copy needed: the page at ${at(e.addr)} (pfn ${e.pfn}) is exclusive to this process (PageAnonExclusive), or wp_can_reuse_anon_folio found no reference to it but this one, so wp_page_reuse made it writable in place. The kernel counts references, not mappings.`;

/** wp_page_copy: allocate a private copy and point the PTE at it. */
function wpPageCopy(
  tx: Tx,
  at: At,
  vi: number,
  page: number,
  pte: number,
  old: Frame | null,
  wpPath: readonly string[],
): FaultOutcome {
  const oldPfn = ptePfn(pte);
  anonVmaPrepare(tx, at.proc, vi);
  const vma = tx.s.procs[at.proc]!.mm.vmas[vi]!;
  // The zero page or a reference page: a fresh zeroed page, or the pattern
  // (docs/reference/refpage-mte.md F3); else a copy.
  const c: AnonContents = old
    ? { data: old.data, method: 'copy', tags: old.tags, cost: 'bytesCopied' }
    : oldPfn === ZERO_PFN
      ? { data: ZERO_DATA, method: 'zero', tags: null, cost: 'bytesZeroed' }
      : newAnonContents(tx, vma);
  const { method } = c;
  const pfn = allocForFault(tx, at.proc, { kind: 'anon', data: c.data, tags: c.tags });
  if (pfn === ALLOC_RETRY) return RETRY;
  if (pfn < 0) return sig('SIGKILL', 'SI_KERNEL');
  account(tx, c.cost);
  countFault(tx, 'cow');
  const path = call(wpPath, 'wp_page_copy');
  emit(tx, {
    kind: 'cow_copied',
    fn: 'wp_page_copy',
    path,
    addr: page,
    from: oldPfn,
    to: pfn,
    method,
    why: cowWhy(oldPfn, old),
    mapcount: old?.mapcount ?? 0,
    refcount: old?.refcount ?? 0,
  });
  // Replace the old mapping: the old page loses this mapcount and reference.
  if (old) {
    const c = mmCounter(old);
    if (c) addRss(tx, at.proc, c, -1);
    wFrame(tx, oldPfn).mapcount--;
    putPage(tx, oldPfn, 'wp_page_copy');
  }
  setPte(tx, at.proc, page, 0);
  mapPage(tx, at.proc, page, pfn, PTE_WRITE | PTE_DIRTY, false, 'wp_page_copy');
  return DONE;
}

/** Why wp_page_copy copies (do_wp_page found no page it may write), from the old page. */
function cowWhy(oldPfn: number, old: Frame | null): CowWhy {
  if (!old) return oldPfn === ZERO_PFN ? 'zero' : 'refpage';
  if (old.kind !== 'anon') return 'file';
  return old.mapcount > 1 ? 'shared' : 'referenced';
}

const COPIED: Record<FillMethod, string> = {
  zero: 'zeroed rather than copied, as the old page was the zero page',
  copy: 'a copy of the old page',
  memset: 'filled with the reference pattern by memset',
  gzva: 'zeroed and tagged with DC GZVA',
};

/** Why the old page could not be written, as a clause: what the engine knew at the fault. */
const WHY: Record<CowWhy, (e: Extract<EngineEvent, { kind: 'cow_copied' }>) => string> = {
  zero: () => 'it is the shared zero page, which is never written',
  refpage: (e) =>
    `it is the reference page (pfn ${e.from}), which every reader shares and nobody writes`,
  file: (e) =>
    `it is a page of the file (pfn ${e.from}), and a private mapping never writes the file`,
  shared: (e) =>
    `pfn ${e.from} is shared: fork left it mapped read-only in ${e.mapcount} processes (mapcount ${e.mapcount}), and a write must not change it under the others`,
  referenced: (e) =>
    `pfn ${e.from} is mapped only here, but something else holds a reference to it (refcount ${e.refcount}), so wp_can_reuse_anon_folio may not hand it over`,
};

/** A `cow_copied` event: the write could not go to the page it found, so the fault made a new one. */
export const cowCopiedSentence: Sentence<'cow_copied'> = (e, at) =>
  e.why === 'file' && e.fn === 'copy_user_highpage'
    ? `Copy-on-write from the file: a write to ${at(e.addr)} in a private mapping, whose page is not mapped yet. do_cow_fault copied the file's page (pfn ${e.from}) into a new page, pfn ${e.to}; the file keeps its own.`
    : `Copy-on-write: the write could not reuse the page at ${at(e.addr)}: ${WHY[e.why](e)}. wp_page_copy gave the writer a new page, pfn ${e.to}, ${COPIED[e.method]}.`;
