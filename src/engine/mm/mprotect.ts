/**
 * mprotect(2) (mm/mprotect.c do_mprotect_pkey, mprotect_fixup, change_protection).
 * Faultline keeps PTEs as they are when write permission is added, except where the kernel's
 * can_change_pte_writable() would make them writable at once (an exclusive anonymous page, a shared
 * mapping); other pages take a write fault later, as they do in the kernel.
 */
import { PROT } from '../../uapi';
import {
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
  VM_EXEC,
  VM_READ,
  VM_SHARED,
  VM_WRITE,
  ptePfn,
} from '../state';
import { emit, wVma, type Tx } from '../tx';
import { fail, ok, type SysResult } from '../syscall';
import { geometry, ptForEach } from './pgtable';
import { frameAt } from './page_alloc';
import { setPte } from './rmap';
import { findVma, mergeAround, splitRange } from './vma';
import { calcVmProtBits } from './mmap';
import { mprotectMte } from './mprotect_mte';
import { vmClear, vmSet } from './vm_flags';

const PROT_GROWSDOWN = 0x01000000;
const PROT_GROWSUP = 0x02000000;

export function sysMprotect(tx: Tx, start: number, length: number, prot: number): SysResult {
  const m = tx.s.machine;
  const ps = m.pageSize;
  const proc = tx.proc;
  if (prot & PROT_GROWSDOWN && prot & PROT_GROWSUP) return fail('EINVAL');
  if (start % ps !== 0) return fail('EINVAL');
  if (length === 0) return ok(0);
  const len = Math.ceil(length / ps) * ps;
  const end = start + len;
  if (end <= start) return fail('ENOMEM');
  // arch_validate_prot: only the bits this architecture knows.
  const PROT_SEM = 0x8;
  const PROT_BTI = 0x10;
  const PROT_MTE = 0x20;
  let known = PROT.PROT_READ | PROT.PROT_WRITE | PROT.PROT_EXEC | PROT_SEM;
  if (m.arch === 'arm64') known |= PROT_BTI | (m.mte ? PROT_MTE : 0);
  const p = prot & ~(PROT_GROWSDOWN | PROT_GROWSUP);
  if (p & ~known) return fail('EINVAL');
  let mm = tx.s.procs[proc]!.mm;
  const first = findVma(mm, start);
  if (first < 0) return fail('ENOMEM');
  const g = geometry(m);
  let at = start;
  while (at < end) {
    mm = tx.s.procs[proc]!.mm;
    const i = findVma(mm, at);
    if (i < 0) return fail('ENOMEM');
    const v = mm.vmas[i]!;
    // Arithmetic, not `|`: the flags hold bits past 31 (VM_MTE) that `|` would drop.
    const newflags = vmSet(vmClear(v.flags, VM_READ | VM_WRITE | VM_EXEC), calcVmProtBits(p));
    // A permission without its VM_MAY* twin (a read-only fd's mapping made writable) is EACCES.
    if (!mayAllows(newflags)) return fail('EACCES');
    const mte = mprotectMte(tx, v, p, newflags);
    if (typeof mte === 'string') return fail(mte);
    const pieceEnd = Math.min(end, v.end);
    splitRange(tx, proc, at, pieceEnd, ps);
    const j = findVma(tx.s.procs[proc]!.mm, at);
    const w = wVma(tx, proc, j);
    const oldflags = w.flags;
    w.flags = mte;
    emit(tx, {
      kind: 'vma_changed',
      fn: 'mprotect_fixup',
      path: ['do_mprotect_pkey', 'mprotect_fixup'],
      change: 'updated',
      start: at,
      end: pieceEnd,
    });
    changeProtection(tx, proc, at, pieceEnd, oldflags, mte, g);
    at = pieceEnd;
  }
  mergeAround(tx, proc, start, end, ps);
  return ok(0);
}

function mayAllows(flags: number): boolean {
  const want = flags & (VM_READ | VM_WRITE | VM_EXEC);
  const may = Math.floor(flags / 16) & (VM_READ | VM_WRITE | VM_EXEC);
  return (want & ~may) === 0;
}

/** change_protection: write-protect PTEs when VM_WRITE goes; make some writable when it comes. */
function changeProtection(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  oldf: number,
  newf: number,
  g: ReturnType<typeof geometry>,
): void {
  const lostWrite = oldf & VM_WRITE && !(newf & VM_WRITE);
  const gotWrite = !(oldf & VM_WRITE) && newf & VM_WRITE;
  if (!lostWrite && !gotWrite) return;
  const updates: [number, number][] = [];
  ptForEach(g, tx.s.procs[proc]!.mm.pgd, start, end, (a, pte) => {
    if (!(pte & PTE_PRESENT)) return;
    if (lostWrite && pte & PTE_WRITE) updates.push([a, pte & ~PTE_WRITE]);
    // A page write-protected by userfaultfd stays so (can_change_pte_writable).
    if (gotWrite && !(pte & (PTE_SPECIAL | PTE_UFFD_WP))) {
      const f = frameAt(tx.s.frames, ptePfn(pte));
      const exclusiveAnon = f && f.kind === 'anon' && f.mapcount === 1 && f.refcount === 1;
      if (newf & VM_SHARED || exclusiveAnon) updates.push([a, pte | PTE_WRITE]);
    }
  });
  for (const [a, pte] of updates) setPte(tx, proc, a, pte);
}
