/**
 * userfaultfd_ioctl (fs/userfaultfd.c): every UFFDIO_* request, with what its struct holds after the
 * call (format section 5, `out`). Linux 6.18's order of checks, each probed there:
 * - any request but UFFDIO_API before the handshake: EINVAL, struct untouched;
 * - COPY, ZEROPAGE, MOVE, CONTINUE, POISON and WRITEPROTECT first check mmap_changing (a
 *   non-cooperative event prepared and not yet read): EAGAIN, with -EAGAIN written to the output
 *   field even when the rest of the struct is invalid (from 6.12; 6.1 and 6.6 leave the struct as
 *   the program preset it: docs/kernel-versions.md row 20);
 * - then validate_range (start and len page-aligned, len not 0, start at or above mmap_min_addr,
 *   the range below TASK_SIZE), the wrap-around of src+len, unknown mode bits: EINVAL with the
 *   output field untouched;
 * - then the operation: its result (bytes done, or the negative errno if none were) is written to
 *   the output field; a partial result wakes the part done and fails with EAGAIN.
 */
import { emit, type Tx } from '../tx';
import type { Fields } from '../fields';
import { ERRNO, formatFlags, UFFDIO_IOCTLS_TABLE, UFFD_FEATURE_TABLE } from '../../uapi';
import { taskSize } from '../mm/layout';
import { mfillAtomic, type MfillArgs, type MfillMode } from '../mm/userfaultfd';
import { movePages, UFFDIO_MOVE_MODE_DONTWAKE } from '../mm/userfaultfd_move';
import { mwriteprotectRange } from '../mm/userfaultfd_wp';
import { uffdCtx, type UffdAt } from './userfaultfd';
import type { FaultRetry } from '../kernel/sched/types';
import { sleepOn } from '../kernel/sched/wait';
import { mmapChanging } from './userfaultfd_events';
import { wakeUserfault } from './userfaultfd_wake';
import { userfaultfdApi, userfaultfdRegister, userfaultfdUnregister } from './userfaultfd_register';
import { hasUffdWp, kernelHas } from '../kernel/version';

/** The request's struct, field by uAPI name (a uffdio_range is start, len); outputs as preset. */
export type IoctlStruct = Record<string, bigint>;

const U64 = (x: bigint) => BigInt.asUintN(64, x);

function negErrno(e: string): number {
  return -(ERRNO as Record<string, number>)[e]!;
}

/**
 * validate_range: page-aligned, non-empty, inside the user address space. Linux 6.18 does not
 * refuse ranges below mmap_min_addr here (checked: UFFDIO_COPY to 0 is ENOENT, not EINVAL;
 * corpus/uffd/copy-below-mmap-min-addr.json).
 */
function validateRange(tx: Tx, start: bigint, len: bigint): boolean {
  const ps = BigInt(tx.s.machine.pageSize);
  const top = BigInt(taskSize(tx.s.machine));
  if (start % ps || len % ps || len === 0n) return false;
  if (start >= top) return false;
  return len <= top - start;
}

function wraps(start: bigint, len: bigint): boolean {
  return U64(start + len) <= start;
}

const OUT_FIELD: Record<string, string> = {
  UFFDIO_COPY: 'copy',
  UFFDIO_ZEROPAGE: 'zeropage',
  UFFDIO_MOVE: 'move',
  UFFDIO_CONTINUE: 'mapped',
  UFFDIO_POISON: 'updated',
};

/** The `out` a request prints: its output fields as the struct holds them. */
function outOf(request: string, a: IoctlStruct): Record<string, number | string> | undefined {
  if (request === 'UFFDIO_API')
    return {
      features: formatFlags(a.features!, UFFD_FEATURE_TABLE),
      ioctls: formatFlags(a.ioctls!, UFFDIO_IOCTLS_TABLE),
    };
  if (request === 'UFFDIO_REGISTER') return { ioctls: formatFlags(a.ioctls!, UFFDIO_IOCTLS_TABLE) };
  const f = OUT_FIELD[request];
  return f ? { [f]: Number(BigInt.asIntN(64, a[f]!)) } : undefined;
}

/** The record of an ioctl: ret, errno, and `out` as the struct holds it. */
export function result(request: string, a: IoctlStruct, err: string | null): Fields {
  const out = outOf(request, a);
  const r: Fields = err ? { ret: -1, errno: err } : { ret: 0, errno: null };
  if (out) r.out = out;
  return r;
}

const MODE_OF: Record<string, MfillMode> = {
  UFFDIO_COPY: 'copy',
  UFFDIO_ZEROPAGE: 'zeropage',
  UFFDIO_CONTINUE: 'continue',
  UFFDIO_POISON: 'poison',
};

/** Runs (or continues) an mfill request and turns its outcome into the ioctl's. */
function runMfill(
  tx: Tx,
  at: UffdAt,
  ctxId: number,
  request: string,
  a: IoctlStruct,
  from: number,
): Fields {
  const mode = MODE_OF[request]!;
  const dst = Number(request === 'UFFDIO_COPY' ? a.dst : a.start);
  const len = Number(a.len);
  // arm64: copy_from_user takes a tagged src (TBI); its MTE tag is checked (arch/arm64/mte_check.ts).
  const srcRaw = a.src ?? 0n;
  const arm = tx.s.machine.arch === 'arm64';
  const src = Number(arm ? srcRaw & 0x00ff_ffff_ffff_ffffn : srcRaw);
  const args: MfillArgs = {
    mode,
    dst,
    src,
    srcTop: arm ? Number(srcRaw >> 56n) : 0,
    len,
    wp: (a.mode! & 2n) !== 0n && (mode === 'copy' || mode === 'continue'),
  };
  const r = mfillAtomic(tx, ctxId, args, { done: from, caller: at });
  if (r.kind === 'blocked') {
    // Woken, the copy goes on from the page it stopped at (resumeIoctl).
    sleepOn(tx, at.proc, at.thread, tx, {
      kind: 'userfault',
      uffd: r.uffd,
      addr: r.addr,
      write: false,
      retry: {
        kind: 'uffdio_copy',
        request,
        ctx: ctxId,
        a: Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.toString()])),
        done: r.done,
      },
    });
    return { blocked: true };
  }
  const ret = r.done > 0 ? r.done : r.err ? negErrno(r.err) : 0;
  a[OUT_FIELD[request]!] = BigInt(ret);
  if (ret < 0) return result(request, a, r.err);
  // UFFDIO_*_MODE_DONTWAKE is bit 0 for every mfill request.
  if (!(a.mode! & 1n)) wakeUserfault(tx, ctxId, dst, r.done, IOCTL_FN[request]!);
  return result(request, a, r.done === len ? null : 'EAGAIN');
}

/**
 * A thread asleep in UFFDIO_COPY's copy_from_user was woken: the copy goes on where it stopped, in
 * the thread's own context (kernel/sched/core.ts).
 */
export function resumeIoctl(tx: Tx, retry: Extract<FaultRetry, { kind: 'uffdio_copy' }>): Fields {
  const a: IoctlStruct = Object.fromEntries(
    Object.entries(retry.a).map(([k, v]) => [k, BigInt(v)]),
  );
  const at: UffdAt = { proc: tx.proc, thread: tx.thread };
  return runMfill(tx, at, retry.ctx, retry.request, a, retry.done);
}

/** The handler userfaultfd_ioctl calls for each request (fs/userfaultfd.c). */
const IOCTL_FN: Record<string, string> = {
  UFFDIO_COPY: 'userfaultfd_copy',
  UFFDIO_ZEROPAGE: 'userfaultfd_zeropage',
  UFFDIO_CONTINUE: 'userfaultfd_continue',
  UFFDIO_POISON: 'userfaultfd_poison',
};

/** userfaultfd_ioctl: `a` holds every field of the request's struct (unset ones 0). */
export function userfaultfdIoctl(tx: Tx, ctxId: number, request: string, a: IoctlStruct): Fields {
  const ctx = uffdCtx(tx.s, ctxId);
  const at: UffdAt = { proc: tx.proc, thread: tx.thread };
  if (request !== 'UFFDIO_API' && !ctx.apiDone) return result(request, a, 'EINVAL');
  emit(tx, {
    kind: 'note',
    fn: 'userfaultfd_ioctl',
    path: ['sys_ioctl', 'vfs_ioctl', 'userfaultfd_ioctl'],
    text: request,
  });
  const mmAlive = tx.s.procs[ctx.proc]?.alive ?? false;
  const changing = () => {
    if (!mmapChanging(tx.s, ctxId)) return false;
    const f = OUT_FIELD[request];
    if (f && kernelHas(tx.s.machine, 'mmapChangingWritesField')) a[f] = BigInt(negErrno('EAGAIN'));
    return true;
  };
  // userfaultfd_ioctl's default case: an ioctl the modelled kernel does not have is EINVAL, its
  // struct untouched (POISON before 6.6, MOVE before 6.8; docs/kernel-versions.md row 6).
  if (
    (request === 'UFFDIO_POISON' && !kernelHas(tx.s.machine, 'uffdPoison')) ||
    (request === 'UFFDIO_MOVE' && !kernelHas(tx.s.machine, 'uffdMove'))
  )
    return result(request, a, 'EINVAL');
  switch (request) {
    case 'UFFDIO_API': {
      const r = userfaultfdApi(tx, ctxId, a.api!, a.features!);
      a.features = r.features;
      a.ioctls = r.ioctls;
      return result(request, a, r.err);
    }
    case 'UFFDIO_REGISTER': {
      if (a.mode === 0n || a.mode! & ~7n) return result(request, a, 'EINVAL');
      // Without CONFIG_HAVE_ARCH_USERFAULTFD_WP (arm64 before 6.10) MODE_WP is EINVAL.
      if (a.mode! & 2n && !hasUffdWp(tx.s.machine)) return result(request, a, 'EINVAL');
      if (!validateRange(tx, a.start!, a.len!)) return result(request, a, 'EINVAL');
      const r = userfaultfdRegister(tx, ctxId, Number(a.start), Number(a.len), a.mode!);
      if (typeof r === 'string') return result(request, a, r);
      a.ioctls = r;
      return result(request, a, null);
    }
    case 'UFFDIO_UNREGISTER': {
      if (!validateRange(tx, a.start!, a.len!)) return result(request, a, 'EINVAL');
      return result(request, a, userfaultfdUnregister(tx, ctxId, Number(a.start), Number(a.len)));
    }
    case 'UFFDIO_WAKE': {
      if (!validateRange(tx, a.start!, a.len!)) return result(request, a, 'EINVAL');
      emit(tx, { kind: 'note', fn: 'userfaultfd_wake', text: 'wake the faults in the range' });
      wakeUserfault(tx, ctxId, Number(a.start), Number(a.len), 'userfaultfd_wake');
      return result(request, a, null);
    }
    case 'UFFDIO_COPY':
    case 'UFFDIO_ZEROPAGE':
    case 'UFFDIO_CONTINUE':
    case 'UFFDIO_POISON': {
      if (changing()) return result(request, a, 'EAGAIN');
      const start = request === 'UFFDIO_COPY' ? a.dst! : a.start!;
      if (!validateRange(tx, start, a.len!)) return result(request, a, 'EINVAL');
      if (request === 'UFFDIO_COPY' && wraps(a.src!, a.len!)) return result(request, a, 'EINVAL');
      if ((request === 'UFFDIO_CONTINUE' || request === 'UFFDIO_POISON') && wraps(start, a.len!))
        return result(request, a, 'EINVAL');
      // CONTINUE knows MODE_WP from 6.4 (docs/kernel-versions.md row 5).
      const continueWp = kernelHas(tx.s.machine, 'continueModeWp');
      const modes =
        request === 'UFFDIO_COPY' || (request === 'UFFDIO_CONTINUE' && continueWp) ? 3n : 1n;
      if (a.mode! & ~modes) return result(request, a, 'EINVAL');
      if (!mmAlive) return result(request, a, 'ESRCH');
      return runMfill(tx, at, ctxId, request, a, 0);
    }
    case 'UFFDIO_MOVE': {
      if (changing()) return result(request, a, 'EAGAIN');
      // No cross-mm moves: only the process the context serves may move its pages.
      if (ctx.proc !== tx.proc) return result(request, a, 'EINVAL');
      if (!validateRange(tx, a.dst!, a.len!) || !validateRange(tx, a.src!, a.len!))
        return result(request, a, 'EINVAL');
      if (wraps(a.src!, a.len!) || wraps(a.dst!, a.len!)) return result(request, a, 'EINVAL');
      if (a.mode! & ~3n) return result(request, a, 'EINVAL');
      if (!mmAlive) return result(request, a, 'ESRCH');
      const r = movePages(tx, ctxId, Number(a.dst), Number(a.src), Number(a.len), Number(a.mode));
      const ret = r.done > 0 ? r.done : r.err ? negErrno(r.err) : 0;
      a.move = BigInt(ret);
      if (ret < 0) return result(request, a, r.err);
      if (!(Number(a.mode) & UFFDIO_MOVE_MODE_DONTWAKE))
        wakeUserfault(tx, ctxId, Number(a.dst), r.done, 'userfaultfd_move');
      return result(request, a, r.done === Number(a.len) ? null : 'EAGAIN');
    }
    case 'UFFDIO_WRITEPROTECT': {
      if (changing()) return result(request, a, 'EAGAIN');
      if (!validateRange(tx, a.start!, a.len!)) return result(request, a, 'EINVAL');
      if (a.mode! & ~3n) return result(request, a, 'EINVAL');
      const wp = (a.mode! & 1n) !== 0n;
      const dontwake = (a.mode! & 2n) !== 0n;
      // DONTWAKE only means something when protection is removed.
      if (wp && dontwake) return result(request, a, 'EINVAL');
      if (!mmAlive) return result(request, a, 'ESRCH');
      const err = mwriteprotectRange(tx, ctxId, Number(a.start), Number(a.len), wp);
      if (err) return result(request, a, err);
      if (!wp && !dontwake)
        wakeUserfault(tx, ctxId, Number(a.start), Number(a.len), 'userfaultfd_writeprotect');
      return result(request, a, null);
    }
    default:
      return result(request, a, 'EINVAL');
  }
}
