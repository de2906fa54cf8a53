/**
 * The page's side of a run in a Web Worker: posts the document, and keeps a copy of the worker's
 * trace made of what it posts (keyframes patched onto the previous ones, kept records, the index).
 * The copy is a Trace like any other: seeking replays from its keyframes here, synchronously, so
 * the store's selectors stay what they are and a seek costs no round trip.
 */
import type { EngineState, ScenarioDocument, StepResult, Trace } from './engine';
import type { StoreDeps } from './store';
import { createIndexBuilder } from './run-index';
import {
  APP_BUDGET_NOTE,
  type FromWorker,
  type RunLimits,
  type SliceMessage,
  type ToWorker,
} from './run-protocol';
import { timelineOfTrace } from './timeline';
import { applyPatch } from './transfer';

/** What the client needs of a Worker (a MessagePort or a fake in tests will do). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  addEventListener(type: 'message', fn: (e: { data: FromWorker }) => void): void;
  addEventListener(type: 'error', fn: () => void): void;
}

const n = (x: number) => x.toLocaleString('en-US');
const mb = (b: number) => `${(b / 2 ** 20).toFixed(b < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** What the page says when the engine's worker cannot start (its script did not load). */
export const WORKER_FAILED =
  'The engine could not start: its Web Worker did not load. Reload the page; a page must be served over http(s) (`npm run dev`, `npm run preview`), not opened from a file.';

/**
 * Runs documents in `worker`, the app's only way to run one. If the worker fails to start (its
 * script cannot load), the run waiting for it and every later run end at once with WORKER_FAILED.
 */
export function workerRunner(worker: WorkerLike, limits: RunLimits): StoreDeps['start'] {
  let nextId = 1;
  const listeners = new Map<number, (m: SliceMessage) => void>();
  let heard = false;
  let broken = false;
  let waiting: Parameters<StoreDeps['start']>[1] | null = null;
  const fail = (update: Parameters<StoreDeps['start']>[1]) =>
    update({ run: null, index: null, done: true, error: { where: '', message: WORKER_FAILED } });
  worker.addEventListener('message', (e) => {
    heard = true;
    waiting = null;
    listeners.get(e.data.id)?.(e.data);
  });
  worker.addEventListener('error', () => {
    if (heard) return;
    broken = true;
    listeners.clear();
    if (waiting) fail(waiting);
    waiting = null;
  });

  return (doc: ScenarioDocument, update) => {
    if (broken) {
      fail(update);
      return { cancel() {} };
    }
    if (!heard) waiting = update;
    const id = nextId++;
    // One run at a time: a newer run supersedes the others (the store has cancelled them), and
    // their copies must not stay reachable from here.
    listeners.clear();
    // Filled in by the first slice, which carries the initial state as keyframe 0.
    const trace: Trace = {
      doc,
      opts: {
        maxSteps: limits.maxSteps,
        budgetNote: APP_BUDGET_NOTE,
      },
      keyframes: [],
      kept: new Map<number, StepResult[]>(),
      steps: 0,
      finalState: undefined as unknown as EngineState,
      done: false,
      error: null,
      failures: [],
      notes: [],
      stats: undefined as unknown as Trace['stats'],
    };
    const timeline = timelineOfTrace(trace);
    const index = createIndexBuilder();
    let stopped: string | null = null;
    listeners.set(id, (m) => {
      for (const k of m.keyframes) {
        const prev = trace.keyframes.at(-1)?.state;
        trace.keyframes.push({
          seq: k.seq,
          point: k.point,
          state: applyPatch(prev, k.patch) as EngineState,
        });
      }
      for (const [seq, recs] of m.kept) trace.kept.set(seq, recs);
      if (m.index) index.apply(m.index);
      trace.steps = m.steps;
      const last = trace.keyframes.at(-1)!.state;
      trace.finalState = last;
      trace.stats = last.stats;
      if (m.end) {
        trace.finalState = applyPatch(last, m.end.finalPatch) as EngineState;
        trace.stats = m.end.stats;
        trace.error = m.end.error;
        trace.failures = m.end.failures;
        trace.notes = m.end.notes;
        trace.done = true;
        stopped = m.end.stopped;
        listeners.delete(id);
      }
      update({
        run: timeline,
        index: index.index(),
        done: trace.done,
        progress: trace.done ? '' : `${n(trace.steps)} steps, ${mb(m.retained)} kept`,
        stopped,
      });
    });
    worker.postMessage({ type: 'start', id, doc, limits });
    return {
      cancel() {
        if (listeners.has(id)) worker.postMessage({ type: 'cancel', id });
      },
    };
  };
}
