/**
 * Golden traces (design habit 14): a scenario's run written out for review (trace.ts: one record a
 * line, then one event a line, addresses as the scenario names them), kept in
 * src/lessons/golden/<name>.jsonl, so any change in the engine's behaviour on a built-in scenario
 * shows up in review as changed lines.
 *
 * On a mismatch the run's trace is written beside the golden as <name>-changed.jsonl (git ignores
 * it), as Observable Plot does with its snapshots: diff the two files, and if the change is meant,
 * run `npm run golden:update`. A golden takes a scenario document and a name, nothing more, so it
 * does not care how the scenarios are stored.
 *
 * Node only (node:fs), like the rest of src/lessons/node/; the app imports the lessons through
 * src/lessons/bundle.ts and never this folder.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario, type RunOutput } from '../../engine';
import type { ScenarioDocument } from '../../scenario/types';
import { traceLines } from './trace';

export const GOLDEN_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'golden',
);

const CHANGED_SUFFIX = '-changed.jsonl';

export function goldenPath(name: string, dir = GOLDEN_DIR): string {
  return path.join(dir, `${name}.jsonl`);
}

/** Where a run that differs from the golden at `file` is written for review. */
export function changedPath(file: string): string {
  return file.replace(/\.jsonl$/, CHANGED_SUFFIX);
}

export function isChangedFile(name: string): boolean {
  return name.endsWith(CHANGED_SUFFIX);
}

/** Runs a scenario as its golden trace records it (every state kept: addresses are named from them). */
export function runGolden(doc: ScenarioDocument): RunOutput {
  return runScenario(doc, { keepStates: true });
}

export function goldenText(out: RunOutput): string {
  return traceLines(out).join('\n') + '\n';
}

/**
 * Compares a run's trace with the golden at `file`. Same: null, and a stale -changed file from an
 * earlier mismatch is removed. Different or missing: the trace is written to the -changed file and
 * the message says where the two first differ and what to do.
 */
export function checkGolden(file: string, actual: string): string | null {
  const changed = changedPath(file);
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (expected === actual) {
    rmSync(changed, { force: true });
    return null;
  }
  writeFileSync(changed, actual);
  const rel = (f: string) => path.relative(process.cwd(), f);
  if (expected === null)
    return `${rel(file)} is missing; this run's trace is in ${rel(changed)}. Run \`npm run golden:update\` to write it.`;
  return [
    `The run differs from ${rel(file)}; this run's trace is in ${rel(changed)}:`,
    diffGolden(expected, actual),
    `Review with \`diff ${rel(file)} ${rel(changed)}\`; if the change is meant, run \`npm run golden:update\`.`,
  ].join('\n');
}

/** A short account of how two traces differ (assumes they do). */
export function diffGolden(expected: string, actual: string): string {
  const a = expected.replace(/\n$/, '').split('\n');
  const b = actual.replace(/\n$/, '').split('\n');
  let first = -1;
  let changed = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    changed++;
    if (first < 0) first = i;
  }
  const cut = (s: string | undefined) =>
    s === undefined ? '(no line)' : s.length > 400 ? `${s.slice(0, 400)}…` : s;
  return [
    `  ${changed} line(s) differ (golden ${a.length} lines, run ${b.length}); first at line ${first + 1}:`,
    `    golden: ${cut(a[first])}`,
    `    run:    ${cut(b[first])}`,
  ].join('\n');
}
