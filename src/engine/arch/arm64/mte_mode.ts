/**
 * The tag-check mode a thread runs in (arch/arm64/kernel/mte.c mte_update_sctlr_user) and its IRG
 * exclude mask (GCR_EL1.Exclude), from its prctl settings and the CPU's preference
 * (docs/reference/refpage-mte.md C6, C7).
 */
import type { EngineState } from '../../state';

/** The mode a thread's tag checks run in (SCTLR_EL1.TCF0). */
export type TcfMode = 'none' | 'sync' | 'async' | 'asymm';
export type TcfPreferred = 'async' | 'sync' | 'asymm';

/** MteThreadCtrl.tcf bits: PR_MTE_TCF_* >> PR_MTE_TCF_SHIFT. */
export const TCF_SYNC = 1;
export const TCF_ASYNC = 2;

/**
 * mte_update_sctlr_user (C6): the CPU's preferred mode if the thread asked for it, else the
 * thread's own request in the order asymm > async > sync. Asking for SYNC|ASYNC implicitly allows
 * asymm (set_mte_ctrl, with ARM64_MTE_ASYMM).
 */
export function resolveTcf(tcf: number, preferred: TcfPreferred = 'async'): TcfMode {
  const sync = (tcf & TCF_SYNC) !== 0;
  const async = (tcf & TCF_ASYNC) !== 0;
  const allowed: Record<TcfPreferred, boolean> = { sync, async, asymm: sync && async };
  if (allowed[preferred]) return preferred;
  if (allowed.asymm) return 'asymm';
  if (async) return 'async';
  if (sync) return 'sync';
  return 'none';
}

/** The tag-check mode the thread runs in now; 'none' on a machine without MTE. */
export function threadTcfMode(s: EngineState, proc: string, thread: string): TcfMode {
  if (s.machine.arch !== 'arm64' || !s.machine.mte) return 'none';
  const t = s.procs[proc]!.threads[thread]!;
  return resolveTcf(t.mte.tcf, s.mteTcfPreferred);
}

/** GCR_EL1.Exclude for the thread: the complement of its prctl include mask (C7). */
export function gcrExclude(s: EngineState, proc: string, thread: string): number {
  return ~s.procs[proc]!.threads[thread]!.mte.incl & 0xffff;
}
