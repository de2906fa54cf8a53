/**
 * User-mode loads and stores: the CPU walks the page table; where the PTE does not allow the access
 * it takes a page fault and retries. An access spans pages in address order, byte by byte as a C
 * loop would, so a fault in the middle leaves the bytes before it done.
 *
 * arm64 MTE (docs/reference/refpage-mte.md B.1, B.3): in a PROT_MTE mapping each granule an access
 * touches is checked against the pointer's logical tag (arch/arm64/mm/fault.c do_tag_check_fault).
 * The MTE tag instructions (STG and friends, LDG) walk memory the same way, so they fault, block on
 * a userfaultfd and resume exactly as stores and loads do.
 */
import type { PageData } from './state';
import { PTE_PRESENT, PTE_WRITE, VM_EXEC, VM_READ, VM_WRITE, ptePfn } from './state';
import { wStats, type Tx } from './tx';
import { wFrame } from './mm/page_alloc';
import { doUserAddrFault } from './mm/memory';
import { frameAt } from './mm/page_alloc';
import { fillData, hex2, minimalUnit, readByte, writeBytes } from './mm/pagedata';
import { getPte } from './mm/rmap';
import { findVma } from './mm/vma';
import type { At } from './mm/fault';
import type { AccessOp } from './kernel/sched/types';
import { sleepOn } from './kernel/sched/wait';
import {
  mteCheckAccess,
  mteAsyncSignal,
  mteFaultEvents,
  mteTagChunk,
} from './arch/arm64/mte_check';

export interface AccessFields {
  value?: string;
  signal?: string;
  si_code?: string;
  blocked?: boolean;
}

function vmaAllows(tx: Tx, at: At, addr: number, write: boolean): boolean {
  const mm = tx.s.procs[at.proc]!.mm;
  const i = findVma(mm, addr);
  if (i < 0) return false;
  const f = mm.vmas[i]!.flags;
  return write ? (f & VM_WRITE) !== 0 : (f & (VM_READ | VM_WRITE | VM_EXEC)) !== 0;
}

/** Runs (or continues) an access until it completes, faults with a signal, or blocks. */
export function runAccess(tx: Tx, at: At, op: AccessOp): AccessFields {
  const ps = tx.s.machine.pageSize;
  const write = op.op === 'store' || op.op === 'settag';
  let { done, value } = op;
  let asyncFault = op.asyncFault ?? false;
  while (done < op.length) {
    const a = op.addr + done;
    const page = a - (a % ps);
    const n = Math.min(op.length - done, page + ps - a);
    let tries = 0;
    let pte: number;
    for (;;) {
      pte = getPte(tx.s, at.proc, page);
      const ok = pte & PTE_PRESENT && (!write || pte & PTE_WRITE) && vmaAllows(tx, at, a, write);
      if (ok) break;
      const evFrom = tx.events.length;
      const r = doUserAddrFault(tx, at, a, write);
      if (r.kind === 'signal') return { signal: r.signal, si_code: r.si_code };
      if (r.kind === 'done') mteFaultEvents(tx, at, a, evFrom);
      if (r.kind === 'blocked') {
        // Woken, the thread retries the access from this byte (kernel/sched/core.ts).
        sleepOn(tx, at.proc, at.thread, tx, {
          kind: 'userfault',
          uffd: r.uffd,
          addr: a,
          write,
          retry: { kind: 'access', op: { ...op, done, value, asyncFault } },
        });
        return { blocked: true };
      }
      if (++tries > 4) throw new Error(`fault at ${a.toString(16)} did not resolve`);
    }
    const pfn = ptePfn(pte);
    const off = a - page;
    if (op.op === 'settag' || op.op === 'ldg') {
      value += mteTagChunk(tx, at, op, pfn, a, n);
      done += n;
      continue;
    }
    // MTE: check the granules first; a synchronous fault stops before the first mismatch. A
    // machine without MTE checks nothing (mteCheckAccess would say so, one object an access).
    const chk = tx.s.machine.mte ? mteCheckAccess(tx, at, pfn, a, n, op.tag ?? 0, write) : null;
    const k = chk?.fault === 'sync' ? chk.okBytes : n;
    if (chk?.fault === 'async') asyncFault = true;
    if (write) {
      if (k > 0) {
        const f = wFrame(tx, pfn);
        f.data = storeChunk(f.data, op, done, off, k, ps);
        wStats(tx).bytesStoredByUser += k;
      }
    } else {
      const d = frameAt(tx.s.frames, pfn)!.data;
      for (let i = 0; i < k; i++) value += hex2(readByte(d, off + i));
    }
    if (chk?.fault === 'sync') return { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' };
    done += n;
  }
  const out: AccessFields = op.op === 'store' || op.op === 'settag' ? {} : { value };
  return asyncFault ? { ...out, ...mteAsyncSignal(tx, at) } : out;
}

/**
 * The page's contents after storing bytes [done, done+k) of the access at `off`. A fill that covers
 * the whole page with its unit in phase replaces the page's pattern outright, so a memset of a
 * gigabyte costs one small object per page rather than a byte array.
 */
function storeChunk(
  d: PageData,
  op: AccessOp,
  done: number,
  off: number,
  k: number,
  ps: number,
): PageData {
  if (op.bytes)
    return writeBytes(
      d,
      off,
      done === 0 && k === op.bytes.length ? op.bytes : op.bytes.slice(done, done + k),
      ps,
    );
  const unit = op.fill!;
  const n = unit.length / 2;
  if (off === 0 && k === ps && ps % n === 0 && done % n === 0) return fillData(minimalUnit(unit));
  const bytes: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = ((done + i) % n) * 2;
    bytes.push(parseInt(unit.slice(j, j + 2), 16));
  }
  return writeBytes(d, off, bytes, ps);
}
