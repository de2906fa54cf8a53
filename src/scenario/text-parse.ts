/**
 * Parses the text form (grammar: text.ts, docs/text-form.md) into a scenario document.
 *
 * Syntax only: the result still goes through migrate and validate (load.ts), which report
 * errors by JSON path; `positions` maps each path to its line and column so those errors can
 * name where they are in the text too. Syntax errors are ScenarioError with where `line:column`.
 */
import { FORMAT_VERSION, ScenarioError, type ScenarioDocument } from './types';
import { CALLS, fieldsOf } from './calls';
import {
  decodeLessonLine,
  decodeLines,
  JSON_NUMBER,
  LITERALS,
  lineAfterPrefix,
  skipCharLiteral,
} from './text-lex';
import { readExpect as readExpectText } from './text-expect';

export interface TextPosition {
  line: number;
  col: number;
}
export interface ParsedText {
  doc: ScenarioDocument;
  /** `steps[3]`, `steps[3].length`, `machine`, … → where it was written. */
  positions: Record<string, TextPosition>;
}

type Json = Record<string, unknown>;
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;
const MAX_BLOCK_DEPTH = 32;
const IDENT_AT = /[A-Za-z_][A-Za-z0-9_]*/y;
/** A lesson line: `say:`, `ask:` and its parts, or the lesson's `intro:` and `source:`. */
const ANNOTATION_AT = /(say|ask|choice|answer|fields|why|intro|source):/y;
type AnnotationKind = 'say' | 'ask' | 'choice' | 'answer' | 'fields' | 'why' | 'intro' | 'source';

/** The lesson lines read before a statement, attached to it when it comes (format, "Lessons"). */
interface Pending {
  say?: { lines: string[]; at: number };
  ask?: {
    at: number;
    prompt: string[];
    choices: { text: string; at: number }[];
    answer?: { index: number; at: number };
    fields?: { value: unknown; at: number };
    why?: { lines: string[]; at: number };
  };
  /** The kind and line of the last lesson line, so that consecutive lines of one field join. */
  last?: { kind: AnnotationKind; line: number };
}
const FORBIDDEN_IN_BARE = '"#\n;{}[]=';

export function parseText(src: string): ScenarioDocument {
  return parseTextWithPositions(src).doc;
}

export function parseTextWithPositions(input: string): ParsedText {
  if (input.length > MAX_TEXT_LENGTH) {
    throw new ScenarioError('1:1', `text longer than ${MAX_TEXT_LENGTH} characters`);
  }
  const src = input.replace(/\r\n?/g, '\n');
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const positions: Record<string, TextPosition> = {};
  const procs = new Set<string>(['main']);
  const doc: Json = { faultline: FORMAT_VERSION };
  const notesLines: string[] = [];
  let pos = 0;
  let sawContent = false;
  let sawVersion = false;
  let sawLessonLine = false;
  let introLines: { lines: string[]; at: number } | undefined;

  const at = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };
  const fail = (offset: number, msg: string): never => {
    const p = at(offset);
    throw new ScenarioError(`${p.line}:${p.col}`, msg);
  };
  const mark = (path: string, offset: number): void => {
    positions[path] = at(offset);
  };
  const peekChar = (): string => src[pos] ?? '';
  const shown = (): string => (pos >= src.length ? 'the end' : JSON.stringify(src[pos]));
  const skipSpaces = (): void => {
    while (src[pos] === ' ' || src[pos] === '\t') pos++;
  };
  const skipWs = (): void => {
    while (src[pos] === ' ' || src[pos] === '\t' || src[pos] === '\n') pos++;
  };
  const readIdent = (): string | undefined => {
    IDENT_AT.lastIndex = pos;
    const m = IDENT_AT.exec(src);
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const restOfLine = (): string => {
    const end = src.indexOf('\n', pos);
    const text = src.slice(pos, end < 0 ? src.length : end);
    pos = end < 0 ? src.length : end;
    return text;
  };
  const isAssign = (): boolean => src[pos] === '=' && src[pos + 1] !== '=' && src[pos + 1] !== '>';

  /** A JSON string literal starting at a quote, on one line. */
  const readString = (): string => {
    const start = pos;
    let i = pos + 1;
    while (i < src.length && src[i] !== '"' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    if (src[i] !== '"') fail(start, 'unterminated string');
    pos = i + 1;
    try {
      return JSON.parse(src.slice(start, pos)) as string;
    } catch {
      return fail(start, `bad string ${src.slice(start, pos)}`);
    }
  };

  /** Any JSON value (after `=>`, or a machine field); objects and arrays may span lines. */
  const readJson = (): unknown => {
    const start = pos;
    const c = peekChar();
    if (c === '"') return readString();
    if (c === '{' || c === '[') {
      let depth = 0;
      while (pos < src.length) {
        const ch = src[pos]!;
        if (ch === '"') {
          readString();
          continue;
        }
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
        pos++;
        if (depth === 0) break;
      }
      if (depth !== 0) fail(start, `unclosed ${c}`);
    } else {
      while (pos < src.length && !' \t\n,;#)]}'.includes(src[pos]!)) pos++;
    }
    const text = src.slice(start, pos);
    if (text === '') fail(start, `expected a JSON value, got ${shown()}`);
    try {
      return JSON.parse(text);
    } catch (e) {
      return fail(start, `bad JSON ${JSON.stringify(text.slice(0, 40))}: ${(e as Error).message}`);
    }
  };

  /** A name in a prefix, `as`, or a binding: an identifier or a JSON string. */
  const readName = (): string | undefined => (peekChar() === '"' ? readString() : readIdent());

  /**
   * A value: a JSON string; or bare text up to a `,` or `)` outside parentheses (or, for a
   * repeat count, the word `as` or `{`), read as a JSON number or literal when it is one and as
   * the string it spells otherwise.
   */
  const readValue = (forCount: boolean): { value: unknown; bare: string | undefined } => {
    const start = pos;
    if (peekChar() === '"') return { value: readString(), bare: undefined };
    let depth = 0;
    for (;;) {
      const c = src[pos];
      if (forCount && (c === undefined || c === '\n'))
        return fail(pos, 'expected "{" to open the repeat');
      if (c === undefined) return fail(pos, 'unexpected end of text');
      if (depth === 0 && !forCount && (c === ',' || c === ')')) break;
      if (depth === 0 && forCount) {
        if (c === '{') break;
        if (
          src.startsWith('as', pos) &&
          /[\s]/.test(src[pos - 1] ?? ' ') &&
          !/[A-Za-z0-9_]/.test(src[pos + 2] ?? '')
        )
          break;
      }
      if (c === "'") {
        pos = skipCharLiteral(src, pos);
        continue;
      }
      if (FORBIDDEN_IN_BARE.includes(c)) fail(pos, `unexpected ${JSON.stringify(c)} in a value`);
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) fail(pos, 'unbalanced ")"');
        depth--;
      }
      pos++;
    }
    const text = src.slice(start, pos).trim();
    if (text === '') fail(start, `expected a value, got ${shown()}`);
    if (JSON_NUMBER.test(text)) return { value: Number(text), bare: text };
    if (Object.hasOwn(LITERALS, text)) return { value: LITERALS[text], bare: text };
    return { value: text, bare: text };
  };

  const readPrefix = (step: Json): void => {
    const start = pos;
    pos++; // [
    skipSpaces();
    const a = readName();
    skipSpaces();
    if (peekChar() === ':') {
      pos++;
      skipSpaces();
      const b = readName();
      skipSpaces();
      if (a === undefined && b === undefined) fail(start, 'empty [:] prefix');
      if (a !== undefined) step.proc = a;
      if (b !== undefined) step.thread = b;
    } else {
      if (a === undefined) fail(pos, 'expected a thread or process name in [ ]');
      if (procs.has(a!)) step.proc = a;
      else step.thread = a;
    }
    if (peekChar() !== ']') fail(pos, `expected "]", got ${shown()}`);
    pos++;
  };

  const readArgs = (step: Json, path: string): void => {
    const call = CALLS[step.do as string]!;
    pos++; // (
    let index = 0;
    let named = false;
    const seen = new Set<string>();
    skipWs();
    if (peekChar() === ')') {
      pos++;
      return;
    }
    for (;;) {
      skipWs();
      const argStart = pos;
      let name: string | undefined;
      const ident = readIdent();
      if (ident !== undefined) {
        skipSpaces();
        if (isAssign()) {
          pos++;
          skipWs();
          name = ident;
        } else pos = argStart;
      }
      const valueStart = pos;
      if (name === undefined) {
        if (named) fail(argStart, 'a positional argument cannot follow a named one');
        const positional = call.positional;
        if (index >= positional.length) {
          fail(
            argStart,
            `too many arguments: ${String(step.do)} takes ${positional.join(', ') || 'none'} in order`,
          );
        }
        name = positional[index++]!;
        const { value, bare } = readValue(false);
        const spec = fieldsOf(step as { do: string })[name];
        if (!(spec?.absentAs !== undefined && bare === spec.absentAs)) {
          step[name] = value;
          mark(`${path}.${name}`, valueStart);
        }
      } else {
        named = true;
        if (seen.has(name) || step[name] !== undefined) fail(argStart, `${name} given twice`);
        step[name] = readValue(false).value;
        mark(`${path}.${name}`, valueStart);
      }
      seen.add(name);
      skipWs();
      if (peekChar() === ',') {
        pos++;
        continue;
      }
      if (peekChar() === ')') {
        pos++;
        return;
      }
      fail(pos, `expected "," or ")", got ${shown()}`);
    }
  };

  const readExpect = (step: Json, path: string): void => {
    skipSpaces();
    if (src.startsWith('=>', pos)) {
      pos += 2;
      skipSpaces();
      mark(`${path}.expect`, pos);
      const reader = {
        src,
        pos,
        fail,
        mark: (key: string, offset: number) => mark(`${path}.expect.${key}`, offset),
      };
      step.expect = readExpectText(reader);
      pos = reader.pos;
    }
  };

  const readNoteComment = (step: Json, path: string): void => {
    skipSpaces();
    if (peekChar() !== '#') return;
    const start = pos;
    const text = decodeComment(restOfLine().slice(1), start);
    if (text === undefined) return;
    if (step.note !== undefined) fail(start, 'a step has one note');
    step.note = text;
    mark(`${path}.note`, start);
  };

  const decodeComment = (raw: string, start: number): string | undefined => {
    const text = raw.trim();
    if (text === '') return undefined;
    if (!text.startsWith('"')) return text;
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'string') return v;
    } catch {
      /* reported below */
    }
    return fail(start, 'a comment starting with a quote must be one JSON string');
  };

  const readHeader = (word: string, start: number): void => {
    skipSpaces();
    if (word === 'faultline') {
      if (sawVersion) fail(start, 'faultline given twice');
      sawVersion = true;
      mark('faultline', pos);
      doc.faultline = readJson();
      return;
    }
    if (word === 'lesson') {
      if (sawLessonLine) fail(start, 'lesson given twice');
      sawLessonLine = true;
      mark('lesson', start);
      readKeyValues('lesson', lessonOf());
      return;
    }
    if (doc.machine !== undefined) fail(start, 'machine given twice');
    const machine: Json = {};
    mark('machine', start);
    readKeyValues('machine', machine);
    doc.machine = machine;
  };

  /** `key=value ...` to the end of the line: values JSON or a bare identifier. */
  const readKeyValues = (what: string, into: Json): void => {
    for (;;) {
      skipSpaces();
      const c = peekChar();
      if (c === '' || c === '\n' || c === '#' || c === ';') break;
      const keyStart = pos;
      const key = readIdent();
      if (key === undefined || !isAssign()) fail(keyStart, `expected key=value after ${what}`);
      pos++;
      if (Object.hasOwn(into, key!)) fail(keyStart, `${key} given twice`);
      mark(`${what}.${key}`, pos);
      const valueStart = pos;
      const word = readIdent();
      if (word !== undefined && !Object.hasOwn(LITERALS, word)) into[key!] = word;
      else {
        pos = valueStart;
        into[key!] = readJson();
      }
    }
  };

  const lessonOf = (): Json => {
    if (doc.lesson === undefined) doc.lesson = {};
    return doc.lesson as Json;
  };

  /** Multi-line text back from its lines (encodeLines). */
  const linesText = (_kind: string, lines: readonly string[], _at: number): string =>
    decodeLines(lines);

  /** One line of text after `choice:`, `answer:` or `source:`: raw, or a JSON string. */
  const oneLine = (kind: string, at: number): string => {
    const text = decodeLessonLine(restOfLine());
    if (text === '') fail(at, `an empty ${kind}:`);
    return text;
  };

  /** A lesson line at `pos` (ANNOTATION_AT matched); say and ask wait in `pending` for their step. */
  const readAnnotation = (kind: AnnotationKind, pending: Pending, depth: number): void => {
    const start = pos;
    const line = at(start).line;
    pos = ANNOTATION_AT.lastIndex;
    const follows = pending.last?.kind === kind && pending.last.line === line - 1;
    pending.last = { kind, line };
    const needAsk = (): NonNullable<Pending['ask']> => {
      if (!pending.ask) fail(start, `${kind}: belongs to a question: put it under an ask: line`);
      return pending.ask!;
    };
    switch (kind) {
      case 'say':
        if (pending.say && !follows)
          fail(start, 'a step has one say: (its lines go one after another)');
        pending.say ??= { lines: [], at: start };
        pending.say.lines.push(lineAfterPrefix(restOfLine()));
        return;
      case 'ask':
        if (pending.ask && !follows)
          fail(start, 'a step has one ask: (its lines go one after another)');
        pending.ask ??= { at: start, prompt: [], choices: [] };
        pending.ask.prompt.push(lineAfterPrefix(restOfLine()));
        return;
      case 'choice':
      case 'answer': {
        const ask = needAsk();
        if (kind === 'answer') {
          if (ask.answer) fail(start, 'a question has one answer: (the right choice)');
          ask.answer = { index: ask.choices.length, at: start };
        }
        skipSpaces();
        ask.choices.push({ text: oneLine(kind, start), at: start });
        return;
      }
      case 'fields': {
        const ask = needAsk();
        if (ask.fields) fail(start, 'fields given twice');
        skipSpaces();
        const valueAt = pos;
        const text = restOfLine().trim();
        let value: unknown;
        if (text.startsWith('[')) {
          try {
            value = JSON.parse(text);
          } catch (e) {
            fail(valueAt, `bad JSON list: ${(e as Error).message}`);
          }
        } else {
          value = text.split(',').map((f) => f.trim());
          if ((value as string[]).some((f) => f === ''))
            fail(valueAt, 'expected expected-result fields joined by ",": pages, rss.anon');
        }
        ask.fields = { value, at: valueAt };
        return;
      }
      case 'why': {
        const ask = needAsk();
        if (ask.why && !follows)
          fail(start, 'a question has one why: (its lines go one after another)');
        ask.why ??= { lines: [], at: start };
        ask.why.lines.push(lineAfterPrefix(restOfLine()));
        return;
      }
      case 'intro':
      case 'source': {
        if (depth > 0)
          fail(start, `${kind}: belongs to the lesson: write it at the top, outside any repeat`);
        const lesson = lessonOf();
        if (kind === 'source') {
          skipSpaces();
          const sources = (lesson.sources ??= []) as unknown[];
          if (!Array.isArray(sources)) fail(start, 'sources given twice');
          if (sources.length === 0) mark('lesson.sources', start);
          mark(`lesson.sources[${sources.length}]`, start);
          sources.push(oneLine(kind, start));
          return;
        }
        if (introLines && !follows)
          fail(start, 'intro given twice (its lines go one after another)');
        if (!introLines) {
          introLines = { lines: [], at: start };
          mark('lesson.intro', start);
        }
        introLines.lines.push(lineAfterPrefix(restOfLine()));
        return;
      }
    }
  };

  /** Gives the step the say and ask read before it. */
  const attach = (pending: Pending, step: Json, path: string): void => {
    if (pending.say) {
      step.say = linesText('say', pending.say.lines, pending.say.at);
      mark(`${path}.say`, pending.say.at);
    }
    const ask = pending.ask;
    if (ask) {
      const out: Json = { prompt: linesText('ask', ask.prompt, ask.at) };
      mark(`${path}.ask`, ask.at);
      mark(`${path}.ask.prompt`, ask.at);
      if (ask.choices.length > 0) {
        out.choices = ask.choices.map((c) => c.text);
        mark(`${path}.ask.choices`, ask.choices[0]!.at);
        ask.choices.forEach((c, i) => mark(`${path}.ask.choices[${i}]`, c.at));
      }
      if (ask.answer) {
        out.answer = ask.answer.index;
        mark(`${path}.ask.answer`, ask.answer.at);
      }
      if (ask.fields) {
        out.fields = ask.fields.value;
        mark(`${path}.ask.fields`, ask.fields.at);
      }
      if (ask.why) {
        out.why = linesText('why', ask.why.lines, ask.why.at);
        mark(`${path}.ask.why`, ask.why.at);
      }
      step.ask = out;
    }
    delete pending.say;
    delete pending.ask;
  };

  /** A say or ask left with no statement after it. */
  const dangling = (pending: Pending): void => {
    const p = pending.say ?? pending.ask;
    if (p)
      fail(
        p.at,
        `${pending.say ? 'say' : 'ask'}: needs a statement after it, the step it is about`,
      );
  };

  /** One statement; returns the step, or undefined for a header line. */
  const readStatement = (path: string, depth: number): Json | undefined => {
    const start = pos;
    const step: Json = {};
    if (peekChar() === '[') {
      readPrefix(step);
      skipSpaces();
    }
    const hasPrefix = Object.keys(step).length > 0;
    const wordStart = pos;
    let as: string | undefined;
    let word = peekChar() === '"' ? undefined : readIdent();
    if (word === undefined && peekChar() !== '"')
      fail(pos, `expected a call such as load(p), got ${shown()}`);
    skipSpaces();
    if (word === undefined || isAssign()) {
      if (word === undefined) {
        as = readString();
        skipSpaces();
        if (!isAssign()) fail(pos, `expected "=" after ${JSON.stringify(as)}`);
      } else as = word;
      pos++;
      skipSpaces();
      const callStart = pos;
      word = readIdent();
      if (word === undefined) fail(callStart, `expected a call after "=", got ${shown()}`);
      skipSpaces();
      if (peekChar() !== '(') fail(pos, `expected "(" after ${word}`);
    }
    // `repeat` starts a repeat even before a parenthesis: `repeat (n + 1)*2 {`.
    if (as === undefined && word === 'repeat') return readRepeat(step, start, path, depth);
    if (peekChar() !== '(') {
      if (
        as === undefined &&
        !hasPrefix &&
        (word === 'machine' || word === 'faultline' || word === 'lesson')
      ) {
        readHeader(word, start);
        return undefined;
      }
      fail(pos, `expected "(" after ${word}`);
    }
    if (!Object.hasOwn(CALLS, word!) || word === 'repeat') {
      fail(wordStart, `unknown call "${word}" (expected one of ${Object.keys(CALLS).join(', ')})`);
    }
    mark(path, start);
    step.do = word;
    if (as !== undefined) step.as = as;
    readArgs(step, path);
    readExpect(step, path);
    if (CALLS[word!]!.binds === 'process' && typeof step.as === 'string') procs.add(step.as);
    return step;
  };

  const readRepeat = (step: Json, start: number, path: string, depth: number): Json => {
    if (depth + 1 > MAX_BLOCK_DEPTH) fail(start, `repeats nested deeper than ${MAX_BLOCK_DEPTH}`);
    mark(path, start);
    step.do = 'repeat';
    skipSpaces();
    mark(`${path}.count`, pos);
    step.count = readValue(true).value;
    skipSpaces();
    if (src.startsWith('as', pos)) {
      pos += 2;
      skipSpaces();
      const name = readName();
      if (name === undefined) fail(pos, 'expected a name after "as"');
      step.as = name;
      skipSpaces();
    }
    if (peekChar() !== '{') fail(pos, `expected "{", got ${shown()}`);
    pos++;
    readNoteComment(step, path);
    step.steps = readBlock(`${path}.steps`, depth + 1, true);
    readExpect(step, path);
    return step;
  };

  /** Statements up to `}` (closing) or the end of the text. */
  const readBlock = (path: string, depth: number, closing: boolean): Json[] => {
    const steps: Json[] = [];
    const pending: Pending = {};
    let last: Json | undefined;
    let lastPath = '';
    for (;;) {
      skipSpaces();
      const c = peekChar();
      if (c === '') {
        if (closing) fail(pos, 'missing "}"');
        dangling(pending);
        return steps;
      }
      if (c === '\n') {
        pos++;
        last = undefined;
        continue;
      }
      if (c === ';') {
        pos++;
        continue;
      }
      if (c === '#') {
        if (last !== undefined) {
          readNoteComment(last, lastPath);
        } else if (src.startsWith('#!', pos) && depth === 0) {
          if (notesLines.length === 0) mark('notes', pos);
          const line = restOfLine().slice(2);
          notesLines.push((line.startsWith(' ') ? line.slice(1) : line).trimEnd());
        } else if (!sawContent && depth === 0) {
          const start = pos;
          const title = decodeComment(restOfLine().slice(1), start);
          if (title !== undefined) {
            doc.title = title;
            mark('title', start);
          }
        } else {
          restOfLine();
        }
        sawContent = true;
        continue;
      }
      sawContent = true;
      if (c === '}') {
        if (!closing) fail(pos, 'unexpected "}"');
        dangling(pending);
        pos++;
        return steps;
      }
      if (last === undefined) {
        ANNOTATION_AT.lastIndex = pos;
        const m = ANNOTATION_AT.exec(src);
        if (m) {
          readAnnotation(m[1] as AnnotationKind, pending, depth);
          continue;
        }
      }
      const stepPath = `${path}[${steps.length}]`;
      const step = readStatement(stepPath, depth);
      if (step !== undefined) {
        attach(pending, step, stepPath);
        steps.push(step);
        last = step;
        lastPath = stepPath;
      } else dangling(pending);
      skipSpaces();
      const next = peekChar();
      if (next !== '' && next !== '\n' && next !== ';' && next !== '#' && next !== '}') {
        fail(pos, `expected the end of the line, got ${shown()}`);
      }
    }
  };

  const steps = readBlock('steps', 0, false);
  if (notesLines.length === 1 && notesLines[0]!.trim().startsWith('"')) {
    const v: unknown = (() => {
      try {
        return JSON.parse(notesLines[0]!.trim());
      } catch {
        return undefined;
      }
    })();
    if (typeof v !== 'string') {
      const p = positions.notes!;
      throw new ScenarioError(
        `${p.line}:${p.col}`,
        'a #! line starting with a quote must be one JSON string',
      );
    }
    doc.notes = v;
  } else if (notesLines.length > 0) {
    doc.notes = notesLines.join('\n');
  }
  if (introLines) lessonOf().intro = linesText('intro', introLines.lines, introLines.at);
  doc.steps = steps;
  return { doc: doc as unknown as ScenarioDocument, positions };
}
