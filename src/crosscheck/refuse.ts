/**
 * Scenarios a target's kernel cannot run, and why (issue 3: "a scenario that uses calls no kernel
 * here has is refused with that reason"). Each target decides (x86_64/target.ts, arm64/target.ts);
 * what they share is here.
 */
import type { LeafStep, Step } from '../scenario/types';

export const REFPAGE_REASON =
  'refpage_create(2) was proposed (seeds 000-002) but never merged: no real kernel has it, so this scenario cannot be checked against one';
export const MTE_REASON =
  'MTE (PROT_MTE, tags, stg/ldg, PR_SET_TAGGED_ADDR_CTRL) needs an arm64 kernel on MTE hardware; this machine is x86_64';

/** Refused: the cross-check cannot run this scenario on the target's kernel. */
export class CrosscheckRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CrosscheckRefusal';
  }
}

/** Every leaf step, repeats opened. */
export function* leafSteps(steps: readonly Step[]): Generator<LeafStep> {
  for (const s of steps) {
    if (s.do === 'repeat') yield* leafSteps(Array.isArray(s.steps) ? s.steps : []);
    else yield s;
  }
}
