/**
 * Lessons in the browser (issue 12): the gallery, questions answered right and wrong, results
 * hidden until answered, progress kept in this browser only, short share links, the student
 * preview, and every built-in lesson walked end to end with at least one wrong answer.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { AppPage } from './support/app';
import { linkTo } from './fixtures/scenarios';
import { loadScenario } from '../src/scenario/load';
import { readBuiltinLessons } from '../src/lessons/node/files';
import type { BuiltinLesson } from '../src/lessons/catalog';
import { runScenario } from '../src/engine/index';
import {
  narrationPlain,
  predictionInputs,
  answerText,
  stepsWithPaths,
} from '../src/scenario/lesson';
import type { Step } from '../src/scenario/types';

const LESSONS = readBuiltinLessons();

async function openGallery(app: AppPage): Promise<Locator> {
  await app.button('Lessons').click();
  const dialog = app.page.getByRole('dialog', { name: 'Lessons' });
  await expect(dialog.getByRole('list', { name: 'Lessons' })).toBeVisible();
  return dialog;
}

async function openLesson(app: AppPage, l: BuiltinLesson): Promise<void> {
  const dialog = await openGallery(app);
  await dialog.getByRole('button', { name: `Open ${l.title}`, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(app.page.getByRole('heading', { level: 1 })).toContainText(l.title);
  await app.expectCursor(0);
}

/** The start of a narration as it reads on screen (no backticks), for toContainText. */
const shown = (text: string): string => narrationPlain(text.split('\n')[0]!).slice(0, 60);

function questionCards(app: AppPage): Locator {
  return app.explanation.locator('section.question');
}

/** A built-in lesson, or any lesson document a test opens by link. */
type LessonDoc = Pick<BuiltinLesson, 'doc'>;

/** The asked step a question card shows, by its prompt. */
function stepOfCard(l: LessonDoc, cardText: string): Step {
  for (const { step } of stepsWithPaths(l.doc.steps))
    if (step.ask && cardText.includes(shown(step.ask.prompt))) return step;
  throw new Error(`no question of ${l.doc.title ?? 'the lesson'} in: ${cardText}`);
}

/** Answers the open question on screen, right or wrong, and checks the feedback. */
async function answer(app: AppPage, l: LessonDoc, card: Locator, right: boolean): Promise<void> {
  const step = stepOfCard(l, await card.innerText());
  const ask = step.ask!;
  if (ask.choices) {
    const i = right ? ask.answer! : ask.choices.findIndex((_, k) => k !== ask.answer);
    await card.getByRole('button', { name: narrationPlain(ask.choices[i]!), exact: true }).click();
  } else {
    for (const inp of predictionInputs(step)) {
      const value = right ? answerText(inp.expected) : 'not-this';
      await card.getByRole('textbox', { name: inp.field, exact: true }).fill(value);
    }
    await card.getByRole('button', { name: 'Check' }).click();
  }
  await expect(card.getByRole('status')).toContainText(right ? 'Right.' : 'Not quite.');
  if (!right && ask.why) await expect(card).toContainText(shown(ask.why));
}

test('the gallery starts with the zero page, and searches, filters by level and by tag', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  const dialog = await openGallery(app);
  const items = dialog.getByRole('list', { name: 'Lessons' }).getByRole('listitem');
  await expect(items).toHaveCount(LESSONS.length);
  await expect(items.first().getByRole('heading')).toHaveText(LESSONS[0]!.title);
  expect(LESSONS[0]!.id).toBe('zero-page');
  await dialog.getByRole('searchbox', { name: 'Search' }).fill('userfaultfd');
  const uffd = LESSONS.filter((l) =>
    [l.title, l.intro, l.id, ...l.tags].join(' ').toLowerCase().includes('userfaultfd'),
  );
  await expect(items).toHaveCount(uffd.length);
  await dialog.getByRole('searchbox', { name: 'Search' }).fill('');
  await dialog
    .getByRole('group', { name: 'Level' })
    .getByRole('button', { name: 'Advanced' })
    .click();
  await expect(items).toHaveCount(LESSONS.filter((l) => l.level === 'advanced').length);
  await dialog
    .getByRole('group', { name: 'Level' })
    .getByRole('button', { name: 'All levels' })
    .click();
  await dialog
    .getByRole('group', { name: 'Tags' })
    .getByRole('button', { name: 'fork', exact: true })
    .click();
  await expect(items).toHaveCount(LESSONS.filter((l) => l.tags.includes('fork')).length);
  await dialog.getByRole('searchbox', { name: 'Search' }).fill('no lesson says this');
  await expect(dialog).toContainText('No lesson matches');
  expect(app.errors).toEqual([]);
});

test('the gallery opens a lesson at its first step, in the app or in classroom mode', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  await app.goTo(3);
  const fork = LESSONS.find((l) => l.id === 'fork-cow')!;
  await openLesson(app, fork);
  await expect(page.locator('html')).not.toHaveAttribute('data-classroom', 'true');
  await app.goTo(5);
  const zero = LESSONS.find((l) => l.id === 'zero-page')!;
  const dialog = await openGallery(app);
  await dialog
    .getByRole('button', { name: `Open ${zero.title} in classroom mode`, exact: true })
    .click();
  await expect(page.locator('html')).toHaveAttribute('data-classroom', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(zero.title);
  await app.expectCursor(0);
  await expect(page.locator('.step-position')).toHaveText('before the first step');
  expect(app.errors).toEqual([]);
});

test('a prediction hides its step’s result and narration until answered; a wrong answer gets the explanation', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  const l = LESSONS.find((x) => x.id === 'refpage-manual-example')!;
  // A question with choices, answered wrong: the explanation, then the narration as usual.
  await app.goTo(2);
  await answer(app, l, questionCards(app).first(), false);
  await app.goTo(3);
  await expect(app.explanation).toContainText('load(p) read aa');
  await expect(app.region('Results').getByRole('row').nth(2)).not.toContainText('hidden');
  // A prediction (the lesson fixture's last step, rss): stepped onto unanswered, its result and
  // its narration stay hidden until the student answers.
  const doc = loadScenario(
    readFileSync(new URL('../src/scenario/fixtures/v1/lesson.json', import.meta.url), 'utf8'),
    'lesson.json',
  );
  await app.open(linkTo(doc, 5));
  await expect(app.explanation).toContainText(
    'answer the question below to see what this step did',
  );
  const row = app.region('Results').getByRole('row').nth(5);
  await expect(row).toContainText('hidden until you answer');
  await answer(app, { doc }, questionCards(app).first(), false);
  await expect(app.explanation).not.toContainText('answer the question below');
  await expect(app.explanation).toContainText('Two pages were written');
  await expect(row).toContainText('anon');
  expect(app.errors).toEqual([]);
});

test('answers stay in this browser across a reload, and never in the link', async ({ page }) => {
  const app = await new AppPage(page).open();
  const l = LESSONS.find((x) => x.id === 'refpage-manual-example')!;
  await app.goTo(2);
  await answer(app, l, questionCards(app).first(), true);
  await page.waitForTimeout(400);
  const url = page.url();
  await page.reload();
  await expect(app.slider).toBeVisible();
  await app.goTo(2);
  await expect(questionCards(app).first().getByRole('status')).toContainText('Right.');
  const stored = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('faultline.progress.')),
  );
  expect(stored).toEqual(['faultline.progress.lesson:refpage-manual-example']);
  // The link names the lesson and the step; the answers are not in it.
  await page.goto('about:blank');
  await page.context().clearCookies();
  const fresh = await page.context().newPage();
  await fresh.addInitScript(() => localStorage.clear());
  const app2 = await new AppPage(fresh).open(url.replace(/^https?:\/\/[^/]+/, ''));
  await app2.goTo(2);
  await expect(questionCards(app2).first().getByRole('button').first()).toBeVisible();
});

test('a lesson’s share link names it, stays short, and opens it with its narration', async ({
  page,
  context,
}) => {
  const app = await new AppPage(page).open();
  const l = LESSONS.find((x) => x.id === 'fork-skips-copy')!;
  await openLesson(app, l);
  await app.goTo(13);
  await app.button('Share').click();
  const link = await page.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(link.length).toBeLessThanOrEqual(2000);
  const other = await context.newPage();
  const app2 = await new AppPage(other).open(link.replace(/^https?:\/\/[^/]+/, ''));
  await app2.expectCursor(13);
  await expect(other.getByRole('heading', { level: 1 })).toContainText(l.title);
  const say = [...stepsWithPaths(l.doc.steps)].find((s) => s.path === 'steps/12')!.step.say!;
  await expect(app2.explanation).toContainText(shown(say));
});

test('a teacher previews a lesson as a student sees it, and goes back to editing', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  await app.goTo(4);
  await app.region('Editor').getByRole('button', { name: 'Preview as a student' }).click();
  await app.expectCursor(0);
  await expect(app.region('Editor')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Student preview' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to editing' }).click();
  await expect(app.region('Editor')).toBeVisible();
});

for (const l of LESSONS) {
  test(`walk the lesson ${l.id}: every narration, every question (one answered wrong)`, async ({
    page,
  }) => {
    const run = runScenario(l.doc, { keepStates: false });
    const pathAt = new Map(run.records.filter((r) => !r.resumed).map((r) => [r.seq, r.path]));
    const steps = run.records.filter((r) => !r.resumed).length;
    // Every step that says or asks something, at the first time it runs (a repeat's body speaks
    // for every iteration), and the step before each question, where it is asked.
    const stops = new Set<number>([0, steps]);
    const seen = new Set<string>();
    for (const [seq, p] of pathAt) {
      const step = stepAtPathOf(l, p);
      if (seen.has(p) || (!step?.say && !step?.ask)) continue;
      seen.add(p);
      stops.add(seq);
      if (step.ask) stops.add(seq - 1);
    }
    // A long lesson takes long to walk on a busy machine: a minute, and ten seconds a stop.
    test.setTimeout(60_000 + 10_000 * stops.size);
    const app = await new AppPage(page).open();
    await openLesson(app, l);
    if (l.intro) await expect(app.explanation).toContainText(shown(l.intro));
    expect(Number(await app.slider.getAttribute('max'))).toBe(steps);
    let wrongGiven = false;
    let answered = 0;
    for (const k of [...stops].sort((x, y) => x - y)) {
      await app.goTo(k);
      const p = pathAt.get(k);
      const step = p ? stepAtPathOf(l, p) : undefined;
      const cards = questionCards(app);
      for (let i = 0; i < (await cards.count()); i++) {
        const card = cards.nth(i);
        if ((await card.getByRole('status').count()) > 0) continue;
        await answer(app, l, card, wrongGiven);
        wrongGiven = true;
        answered++;
      }
      if (step?.say) await expect(app.explanation).toContainText(shown(step.say));
    }
    expect(answered).toBe(l.counts.questions);
    expect(app.errors).toEqual([]);
  });
}

function stepAtPathOf(l: BuiltinLesson, path: string): Step | undefined {
  return [...stepsWithPaths(l.doc.steps)].find((s) => s.path === path)?.step;
}

test('reference screenshots of a lesson', async ({ page }: { page: Page }) => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to refresh the reference screenshots');
  await page.setViewportSize({ width: 1400, height: 1000 });
  const app = await new AppPage(page).open('/?theme=light');
  const dialog = await openGallery(app);
  await dialog.screenshot({ path: 'e2e/screenshots/lesson-gallery.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await app.goTo(2);
  await app.explanation.screenshot({ path: 'e2e/screenshots/lesson-question.png' });
  const l = LESSONS.find((x) => x.id === 'refpage-manual-example')!;
  await answer(app, l, questionCards(app).first(), false);
  await app.explanation.screenshot({ path: 'e2e/screenshots/lesson-wrong-answer.png' });
});

test('the first view’s JavaScript is at most 200 KB gzipped, and holds no lesson but the default', async ({
  page,
  request,
}) => {
  const { gzipSync } = await import('node:zlib');
  // What index.html loads before anything renders: its module script and the modules it preloads
  // (the editor, the lessons and the C generator arrive later, on demand).
  const html = await (await request.get('/')).text();
  const urls = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\.\//, '/'));
  expect(urls.length).toBeGreaterThan(0);
  let gz = 0;
  const other = LESSONS.find(
    (l) => l.path.startsWith('lessons/') && l.id !== 'refpage-manual-example',
  )!;
  for (const u of urls) {
    const body = await (await request.get(u)).body();
    gz += gzipSync(body, { level: 9 }).length;
    expect(body.toString('utf8'), u).not.toContain(other.intro.slice(0, 50));
  }
  // The engine's Web Worker (app/run.worker.ts) starts with the first run, so its script loads
  // with the first view too. It is NOT counted in the 200 KB, by decision (issue 9, target 6): it
  // is fetched, parsed and compiled in the worker's thread, so it never holds up the page's main
  // thread, its first render or its first input; it does hold up the first step (the run comes
  // from it), so it is measured here, printed beside the figure and kept small on its own. Counted
  // together, the first step's JavaScript is the sum printed below, which is over 200 KB: the
  // bench's target-6 line prints both.
  // The page needs no more than these and the worker to show its first step.
  const page0 = await new AppPage(page).open();
  await expect(page0.explanation).toBeVisible();
  const worker = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .find((p) => /\/run\.worker[-.][^/]*\.js$/.test(p)),
  );
  expect(worker, 'the engine’s worker script was loaded').toBeTruthy();
  const workerGz = gzipSync(await (await request.get(worker!)).body(), { level: 9 }).length;
  // KB as the issue and `npm run bench` count them: 1000 bytes.
  const kb = (n: number) => (n / 1000).toFixed(1);
  console.log(
    `first view: ${urls.length} scripts, ${kb(gz)} KB gzipped on the main thread; the engine’s worker ${kb(workerGz)} KB; together ${kb(gz + workerGz)} KB`,
  );
  expect(gz).toBeLessThanOrEqual(200 * 1000);
  expect(workerGz).toBeLessThanOrEqual(48 * 1024);
});
