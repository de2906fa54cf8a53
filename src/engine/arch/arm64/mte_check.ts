/**
 * MTE tag checks and the tag side of memory accesses (arch/arm64/mm/fault.c do_tag_check_fault,
 * arch/arm64/kernel/mte.c mte_sync_tags / mte_check_tfsr, arch/arm64/lib/mte.S).
 * Rules: docs/reference/refpage-mte.md B.1-B.4.
 *
 * - An access through a PROT_MTE mapping compares the pointer's logical tag with each granule's
 *   allocation tag (T1, C3b). SYNC (and ASYMM reads) stop at the first mismatching granule with
 *   SIGSEGV/SEGV_MTESERR, the access not done from there (C3, C5); ASYNC (and ASYMM writes) let
 *   the access complete and report SEGV_MTEAERR when it ends (C4, format 4); NONE ignores (C2).
 * - Tag instructions are never checked (T4a); through a mapping without PROT_MTE, STG is
 *   ignored and LDG reads 0 (T4b).
 * - Kernel accesses to user memory (uaccess) are checked in SYNC mode only and fail with EFAULT,
 *   never a signal (K1-K3).
 *
 * faultline simplifies: checks happen per granule in address order, as a C byte loop meets them;
 * the fault address (si_addr) is not part of a record.
 */
import type { EngineEvent } from '../../events';
import { PTE_PRESENT, ptePfn } from '../../state';
import type { Vma } from '../../state';
import { countFault, emit, type Tx } from '../../tx';
import { frameAt, wFrame } from '../../mm/page_alloc';
import { writeBytes } from '../../mm/pagedata';
import { getPte } from '../../mm/rmap';
import { findVma } from '../../mm/vma';
import type { At } from '../../mm/fault';
import type { AccessOp } from '../../kernel/sched/types';
import { threadTcfMode, type TcfMode } from './mte_mode';
import { MTE_GRANULE, frameTag, setFrameTags, vmaTagged } from './mte_tags';
import { hexDigit, type Sentence } from '../../sentence';

const SYNC_PATH = ['el0_da', 'do_mem_abort', 'do_tag_check_fault'];
/** do_tag_check_fault → do_bad_area: a user access gets the signal (arch/arm64/mm/fault.c). */
const SYNC_SIGNAL = [...SYNC_PATH, 'do_bad_area', 'arm64_force_sig_fault', 'force_sig_fault'];

function vmaAt(tx: Tx, proc: string, addr: number): Vma | null {
  const mm = tx.s.procs[proc]!.mm;
  const i = findVma(mm, addr);
  return i < 0 ? null : mm.vmas[i]!;
}

/** Whether a mismatch by this access is reported synchronously in this mode. */
function isSync(mode: TcfMode, write: boolean): boolean {
  return mode === 'sync' || (mode === 'asymm' && !write);
}

export interface TagCheck {
  /** Bytes before the first mismatching granule (all of them when none fails synchronously). */
  okBytes: number;
  fault: 'sync' | 'async' | null;
}

/**
 * The tag check of [addr, addr+n) (within one page, frame `pfn`) against `ptrTag`, for the
 * thread `at`. A synchronous failure has emitted its signal; the caller stops the access there.
 */
export function mteCheckAccess(
  tx: Tx,
  at: At,
  pfn: number,
  addr: number,
  n: number,
  ptrTag: number,
  write: boolean,
): TagCheck {
  const s = tx.s;
  if (!s.machine.mte) return { okBytes: n, fault: null };
  const vma = vmaAt(tx, at.proc, addr);
  if (!vma || !vmaTagged(vma)) return { okBytes: n, fault: null };
  const mode = threadTcfMode(s, at.proc, at.thread);
  if (mode === 'none') return { okBytes: n, fault: null };
  const f = frameAt(s.frames, pfn);
  const off = addr % s.machine.pageSize;
  for (let b = off; b < off + n;) {
    const g = Math.floor(b / MTE_GRANULE);
    const memTag = frameTag(f, g);
    const at0 = addr - off + b;
    if (memTag !== ptrTag) {
      if (isSync(mode, write)) {
        countFault(tx, 'tag_check_sync');
        emit(tx, {
          kind: 'tag_check',
          fn: 'do_tag_check_fault',
          path: SYNC_PATH,
          addr: at0,
          ptrTag,
          memTag,
          ok: false,
          mode,
        });
        emit(tx, {
          kind: 'signal',
          fn: 'do_tag_check_fault',
          path: SYNC_SIGNAL,
          signal: 'SIGSEGV',
          si_code: 'SEGV_MTESERR',
          addr: at0,
        });
        return { okBytes: b - off, fault: 'sync' };
      }
      // The CPU sets TFSRE0_EL1.TF0 and goes on; the kernel notices at its next entry.
      countFault(tx, 'tag_check_async');
      emit(tx, {
        kind: 'tag_check',
        fn: 'TFSRE0_EL1.TF0',
        addr: at0,
        ptrTag,
        memTag,
        ok: false,
        mode,
      });
      return { okBytes: n, fault: 'async' };
    }
    b = (g + 1) * MTE_GRANULE;
  }
  emit(tx, { kind: 'tag_check', fn: 'tag check', addr, ptrTag, memTag: ptrTag, ok: true, mode });
  return { okBytes: n, fault: null };
}

/** A `tag_check` event: the CPU compared a pointer's tag with its granule's (or the kernel saw it fail). */
export const tagCheckSentence: Sentence<'tag_check'> = (e, at) => {
  const head = `MTE tag check (${e.mode}) at ${at(e.addr)}: pointer tag ${hexDigit(e.ptrTag)}, memory tag ${hexDigit(e.memTag)}`;
  if (e.ok) return `${head}: they match.`;
  return e.fn === 'TFSRE0_EL1.TF0'
    ? `${head}: mismatch. The access completes; the CPU only records the mismatch in TFSRE0_EL1.TF0, for the kernel to find at its next entry.`
    : `${head}: mismatch. The access does not happen: the CPU raises a synchronous tag check fault (do_tag_check_fault).`;
};

/**
 * The asynchronous fault, reported at the next kernel entry (C4): kernel_entry's
 * check_mte_async_tcf finds TFSRE0_EL1.TF0 set and only sets TIF_MTE_ASYNC_FAULT; the signal,
 * SIGSEGV/SEGV_MTEAERR with si_addr 0, is sent on the way back to user space (6.18:
 * arch_exit_to_user_mode_work, arch/arm64/include/asm/entry-common.h).
 */
export function mteAsyncSignal(tx: Tx, at: At): { signal: string; si_code: string } {
  void at;
  emit(tx, {
    kind: 'note',
    fn: 'check_mte_async_tcf',
    path: ['kernel_entry', 'check_mte_async_tcf'],
    text: 'TFSRE0_EL1.TF0 is set: TIF_MTE_ASYNC_FAULT marks the signal for the way back to user space',
  });
  emit(tx, {
    kind: 'signal',
    fn: 'arch_exit_to_user_mode_work',
    path: [
      'arm64_exit_to_user_mode',
      'exit_to_user_mode_prepare',
      'exit_to_user_mode_loop',
      'arch_exit_to_user_mode_work',
      'send_sig_fault',
    ],
    signal: 'SIGSEGV',
    si_code: 'SEGV_MTEAERR',
    addr: 0,
  });
  return { signal: 'SIGSEGV', si_code: 'SEGV_MTEAERR' };
}

/**
 * Tag instructions over one page's chunk [addr, addr+n) of frame `pfn`: `settag` stores the tag
 * (and zeroes the data for STZG/STZ2G/DC GZVA), `ldg` returns one hex digit per granule.
 */
export function mteTagChunk(
  tx: Tx,
  at: At,
  op: AccessOp,
  pfn: number,
  addr: number,
  n: number,
): string {
  const ps = tx.s.machine.pageSize;
  const vma = vmaAt(tx, at.proc, addr);
  const tagged = vma !== null && vmaTagged(vma) && tx.s.machine.mte;
  const off = addr % ps;
  const g0 = Math.floor(off / MTE_GRANULE);
  const count = Math.ceil(n / MTE_GRANULE);
  if (op.op === 'ldg') {
    const f = frameAt(tx.s.frames, pfn);
    let v = '';
    for (let g = g0; g < g0 + count; g++) v += tagged ? frameTag(f, g).toString(16) : '0';
    return v;
  }
  const tag = op.tag ?? 0;
  if (tagged) {
    setFrameTags(tx, pfn, g0, count, tag);
    emit(tx, { kind: 'tags_set', fn: op.zero ? 'STZG' : 'STG', addr, length: n, tag, pfn });
  } else {
    emit(tx, {
      kind: 'note',
      fn: 'STG',
      text: 'not a PROT_MTE mapping: the tag store is ignored (T4b)',
      addr,
      pfn,
    });
  }
  if (op.zero) {
    const f = wFrame(tx, pfn);
    f.data = writeBytes(f.data, off, new Array<number>(n).fill(0), ps);
  }
  return '';
}

/** A `tags_set` event: STG/STZG, DC GZVA or a fault set a range's allocation tags. */
export const tagsSetSentence: Sentence<'tags_set'> = (e, at) =>
  `The allocation tags of ${e.length} bytes at ${at(e.addr)} were set to ${hexDigit(e.tag)}.`;

/**
 * The MTE side of a page fault that just completed at `addr`, told as events: a page entering a
 * PROT_MTE mapping gets its tags zeroed with its data (mte_zero_clear_page_tags), cleared
 * (mte_sync_tags), copied with its data (copy_highpage → mte_copy_page_tags), or set by the
 * reference page's DC GZVA path (F4b). The tags themselves are already right: fresh frames have
 * none, and copies carry theirs (mm/memory.ts).
 */
export function mteFaultEvents(tx: Tx, at: At, addr: number, from: number): void {
  if (!tx.s.machine.mte) return;
  const vma = vmaAt(tx, at.proc, addr);
  if (!vma || !vmaTagged(vma)) return;
  const added: EngineEvent[] = tx.events.slice(from);
  for (const ev of added) {
    let method: string | null = null;
    let pfn = -1;
    let src = -1;
    if (ev.kind === 'cow_copied') {
      method = ev.method;
      pfn = ev.to;
      src = ev.from;
    } else if (ev.kind === 'frame_allocated' && ev.fn !== 'do_cow_fault') {
      method = ev.method;
      pfn = ev.pfn;
    } else if (ev.kind === 'pagecache_page' && ev.created) {
      method = 'memset';
      pfn = ev.pfn;
    }
    if (method === null) continue;
    const page =
      ev.kind === 'pagecache_page'
        ? addr - (addr % tx.s.machine.pageSize)
        : (ev as { addr?: number }).addr;
    if (method === 'zero') {
      emit(tx, {
        kind: 'tags_cleared',
        fn: 'mte_zero_clear_page_tags',
        path: [
          'vma_alloc_zeroed_movable_folio',
          'post_alloc_hook',
          'tag_clear_highpages',
          'mte_zero_clear_page_tags',
        ],
        pfn,
        addr: page,
      });
    } else if (method === 'memset') {
      emit(tx, {
        kind: 'tags_cleared',
        fn: 'mte_sync_tags',
        path: ['set_pte_at', 'mte_sync_tags', 'mte_clear_page_tags'],
        pfn,
        addr: page,
      });
    } else if (method === 'gzva') {
      const f = frameAt(tx.s.frames, pfn);
      emit(tx, {
        kind: 'tags_set',
        fn: 'mte_zero_set_page_tags',
        path: ['arch_copy_refpage', 'tag_set_highpage', 'mte_zero_set_page_tags'],
        addr: page ?? 0,
        length: tx.s.machine.pageSize,
        tag: frameTag(f, 0),
        pfn,
      });
    } else {
      emit(tx, {
        kind: 'tags_copied',
        fn: 'mte_copy_page_tags',
        path: ['copy_user_highpage', 'copy_highpage', 'mte_copy_page_tags'],
        from: src,
        to: pfn,
        addr: page,
      });
    }
  }
}

/** A `tags_cleared` event: a fresh page entering a PROT_MTE mapping starts with every tag 0. */
export const tagsClearedSentence: Sentence<'tags_cleared'> = (e) =>
  `The allocation tags of pfn ${e.pfn} were cleared to 0.`;

/** A `tags_copied` event: copy-on-write (or a reference page copy) carries the tags along. */
export const tagsCopiedSentence: Sentence<'tags_copied'> = (e) =>
  `The tags of pfn ${e.from} were copied to pfn ${e.to} along with its data.`;

/**
 * A kernel access to user memory (copy_from_user / copy_to_user) through `ptr` for `len` bytes,
 * on behalf of thread `at`: 'EFAULT' when it fails, else null.
 * - A pointer with a non-zero top byte passes access_ok() only with PR_TAGGED_ADDR_ENABLE.
 * - In SYNC mode (and ASYMM for reads) a tag mismatch in a PROT_MTE mapping makes the copy fail:
 *   EFAULT, no signal (K2). In ASYNC and NONE mode the kernel does not check (K1).
 * Pages not present are not faulted in here: the caller's own copy does that.
 */
export function mteUaccessFault(
  tx: Tx,
  at: At,
  ptr: { addr: number; tag: number; top: number },
  len: number,
  write: boolean,
): 'EFAULT' | null {
  const s = tx.s;
  if (s.machine.arch !== 'arm64') return null;
  const t = s.procs[at.proc]!.threads[at.thread]!;
  if (ptr.top !== 0 && !t.mte.tagged) return 'EFAULT';
  if (!s.machine.mte) return null;
  const mode = threadTcfMode(s, at.proc, at.thread);
  if (!isSync(mode, write)) return null;
  const ps = s.machine.pageSize;
  for (let a = ptr.addr - (ptr.addr % MTE_GRANULE); a < ptr.addr + len; a += MTE_GRANULE) {
    const vma = vmaAt(tx, at.proc, a);
    if (!vma || !vmaTagged(vma)) continue;
    const pte = getPte(s, at.proc, a - (a % ps));
    const f = pte & PTE_PRESENT ? frameAt(s.frames, ptePfn(pte)) : null;
    const memTag = frameTag(f, Math.floor((a % ps) / MTE_GRANULE));
    if (memTag !== ptr.tag) {
      emit(tx, {
        kind: 'tag_check',
        fn: 'do_tag_check_fault',
        path: [
          'copy_from_user',
          'do_mem_abort',
          'do_tag_check_fault',
          'do_bad_area',
          '__do_kernel_fault',
          'fixup_exception',
        ],
        addr: a,
        ptrTag: ptr.tag,
        memTag,
        ok: false,
        mode,
      });
      return 'EFAULT';
    }
  }
  return null;
}
