/**
 * What a cursor position means, in words, everywhere it matters: "after step 8: store(p, "33")
 * in child" (and "iteration 3 of 20" inside a repeat). Pure over the run and the document.
 */
import type { ScenarioDocument, StepResult } from '../engine';
import type { Timeline } from '../timeline';
import type { RunIndex } from '../run-index';
import { recordAt } from '../run-index';
import { stepAtPath, stepText } from './step-text';

/** Who ran a step: the process, and the thread when it is not the process's first. */
export function whoRan(r: Pick<StepResult, 'proc' | 'thread'>): string {
  return r.thread === 'main' ? r.proc : `${r.proc}, thread ${r.thread}`;
}

/** "iteration 3 of 20" for each repeat around the step at seq k, outermost first; [] outside. */
export function iterationsAt(run: Pick<Timeline, 'loopsAt'>, k: number): string[] {
  const its = run.loopsAt(k);
  if (!its) return [];
  return its.map((it) => `iteration ${it.k + 1} of ${it.count}`);
}

export interface StepPositionText {
  /** "after step 8" or "before the first step". */
  when: string;
  /** "store(p, "33") in child", or null before the first step. */
  what: string | null;
  /** "iteration 3 of 20", or null outside a repeat. */
  iteration: string | null;
}

export function stepPosition(
  run: Timeline | null,
  index: RunIndex | null,
  doc: ScenarioDocument,
  cursor: number,
): StepPositionText {
  if (!run || !index || cursor === 0)
    return { when: 'before the first step', what: null, iteration: null };
  const r = recordAt(run, index, cursor);
  const step = r ? stepAtPath(doc, r.path) : null;
  const its = iterationsAt(run, cursor);
  return {
    when: `after step ${cursor}`,
    what: r ? `${step ? stepText(step) : r.do} in ${whoRan(r)}` : null,
    iteration: its.length > 0 ? its.join(', ') : null,
  };
}

/** The whole phrase: "after step 8: store(p, "33") in child (iteration 2 of 4)". */
export function stepPositionText(p: StepPositionText): string {
  return `${p.when}${p.what ? `: ${p.what}` : ''}${p.iteration ? ` (${p.iteration})` : ''}`;
}

/** The Timeline slider's value in words: "Step 8 of 17: store(p, "33") in child". */
export function sliderValueText(p: StepPositionText, cursor: number, steps: number): string {
  if (cursor === 0) return 'Before the first step';
  return `Step ${cursor} of ${steps}${p.what ? `: ${p.what}` : ''}${p.iteration ? ` (${p.iteration})` : ''}`;
}
