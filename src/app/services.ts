/**
 * The app's wiring to the engine and the scenario module: the store gets them as dependencies so
 * that its tests can run with small synthetic runs.
 */
import { runScenario } from '../store/engine';
import type { StoreDeps } from '../store/store';

/**
 * The app keeps the state after every step for time travel, at about 3 KB a step, so it runs at
 * most this many steps: a shared link with a million-step repeat gets a clear message instead of
 * exhausting the tab's memory. The CLI, which keeps no states, allows the engine's 1,000,000.
 */
export const APP_MAX_STEPS = 100_000;

export const appDeps: StoreDeps = {
  run: (doc) =>
    runScenario(doc, {
      keepStates: true,
      maxSteps: APP_MAX_STEPS,
      budgetNote:
        'the browser keeps every step for time travel; `npx faultline run` runs up to 1,000,000',
    }),
};
