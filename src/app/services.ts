/**
 * The app's wiring to the engine and the scenario module: the store gets them as dependencies so
 * that its tests can run with small synthetic runs.
 *
 * The engine runs in a Web Worker (run.worker.ts): the page shows a run's first steps while it
 * goes on, with its progress and a way to stop it, and never freezes. A run is kept for time
 * travel as keyframes plus replay (a few hundred bytes a step), so the limits are the engine's own
 * budget of executed steps and a memory budget, each stopping the run with a message that says
 * why and what to do instead. The worker is the app's only way to run a document (run-local.ts
 * runs one in this thread for Node: tests and scripts).
 */
import { DEFAULT_MAX_STEPS } from '../store/engine';
import type { StoreDeps } from '../store/store';
import type { RunLimits } from '../store/run-protocol';
import { workerRunner } from '../store/run-client';

export const APP_LIMITS: RunLimits = {
  maxSteps: DEFAULT_MAX_STEPS,
  memoryBudget: 768 * 2 ** 20,
};

/** The worker starts with the first run (importing this module starts nothing). */
let runner: StoreDeps['start'] | null = null;

export const appDeps: StoreDeps = {
  start: (doc, update) =>
    (runner ??= workerRunner(
      new Worker(new URL('./run.worker.ts', import.meta.url), { type: 'module' }),
      APP_LIMITS,
    ))(doc, update),
};
