/**
 * mmap(2) and munmap(2) (mm/mmap.c do_mmap, mm/vma.c do_vmi_munmap), in the kernel's order of
 * checks, so that the first failing check decides the errno.
 */
import { MAP, PROT } from '../../uapi';
import type { Vma, VmaBacking } from '../state';
import {
  VM_DROPPABLE,
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
import { emit, type Tx } from '../tx';
import { fail, ok, okAddr, type SysResult } from '../syscall';
import { fget, fileIdOf, fileOps, newFile } from '../kernel/files';
import { createInode } from './shmem';
import { insertVma, mergeAround } from './vma';
import {
  MMAP_MIN_ADDR,
  pmdSize,
  rangeFree,
  taskSize,
  thpUnmappedArea,
  unmappedAreaTopdown,
} from './layout';
import { populateRange } from './gup';
import { unmapVmas } from './unmap';
import { mmapMteCheck } from './mmap_mte';
import { VM_WIPEONFORK } from '../kernel/fork';
import { kernelHas } from '../kernel/version';

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
    // round_hint_to_min: do_mmap rounds a hint DOWN to its page before get_unmapped_area tries
    // it (corpus/mm/mmap-hint-rounds-down).
    const hint = Math.floor(a.addr / ps) * ps;
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
    // A file without an mmap method (a userfaultfd) cannot be mapped.
    const mapped = fileOps(tx, file).mmap?.();
    if (!mapped) return fail('ENODEV');
    backing = mapped;
  } else {
    // Anonymous memory knows MAP_SHARED and MAP_PRIVATE only: MAP_SHARED_VALIDATE is EINVAL
    // (checked on Linux 6.18).
    if (type === MAP.MAP_SHARED) {
      flags |= VM_SHARED | VM_MAYSHARE;
      pgoff = 0;
      backing = { kind: 'shmem', inode: -1 };
    } else if (type === MAP.MAP_DROPPABLE && kernelHas(m, 'mapDroppable')) {
      // do_mmap's MAP_DROPPABLE (6.11; docs/kernel-versions.md row 16): private anonymous memory
      // the kernel may drop under pressure (faultline has no reclaim), so never reserved, and
      // neither copied at fork nor dumped. A file mapping, or an older kernel, is EINVAL.
      if (a.flags & (MAP.MAP_LOCKED | MAP.MAP_HUGETLB | MAP.MAP_GROWSDOWN)) return fail('EINVAL');
      flags |= VM_DROPPABLE | VM_NORESERVE | VM_WIPEONFORK;
      pgoff = addr / ps;
      backing = { kind: 'anon' };
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

export function sysMunmap(tx: Tx, addr: number, length: number): SysResult {
  const m = tx.s.machine;
  const ps = m.pageSize;
  if (addr % ps !== 0 || addr > taskSize(m) || length > taskSize(m) - addr) return fail('EINVAL');
  const len = Math.ceil(length / ps) * ps;
  if (len === 0) return fail('EINVAL');
  unmapVmas(tx, tx.proc, addr, addr + len, 'do_vmi_munmap');
  return ok(0);
}
