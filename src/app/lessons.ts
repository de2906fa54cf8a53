/**
 * The built-in lessons as the app uses them: loaded on demand (their texts are one chunk, kept out
 * of the first view), found by id for a link that names one, and recognised in a document a link
 * carries, so that a link to a lesson keeps its place in the gallery and its progress.
 */
import type { BuiltinLesson } from '../lessons/catalog';
import { docHash, isLesson, withoutLesson } from '../scenario/lesson';
import type { ScenarioDocument } from '../scenario/types';
import type { LinkState } from './link';

let loading: Promise<readonly BuiltinLesson[]> | null = null;

/** Every built-in lesson, in gallery order (one lazy chunk, fetched once). */
export function loadBuiltinLessons(): Promise<readonly BuiltinLesson[]> {
  loading ??= import('../lessons/bundle').then((m) => m.BUILTIN_LESSONS);
  return loading;
}

/** The scenario under a document: its machine and steps, without narration, title or notes. */
function scenarioKey(doc: ScenarioDocument): string {
  const plain = withoutLesson(doc);
  return JSON.stringify({ machine: plain.machine ?? null, steps: plain.steps });
}

/**
 * The built-in lesson a document is: the same document (by hash), or, for a plain document from a
 * link made before lessons carried their narration, the lesson built on the same steps.
 */
export function builtinFor(
  doc: ScenarioDocument,
  lessons: readonly BuiltinLesson[],
): BuiltinLesson | null {
  const hash = docHash(doc);
  const same = lessons.find((l) => docHash(l.doc) === hash);
  if (same) return same;
  if (isLesson(doc)) return null;
  const key = scenarioKey(doc);
  return lessons.find((l) => scenarioKey(l.doc) === key) ?? null;
}

export interface OpenedLink {
  doc: ScenarioDocument;
  lessonId: string | null;
  notice: string | null;
}

/**
 * What a link that names a built-in lesson opens: that lesson. One that changed since the link was
 * made opens as it is now, and says so; one this version does not have is an error to show.
 */
export async function openLink(
  link: Pick<LinkState, 'lesson' | 'notice'>,
): Promise<OpenedLink | { error: string }> {
  const ref = link.lesson;
  if (!ref) return { error: 'This link names no lesson. Showing the default scenario.' };
  let lessons: readonly BuiltinLesson[];
  try {
    lessons = await loadBuiltinLessons();
  } catch {
    return {
      error: `This link names the lesson "${ref.id}", which could not be loaded. Showing the default scenario.`,
    };
  }
  const lesson = lessons.find((l) => l.id === ref.id);
  if (!lesson)
    return {
      error: `This link names a lesson this version of faultline does not have ("${ref.id}"). Showing the default scenario.`,
    };
  const changed =
    docHash(lesson.doc) === ref.version
      ? null
      : `The lesson "${lesson.title}" has changed since this link was made; this is the lesson as it is now.`;
  return {
    doc: lesson.doc,
    lessonId: lesson.id,
    notice: [link.notice, changed].filter(Boolean).join(' ') || null,
  };
}
