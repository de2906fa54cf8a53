/**
 * Every built-in lesson, in gallery order: the files of lessons/ (catalog.ts), and, while they
 * move there, the TypeScript modules of src/lessons/ not yet moved (legacy.ts). Pure: the caller
 * hands in the files' text.
 */
import { lessonCounts } from '../scenario/lesson';
import { DEFAULT_MACHINE } from '../scenario/types';
import { inOrder, lessonFromText, parseOrder, type BuiltinLesson } from './catalog';
import { LESSONS } from './index';
import { legacyLessonDoc } from './legacy';

export interface LessonFile {
  /** Relative to the repository's root: `lessons/zero-page.fl`. */
  path: string;
  text: string;
}

export function assembleLessons(files: readonly LessonFile[], orderText: string): BuiltinLesson[] {
  const fromFiles = files.map((f) => lessonFromText(f.path, f.text));
  const have = new Set(fromFiles.map((l) => l.id));
  const legacy = LESSONS.filter((l) => !have.has(l.id)).map((l): BuiltinLesson => {
    const doc = legacyLessonDoc(l);
    return {
      id: l.id,
      path: 'src/lessons/index.ts',
      doc,
      title: doc.title ?? l.title,
      level: l.level,
      tags: doc.lesson?.tags ?? [],
      intro: l.summary,
      arch: doc.machine?.arch ?? DEFAULT_MACHINE.arch,
      counts: lessonCounts(doc),
    };
  });
  return inOrder([...fromFiles, ...legacy], parseOrder(orderText));
}
