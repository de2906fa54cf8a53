/**
 * Running a built-in lesson in Node (tests and `npm run golden:update`), and the one reason a
 * lesson may be skipped instead of failing.
 */
import type { RunOutput } from '../../engine';
import type { Lesson } from '../types';
import { goldenPath, runGolden } from './golden';

export function runLesson(lesson: Lesson): RunOutput {
  return runGolden(lesson.doc);
}

/** A lesson's golden trace is named by its id. */
export function lessonGoldenPath(lesson: Lesson): string {
  return goldenPath(lesson.id);
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
