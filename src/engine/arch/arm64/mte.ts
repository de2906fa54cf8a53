/**
 * arm64 Memory Tagging Extension, the per-thread side (arch/arm64/kernel/mte.c):
 * prctl(PR_SET/GET_TAGGED_ADDR_CTRL) (set_tagged_addr_ctrl, get_tagged_addr_ctrl), the tag-check
 * mode a thread runs in (mte_update_sctlr_user) and the sysfs mte_tcf_preferred knob.
 * Rules: docs/reference/refpage-mte.md B.3 (C1-C9). The tag instructions are in mte_insn.ts,
 * the checks on loads and stores in mte_check.ts.
 *
 * faultline simplifies: one CPU (QEMU's `-smp 1`), so "every CPU's preference" is one value; the
 * machine has MTE3 (asymmetric mode), as QEMU's `-cpu max` does; no PSTATE.TCO; no execve (C9).
 */
import type { MteTcfPreferredStep, PrctlStep } from '../../../scenario/types';
import {
  PR_ARG_TABLE,
  PR_OPTION,
  PR_OPTION_TABLE,
  PR_TAGGED_ADDR,
  PR_MTE_TAG_SHIFT,
  PR_MTE_TCF_SHIFT,
} from '../../../uapi';
import type { EngineState, MteThreadCtrl } from '../../state';
import type { ArgCtx } from '../../args';
import { flagsArg } from '../../args';
import type { Fields } from '../../fields';
import { sysFields } from '../../fields';
import { emit, unsupported, wThread, type Tx } from '../../tx';
import { fail, ok } from '../../syscall';

import { resolveTcf } from './mte_mode';
import type { Sentence } from '../../sentence';

export { doAddg, doDcGzva, doIrg, doLdg, doStg, doSubg } from './mte_insn';
export { resolveTcf } from './mte_mode';

const PR_TCF_MASK = PR_TAGGED_ADDR.PR_MTE_TCF_MASK;
const PR_TAG_MASK = PR_TAGGED_ADDR.PR_MTE_TAG_MASK;
const PR_ENABLE = PR_TAGGED_ADDR.PR_TAGGED_ADDR_ENABLE;

/** get_tagged_addr_ctrl: PR_TAGGED_ADDR_ENABLE plus get_mte_ctrl's modes and include mask. */
export function getTaggedAddrCtrl(s: EngineState, c: MteThreadCtrl): number {
  let ret = c.tagged ? PR_ENABLE : 0;
  if (s.machine.mte) ret |= (c.tcf << PR_MTE_TCF_SHIFT) | (c.incl << PR_MTE_TAG_SHIFT);
  return ret;
}

/**
 * prctl(2) (kernel/sys.c). Modelled: PR_SET_TAGGED_ADDR_CTRL and PR_GET_TAGGED_ADDR_CTRL.
 * - x86_64 has no SET/GET_TAGGED_ADDR_CTRL (the generic fallbacks are -EINVAL; x86 LAM uses
 *   arch_prctl): EINVAL.
 * - arm64: unknown bits EINVAL (C1); MTE bits only where the system supports MTE; arg3..5 are 0
 *   here (the step has no field for them). The mode applies to the calling thread only.
 * Another real option is a scenario error rather than a made-up answer.
 */
export function sysPrctl(tx: Tx, c: ArgCtx, st: PrctlStep): Fields {
  const option = flagsArg(c, st, 'option', PR_OPTION_TABLE);
  const arg = flagsArg(c, st, 'arg', PR_ARG_TABLE);
  const m = tx.s.machine;
  if (option === PR_OPTION.PR_SET_TAGGED_ADDR_CTRL) {
    if (m.arch !== 'arm64') return sysFields(fail('EINVAL'));
    const valid = PR_ENABLE | (m.mte ? PR_TCF_MASK | PR_TAG_MASK : 0);
    // Any bit past the known ones (bit 19 up to 63) is EINVAL: check the number's range first,
    // since JavaScript's bit operators see only 32 bits.
    if (arg < 0 || arg > 0xffffffff || arg & ~valid) return sysFields(fail('EINVAL'));
    const ctrl: MteThreadCtrl = {
      tagged: (arg & PR_ENABLE) !== 0,
      tcf: (arg & PR_TCF_MASK) >> PR_MTE_TCF_SHIFT,
      incl: (arg & PR_TAG_MASK) >>> PR_MTE_TAG_SHIFT,
    };
    wThread(tx, tx.proc, tx.thread).mte = ctrl;
    emit(tx, {
      kind: 'mte_ctrl',
      fn: 'set_tagged_addr_ctrl',
      path: ['sys_prctl', 'set_tagged_addr_ctrl', 'set_mte_ctrl', 'mte_update_sctlr_user'],
      ...ctrl,
      mode: m.mte ? resolveTcf(ctrl.tcf, tx.s.mteTcfPreferred) : 'none',
    });
    return sysFields(ok(0));
  }
  if (option === PR_OPTION.PR_GET_TAGGED_ADDR_CTRL) {
    // kernel/sys.c: `if (arg2 || arg3 || arg4 || arg5) return -EINVAL;`
    if (m.arch !== 'arm64' || arg !== 0) return sysFields(fail('EINVAL'));
    const t = tx.s.procs[tx.proc]!.threads[tx.thread]!;
    return sysFields(ok(getTaggedAddrCtrl(tx.s, t.mte)));
  }
  const known = Object.entries(PR_OPTION).find(([, v]) => v === option);
  if (known)
    return unsupported(
      tx,
      'option',
      `prctl(${known[0]}) is not modelled (only PR_SET/GET_TAGGED_ADDR_CTRL)`,
    );
  return sysFields(fail('EINVAL'));
}

/** An `mte_ctrl` event: prctl(PR_SET_TAGGED_ADDR_CTRL) changed the thread's control. */
export const mteCtrlSentence: Sentence<'mte_ctrl'> = (e) =>
  `The thread's tagged-address control is now ${e.tagged ? 'on' : 'off'}; tag-check faults are ${e.mode}.`;

/**
 * A write to /sys/devices/system/cpu/cpuN/mte_tcf_preferred (mte_tcf_preferred_store): "async",
 * "sync" or "asymm" (needs MTE3), else EINVAL; the file exists only where MTE does (ENOENT).
 * It takes effect for a thread at its next context switch: at once, in a run.
 */
export function sysMteTcfPreferred(tx: Tx, st: MteTcfPreferredStep): Fields {
  if (!tx.s.machine.mte) return sysFields(fail('ENOENT'));
  const v = typeof st.value === 'string' ? st.value.trim() : '';
  if (v !== 'async' && v !== 'sync' && v !== 'asymm') return sysFields(fail('EINVAL'));
  tx.s.mteTcfPreferred = v;
  emit(tx, { kind: 'note', fn: 'mte_tcf_preferred_store', text: `mte_tcf_preferred = ${v}` });
  return sysFields(ok(0));
}
