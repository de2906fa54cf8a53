/**
 * A built-in lesson: a scenario document plus the teaching around it. The document is an ordinary,
 * validated scenario (its `expect`s make it its own test); the narration says, step by step, what
 * to notice and which kernel function did it. The "Lessons" button and the explanation view show
 * these (issue 4).
 */
import type { ScenarioDocument } from '../scenario/types';

export type LessonLevel = 'intro' | 'intermediate' | 'advanced';

/**
 * Where a narration or question points: a 0-based index into the document's top-level `steps`, or
 * a record path as the engine prints it (`steps/2/steps/0`: the first step inside the repeat that
 * is top-level step 2; it applies to every iteration).
 */
export type StepKey = number | `steps/${string}`;

/** "Guess before you look": the step's `expect` holds the answer under `answerField`. */
export interface LessonQuestion {
  atStep: StepKey;
  prompt: string;
  /** A result field (section 5 of the format) the step's `expect` names: `pages`, `value`, `rss`… */
  answerField: string;
}

/**
 * An engine feature the lesson needs that may not be modelled yet. While it is not, running the
 * lesson stops with an error that says "not modelled", and the tests skip the lesson with that
 * reason instead of failing.
 */
export type LessonRequirement = 'userfaultfd' | 'mte';

export interface Lesson {
  /** A URL-safe slug, unique among the lessons. */
  id: string;
  title: string;
  level: LessonLevel;
  /** One sentence: what the lesson shows. */
  summary: string;
  doc: ScenarioDocument;
  /**
   * Plain text per step: what to notice and why, naming the kernel function. Keys are StepKeys;
   * JavaScript stores them as strings ("3", "steps/2/steps/0").
   */
  narration: Partial<Record<StepKey, string>>;
  questions?: LessonQuestion[];
  requires?: LessonRequirement;
  /** Another lesson this one is meant to be compared with (the memset vs refpage pair). */
  compareWith?: string;
}

/** The record path (`steps/4`) of a key, as records carry it in `path`. */
export function keyToPath(key: StepKey | string): string {
  const k = String(key);
  return /^\d+$/.test(k) ? `steps/${k}` : k;
}
