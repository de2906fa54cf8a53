/**
 * The engine's side of a run in a Web Worker (the worker file only wires this to `self`): builds
 * the trace in slices of about SLICE_MS, and after each slice posts what the page needs to show
 * the run so far: new keyframes as patches (transfer.ts), the records of costly steps, the index
 * chunk and the progress. Between slices it yields, so a cancel (or a newer run) is heard.
 *
 * The page keeps what is posted; the worker keeps only the state it runs and the last keyframe
 * it posted (to patch against), so memory is not held twice.
 */
import { startTrace, type EngineState, type StepResult } from './engine';
import { createDigester } from './run-index';
import {
  APP_BUDGET_NOTE,
  type FromWorker,
  type KeyframeMessage,
  type RunLimits,
  type ToWorker,
} from './run-protocol';
import { encodePatch } from './transfer';

/** Work per slice: long enough to be efficient, short enough for cancel to be heard at once. */
export const SLICE_MS = 40;
/**
 * How often the page hears of a run's progress: each post makes the page apply patches and redraw
 * what depends on the run (the timeline), so posts come at most this often, after the first.
 */
export const POST_MS = 200;
/** Bytes the page's copy of one patched object costs, on average (measured in Node, bench/). */
export const BYTES_PER_NODE = 96;
/** Bytes per step of the index's columns (lane, mark, events, breaks) and bookkeeping. */
export const BYTES_PER_STEP = 10;

export interface RunServiceHost {
  post(msg: FromWorker, transfer: Transferable[]): void;
  /** Runs fn after pending messages are handled (setTimeout 0 in a worker). */
  later(fn: () => void): void;
  now(): number;
}

const n = (x: number) => x.toLocaleString('en-US');

export function createRunService(host: RunServiceHost): (msg: ToWorker) => void {
  const cancelled = new Set<number>();
  let current = 0;

  const run = (id: number, doc: Parameters<typeof startTrace>[0], limits: RunLimits) => {
    const b = startTrace(doc, {
      maxSteps: limits.maxSteps,
      budgetNote: APP_BUDGET_NOTE,
    });
    const digester = createDigester(b.trace.keyframes[0]!.state);
    let lastSent: EngineState | undefined;
    let lastPost = -Infinity;
    let sentKeyframes = 0;
    let sentKept = 0;
    let retained = 0;
    const keptSeqs: number[] = [];
    const onStep = (seq: number, records: StepResult[], st: EngineState) => {
      digester.add(seq, records, () => st);
      if (b.trace.kept.has(seq)) keptSeqs.push(seq);
    };

    const slice = () => {
      if (current !== id) return;
      const t0 = host.now();
      let done = false;
      let stop: string | null = null;
      while (!done && host.now() - t0 < SLICE_MS) done = b.advance(256, onStep);
      if (!done && cancelled.has(id)) stop = `The run was stopped at step ${n(b.trace.steps)}.`;
      if (!done && !stop && host.now() - lastPost < POST_MS) {
        host.later(slice);
        return;
      }
      lastPost = host.now();
      const keyframes: KeyframeMessage[] = [];
      for (; sentKeyframes < b.trace.keyframes.length; sentKeyframes++) {
        const k = b.trace.keyframes[sentKeyframes]!;
        const p = encodePatch(lastSent, k.state);
        retained += p.nodes * BYTES_PER_NODE;
        keyframes.push({ seq: k.seq, point: k.point, patch: p.patch });
        lastSent = k.state;
      }
      const kept: [number, StepResult[]][] = [];
      for (; sentKept < keptSeqs.length; sentKept++) {
        const seq = keptSeqs[sentKept]!;
        const recs = b.trace.kept.get(seq)!;
        kept.push([seq, recs]);
        retained += encodePatch(undefined, recs).nodes * BYTES_PER_NODE;
      }
      const index = digester.take();
      retained += (index ? index.to - index.from + 1 : 0) * BYTES_PER_STEP;
      if (!done && !stop && retained > limits.memoryBudget)
        stop = `The run was stopped at step ${n(b.trace.steps)}: keeping it for time travel would take more than ${Math.round(limits.memoryBudget / 2 ** 20)} MB in this tab. \`npx faultline run FILE --summary\` runs it to the end.`;
      const msg: FromWorker = {
        type: 'slice',
        id,
        steps: b.trace.steps,
        keyframes,
        kept,
        index,
        retained,
      };
      if (done || stop) {
        const t = b.trace;
        // A stopped run ends at the last step it made (advance leaves finalState untouched).
        msg.end = {
          finalPatch: encodePatch(lastSent, t.finalState).patch,
          error: done ? t.error : null,
          stopped: done ? null : stop,
          failures: done ? t.failures : [],
          notes: t.notes,
          stats: t.finalState.stats,
        };
        cancelled.delete(id);
      }
      const transfer: Transferable[] = index
        ? [index.lane.buffer, index.mark.buffer, index.events.buffer, index.breaks.buffer]
        : [];
      host.post(msg, transfer);
      if (!msg.end) host.later(slice);
      else if (current === id) current = 0;
    };
    slice();
  };

  return (msg) => {
    if (msg.type === 'cancel') {
      if (msg.id === current) cancelled.add(msg.id);
      return;
    }
    current = msg.id;
    run(msg.id, msg.doc, msg.limits);
  };
}
