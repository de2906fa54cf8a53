/**
 * A lesson at the cursor (docs/scenario-format.md, "Lessons"): the narration of the step there,
 * the question put before the next step, and which results stay hidden until their question is
 * answered. The lesson is the document itself: an edited lesson narrates as it is written.
 */
import type { Ask, ScenarioDocument, Step } from '../scenario/types';
import { docHash, stepsWithPaths } from '../scenario/lesson';
import type { StepResult } from './engine';
import type { Timeline } from './timeline';
import { recordAt, type RunIndex } from './run-index';
import { stepAtPath } from './selectors/step-text';
import type { AppState, LessonAnswer } from './types';

export interface Question {
  /** The asked step's record path. */
  path: string;
  step: Step;
  ask: Ask;
  answer: LessonAnswer | null;
  /** `next`: asked before the step at cursor + 1 runs; `here`: the step at the cursor ran first. */
  when: 'next' | 'here';
}

export interface LessonAtCursor {
  /** The lesson's intro, before the first step. */
  intro: string | null;
  /** The narration of the step at the cursor. */
  say: string | null;
  questions: Question[];
}

/** The first record of each path: a question inside a repeat is asked only there. */
function isFirstOfPath(index: RunIndex, r: StepResult): boolean {
  return !r.resumed && index.firstSeq.get(r.path) === r.seq;
}

export function lessonAtCursor(
  doc: ScenarioDocument,
  run: Timeline | null,
  index: RunIndex | null,
  cursor: number,
  answers: Record<string, LessonAnswer>,
): LessonAtCursor {
  const out: LessonAtCursor = { intro: null, say: null, questions: [] };
  if (cursor === 0 && doc.lesson?.intro) out.intro = doc.lesson.intro;
  if (!run || !index) return out;
  const here = cursor > 0 ? recordAt(run, index, cursor) : null;
  const next = recordAt(run, index, cursor + 1);
  const hidden = hiddenPaths(doc, answers);
  // A step whose prediction is not answered yet keeps its narration back too: it tells the result.
  if (here && !hidden.has(here.path)) out.say = stepAtPath(doc, here.path)?.say ?? null;
  const ask = (r: StepResult | null, when: Question['when']): void => {
    if (!r) return;
    const step = stepAtPath(doc, r.path);
    if (!step?.ask) return;
    const answer = answers[r.path] ?? null;
    // A question stays on the step it is about (with its answer, once given); inside a repeat,
    // an answered one is shown only at its first iteration.
    if (answer && !isFirstOfPath(index, r)) return;
    out.questions.push({ path: r.path, step, ask: step.ask, answer, when });
  };
  ask(here, 'here');
  ask(next, 'next');
  return out;
}

/**
 * Record paths whose results are hidden: their step asks for a prediction of its own results that
 * is not answered yet (a question with choices asks before the step and hides nothing).
 */
export function hiddenPaths(
  doc: ScenarioDocument,
  answers: Record<string, LessonAnswer>,
): Set<string> {
  const hidden = new Set<string>();
  for (const { step, path } of stepsWithPaths(doc.steps))
    if (step.ask && !step.ask.choices && !answers[path]) hidden.add(path);
  return hidden;
}

/** Where a lesson's answers are kept in the browser: a built-in lesson by id, any other by hash. */
export function progressKey(s: Pick<AppState, 'doc' | 'lessonId'>): string {
  return s.lessonId ? `lesson:${s.lessonId}` : `doc:${docHash(s.doc)}`;
}

/** How far a student got: questions answered (and right) out of the lesson's questions. */
export function progressOf(
  doc: ScenarioDocument,
  answers: Record<string, LessonAnswer>,
): { asked: number; answered: number; right: number } {
  let asked = 0;
  let answered = 0;
  let right = 0;
  for (const { step, path } of stepsWithPaths(doc.steps)) {
    if (!step.ask) continue;
    asked++;
    const a = answers[path];
    if (a) {
      answered++;
      if (a.right) right++;
    }
  }
  return { asked, answered, right };
}
