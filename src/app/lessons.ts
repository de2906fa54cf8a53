/**
 * The built-in lessons (src/lessons/index.ts), as the app uses them: the list for the Lessons
 * dialog, and the lesson a document is, so a shared link to an unedited lesson keeps its
 * narration.
 */
import { DEFAULT_LESSON_ID, LESSONS, type Lesson } from '../lessons';
import type { ScenarioDocument } from '../store/engine';

export { DEFAULT_LESSON_ID, LESSONS };
export type { Lesson };

/** The lesson whose document equals `doc` (a link carries the document, not the lesson id). */
export function lessonForDoc(doc: ScenarioDocument): Lesson | null {
  const key = JSON.stringify(doc);
  return LESSONS.find((l) => l.doc === doc || JSON.stringify(l.doc) === key) ?? null;
}
