/**
 * The lesson parts of a document (format, "Lessons"): `lesson` on the document, `say` and `ask` on
 * a step. Their checks (called by validate.ts), how narration text is read (`code` spans, kernel
 * names), and what a question's answer is. Pure: the views, the CLI and the tests share it.
 */
import { LESSON_LEVELS, ScenarioError, type Ask, type ScenarioDocument, type Step } from './types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (where: string, detail: string): never => {
  throw new ScenarioError(where, detail);
};
const show = (v: unknown): string =>
  typeof v === 'string'
    ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)
    : Array.isArray(v)
      ? 'an array'
      : v === null
        ? 'null'
        : typeof v === 'object'
          ? 'an object'
          : String(v);

export const LESSON_FIELDS = ['level', 'tags', 'intro', 'sources'] as const;
export const ASK_FIELDS = ['prompt', 'choices', 'answer', 'fields', 'why'] as const;
export const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_TAGS = 16;
export const MAX_CHOICES = 12;

// ---- narration text -------------------------------------------------------------------------

/** A piece of narration: plain text, or a `code` span (`fn` when it names a kernel function). */
export type NarrationPart =
  { kind: 'text'; text: string } | { kind: 'code'; text: string; fn: string | null };

/**
 * A code span that is a kernel name: a lower-case C identifier with an underscore
 * (`do_wp_page`), or any lower-case identifier written as a call (`memset()`). `MAP_PRIVATE`,
 * `p + PAGE` and `struct uffd_msg` are code, not links.
 */
const KERNEL_NAME = /^([a-z_][a-z0-9_]*)(\(\))?$/;

export function kernelNameOf(code: string): string | null {
  const m = KERNEL_NAME.exec(code);
  if (!m) return null;
  return m[1]!.includes('_') || m[2] ? m[1]! : null;
}

/**
 * Narration as parts: text outside backticks, code inside. A backtick with no partner is text
 * (validation reports it in a document, but a view must still show whatever it is given).
 */
export function narrationParts(text: string): NarrationPart[] {
  const parts: NarrationPart[] = [];
  let i = 0;
  let plain = '';
  while (i < text.length) {
    const open = text.indexOf('`', i);
    const close = open < 0 ? -1 : text.indexOf('`', open + 1);
    if (open < 0 || close < 0) {
      plain += text.slice(i);
      break;
    }
    plain += text.slice(i, open);
    const code = text.slice(open + 1, close);
    if (code === '') plain += '``';
    else {
      if (plain) parts.push({ kind: 'text', text: plain });
      plain = '';
      parts.push({ kind: 'code', text: code, fn: kernelNameOf(code) });
    }
    i = close + 1;
  }
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

/** The kernel names a narration links, in order, each once. */
export function narrationNames(text: string): string[] {
  const out: string[] = [];
  for (const p of narrationParts(text))
    if (p.kind === 'code' && p.fn && !out.includes(p.fn)) out.push(p.fn);
  return out;
}

/** Narration as it reads, without the backticks (for search and for the answer-leak check). */
export function narrationPlain(text: string): string {
  return narrationParts(text)
    .map((p) => p.text)
    .join('');
}

function checkNarration(v: unknown, where: string): void {
  if (typeof v !== 'string') return fail(where, `expected text, got ${show(v)}`);
  if (v.trim() === '') fail(where, 'empty: say something, or leave the field out');
  const ticks = [...v].filter((c) => c === '`').length;
  if (ticks % 2 === 1)
    fail(where, `an unclosed \`code\` span (the backtick at character ${v.lastIndexOf('`') + 1})`);
}

// ---- validation -----------------------------------------------------------------------------

export function validateLessonMeta(meta: unknown, where = 'lesson'): void {
  if (!isObject(meta)) return fail(where, `expected an object, got ${show(meta)}`);
  for (const key of Object.keys(meta)) {
    if (!(LESSON_FIELDS as readonly string[]).includes(key))
      fail(`${where}.${key}`, `unknown field (a lesson has ${LESSON_FIELDS.join(', ')})`);
  }
  if (meta.level !== undefined && !(LESSON_LEVELS as readonly unknown[]).includes(meta.level))
    fail(
      `${where}.level`,
      `expected ${LESSON_LEVELS.map((l) => `"${l}"`).join(', ')}, got ${show(meta.level)}`,
    );
  if (meta.tags !== undefined) {
    const tags = meta.tags;
    if (!Array.isArray(tags))
      return fail(`${where}.tags`, `expected a list of tags, got ${show(tags)}`);
    if (tags.length > MAX_TAGS) fail(`${where}.tags`, `more than ${MAX_TAGS} tags`);
    tags.forEach((t, i) => {
      if (typeof t !== 'string' || !TAG.test(t))
        fail(
          `${where}.tags[${i}]`,
          `expected lower-case words joined by "-" (copy-on-write), got ${show(t)}`,
        );
      if (tags.indexOf(t) !== i) fail(`${where}.tags[${i}]`, `${show(t)} given twice`);
    });
  }
  if (meta.intro !== undefined) checkNarration(meta.intro, `${where}.intro`);
  if (meta.sources !== undefined) {
    const src = meta.sources;
    if (!Array.isArray(src))
      return fail(`${where}.sources`, `expected a list of sources, got ${show(src)}`);
    src.forEach((s, i) => {
      if (typeof s !== 'string' || s.trim() === '')
        fail(`${where}.sources[${i}]`, `expected a source named in text, got ${show(s)}`);
    });
  }
}

export function validateSay(say: unknown, where: string): void {
  checkNarration(say, where);
}

/** The value at a dotted path (`rss.anon`, `msgs.0.event`) of an expectation, if there is one. */
export function fieldValue(expect: unknown, path: string): { found: boolean; value?: unknown } {
  let v: unknown = expect;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return { found: false };
    v = (v as Json)[key];
  }
  return { found: true, value: v };
}

export function validateAsk(ask: unknown, expect: unknown, where: string): void {
  if (!isObject(ask)) return fail(where, `expected a question object, got ${show(ask)}`);
  for (const key of Object.keys(ask)) {
    if (!(ASK_FIELDS as readonly string[]).includes(key))
      fail(`${where}.${key}`, `unknown field (a question has ${ASK_FIELDS.join(', ')})`);
  }
  if (ask.prompt === undefined) fail(`${where}.prompt`, 'missing: the question to ask');
  checkNarration(ask.prompt, `${where}.prompt`);
  if (ask.why !== undefined) checkNarration(ask.why, `${where}.why`);
  if (ask.choices !== undefined) {
    const choices = ask.choices;
    if (!Array.isArray(choices))
      return fail(`${where}.choices`, `expected a list of choices, got ${show(choices)}`);
    if (choices.length < 2 || choices.length > MAX_CHOICES)
      fail(`${where}.choices`, `expected 2 to ${MAX_CHOICES} choices, got ${choices.length}`);
    choices.forEach((c, i) => {
      if (typeof c !== 'string' || c.trim() === '')
        fail(`${where}.choices[${i}]`, `expected the text of a choice, got ${show(c)}`);
      if (choices.indexOf(c) !== i) fail(`${where}.choices[${i}]`, `${show(c)} given twice`);
    });
    const a = ask.answer;
    if (a === undefined)
      fail(`${where}.answer`, 'missing: the index of the right choice (0 is the first)');
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= choices.length)
      fail(
        `${where}.answer`,
        `expected the index of a choice, 0 to ${choices.length - 1}, got ${show(a)}`,
      );
    if (ask.fields !== undefined)
      fail(
        `${where}.fields`,
        'a question with choices is answered by its choice, not by predicting fields',
      );
    return;
  }
  if (ask.answer !== undefined) fail(`${where}.answer`, 'an answer index needs choices');
  if (!isObject(expect) || Object.keys(expect).length === 0)
    fail(
      where,
      "a question without choices asks for a prediction of the step's own expect, and this step has none",
    );
  if (ask.fields !== undefined) {
    const fields = ask.fields;
    if (!Array.isArray(fields) || fields.length === 0)
      return fail(
        `${where}.fields`,
        `expected a list of expected fields to predict, got ${show(fields)}`,
      );
    fields.forEach((f, i) => {
      if (typeof f !== 'string')
        return fail(`${where}.fields[${i}]`, `expected a field name, got ${show(f)}`);
      if (!fieldValue(expect, f).found)
        fail(
          `${where}.fields[${i}]`,
          `the step's expect has no ${show(f)} (it has ${Object.keys(expect as Json).join(', ')})`,
        );
      if (fields.indexOf(f) !== i) fail(`${where}.fields[${i}]`, `${show(f)} given twice`);
    });
  }
}

// ---- what a question asks --------------------------------------------------------------------

/** The fields a prediction asks for: `fields`, or every field of the step's expect. */
export function askedFields(ask: Ask, expect: Record<string, unknown> | undefined): string[] {
  if (ask.choices) return [];
  return ask.fields ?? Object.keys(expect ?? {});
}

/** A result value as a student would type it: text as is, numbers in decimal, the rest as JSON. */
export function answerText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}

/**
 * The answer of a question as text, one entry a part: the right choice, or each predicted field
 * with its expected value (`pages = xs`).
 */
export function answerTexts(step: Pick<Step, 'ask' | 'expect'>): string[] {
  const ask = step.ask;
  if (!ask) return [];
  if (ask.choices) return [ask.choices[ask.answer ?? 0] ?? ''];
  return askedFields(ask, step.expect).map((f) => answerText(fieldValue(step.expect, f).value));
}

// ---- a document as a lesson ------------------------------------------------------------------

/** Every step of a document, nested ones too, with its record path (`steps/2/steps/0`). */
export function* stepsWithPaths(
  steps: readonly Step[],
  prefix = 'steps',
): Generator<{ step: Step; path: string }> {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const path = `${prefix}/${i}`;
    yield { step, path };
    if (step.do === 'repeat') yield* stepsWithPaths(step.steps, `${path}/steps`);
  }
}

export interface LessonCounts {
  steps: number;
  narrated: number;
  questions: number;
}

export function lessonCounts(doc: ScenarioDocument): LessonCounts {
  const c: LessonCounts = { steps: 0, narrated: 0, questions: 0 };
  for (const { step } of stepsWithPaths(doc.steps)) {
    c.steps++;
    if (step.say !== undefined) c.narrated++;
    if (step.ask !== undefined) c.questions++;
  }
  return c;
}

/** Whether a document is a lesson: it has `lesson`, or a step says or asks something. */
export function isLesson(doc: ScenarioDocument): boolean {
  if (doc.lesson !== undefined) return true;
  for (const { step } of stepsWithPaths(doc.steps))
    if (step.say !== undefined || step.ask !== undefined) return true;
  return false;
}

/** The document without its lesson parts: the scenario a lesson is built on. */
export function withoutLesson(doc: ScenarioDocument): ScenarioDocument {
  const strip = (steps: readonly Step[]): Step[] =>
    steps.map((s) => {
      const { say: _say, ask: _ask, ...rest } = s;
      return (rest.do === 'repeat' ? { ...rest, steps: strip(rest.steps) } : rest) as Step;
    });
  const { lesson: _lesson, ...rest } = doc;
  return { ...rest, steps: strip(doc.steps) };
}

/**
 * A short fingerprint of a document (FNV-1a over its JSON, 8 hex digits): names one version of a
 * built-in lesson in a link, and keys a shared lesson's progress in the browser.
 */
export function docHash(doc: ScenarioDocument): string {
  const s = sortedJson(doc);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** JSON with every object's keys sorted, so that key order does not change a hash. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Json;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

// ---- answering ------------------------------------------------------------------------------

/** One value a student predicts: a leaf of the step's expect (`rss.anon`, `pages`). */
export interface PredictionInput {
  field: string;
  expected: unknown;
}

/**
 * What a prediction asks the student to type, one input a leaf value: a field that holds an
 * object or a list (`rss`, `msgs`) is asked leaf by leaf (`rss.anon`, `rss.file`, …).
 */
export function predictionInputs(step: Pick<Step, 'ask' | 'expect'>): PredictionInput[] {
  if (!step.ask || step.ask.choices) return [];
  const out: PredictionInput[] = [];
  const walk = (field: string, v: unknown): void => {
    if (typeof v === 'object' && v !== null && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(`${field}.${k}`, child);
    } else out.push({ field, expected: v });
  };
  for (const f of askedFields(step.ask, step.expect)) walk(f, fieldValue(step.expect, f).value);
  return out;
}

const HEX_BYTES = /^(?:[0-9a-f]{2})+$/i;

/**
 * Whether what a student typed is the expected value: numbers by value (`4096`, `0x1000`), text
 * without regard to case or surrounding blanks, hex bytes with or without `0x`, `null` as `null`
 * or nothing.
 */
export function samePrediction(typed: string, expected: unknown): boolean {
  const t = typed.trim();
  if (typeof expected === 'number') {
    const m = /^(-)?(0x[0-9a-f]+|\d+)$/i.exec(t.replace(/[_,]/g, ''));
    return m !== null && (m[1] ? -1 : 1) * Number(m[2]) === expected;
  }
  if (typeof expected === 'boolean') return t.toLowerCase() === String(expected);
  if (expected === null || expected === undefined) return t === '' || t.toLowerCase() === 'null';
  if (typeof expected === 'string') {
    const e = expected.trim().toLowerCase();
    const a = t.toLowerCase();
    if (a === e) return true;
    return HEX_BYTES.test(e) && a.startsWith('0x') && a.slice(2) === e;
  }
  return t === JSON.stringify(expected);
}

/** A student's answer to a question: the choice picked, or the values typed by field. */
export type AskResponse = { choice: number } | { values: Record<string, string> };

export function isRightAnswer(step: Pick<Step, 'ask' | 'expect'>, r: AskResponse): boolean {
  const ask = step.ask;
  if (!ask) return false;
  if ('choice' in r) return ask.choices !== undefined && r.choice === ask.answer;
  const inputs = predictionInputs(step);
  return (
    inputs.length > 0 && inputs.every((i) => samePrediction(r.values[i.field] ?? '', i.expected))
  );
}
