/**
 * Every built-in lesson, in gallery order: the files of lessons/ (catalog.ts) in the order
 * lessons/order.txt gives. Pure: the caller hands in the files' text.
 */
import { inOrder, lessonFromText, parseOrder, type BuiltinLesson } from './catalog';

export interface LessonFile {
  /** Relative to the repository's root: `lessons/zero-page.fl`. */
  path: string;
  text: string;
}

export function assembleLessons(files: readonly LessonFile[], orderText: string): BuiltinLesson[] {
  return inOrder(
    files.map((f) => lessonFromText(f.path, f.text)),
    parseOrder(orderText),
  );
}
