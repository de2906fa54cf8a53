/**
 * The text form's highlighting and completion for CodeMirror. Completion lists come from the
 * scenario module's tables (calls, ioctl requests, flag names), so a new call or flag appears
 * here without touching the editor.
 */
import { StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { CALLS, FLAG_TABLES, IOCTL_REQUESTS, RESULT_FIELDS } from '../../scenario/calls';
import { LESSON_LEVELS } from '../../scenario/types';

const CALL_NAMES = new Set(Object.keys(CALLS));

/** A lesson line (docs/text-form.md, "Lessons"): the word is a keyword, the rest is prose. */
const LESSON_LINE = /^(say|ask|choice|answer|why|fields|intro|source):/;

const parser: StreamParser<{ inHeader: boolean; prose: boolean }> = {
  startState: () => ({ inHeader: false, prose: false }),
  token(stream, state) {
    if (stream.sol()) state.prose = false;
    if (state.prose) {
      stream.skipToEnd();
      return 'string';
    }
    if (stream.eatSpace()) return null;
    if (stream.match(LESSON_LINE)) {
      state.prose = true;
      return 'keyword';
    }
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^0[xX][0-9a-fA-F]+|^\d+[KMG]?\b/)) return 'number';
    if (stream.match(/^=>/)) return 'operator';
    if (stream.match(/^\[[^\]]*\]/)) return 'meta';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (word) {
      const w = (word as RegExpMatchArray)[0];
      if (CALL_NAMES.has(w) || w === 'repeat' || w === 'lesson') return 'keyword';
      if (
        /^(UFFDIO_|PROT_|MAP_|MADV_|MREMAP_|MFD_|UFFD_|PR_|O_)/.test(w) ||
        w === 'NULL' ||
        w === 'PAGE'
      )
        return 'atom';
      if (stream.peek() === '=') return 'propertyName';
      return 'variableName';
    }
    stream.next();
    return null;
  },
};

export const faultlineLanguage = StreamLanguage.define(parser);

const callOptions = Object.keys(CALLS).map((label) => ({
  label,
  type: 'function',
  detail: 'call',
}));
const requestOptions = Object.keys(IOCTL_REQUESTS).map((label) => ({
  label,
  type: 'constant',
  detail: 'ioctl request',
}));
const flagOptions = Object.entries(FLAG_TABLES).flatMap(([table, t]) =>
  t.names.map((label) => ({ label, type: 'constant', detail: table })),
);
const extraOptions = ['NULL', 'PAGE', 'repeat'].map((label) => ({ label, type: 'keyword' }));
const ALL = [...callOptions, ...requestOptions, ...flagOptions, ...extraOptions];

/** Lesson lines, offered where a statement may start (docs/text-form.md, "Lessons"). */
const lessonLineOptions = [
  {
    label: 'say:',
    detail: "the step's narration",
    info: 'Shown when the cursor reaches the step below. `code` spans; `kernel_function` links to its source.',
  },
  {
    label: 'ask:',
    detail: 'a question before the step',
    info: "Then choice:/answer: lines, or fields: to predict the step's expect; why: explains.",
  },
  {
    label: 'lesson',
    detail: 'level=… tags=[…]',
    info: 'The document is a lesson: lesson level=intro tags=["fork"]',
  },
  { label: 'intro:', detail: 'what the lesson is about' },
  { label: 'source:', detail: 'what the lesson stands on' },
].map((o) => ({
  ...o,
  type: 'keyword',
  apply: o.label.endsWith(':') ? `${o.label} ` : `${o.label} `,
}));
/** Lines that belong under an `ask:`. */
const askPartOptions = [
  { label: 'choice:', detail: 'a wrong choice' },
  { label: 'answer:', detail: 'the right choice' },
  { label: 'fields:', detail: 'expected fields to predict' },
  { label: 'why:', detail: 'the explanation' },
].map((o) => ({ ...o, type: 'keyword', apply: `${o.label} ` }));
const levelOptions = LESSON_LEVELS.map((label) => ({ label, type: 'constant', detail: 'level' }));
const fieldOptions = RESULT_FIELDS.map((label) => ({
  label,
  type: 'property',
  detail: 'result field',
}));

/** Whether the lines above (skipping blanks) end in a question: `ask:` or one of its parts. */
function underAsk(ctx: CompletionContext, lineNumber: number): boolean {
  for (let n = lineNumber - 1; n >= 1; n--) {
    const t = ctx.state.doc.line(n).text.trim();
    if (t === '') continue;
    return /^(ask|choice|answer|why|fields):/.test(t);
  }
  return false;
}

export function completeFaultline(ctx: CompletionContext): CompletionResult | null {
  const line = ctx.state.doc.lineAt(ctx.pos);
  const head = line.text.slice(0, ctx.pos - line.from);
  // Inside a lesson line: the level after `lesson level=`, result fields after `fields:`.
  const lv = /^\s*lesson\b.*\blevel=([a-z]*)$/.exec(head);
  if (lv) return { from: ctx.pos - lv[1]!.length, options: levelOptions, validFor: /^[a-z]*$/ };
  const fl = /^\s*fields:(?:.*,)?\s*([A-Za-z_.]*)$/.exec(head);
  if (fl)
    return { from: ctx.pos - fl[1]!.length, options: fieldOptions, validFor: /^[A-Za-z_.]*$/ };
  if (LESSON_LINE.test(head.trim())) return null;
  const word = ctx.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  const before = line.text.slice(0, word.from - line.from);
  if (/^\s*$/.test(before)) {
    const lessonOpts = underAsk(ctx, line.number)
      ? [...askPartOptions, ...lessonLineOptions]
      : lessonLineOptions;
    return {
      from: word.from,
      options: [...lessonOpts, ...callOptions, ...extraOptions],
      validFor: /^[A-Za-z0-9_]*$/,
    };
  }
  // At the start of a statement (after an optional `name =` or `[thread]`): calls first.
  const atStatement = /^\s*(\[[^\]]*\]\s*)?([A-Za-z_][A-Za-z0-9_]*\s*=\s*)?$/.test(before);
  return {
    from: word.from,
    options: atStatement ? [...callOptions, ...extraOptions] : ALL,
    validFor: /^[A-Za-z0-9_]*$/,
  };
}

const CLASSED = new Set([
  'comment',
  'string',
  'number',
  'keyword',
  'atom',
  'meta',
  'propertyName',
  'operator',
]);

/**
 * Colours from the theme's CSS variables (classes `fl-tok-*` in app.css), so the text keeps its
 * contrast in light and dark. A highlighter is any object with `style(tags)`; reading a tag's
 * name (and its parents', in `set`) avoids a direct dependency on @lezer/highlight. Should a
 * future version hide the name, tokens simply render in the text colour.
 */
export const faultlineHighlight = syntaxHighlighting({
  style(tagList) {
    for (const t of tagList as readonly { name?: string; set?: readonly { name?: string }[] }[]) {
      for (const u of t.set ?? [t]) {
        if (u.name && CLASSED.has(u.name)) return `fl-tok-${u.name}`;
      }
    }
    return null;
  },
});
