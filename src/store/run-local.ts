/**
 * A run in this thread, kept as a trace (keyframes plus replay) like the worker's, for Node (the
 * store's tests, scripts); the app runs every document in its worker (app/services.ts). The whole
 * run is one update.
 */
import { startTrace, type ScenarioDocument } from './engine';
import { createDigester, createIndexBuilder } from './run-index';
import { APP_BUDGET_NOTE, type RunLimits } from './run-protocol';
import type { StoreDeps } from './store';
import { timelineOfTrace } from './timeline';

export function runHere(limits: Pick<RunLimits, 'maxSteps'>): StoreDeps['start'] {
  return (doc: ScenarioDocument, update) => {
    const b = startTrace(doc, { maxSteps: limits.maxSteps, budgetNote: APP_BUDGET_NOTE });
    const digester = createDigester(b.trace.keyframes[0]!.state);
    while (!b.advance(1 << 16, (seq, records, st) => digester.add(seq, records, () => st)));
    const index = createIndexBuilder();
    const chunk = digester.take();
    if (chunk) index.apply(chunk);
    update({ run: timelineOfTrace(b.trace), index: index.index(), done: true });
    return { cancel() {} };
  };
}
