/**
 * Lexical rules the text form's printer and parser share, kept in one place so that what the
 * printer writes bare is exactly what the parser reads back as the same value.
 */

export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** JSON's number syntax: a bare token of this shape is a JSON number, anything else a string. */
export const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/** Bare words that are JSON literals rather than strings. */
export const LITERALS: Readonly<Record<string, boolean | null>> = {
  true: true,
  false: false,
  null: null,
};
const BARE_CHARS = /^[A-Za-z0-9_ |+\-*/(),<>&^~%'\\#"]+$/;
/** Control characters and the line separators some editors break lines at. */
const hasControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
};

/**
 * The index just past the C character literal that opens at `i` (`'a'`, `'\\n'`, `','`), so that
 * a bare value may hold one; an unclosed literal runs to the end of its line, where the
 * expression parser reports it.
 */
export function skipCharLiteral(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== "'" && s[j] !== '\n') j += s[j] === '\\' ? 2 : 1;
  return s[j] === "'" ? j + 1 : j;
}

/**
 * Whether a string value can be written without quotes and read back as the same string:
 * trimmed, only expression and flags characters, parentheses balanced, no comma outside them
 * and character literals, `#` and `"` only inside character literals, and not a word the parser
 * reads as something else.
 */
export function isBareSafe(s: string, avoid: readonly string[] = []): boolean {
  if (s === '' || s !== s.trim() || !BARE_CHARS.test(s) || JSON_NUMBER.test(s)) return false;
  if (Object.hasOwn(LITERALS, s) || avoid.includes(s)) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const end = skipCharLiteral(s, i);
      if (s[end - 1] !== "'" || end - i < 3) return false;
      i = end - 1;
    } else if (c === '\\' || c === '#' || c === '"') return false;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
    else if (c === ',' && depth === 0) return false;
  }
  return depth === 0;
}

/** A name (as, thread, proc): bare when an identifier, else a JSON string. */
export function printName(name: unknown): string {
  return typeof name === 'string' && IDENT.test(name) ? name : JSON.stringify(name);
}

/**
 * One line of comment text (a title or a step note): raw when it reads back unchanged, else a
 * JSON string. Raw text is trimmed by the parser, and a leading quote means JSON.
 */
export function encodeCommentText(s: string): string {
  const raw = s !== '' && s === s.trim() && !hasControl(s) && !s.startsWith('"');
  return raw ? s : JSON.stringify(s);
}

/** Notes as `#!` lines: one per line of text when that is lossless, else one JSON line. */
export function encodeNotes(notes: string): string[] {
  return encodeLines('#!', notes, false);
}

/** Whether a (trimmed) line is one JSON string literal, which the lesson lines read as JSON. */
export function isJsonStringLine(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith('"')) return false;
  try {
    return typeof JSON.parse(t) === 'string';
  } catch {
    return false;
  }
}

/**
 * One line of a lesson's text (`choice:`, `answer:`, `source:`): raw when it reads back unchanged
 * (decodeLessonLine), else a JSON string. Unlike a comment, a raw line may start with a quote
 * (`"x" is private`) as long as the whole line is not one JSON string.
 */
export function encodeLessonLine(s: string): string {
  const raw = s !== '' && s === s.trim() && !hasControl(s) && !isJsonStringLine(s);
  return raw ? s : JSON.stringify(s);
}

/** A lesson line back: one JSON string literal is that string, anything else is the text. */
export function decodeLessonLine(raw: string): string {
  const t = raw.trim();
  return isJsonStringLine(t) ? (JSON.parse(t) as string) : t;
}

/**
 * Multi-line text after a line prefix (`#!`, `say:`, `why:`): one prefixed line per line of text
 * when that reads back unchanged (decodeLines), else one line holding a JSON string.
 */
export function encodeLines(prefix: string, text: string, lenient = true): string[] {
  const lines = text.split('\n');
  const quoted = lenient ? isJsonStringLine : (l: string) => l.trimStart().startsWith('"');
  const raw =
    text !== '' &&
    lines.every((l) => l === l.trimEnd() && !hasControl(l)) &&
    !(lines.length === 1 && quoted(lines[0]!));
  if (!raw) return [`${prefix} ${JSON.stringify(text)}`];
  return lines.map((l) => (l === '' ? prefix : `${prefix} ${l}`));
}

/** What follows a line prefix, as encodeLines wrote it: one space dropped, trailing blanks too. */
export function lineAfterPrefix(rest: string): string {
  return (rest.startsWith(' ') ? rest.slice(1) : rest).trimEnd();
}

/**
 * The lines after a prefix back into text (the lesson lines: say, ask, why, intro): one line
 * holding a JSON string is that string; otherwise the lines joined, quotes and all.
 */
export function decodeLines(lines: readonly string[]): string {
  if (lines.length === 1 && isJsonStringLine(lines[0]!)) {
    return JSON.parse(lines[0]!.trim()) as string;
  }
  return lines.join('\n');
}
