/**
 * UFFDIO_API, UFFDIO_REGISTER and UFFDIO_UNREGISTER (fs/userfaultfd.c userfaultfd_api,
 * userfaultfd_register, userfaultfd_unregister), as Linux 6.18 does them (each checked there):
 * - UFFDIO_API writes back every feature the kernel has (all of UFFD_API_FEATURES, whatever was
 *   asked) and UFFD_API_IOCTLS; on EINVAL (api not 0xAA, an unknown feature, a second handshake)
 *   the whole struct is zeroed.
 * - REGISTER accepts MISSING and WP on private anonymous memory, shmem (memfd, MAP_SHARED
 *   anonymous) and private mappings of shmem files, MINOR on shmem only. A range with holes is
 *   fine as long as one VMA is in it; no VMA at all is EINVAL. The `ioctls` written back always
 *   hold WAKE, COPY, ZEROPAGE, MOVE and POISON, WRITEPROTECT with MODE_WP, CONTINUE with
 *   MODE_MINOR. Registering again with the same context replaces the mode unless the VMA already
 *   has every requested mode bit.
 * - UNREGISTER through another context than the one that registered is EINVAL. It wakes the
 *   threads waiting on MISSING faults in the range (not WP or MINOR ones), and clears uffd-wp.
 */
import type { Vma } from '../state';
import { VM_MAYWRITE, VM_UFFD_MINOR, VM_UFFD_MISSING, VM_UFFD_WP } from '../state';
import { emit, wVma, type Tx } from '../tx';
import { vmClear, vmHas, vmSet } from '../mm/vm_flags';
import { findVma, mergeAround, splitRange, vmaIsAnonymous, vmaIsShmem, vmasIn } from '../mm/vma';
import { uffdWpRange } from '../mm/userfaultfd_wp';
import { F, hasFeature, uffdCtx, wUffdCtx } from './userfaultfd';
import { wakeUserfault } from './userfaultfd_wake';
import { UFFD_API, UFFDIO_IOCTL_BITS, UFFD_FEATURE } from '../../uapi';
import type { Machine } from '../../scenario/types';
import { hasUffdWp, kernelHas } from '../kernel/version';
import type { Sentence } from '../sentence';

const UFFD_API_VERSION = BigInt(UFFD_API);
const ALL_FEATURES = Object.values(UFFD_FEATURE).reduce((m, b) => m | BigInt(b), 0n);
const WP_FEATURES =
  F.UFFD_FEATURE_PAGEFAULT_FLAG_WP |
  F.UFFD_FEATURE_WP_HUGETLBFS_SHMEM |
  F.UFFD_FEATURE_WP_UNPOPULATED |
  F.UFFD_FEATURE_WP_ASYNC;

/**
 * UFFD_API_FEATURES of the modelled kernel, less what the architecture lacks (userfaultfd_api's
 * #ifndef CONFIG_HAVE_ARCH_USERFAULTFD_WP / CONFIG_PTE_MARKER_UFFD_WP; docs/kernel-versions.md
 * rows 1-4, 11).
 */
export function apiFeatures(m: Machine): bigint {
  let f = ALL_FEATURES;
  if (!kernelHas(m, 'uffdWpUnpopulated')) f &= ~BigInt(F.UFFD_FEATURE_WP_UNPOPULATED);
  if (!kernelHas(m, 'uffdPoison')) f &= ~BigInt(F.UFFD_FEATURE_POISON);
  if (!kernelHas(m, 'uffdWpAsync')) f &= ~BigInt(F.UFFD_FEATURE_WP_ASYNC);
  if (!kernelHas(m, 'uffdMove')) f &= ~BigInt(F.UFFD_FEATURE_MOVE);
  if (!hasUffdWp(m)) f &= ~BigInt(WP_FEATURES);
  return f;
}

export const UFFD_API_IOCTLS =
  UFFDIO_IOCTL_BITS.UFFDIO_REGISTER |
  UFFDIO_IOCTL_BITS.UFFDIO_UNREGISTER |
  UFFDIO_IOCTL_BITS.UFFDIO_API;
const ALL_RANGE_IOCTLS =
  UFFDIO_IOCTL_BITS.UFFDIO_WAKE |
  UFFDIO_IOCTL_BITS.UFFDIO_COPY |
  UFFDIO_IOCTL_BITS.UFFDIO_ZEROPAGE |
  UFFDIO_IOCTL_BITS.UFFDIO_MOVE |
  UFFDIO_IOCTL_BITS.UFFDIO_WRITEPROTECT |
  UFFDIO_IOCTL_BITS.UFFDIO_CONTINUE |
  UFFDIO_IOCTL_BITS.UFFDIO_POISON;

/** UFFD_API_RANGE_IOCTLS of the modelled kernel: POISON from 6.6, MOVE from 6.8. */
function rangeIoctls(m: Machine): bigint {
  let ioctls = ALL_RANGE_IOCTLS;
  if (!kernelHas(m, 'uffdPoison')) ioctls &= ~UFFDIO_IOCTL_BITS.UFFDIO_POISON;
  if (!kernelHas(m, 'uffdMove')) ioctls &= ~UFFDIO_IOCTL_BITS.UFFDIO_MOVE;
  return ioctls;
}

export const MODE_WP = 2n;
export const MODE_MINOR = 4n;
export const UFFD_FLAGS_ALL = VM_UFFD_MISSING + VM_UFFD_WP + VM_UFFD_MINOR;

/** userfaultfd_api: returns the errno (or null) and what the struct holds afterwards. */
export function userfaultfdApi(
  tx: Tx,
  ctxId: number,
  api: bigint,
  features: bigint,
): { err: string | null; features: bigint; ioctls: bigint } {
  const ctx = uffdCtx(tx.s, ctxId);
  const zeroed = { err: 'EINVAL', features: 0n, ioctls: 0n };
  const supported = apiFeatures(tx.s.machine);
  if (api !== UFFD_API_VERSION || features & ~supported) return zeroed;
  if (ctx.apiDone) return zeroed;
  let enabled = Number(features);
  // UFFD_FEATURE_WP_ASYNC implies UFFD_FEATURE_WP_UNPOPULATED.
  if (enabled & F.UFFD_FEATURE_WP_ASYNC) enabled |= F.UFFD_FEATURE_WP_UNPOPULATED;
  const w = wUffdCtx(tx, ctxId);
  w.apiDone = true;
  w.features = enabled;
  emit(tx, {
    kind: 'uffd_ctx',
    fn: 'userfaultfd_api',
    path: ['userfaultfd_ioctl', 'userfaultfd_api'],
    change: 'enabled',
    uffd: ctxId,
  });
  return { err: null, features: supported, ioctls: UFFD_API_IOCTLS };
}

/**
 * The registration modes as a small mask (UFFDIO_REGISTER_MODE_* bits: MISSING 1, WP 2, MINOR 4),
 * since VM_UFFD_MINOR lies above bit 31 where JavaScript's & and | do not reach.
 */
export function uffdModes(v: Vma): number {
  return (
    (vmHas(v.flags, VM_UFFD_MISSING) ? 1 : 0) |
    (vmHas(v.flags, VM_UFFD_WP) ? 2 : 0) |
    (vmHas(v.flags, VM_UFFD_MINOR) ? 4 : 0)
  );
}

function modesToVmFlags(modes: number): number {
  return (
    (modes & 1 ? VM_UFFD_MISSING : 0) +
    (modes & 2 ? VM_UFFD_WP : 0) +
    (modes & 4 ? VM_UFFD_MINOR : 0)
  );
}

/** vma_can_userfault (modes as uffdModes gives them) */
export function vmaCanUserfault(v: Vma, modes: number, wpAsync: boolean): boolean {
  if (modes & 4 && !vmaIsShmem(v)) return false;
  // With UFFD_FEATURE_WP_ASYNC, WP alone may be registered on any memory.
  if (wpAsync && modes === 2) return true;
  return vmaIsAnonymous(v) || vmaIsShmem(v);
}

/** Sets the uffd mode and context on [start, end) of the VMA at `start` (split first). */
function setUffd(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  modes: number,
  ctx: number | null,
): void {
  splitRange(tx, proc, start, end, tx.s.machine.pageSize);
  const i = findVma(tx.s.procs[proc]!.mm, start);
  const w = wVma(tx, proc, i);
  w.flags = vmSet(vmClear(w.flags, UFFD_FLAGS_ALL), modesToVmFlags(modes));
  w.uffd = ctx;
}

/** userfaultfd_register on a validated range: returns the errno, or the `ioctls` to write back. */
export function userfaultfdRegister(
  tx: Tx,
  ctxId: number,
  start: number,
  len: number,
  mode: bigint,
): string | bigint {
  const ctx = uffdCtx(tx.s, ctxId);
  const modes = Number(mode & 7n);
  const proc = ctx.proc;
  const p = tx.s.procs[proc];
  if (!p || !p.alive) return 'ENOMEM';
  const end = start + len;
  const idx = vmasIn(p.mm, start, end);
  if (idx.length === 0) return 'EINVAL';
  const wpAsync = hasFeature(ctx, F.UFFD_FEATURE_WP_ASYNC);
  for (const i of idx) {
    const v = p.mm.vmas[i]!;
    if (!vmaCanUserfault(v, modes, wpAsync)) return 'EINVAL';
    if (!(v.flags & VM_MAYWRITE)) return 'EPERM';
    if (v.uffd !== null && v.uffd !== ctxId) return 'EBUSY';
  }
  const pieces = idx
    .map((i) => p.mm.vmas[i]!)
    .map((v) => ({ s: Math.max(start, v.start), e: Math.min(end, v.end), v }));
  for (const { s, e, v } of pieces) {
    // Nothing to do: already registered with this context and every requested mode.
    if (v.uffd === ctxId && (uffdModes(v) & modes) === modes) continue;
    setUffd(tx, proc, s, e, modes, ctxId);
  }
  mergeAround(tx, proc, start, end, tx.s.machine.pageSize);
  emit(tx, {
    kind: 'uffd_range',
    fn: 'userfaultfd_register',
    path: ['userfaultfd_ioctl', 'userfaultfd_register'],
    change: 'registered',
    uffd: ctxId,
    start,
    end,
    mode: Number(mode),
  });
  let ioctls = rangeIoctls(tx.s.machine);
  if (!(mode & MODE_WP)) ioctls &= ~UFFDIO_IOCTL_BITS.UFFDIO_WRITEPROTECT;
  if (!(mode & MODE_MINOR)) ioctls &= ~UFFDIO_IOCTL_BITS.UFFDIO_CONTINUE;
  return ioctls;
}

/** A `uffd_range` event: UFFDIO_REGISTER or UFFDIO_UNREGISTER over a range of VMAs. */
export const uffdRangeSentence: Sentence<'uffd_range'> = (e, at) =>
  `[${at(e.start)}, ${at(e.end)}) was ${e.change} ${e.change === 'registered' ? 'with' : 'from'} the userfaultfd: ${e.change === 'registered' ? 'faults there now go to its handler' : 'faults there are handled by the kernel again'}.`;

/** userfaultfd_unregister on a validated range: returns the errno or null. */
export function userfaultfdUnregister(
  tx: Tx,
  ctxId: number,
  start: number,
  len: number,
): string | null {
  const ctx = uffdCtx(tx.s, ctxId);
  const proc = ctx.proc;
  const p = tx.s.procs[proc];
  if (!p || !p.alive) return 'ENOMEM';
  const end = start + len;
  const idx = vmasIn(p.mm, start, end);
  if (idx.length === 0) return 'EINVAL';
  const wpAsync = hasFeature(ctx, F.UFFD_FEATURE_WP_ASYNC);
  for (const i of idx) {
    const v = p.mm.vmas[i]!;
    // Only the context that registered a range may unregister it (6.18; before, any context
    // could: docs/kernel-versions.md row 9).
    if (v.uffd !== null && v.uffd !== ctxId && kernelHas(tx.s.machine, 'unregisterOwnerOnly'))
      return 'EINVAL';
    if (!vmaCanUserfault(v, uffdModes(v), wpAsync)) return 'EINVAL';
  }
  const pieces = idx
    .map((i) => p.mm.vmas[i]!)
    .map((v) => ({ s: Math.max(start, v.start), e: Math.min(end, v.end), v }));
  const wakes: [number, number, number][] = [];
  for (const { s, e, v } of pieces) {
    if (v.uffd === null) continue;
    // wake_userfault(vma->vm_userfaultfd_ctx.ctx, ...): the waiters of the registering context.
    if (uffdModes(v) & 1) wakes.push([v.uffd, s, e - s]);
    if (uffdModes(v) & 2) uffdWpRange(tx, proc, v, s, e, false, 'userfaultfd_unregister');
    setUffd(tx, proc, s, e, 0, null);
  }
  mergeAround(tx, proc, start, end, tx.s.machine.pageSize);
  emit(tx, {
    kind: 'uffd_range',
    fn: 'userfaultfd_unregister',
    path: ['userfaultfd_ioctl', 'userfaultfd_unregister'],
    change: 'unregistered',
    uffd: ctxId,
    start,
    end,
  });
  // The woken faults retry once mmap_lock is released, against the unregistered range.
  for (const [owner, s, l] of wakes) wakeUserfault(tx, owner, s, l, 'userfaultfd_unregister');
  return null;
}
