/**
 * Golden traces of the built-in lessons (design habit 14): each runnable lesson's records, events
 * included, one canonical JSON object a line, then one summary line with the run's error, failed
 * expectations and cost counters. Kept in src/lessons/golden/<id>.jsonl and diffed in review, so any
 * change in the engine's behaviour on a lesson shows up as a changed line.
 *
 * Node only. This folder sits outside src/lessons/*.ts, which the app bundles (src/app/lessons.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonical, runScenario, type RunOutput } from '../../engine';
import type { Lesson } from '../types';

export const GOLDEN_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'golden',
);

export function goldenPath(lesson: Lesson): string {
  return path.join(GOLDEN_DIR, `${lesson.id}.jsonl`);
}

export function runLesson(lesson: Lesson): RunOutput {
  return runScenario(lesson.doc, { keepStates: false });
}

/**
 * Why a lesson cannot run yet: its run stopped with an error that says the engine does not model
 * something. Only a lesson that declares `requires` may be skipped for that; for any other lesson the
 * same error is a failure.
 */
export function notModelled(lesson: Lesson, out: RunOutput): string | null {
  if (!lesson.requires || !out.error || !/not modelled/i.test(out.error.message)) return null;
  return `needs ${lesson.requires}, which the engine does not model yet: ${out.error.message}`;
}

/** The golden trace's lines (no trailing newline). */
export function goldenLines(out: RunOutput): string[] {
  return [
    ...out.records.map((r) => canonical(r)),
    canonical({ summary: { error: out.error, failures: out.failures, stats: out.stats } }),
  ];
}

export function goldenText(out: RunOutput): string {
  return goldenLines(out).join('\n') + '\n';
}

/** A short account of how two traces differ, or null when they are the same. */
export function diffGolden(expected: string, actual: string): string | null {
  if (expected === actual) return null;
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
    `${changed} line(s) differ (golden ${a.length} lines, run ${b.length}); first at line ${first + 1}:`,
    `  golden: ${cut(a[first])}`,
    `  run:    ${cut(b[first])}`,
    'If the change is intended, run `npm run golden:update` and review the diff.',
  ].join('\n');
}
