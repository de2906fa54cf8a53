/**
 * The lessons still written as TypeScript modules (types.ts), as lesson documents: narration keyed
 * by step becomes each step's `say`, a question its `ask` (a prediction of the field it named),
 * the summary the lesson's intro. Used while those modules move to lessons/*.fl, so the app and
 * the tests see one kind of lesson; scripts/lessons-to-files.ts writes the files with it.
 */
import type { ScenarioDocument, Step } from '../scenario/types';
import { keyToPath, type Lesson } from './types';

/** Tags for the lessons that move, by id. */
const TAGS: Readonly<Record<string, string[]>> = {
  'refpage-manual-example': ['refpage', 'page-fault', 'proposal'],
  'zero-page': ['zero-page', 'page-fault', 'anonymous-memory'],
  'fork-cow': ['fork', 'copy-on-write'],
  'fork-skips-copy': ['fork', 'page-tables', 'shmem'],
  'memfd-shared': ['shmem', 'memfd', 'madvise', 'fork'],
  'pattern-fill-memset': ['refpage', 'proposal', 'benchmark', 'counters'],
  'pattern-fill-refpage': ['refpage', 'proposal', 'benchmark', 'counters'],
  'refpage-dontneed': ['refpage', 'proposal', 'madvise'],
  'mremap-move': ['mremap', 'page-tables'],
  'oom-killer': ['oom', 'overcommit'],
  'uffd-missing-fault': ['userfaultfd', 'threads'],
  'uffd-move-compaction': ['userfaultfd', 'garbage-collection'],
  'mte-sync-async': ['mte', 'arm64', 'signals'],
  'mte-pretagged-heap': ['mte', 'arm64', 'refpage', 'proposal'],
};

/** The document a TypeScript lesson stands for, with its narration and questions in place. */
export function legacyLessonDoc(lesson: Lesson): ScenarioDocument {
  const narration = lesson.narration as Record<string, string | undefined>;
  const questions = lesson.questions ?? [];
  const place = (steps: readonly Step[], prefix: string): Step[] =>
    steps.map((s, i) => {
      const path = `${prefix}/${i}`;
      const out: Step = { ...s };
      if (out.do === 'repeat') out.steps = place(out.steps, `${path}/steps`);
      const say = narration[path] ?? (prefix === 'steps' ? narration[String(i)] : undefined);
      if (say !== undefined && out.do !== 'repeat') out.say = say;
      const q = questions.find((x) => keyToPath(x.atStep) === path);
      if (q && out.do !== 'repeat') out.ask = { prompt: q.prompt, fields: [q.answerField] };
      return out;
    });
  return {
    ...lesson.doc,
    title: lesson.doc.title ?? lesson.title,
    lesson: {
      level: lesson.level,
      tags: TAGS[lesson.id] ?? [],
      intro: lesson.summary,
      sources: [],
    },
    steps: place(lesson.doc.steps, 'steps'),
  };
}
