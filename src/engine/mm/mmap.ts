/**
 * mmap(2) and munmap(2) (mm/mmap.c do_mmap, mm/vma.c do_vmi_munmap), in the kernel's order of
 * checks, so that the first failing check decides the errno.
 */
import { MAP, PROT } from '../../uapi';
import type { Vma, VmaBacking } from '../state';
import {
  PTE_PRESENT,
  VM_EXEC,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_NORESERVE,
  VM_READ,
  VM_SHARED,
  VM_WRITE,
} from '../state';
import { emit, wVmas, type Tx } from '../tx';
import { fail, ok, okAddr, type SysResult } from '../syscall';
import { fget, fileIdOf, fput, newFile } from '../kernel/files';
import { geometry, ptForEach } from './pgtable';
import { setPte, zapPte } from './rmap';
import { createInode } from './shmem';
import { insertVma, mergeAround, splitRange } from './vma';
import {
  MMAP_MIN_ADDR,
  pmdSize,
  rangeFree,
  taskSize,
  thpUnmappedArea,
  unmappedAreaTopdown,
} from './layout';
import { populateRange } from './gup';
import { userfaultfdUnmapPrep } from '../fs/userfaultfd_events';
import { mmapMteCheck } from './mmap_mte';

export interface MmapArgs {
  addr: number;
  length: number;
  prot: number;
  flags: number;
  fd: number;
  offset: number;
}

const MAP_TYPE = 0x0f;
/** The flags MAP_SHARED_VALIDATE knows (LEGACY_MAP_MASK and friends). */
const KNOWN_MAP_FLAGS =
  MAP.MAP_SHARED |
  MAP.MAP_PRIVATE |
  MAP.MAP_FIXED |
  MAP.MAP_ANONYMOUS |
  MAP.MAP_NORESERVE |
  MAP.MAP_POPULATE |
  MAP.MAP_NONBLOCK |
  MAP.MAP_STACK |
  MAP.MAP_HUGETLB |
  MAP.MAP_GROWSDOWN |
  MAP.MAP_DENYWRITE |
  MAP.MAP_EXECUTABLE |
  MAP.MAP_LOCKED |
  MAP.MAP_FIXED_NOREPLACE |
  MAP.MAP_SYNC |
  MAP.MAP_UNINITIALIZED |
  0x40 |
  (0x3f << 26);

/** calc_vm_prot_bits: unknown prot bits are ignored by mmap (mprotect is stricter). */
export function calcVmProtBits(prot: number): number {
  return (
    (prot & PROT.PROT_READ ? VM_READ : 0) |
    (prot & PROT.PROT_WRITE ? VM_WRITE : 0) |
    (prot & PROT.PROT_EXEC ? VM_EXEC : 0)
  );
}

export function sysMmap(tx: Tx, a: MmapArgs): SysResult {
  const m = tx.s.machine;
  const ps = m.pageSize;
  const proc = tx.proc;
  const anon = (a.flags & MAP.MAP_ANONYMOUS) !== 0;
  // ksys_mmap_pgoff / the arch's sys_mmap: offset alignment, then the fd.
  if (a.offset % ps !== 0 || a.offset < 0) return fail('EINVAL');
  let fileId: number | null = null;
  if (!anon) {
    fileId = fileIdOf(tx, proc, a.fd);
    if (fileId === null) return fail('EBADF');
    if (a.flags & MAP.MAP_HUGETLB) return fail('EINVAL');
  }
  // do_mmap
  if (a.length === 0) return fail('EINVAL');
  const len = Math.ceil(a.length / ps) * ps;
  if (!Number.isFinite(len) || len >= 2 ** 64) return fail('ENOMEM');
  const fixed = (a.flags & (MAP.MAP_FIXED | MAP.MAP_FIXED_NOREPLACE)) !== 0;
  const mm = tx.s.procs[proc]!.mm;
  // __get_unmapped_area
  if (len > taskSize(m)) return fail('ENOMEM');
  let addr: number;
  if (fixed) {
    addr = a.addr;
  } else {
    const hint = Math.ceil(a.addr / ps) * ps;
    if (hint && hint >= MMAP_MIN_ADDR && hint + len <= mm.mmapBase && rangeFree(mm, hint, len))
      addr = hint;
    else {
      // __get_unmapped_area: a private anonymous mapping without a hint whose length is a multiple
      // of PMD_SIZE is placed PMD-aligned (thp_get_unmapped_area), THP enabled or not.
      const pmd = pmdSize(m);
      const privateAnon = anon && (a.flags & MAP_TYPE) === MAP.MAP_PRIVATE;
      addr = privateAnon && !a.addr && len % pmd === 0 ? thpUnmappedArea(mm, len, pmd) : -1;
      if (addr < 0) addr = unmappedAreaTopdown(mm, len);
      if (addr < 0) return fail('ENOMEM');
    }
  }
  if (addr > taskSize(m) - len) return fail('ENOMEM');
  if (addr % ps !== 0) return fail('EINVAL');
  if (a.flags & MAP.MAP_FIXED_NOREPLACE && !(a.flags & MAP.MAP_FIXED) && !rangeFree(mm, addr, len))
    return fail('EEXIST');

  let flags = calcVmProtBits(a.prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
  if (a.flags & MAP.MAP_NORESERVE) flags |= VM_NORESERVE;
  const type = a.flags & MAP_TYPE;
  let backing: VmaBacking;
  let pgoff = a.offset / ps;
  if (fileId !== null) {
    const file = tx.s.files[fileId]!;
    if (type === MAP.MAP_SHARED_VALIDATE && a.flags & ~KNOWN_MAP_FLAGS) return fail('EOPNOTSUPP');
    if (type !== MAP.MAP_SHARED && type !== MAP.MAP_SHARED_VALIDATE && type !== MAP.MAP_PRIVATE)
      return fail('EINVAL');
    const canWrite = file.kind === 'memfd' && file.writable;
    if (type !== MAP.MAP_PRIVATE) {
      if (a.prot & PROT.PROT_WRITE && !canWrite) return fail('EACCES');
      flags |= VM_SHARED | VM_MAYSHARE;
      // An fd opened without write access gives a mapping that can never become writable
      // (docs/reference/refpage-mte.md A18).
      if (!canWrite) flags &= ~(VM_MAYWRITE | VM_SHARED);
    }
    if (file.kind === 'userfaultfd') return fail('ENODEV');
    backing =
      file.kind === 'memfd'
        ? { kind: 'shmem', inode: file.inode }
        : { kind: 'refpage', refpage: file.refpage };
  } else {
    // Anonymous memory knows MAP_SHARED and MAP_PRIVATE only: MAP_SHARED_VALIDATE is EINVAL
    // (checked on Linux 6.18).
    if (type === MAP.MAP_SHARED) {
      flags |= VM_SHARED | VM_MAYSHARE;
      pgoff = 0;
      backing = { kind: 'shmem', inode: -1 };
    } else if (type === MAP.MAP_PRIVATE) {
      pgoff = addr / ps;
      backing = { kind: 'anon' };
    } else return fail('EINVAL');
  }
  const mte = mmapMteCheck(tx, a.prot, backing, flags);
  if (typeof mte === 'string') return fail(mte);
  flags = mte;
  // mmap_region: the overcommit heuristic (OVERCOMMIT_GUESS) refuses one request larger than RAM.
  const accountable = (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) === VM_WRITE;
  const sharedAnon = backing.kind === 'shmem' && backing.inode === -1 && !(flags & VM_NORESERVE);
  if ((accountable || sharedAnon) && len / ps > m.frames) return fail('ENOMEM');

  if (fixed) unmapVmas(tx, proc, addr, addr + len, 'mmap_region');
  if (backing.kind === 'shmem' && backing.inode === -1) {
    // shmem_zero_setup: a MAP_SHARED anonymous mapping is a file of its own on shmem.
    const inode = createInode(tx, 'dev/zero', len);
    backing = { kind: 'shmem', inode };
    fileId = newFile(tx, { kind: 'memfd', inode, refs: 0, name: 'dev/zero', writable: true });
  }
  if (fileId !== null) fget(tx, fileId);
  const vma: Vma = {
    start: addr,
    end: addr + len,
    flags,
    backing,
    pgoff,
    file: fileId,
    anonVma: null,
    uffd: null,
  };
  insertVma(tx, proc, vma);
  emit(tx, {
    kind: 'vma_changed',
    fn: 'mmap_region',
    path: ['do_mmap', 'mmap_region'],
    change: 'created',
    start: addr,
    end: addr + len,
  });
  mergeAround(tx, proc, addr, addr + len, ps);
  if (a.flags & MAP.MAP_POPULATE && !(a.flags & MAP.MAP_NONBLOCK)) {
    const write = (flags & (VM_WRITE | VM_SHARED)) === VM_WRITE;
    populateRange(tx, proc, addr, addr + len, write, true);
  }
  return okAddr(addr);
}

/**
 * Removes every VMA piece inside [start, end): splits at the edges, zaps the PTEs (dropping
 * markers too), and releases the files (do_vmi_align_munmap + unmap_region).
 */
export function unmapVmas(tx: Tx, proc: string, start: number, end: number, fn: string): void {
  const ps = tx.s.machine.pageSize;
  const g = geometry(tx.s.machine);
  if (!tx.s.procs[proc]!.mm.vmas.some((v) => v.start < end && v.end > start)) return;
  userfaultfdUnmapPrep(tx, proc, start, end, fn);
  splitRange(tx, proc, start, end, ps);
  const doomed = tx.s.procs[proc]!.mm.vmas.filter((v) => v.start >= start && v.end <= end);
  for (const v of doomed) {
    const addrs: [number, number][] = [];
    ptForEach(g, tx.s.procs[proc]!.mm.pgd, v.start, v.end, (a, pte) => addrs.push([a, pte]));
    for (const [a, pte] of addrs) {
      if (pte & PTE_PRESENT) zapPte(tx, proc, a, 'zap_pte_range');
      else setPte(tx, proc, a, 0);
    }
  }
  const vmas = wVmas(tx, proc);
  for (let i = vmas.length - 1; i >= 0; i--) {
    const v = vmas[i]!;
    if (v.start >= start && v.end <= end) {
      vmas.splice(i, 1);
      emit(tx, {
        kind: 'vma_changed',
        fn: 'remove_vma',
        path: [fn, 'remove_vma'],
        change: 'removed',
        start: v.start,
        end: v.end,
      });
      if (v.file !== null) fput(tx, v.file);
    }
  }
}

export function sysMunmap(tx: Tx, addr: number, length: number): SysResult {
  const m = tx.s.machine;
  const ps = m.pageSize;
  if (addr % ps !== 0 || addr > taskSize(m) || length > taskSize(m) - addr) return fail('EINVAL');
  const len = Math.ceil(length / ps) * ps;
  if (len === 0) return fail('EINVAL');
  unmapVmas(tx, tx.proc, addr, addr + len, 'do_vmi_munmap');
  return ok(0);
}
