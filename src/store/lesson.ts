/** The lesson loaded, for its narration and questions (the store keeps only its id). */
import { lessonById, narrationFor, keyToPath, type Lesson, type LessonQuestion } from '../lessons';
import type { AppState } from './types';

export function selectLesson(s: AppState): Lesson | null {
  return s.lessonId ? (lessonById(s.lessonId) ?? null) : null;
}

/** The narration for a record path, and the questions asked at that step. */
export function lessonAt(
  lesson: Lesson | null,
  path: string | null,
): { narration: string | null; questions: LessonQuestion[] } {
  if (!lesson || !path) return { narration: null, questions: [] };
  return {
    narration: narrationFor(lesson, path) ?? null,
    questions: (lesson.questions ?? []).filter((q) => keyToPath(q.atStep) === path),
  };
}
