/**
 * A scenario's `expect`s checked against the kernel's records, by the engine's rule (format 6):
 * a step's outcome is its record merged with its `resumed` record, and a step inside a repeat is
 * checked on every iteration.
 */
import type { ScenarioDocument, Step } from '../scenario/types';
import { expectationHolds } from '../scenario/expect-match';
import type { KernelRecord } from './kernel-run';

export interface KernelExpectationFailure {
  seq: number;
  path: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

/** The step at a result path such as `steps/2/steps/0`. */
export function stepAt(doc: ScenarioDocument, path: string): Step | undefined {
  const parts = path.split('/');
  let list: Step[] | undefined = doc.steps;
  let step: Step | undefined;
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] !== 'steps' || !list) return undefined;
    step = list[Number(parts[i + 1])];
    list = step?.do === 'repeat' ? step.steps : undefined;
  }
  return step;
}

export function checkKernelExpectations(
  doc: ScenarioDocument,
  records: readonly KernelRecord[],
): KernelExpectationFailure[] {
  const bySeq = new Map<number, Record<string, unknown>>();
  for (const r of records) {
    const prev = bySeq.get(r.seq);
    bySeq.set(r.seq, prev ? { ...prev, ...r, blocked: prev.blocked ?? r.blocked } : { ...r });
  }
  const failures: KernelExpectationFailure[] = [];
  for (const [seq, outcome] of bySeq) {
    const path = outcome.path as string;
    const expect = stepAt(doc, path)?.expect;
    if (!expect) continue;
    for (const [field, expected] of Object.entries(expect)) {
      if (field === 'events') continue; // the engine's own account; no kernel shows it
      if (!expectationHolds(field, expected, outcome))
        failures.push({ seq, path, field, expected, actual: outcome[field] });
    }
  }
  return failures.sort((a, b) => a.seq - b.seq);
}
