/**
 * The text form's highlighting and completion for CodeMirror. Completion lists come from the
 * scenario module's tables (calls, ioctl requests, flag names), so a new call or flag appears
 * here without touching the editor.
 */
import { StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { CALLS, FLAG_TABLES, IOCTL_REQUESTS } from '../../scenario/calls';

const CALL_NAMES = new Set(Object.keys(CALLS));

const parser: StreamParser<{ inHeader: boolean }> = {
  startState: () => ({ inHeader: false }),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^0[xX][0-9a-fA-F]+|^\d+[KMG]?\b/)) return 'number';
    if (stream.match(/^=>/)) return 'operator';
    if (stream.match(/^\[[^\]]*\]/)) return 'meta';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (word) {
      const w = (word as RegExpMatchArray)[0];
      if (CALL_NAMES.has(w) || w === 'repeat') return 'keyword';
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

export function completeFaultline(ctx: CompletionContext): CompletionResult | null {
  const word = ctx.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  const line = ctx.state.doc.lineAt(ctx.pos);
  const before = line.text.slice(0, word.from - line.from);
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
