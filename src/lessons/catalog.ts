/**
 * The built-in lessons as the app, the CLI and the tests see them: documents read from
 * `lessons/<id>.fl` at the repository's root, in the order `lessons/order.txt` gives. Pure: the
 * caller reads the files (the app through Vite, lazily: bundle.ts; Node through node:fs:
 * node/files.ts), so where the engine runs and how files arrive does not matter here.
 */
import { loadScenario } from '../scenario/load';
import { lessonCounts, type LessonCounts } from '../scenario/lesson';
import {
  DEFAULT_MACHINE,
  ScenarioError,
  type Arch,
  type LessonLevel,
  type ScenarioDocument,
} from '../scenario/types';

export interface BuiltinLesson {
  /** The file's name without `.fl`: a URL-safe slug, unique. */
  id: string;
  /** Relative to the repository's root: `lessons/zero-page.fl`. */
  path: string;
  doc: ScenarioDocument;
  title: string;
  level: LessonLevel;
  tags: string[];
  intro: string;
  arch: Arch;
  counts: LessonCounts;
}

export const LESSONS_DIR = 'lessons';
export const ORDER_FILE = `${LESSONS_DIR}/order.txt`;
export const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A lesson file's id from its path (`lessons/zero-page.fl` → `zero-page`), or null. */
export function idOfPath(path: string): string | null {
  const m = /(?:^|\/)([^/]+)\.fl$/.exec(path);
  return m && LESSON_ID.test(m[1]!) ? m[1]! : null;
}

/** Reads one lesson file. Errors name the file: `lessons/x.fl:3:1: steps[1].ask: …`. */
export function lessonFromText(path: string, text: string): BuiltinLesson {
  const id = idOfPath(path);
  if (!id)
    throw new ScenarioError(
      path,
      'a lesson file is named <id>.fl, the id in lower-case words joined by "-"',
    );
  let doc: ScenarioDocument;
  try {
    doc = loadScenario(text, path);
  } catch (err) {
    if (err instanceof ScenarioError) throw new ScenarioError(`${path}:${err.where}`, err.detail);
    throw err;
  }
  return {
    id,
    path,
    doc,
    title: doc.title ?? id,
    level: doc.lesson?.level ?? 'intro',
    tags: doc.lesson?.tags ?? [],
    intro: doc.lesson?.intro ?? '',
    arch: doc.machine?.arch ?? DEFAULT_MACHINE.arch,
    counts: lessonCounts(doc),
  };
}

/** order.txt: one id a line; `#` starts a comment. */
export function parseOrder(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

/** Lessons in the listed order; any not listed follow, by id. */
export function inOrder<T extends { id: string }>(
  lessons: readonly T[],
  order: readonly string[],
): T[] {
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...lessons].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** What `faultline lessons --json` prints for one lesson. */
export function lessonListing(l: BuiltinLesson): Record<string, unknown> {
  return {
    id: l.id,
    title: l.title,
    level: l.level,
    tags: l.tags,
    path: l.path,
    arch: l.arch,
    steps: l.counts.steps,
    narrated: l.counts.narrated,
    questions: l.counts.questions,
  };
}
