/**
 * One scenario run on two kernel lines (machine.kernel), step by step: which executed steps give
 * a different record (every field but the events, format section 5), for the compare dialog.
 * Records are paired by seq (and a resumed record with the resumed record of its seq), as the
 * cross-check pairs the engine's with a kernel's.
 */
import { runScenario, type ScenarioDocument, type StepResult } from '../engine';
import type { KernelVersion } from '../../scenario/types';
import { canonicalJson } from '../../scenario/expect-match';

export interface CompareRow {
  seq: number;
  resumed: boolean;
  path: string;
  a?: StepResult;
  b?: StepResult;
  differs: boolean;
}

export interface KernelComparison {
  rows: CompareRow[];
  differing: number;
  /** A run that stopped on a scenario error, by side. */
  errors: { a: string | null; b: string | null };
}

function onLine(doc: ScenarioDocument, kernel: KernelVersion): ScenarioDocument {
  return { ...doc, machine: { ...(doc.machine ?? {}), kernel } } as ScenarioDocument;
}

/** The record's compared fields, as one comparable string (keys sorted at every depth). */
function fields(r: StepResult | undefined): string {
  if (!r) return '';
  const { events: _events, ...rest } = r;
  return canonicalJson(rest);
}

export function compareKernels(
  doc: ScenarioDocument,
  a: KernelVersion,
  b: KernelVersion,
): KernelComparison {
  const ra = runScenario(onLine(doc, a), { keepStates: false });
  const rb = runScenario(onLine(doc, b), { keepStates: false });
  const key = (r: StepResult) => `${r.seq}${r.resumed ? 'r' : ''}`;
  const byKey = new Map<string, CompareRow>();
  const add = (r: StepResult, side: 'a' | 'b') => {
    const row = byKey.get(key(r)) ?? {
      seq: r.seq,
      resumed: Boolean(r.resumed),
      path: r.path,
      differs: false,
    };
    row[side] = r;
    byKey.set(key(r), row);
  };
  // Events are not compared (nor shown): dropping them keeps what the compare worker posts small.
  for (const r of ra.records) add({ ...r, events: [] }, 'a');
  for (const r of rb.records) add({ ...r, events: [] }, 'b');
  const rows = [...byKey.values()].sort(
    (x, y) => x.seq - y.seq || Number(x.resumed) - Number(y.resumed),
  );
  for (const row of rows) row.differs = fields(row.a) !== fields(row.b);
  return {
    rows,
    differing: rows.filter((r) => r.differs).length,
    errors: { a: ra.error?.message ?? null, b: rb.error?.message ?? null },
  };
}
