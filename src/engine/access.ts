/**
 * User-mode loads and stores: the CPU walks the page table; where the PTE does not allow the access
 * it takes a page fault and retries. An access spans pages in address order, byte by byte as a C
 * loop would, so a fault in the middle leaves the bytes before it done.
 */
import type { BlockedOn } from './state';
import { PTE_PRESENT, PTE_WRITE, VM_EXEC, VM_READ, VM_WRITE, ptePfn } from './state';
import { wFrame, wStats, wThread, type Tx } from './tx';
import { doUserAddrFault } from './mm/memory';
import { frameAt } from './mm/page_alloc';
import { hex2, readByte, writeBytes } from './mm/pagedata';
import { getPte } from './mm/rmap';
import { findVma } from './mm/vma';
import type { At } from './mm/fault';

/** An access in progress: what a blocked thread resumes. */
export interface AccessOp {
  op: 'load' | 'store';
  addr: number;
  length: number;
  /** store: the bytes to write. */
  bytes?: number[];
  /** Bytes already done. */
  done: number;
  /** load: hex read so far. */
  value: string;
}

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
  const write = op.op === 'store';
  let { done, value } = op;
  while (done < op.length) {
    const a = op.addr + done;
    const page = a - (a % ps);
    const n = Math.min(op.length - done, page + ps - a);
    let tries = 0;
    for (;;) {
      const pte = getPte(tx.s, at.proc, page);
      const ok = pte & PTE_PRESENT && (!write || pte & PTE_WRITE) && vmaAllows(tx, at, a, write);
      if (ok) break;
      const r = doUserAddrFault(tx, at, a, write);
      if (r.kind === 'signal') return { signal: r.signal, si_code: r.si_code };
      if (r.kind === 'blocked') {
        const b: BlockedOn = {
          seq: tx.seq,
          path: tx.path,
          do: tx.do,
          addr: a,
          write,
          uffd: r.uffd,
          resume: { ...op, done, value },
        };
        if (tx.proc !== at.proc || tx.thread !== at.thread) {
          // A resumed access that blocks again keeps the step that first blocked.
          const prev = tx.s.procs[at.proc]!.threads[at.thread]!.blocked;
          if (prev) Object.assign(b, { seq: prev.seq, path: prev.path, do: prev.do });
        }
        wThread(tx, at.proc, at.thread).blocked = b;
        return { blocked: true };
      }
      if (++tries > 4) throw new Error(`fault at ${a.toString(16)} did not resolve`);
    }
    const pfn = ptePfn(getPte(tx.s, at.proc, page));
    const off = a - page;
    if (write) {
      const f = wFrame(tx, pfn);
      f.data = writeBytes(f.data, off, op.bytes!.slice(done, done + n), ps);
      wStats(tx).bytesStoredByUser += n;
    } else {
      const d = frameAt(tx.s.frames, pfn)!.data;
      for (let i = 0; i < n; i++) value += hex2(readByte(d, off + i));
    }
    done += n;
  }
  return write ? {} : { value };
}

/** Continues a blocked thread's access after a wake-up. */
export function resumeAccess(tx: Tx, at: At, b: BlockedOn): AccessFields {
  const op = b.resume as unknown as AccessOp;
  const saved = { seq: tx.seq, path: tx.path, do: tx.do };
  tx.seq = b.seq;
  tx.path = b.path;
  tx.do = b.do;
  try {
    return runAccess(tx, at, op);
  } finally {
    Object.assign(tx, saved);
  }
}
