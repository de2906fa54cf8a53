/**
 * The app's wiring to the engine and the scenario module: the store gets them as dependencies so
 * that its tests can run with small synthetic runs.
 */
import { runScenario } from '../store/engine';
import { loadScenario } from '../scenario/load';
import { printText } from '../scenario/text';
import type { StoreDeps } from '../store/store';

export const appDeps: StoreDeps = {
  run: (doc) => runScenario(doc, { keepStates: true }),
  print: (doc) => printText(doc),
  // JSON or the text form; errors in the text form name line:column.
  parse: (src) => loadScenario(src),
};
