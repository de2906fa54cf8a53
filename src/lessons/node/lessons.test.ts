/**
 * The built-in lessons as tests: every lesson validates, reads back from its text form unchanged,
 * points its narration and questions at real steps, runs with every expectation holding, and gives
 * the records of its golden trace (design habit 14). A lesson that needs an engine feature not
 * modelled yet is skipped with the reason.
 *
 * (src/lessons/node/ holds what runs only in Node, apart from the lesson modules the app imports
 * through src/lessons/index.ts.)
 */
import { assert, describe, expect, it } from 'vitest';
import type { RunOutput } from '../../engine';
import { parseText, printText } from '../../scenario/text';
import { validateDocument } from '../../scenario/validate';
import { defaultScenario } from '../default';
import { LESSONS, DEFAULT_LESSON_ID, lessonById } from '../index';
import { keyToPath, stepAt, type Lesson } from '../types';
import { compareMemsetRefpage, touchSizes } from '../compare';
import { LESSON_SHAPE } from '../pattern-fill';
import { checkGolden, goldenText } from './golden';
import { lessonGoldenPath, notModelled, runLesson } from './lesson-run';

const runs = new Map<string, RunOutput>();
function run(lesson: Lesson): RunOutput {
  let out = runs.get(lesson.id);
  if (!out) {
    out = runLesson(lesson);
    runs.set(lesson.id, out);
  }
  return out;
}

describe('the lesson list', () => {
  it('starts with the default scenario', () => {
    expect(LESSONS[0]!.doc).toBe(defaultScenario);
    expect(LESSONS[0]!.id).toBe(DEFAULT_LESSON_ID);
  });

  it('has unique, URL-safe ids', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(lessonById('zero-page')?.title).toBe('The zero page: read, then write');
  });

  it('pairs the lessons it compares both ways', () => {
    for (const l of LESSONS) {
      if (!l.compareWith) continue;
      expect(lessonById(l.compareWith)?.compareWith, l.id).toBe(l.id);
    }
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('is a valid scenario with a title, notes and expectations', () => {
    expect(validateDocument(lesson.doc)).toBe(lesson.doc);
    expect(lesson.doc.title).toBeTruthy();
    expect(lesson.doc.notes).toBeTruthy();
    expect(lesson.summary).toMatch(/^\S[^\n]*\.$/);
    expect(JSON.stringify(lesson.doc)).toContain('"expect"');
  });

  it('reads back from its text form unchanged', () => {
    const text = printText(lesson.doc);
    expect(parseText(text)).toEqual(lesson.doc);
  });

  it('points its narration at real steps', () => {
    const keys = Object.keys(lesson.narration);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(stepAt(lesson.doc, key), `narration key ${key}`).toBeDefined();
      expect(lesson.narration[key as keyof typeof lesson.narration]).toMatch(/\S/);
    }
  });

  it('asks only questions whose answer its expect hides', () => {
    for (const q of lesson.questions ?? []) {
      const step = stepAt(lesson.doc, q.atStep);
      expect(step, `question at ${q.atStep}`).toBeDefined();
      expect(Object.keys(step!.expect ?? {}), `question at ${q.atStep}`).toContain(q.answerField);
    }
  });

  it('runs with every expectation holding', (ctx) => {
    const out = run(lesson);
    const skip = notModelled(lesson, out);
    if (skip) ctx.skip(skip);
    expect(out.error).toBeNull();
    expect(out.failures).toEqual([]);
    // Every narrated step was executed (a key naming a step the run never reached is a stale key).
    const paths = new Set(out.records.map((r) => r.path));
    for (const key of Object.keys(lesson.narration)) {
      const p = keyToPath(key);
      if (stepAt(lesson.doc, key)?.do === 'repeat') continue;
      expect(paths.has(p), `narrated step ${key} ran`).toBe(true);
    }
  });

  it('matches its golden trace', (ctx) => {
    const out = run(lesson);
    const skip = notModelled(lesson, out);
    if (skip) ctx.skip(skip);
    const problem = checkGolden(lessonGoldenPath(lesson), goldenText(out));
    // The message (where the traces differ, the -changed file to review) is the failure itself.
    if (problem !== null) assert.fail(problem);
    expect(problem).toBeNull();
  });
});

describe('skipping a lesson', () => {
  const lesson = lessonById('uffd-missing-fault')!;
  const failed = (message: string): RunOutput => ({
    ...runLesson(lessonById('zero-page')!),
    error: { where: 'steps[0]', message },
  });

  it('skip a lesson only for the feature it declares it needs', () => {
    const out = failed('steps[0]: userfaultfd is not modelled yet');
    expect(notModelled(lesson, out)).toMatch(/^needs userfaultfd, which the engine does not model/);
    expect(notModelled(lessonById('zero-page')!, out)).toBeNull();
    expect(notModelled(lesson, failed('steps[0]: unbound name "p"'))).toBeNull();
  });
});

describe('memset vs refpage (compare.ts)', () => {
  it('counts what each variant writes and keeps resident', () => {
    const iterations = 3;
    const pages = 8;
    for (const touch of touchSizes(pages)) {
      const c = compareMemsetRefpage({ iterations, pages, touch });
      // memset: every page faults and is zeroed by the kernel, then memset by user space.
      expect(c.memset.stats.bytesZeroed).toBe(iterations * pages * 4096);
      expect(c.memset.userBytes).toBe(iterations * (pages * 4096 + touch));
      expect(c.memset.peakRssPages).toBe(pages);
      // refpage: only touched pages fault, each filled once by memset in the kernel.
      expect(c.refpage.stats.bytesZeroed).toBe(0);
      expect(c.refpage.stats.bytesMemset).toBe(iterations * touch * 4096);
      expect(c.refpage.userBytes).toBe(iterations * touch);
      expect(c.refpage.peakRssPages).toBe(touch);
      expect(c.ratios.peakRss).toBe(pages / touch);
      expect(c.ratios.kernelBytes).toBe(pages / touch);
    }
  });

  it('gives ratios that do not depend on the number of iterations', () => {
    const one = compareMemsetRefpage({ iterations: 1, pages: 16, touch: 4 });
    const four = compareMemsetRefpage({ iterations: 4, pages: 16, touch: 4 });
    expect(four.ratios).toEqual(one.ratios);
  });

  it('agrees with the two lessons it explains', () => {
    const c = compareMemsetRefpage(LESSON_SHAPE);
    expect(run(lessonById('pattern-fill-memset')!).stats).toEqual(c.memset.stats);
    expect(run(lessonById('pattern-fill-refpage')!).stats).toEqual(c.refpage.stats);
  });
});
