/**
 * arm64 Memory Tagging Extension (arch/arm64/kernel/mte.c): prctl(PR_SET_TAGGED_ADDR_CTRL), tag
 * instructions as steps, tag checks. (The full model lands with the MTE issue.)
 */
import type { LdgStep, PrctlStep, StgStep } from '../../../scenario/types';
import type { ArgCtx } from '../../args';
import type { Fields } from '../../fields';
import { unsupported, type Tx } from '../../tx';

export function sysPrctl(tx: Tx, c: ArgCtx, st: PrctlStep): Fields {
  void c;
  void st;
  return unsupported(tx, undefined, 'prctl is not modelled yet');
}

export function doStg(tx: Tx, c: ArgCtx, st: StgStep): Fields {
  void c;
  void st;
  return unsupported(tx, undefined, 'stg is not modelled yet');
}

export function doLdg(tx: Tx, c: ArgCtx, st: LdgStep): Fields {
  void c;
  void st;
  return unsupported(tx, undefined, 'ldg is not modelled yet');
}
