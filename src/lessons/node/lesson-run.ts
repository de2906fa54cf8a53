/**
 * Running a built-in lesson in Node (tests and `npm run golden:update`): its golden trace is named
 * by its id, and made from its document like any other (golden.ts takes a document and a name).
 */
import type { RunOutput } from '../../engine';
import type { BuiltinLesson } from '../catalog';
import { goldenPath, runGolden } from './golden';

export function runLesson(lesson: Pick<BuiltinLesson, 'doc'>): RunOutput {
  return runGolden(lesson.doc);
}

export function lessonGoldenPath(lesson: Pick<BuiltinLesson, 'id'>): string {
  return goldenPath(lesson.id);
}
