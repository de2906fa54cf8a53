/**
 * Scenarios no kernel on this machine can run, and why (issue 3: "a scenario that uses calls no
 * kernel here has is refused with that reason").
 */
import type { ScenarioDocument, Step } from '../scenario/types';
import { usesTag } from '../scenario/expr';
import { CALLS } from '../scenario/calls';

export const REFPAGE_REASON =
  'refpage_create(2) was proposed (seeds 000-002) but never merged: no real kernel has it, so this scenario cannot be checked against one';
export const MTE_REASON =
  'MTE (PROT_MTE, tags, stg/ldg, PR_SET_TAGGED_ADDR_CTRL) needs an arm64 kernel on MTE hardware; this machine is x86_64';

/** Refused: the cross-check cannot run this scenario on this machine's kernel. */
export class CrosscheckRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CrosscheckRefusal';
  }
}

function* leaves(steps: readonly Step[]): Generator<Step> {
  for (const s of steps) {
    if (s.do === 'repeat') yield* leaves(Array.isArray(s.steps) ? s.steps : []);
    else yield s;
  }
}

function mentionsMte(step: Step): boolean {
  // prctl here is PR_SET_TAGGED_ADDR_CTRL, the only option the format has
  if (step.do === 'prctl' || (Object.hasOwn(CALLS, step.do) && CALLS[step.do]!.arch === 'arm64'))
    return true;
  const prot = (step as { prot?: unknown }).prot;
  if (typeof prot === 'string' && /\bPROT_MTE\b/.test(prot)) return true;
  return Object.values(step).some((v) => usesTag(v));
}

/** Why this scenario cannot run on this machine's kernel, or null when it can. */
export function refusalReason(doc: ScenarioDocument): string | null {
  const steps = [...leaves(doc.steps ?? [])];
  if (steps.some((s) => s.do === 'refpage_create')) return REFPAGE_REASON;
  if (doc.machine?.mte || steps.some(mentionsMte)) return MTE_REASON;
  const pageSize = doc.machine?.pageSize ?? 4096;
  if (pageSize !== 4096)
    return `the scenario's pages are ${pageSize} bytes; this x86_64 kernel's are 4096`;
  return null;
}
