/**
 * Whether a lesson's questions are worth asking (issue 12): the student must not find the answer
 * in what they have read before the question is put (the title, the intro, the notes, the
 * narration of earlier steps, and the notes on the timeline up to the asked step). An automated
 * check can only look for the answer's own words, so it looks where that is telling and stays
 * quiet where it would be noise:
 * - a predicted value (`pages = xs`, `errno = EEXIST`, `value = c0ffee`, `rss.anon = 14`) that
 *   appears as a token of its own in the text read before; one-digit numbers, `true`, `false`
 *   and `null` are too common to tell;
 * - the right choice, when it is short (three words at most), appears as a phrase while none of
 *   the wrong choices does (text that names every choice gives nothing away).
 * The editor shows what it finds as a warning; the tests hold the built-in lessons to it.
 */
import { answerTexts, narrationPlain, stepsWithPaths } from './lesson';
import type { ScenarioDocument } from './types';

export interface AnswerLeak {
  /** The asked step's record path (`steps/4`). */
  path: string;
  /** The answer, as the text shows it. */
  answer: string;
  /** Where it was read: `the title`, `the intro`, `the say of steps/3`… */
  where: string;
}

const WORD = /[A-Za-z0-9_-]/;

/** `needle` in `hay` as a token of its own: not inside a longer word, number or pagemap string. */
export function containsToken(hay: string, needle: string): boolean {
  if (needle === '') return false;
  const h = hay.toLowerCase();
  const n = needle.toLowerCase();
  const edge = /^[.a-z0-9_-]/.test(n) ? /[.A-Za-z0-9_-]/ : WORD;
  for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) {
    const before = hay[i - 1] ?? ' ';
    const after = hay[i + n.length] ?? ' ';
    // A sentence's full stop after a word is an edge, not part of the token.
    const afterOk =
      !edge.test(after) ||
      (after === '.' && !/[.a-z0-9]/i.test(hay[i + n.length + 1] ?? ' ') && !n.startsWith('.'));
    if (!edge.test(before) && afterOk) return true;
  }
  return false;
}

/** Whether an answer is specific enough that finding it in the text means something. */
function telling(answer: string): boolean {
  const a = answer.trim();
  if (a.length < 2 && !/^[.zrxsp]$/.test(a)) return false;
  if (/^-?\d$/.test(a) || ['true', 'false', 'null', '0'].includes(a)) return false;
  return true;
}

const shortPhrase = (s: string): boolean => s.trim().split(/\s+/).length <= 3;

/** The answers a lesson gives away before asking; empty when every question is worth asking. */
export function answerLeaks(doc: ScenarioDocument): AnswerLeak[] {
  const read: { where: string; text: string }[] = [];
  if (doc.title) read.push({ where: 'the title', text: doc.title });
  if (doc.lesson?.intro) read.push({ where: 'the intro', text: narrationPlain(doc.lesson.intro) });
  if (doc.notes) read.push({ where: 'the notes', text: doc.notes });
  const leaks: AnswerLeak[] = [];
  const find = (needle: string): string | null =>
    read.find((r) => containsToken(r.text, needle))?.where ?? null;
  for (const { step, path } of stepsWithPaths(doc.steps)) {
    if (step.note) read.push({ where: `the note of ${path}`, text: step.note });
    const ask = step.ask;
    if (ask) {
      if (ask.choices) {
        const right = ask.choices[ask.answer ?? 0] ?? '';
        const wrong = ask.choices.filter((_, i) => i !== ask.answer);
        if (shortPhrase(right) && telling(right)) {
          const where = find(right);
          if (where && !wrong.some((w) => find(w))) leaks.push({ path, answer: right, where });
        }
      } else {
        for (const answer of answerTexts(step)) {
          if (!telling(answer)) continue;
          const where = find(answer);
          if (where) leaks.push({ path, answer, where });
        }
      }
    }
    if (step.say) read.push({ where: `the say of ${path}`, text: narrationPlain(step.say) });
  }
  return leaks;
}
