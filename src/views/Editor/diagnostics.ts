/**
 * Where an error goes in the editor's text, as character offsets: `line:column` from the text
 * parser, or a JSON path (`steps[3].length`, from validation or the run) mapped through the
 * parser's positions. Pure, so it is tested in Node without CodeMirror.
 */
import { printExpectField } from '../../scenario/text-expect';

export interface TextPos {
  line: number;
  col: number;
}

export interface Diag {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

/** Offsets of a line:column (1-based) in `text`, clamped; `to` runs to the end of the token. */
export function rangeAt(text: string, line: number, col: number): { from: number; to: number } {
  const lines = text.split('\n');
  const l = Math.min(Math.max(1, line), Math.max(1, lines.length));
  let from = 0;
  for (let i = 0; i < l - 1; i++) from += lines[i]!.length + 1;
  const lineText = lines[l - 1] ?? '';
  const c = Math.min(Math.max(1, col), lineText.length + 1);
  from += c - 1;
  const rest = lineText.slice(c - 1);
  const token = /^[A-Za-z0-9_]+|^"(?:[^"\\]|\\.)*"?|^\S/.exec(rest);
  const to = from + Math.max(1, token ? token[0].length : 1);
  return { from, to: Math.min(to, text.length) };
}

/** A `where` as a text position: `3:5`, or a JSON path looked up (longest prefix first). */
export function placeOf(where: string, positions: Record<string, TextPos>): TextPos | null {
  const m = /^(\d+):(\d+)$/.exec(where);
  if (m) return { line: Number(m[1]), col: Number(m[2]) };
  for (let w = where.replace(/^link\.doc\./, ''); w !== '';) {
    const p = positions[w];
    if (p) return p;
    const shorter = w.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (shorter === w) break;
    w = shorter;
  }
  return null;
}

/** `steps/2/steps/0` (a record's path) → `steps[2].steps[0]` (a validation path). */
export function recordPathToJsonPath(path: string): string {
  return path.replace(/\/?steps\/(\d+)/g, (_m, i, off) => `${off === 0 ? '' : '.'}steps[${i}]`);
}

export function diagnostics(
  text: string,
  positions: Record<string, TextPos>,
  error: { where: string; message: string } | null,
  failures: readonly { path: string; field: string; expected: unknown; actual: unknown }[],
  /** A lesson's questions whose answer the text before them gives away (lesson-quality.ts). */
  leaks: readonly { path: string; answer: string; where: string }[] = [],
): Diag[] {
  const out: Diag[] = [];
  if (error) {
    const p = placeOf(error.where, positions) ?? { line: 1, col: 1 };
    out.push({ ...rangeAt(text, p.line, p.col), severity: 'error', message: error.message });
  }
  for (const f of failures) {
    // At the field inside `=> ...` where the text names it; else at the step.
    const p = placeOf(`${recordPathToJsonPath(f.path)}.expect.${f.field}`, positions);
    if (!p) continue;
    out.push({
      ...rangeAt(text, p.line, p.col),
      severity: 'warning',
      message: `expectation failed: expected ${printExpectField(f.field, f.expected)}, got ${printExpectField(f.field, f.actual)}`,
    });
  }
  for (const l of leaks) {
    const p = placeOf(`${recordPathToJsonPath(l.path)}.ask`, positions);
    if (!p) continue;
    out.push({
      ...rangeAt(text, p.line, p.col),
      severity: 'warning',
      message: `this question's answer (${l.answer}) is already in ${l.where}: a student reads it before answering`,
    });
  }
  return out;
}
