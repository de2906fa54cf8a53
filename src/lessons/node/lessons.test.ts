/**
 * The built-in lessons as tests (issue 12). Every lesson validates, reads back from its text form
 * unchanged, runs with every expectation holding, gives its golden trace (design habit 14), and
 * its share link stays short (src/app/lesson-links.test.ts). Every lesson file also says what it is about, where it comes from,
 * explains each question, and asks questions whose answers the text before them does not give
 * away. (src/lessons/node/ holds what runs only in Node.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import type { RunOutput } from '../../engine';
import { parseText, printText } from '../../scenario/text';
import { validateDocument } from '../../scenario/validate';
import { loadScenario } from '../../scenario/load';
import { lessonCounts } from '../../scenario/lesson';
import { answerLeaks } from '../../scenario/lesson-quality';
import { stepsWithPaths, narrationPlain } from '../../scenario/lesson';
import { parseOrder, ORDER_FILE, type BuiltinLesson } from '../catalog';
import { compareMemsetRefpage, touchSizes } from '../compare';
import { LESSON_SHAPE } from '../benchmark';
import { DEFAULT_LESSON_ID } from '../default';
import { checkGolden, goldenText } from './golden';
import { lessonGoldenPath, runLesson } from './lesson-run';
import { lessonFiles, readBuiltinLessons, REPO_ROOT } from './files';

const LESSONS = readBuiltinLessons();
const byId = (id: string): BuiltinLesson => {
  const l = LESSONS.find((x) => x.id === id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l;
};

const runs = new Map<string, RunOutput>();
function run(lesson: BuiltinLesson): RunOutput {
  let out = runs.get(lesson.id);
  if (!out) {
    out = runLesson(lesson);
    runs.set(lesson.id, out);
  }
  return out;
}

/** A lesson about refpage_create: it calls it, or its tags say so. */
const aboutRefpage = (l: BuiltinLesson): boolean =>
  l.tags.includes('refpage') ||
  [...stepsWithPaths(l.doc.steps)].some((s) => s.step.do === 'refpage_create');

describe('the lesson list', () => {
  it('starts the gallery with the zero page', () => {
    expect(LESSONS[0]!.id).toBe('zero-page');
  });

  it('has unique, URL-safe ids, and the default lesson among them', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(ids).toContain(DEFAULT_LESSON_ID);
  });

  it('lists in order.txt every lesson, and only lessons that exist', () => {
    const order = parseOrder(readFileSync(path.join(REPO_ROOT, ORDER_FILE), 'utf8'));
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(order).size, 'an id listed twice').toBe(order.length);
    for (const id of order) expect(ids, `${ORDER_FILE} lists ${id}`).toContain(id);
    for (const id of ids) expect(order, `${ORDER_FILE} does not list ${id}`).toContain(id);
  });

  it('reads every file of lessons/', () => {
    expect(LESSONS.map((l) => l.path).sort()).toEqual(
      lessonFiles()
        .map((f) => f.path)
        .sort(),
    );
    for (const l of LESSONS) expect(existsSync(path.join(REPO_ROOT, l.path))).toBe(true);
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('is a valid scenario with a title, a level, tags and an intro', () => {
    expect(validateDocument(lesson.doc)).toBe(lesson.doc);
    expect(lesson.doc.title).toBeTruthy();
    expect(lesson.doc.lesson?.level).toBeTruthy();
    expect(lesson.tags.length).toBeGreaterThan(0);
    expect(lesson.intro).toMatch(/\S/);
    expect(JSON.stringify(lesson.doc)).toContain('"expect"');
    expect(lesson.counts.narrated).toBeGreaterThan(0);
  });

  it('reads back from its text form unchanged', () => {
    expect(parseText(printText(lesson.doc))).toEqual(lesson.doc);
  });

  it('runs with every expectation holding, and every narrated step runs', () => {
    const out = run(lesson);
    expect(out.error).toBeNull();
    expect(out.failures).toEqual([]);
    const paths = new Set(out.records.map((r) => r.path));
    for (const { step, path: p } of stepsWithPaths(lesson.doc.steps)) {
      if (step.say !== undefined || step.ask !== undefined)
        expect(paths.has(p), `${p} ran`).toBe(true);
    }
  });

  it('matches its golden trace', () => {
    const problem = checkGolden(lessonGoldenPath(lesson), goldenText(run(lesson)));
    // The message (where the traces differ, the -changed file to review) is the failure itself.
    if (problem !== null) assert.fail(problem);
    expect(problem).toBeNull();
  });

  it('names its sources, and explains every question', () => {
    expect(lesson.doc.lesson?.sources?.length ?? 0).toBeGreaterThan(0);
    for (const { step, path: p } of stepsWithPaths(lesson.doc.steps)) {
      if (step.ask) expect(step.ask.why, `${p}: a question without why`).toMatch(/\S/);
    }
  });

  it('asks only questions whose answers the text before them does not give away', () => {
    expect(answerLeaks(lesson.doc)).toEqual([]);
  });

  it('says plainly, when it is about refpage_create, that it is a proposal that never landed, and which version it follows', (ctx) => {
    if (!aboutRefpage(lesson)) ctx.skip();
    const intro = narrationPlain(lesson.intro);
    expect(intro).toMatch(/refpage_create/);
    expect(intro).toMatch(/never (landed|merged)/);
    expect(intro).toMatch(/\bv5\b/);
    expect(lesson.tags).toContain('proposal');
  });
});

describe('the guide for teachers (docs/lessons.md)', () => {
  it('lessons.md: the short complete lesson loads, asks questions worth asking, and runs as it says', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'docs/lessons.md'), 'utf8');
    const m = /\*\*Making it a lesson\.\*\*[\s\S]*?```\n([\s\S]*?)```/.exec(text);
    const doc = loadScenario(m![1]!);
    expect(lessonCounts(doc)).toMatchObject({ questions: 2 });
    expect(answerLeaks(doc)).toEqual([]);
    const out = runLesson({ doc });
    expect(out.error).toBeNull();
    expect(out.failures).toEqual([]);
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
    expect(run(byId('pattern-fill-memset')).stats).toEqual(c.memset.stats);
    expect(run(byId('pattern-fill-refpage')).stats).toEqual(c.refpage.stats);
  });
});
