/**
 * Expectations in the text form: `=> ret=p, errno=EEXIST, value="aa"` rather than raw JSON.
 *
 *   expect := pair (',' pair)*                     on the statement's line (a comma may end a line)
 *           | object                              `{...}`: braces, or the JSON of older texts
 *   pair   := KEY ('=' | ':') value
 *   value  := JSON-STRING | NUMBER | true | false | null
 *           | WORD                                 a bare string: a letter or _, then letters,
 *                                                 digits, _, | and + (p+0x2000, EEXIST,
 *                                                 UFFD_FEATURE_MOVE|UFFD_FEATURE_POISON)
 *           | '{' (pair (',' pair)*)? '}'  |  '[' (value (',' value)*)? ']'
 *   KEY    := IDENT | JSON-STRING
 *
 * A superset of JSON, so every text written before this syntax (`=> {"ret":"p"}`) still reads
 * the same. The printer writes what reads back as the same value (checked by the property test in
 * text.property.test.ts): words bare, bytes and other text quoted, JSON numbers as they are.
 */
import { IDENT, JSON_NUMBER, LITERALS } from './text-lex';

/** A string the parser reads back from its bare spelling. */
const WORD = /^[A-Za-z_][A-Za-z0-9_|+]*$/;
/** Fields whose text is data (hex bytes, page letters), always quoted so it reads as data. */
const QUOTED_FIELDS: ReadonlySet<string> = new Set(['value', 'pages', 'content']);
/** Deeper than this is refused (a hostile text must not overflow the stack). */
export const MAX_EXPECT_NESTING = 64;

export function isBareWord(s: string): boolean {
  return WORD.test(s) && !Object.hasOwn(LITERALS, s);
}

function printKey(k: string): string {
  return IDENT.test(k) ? k : JSON.stringify(k);
}

function printValue(v: unknown, key: string | null): string {
  if (typeof v === 'string') {
    return isBareWord(v) && !(key !== null && QUOTED_FIELDS.has(key)) ? v : JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => printValue(x, key)).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{${printPairs(v as Record<string, unknown>)}}`;
  return JSON.stringify(v) ?? 'null';
}

function printPairs(o: Record<string, unknown>): string {
  return Object.keys(o)
    .map((k) => `${printKey(k)}=${printValue(o[k], k)}`)
    .join(', ');
}

/** The text after `=> `. A non-empty object prints as its pairs; anything else as one value. */
export function printExpect(expect: unknown): string {
  if (typeof expect === 'object' && expect !== null && !Array.isArray(expect)) {
    const o = expect as Record<string, unknown>;
    if (Object.keys(o).length > 0) return printPairs(o);
  }
  return printValue(expect, null);
}

/**
 * One field of an expectation as the text form writes it, for messages about a failed one:
 * `errno=EEXIST`, `out={copy=4096}`, or `no errno` when the step has no such field.
 */
export function printExpectField(field: string, value: unknown): string {
  return value === undefined ? `no ${field}` : printPairs({ [field]: value });
}

/** Where the reader is; `fail` throws with a line:column for an offset. */
export interface ExpectReader {
  src: string;
  pos: number;
  fail(offset: number, msg: string): never;
  /** Records where a key's value was written: `ret`, `out.copy`. */
  mark(path: string, offset: number): void;
}

const STOP = ' \t\n,;#)]}=:{["';

/** Reads an expectation starting at r.pos (after `=>` and spaces); leaves r.pos after it. */
export function readExpect(r: ExpectReader): unknown {
  const start = r.pos;
  if (r.src[r.pos] === '{') return readValue(r, 0, '');
  const key = tryKey(r);
  if (key === undefined) {
    r.pos = start;
    return readValue(r, 0, '');
  }
  r.pos = start;
  const out: Record<string, unknown> = {};
  for (;;) {
    readPair(r, out, 0, '');
    skipSpaces(r);
    if (r.src[r.pos] !== ',') return out;
    r.pos++;
    skipWs(r);
  }
}

function skipSpaces(r: ExpectReader): void {
  while (r.src[r.pos] === ' ' || r.src[r.pos] === '\t') r.pos++;
}
function skipWs(r: ExpectReader): void {
  while (r.src[r.pos] === ' ' || r.src[r.pos] === '\t' || r.src[r.pos] === '\n') r.pos++;
}

/** A key followed by `=` or `:`, or undefined (r.pos is then unspecified). */
function tryKey(r: ExpectReader): string | undefined {
  let key: string | undefined;
  if (r.src[r.pos] === '"') {
    try {
      key = readString(r);
    } catch {
      return undefined;
    }
  } else {
    const m = /[A-Za-z_][A-Za-z0-9_]*/y;
    m.lastIndex = r.pos;
    const hit = m.exec(r.src);
    if (!hit) return undefined;
    key = hit[0];
    r.pos += key.length;
  }
  skipSpaces(r);
  const c = r.src[r.pos];
  if ((c !== '=' && c !== ':') || r.src[r.pos + 1] === '>') return undefined;
  r.pos++;
  skipWs(r);
  return key;
}

function readPair(r: ExpectReader, into: Record<string, unknown>, depth: number, path: string) {
  const at = r.pos;
  const key = tryKey(r);
  if (key === undefined) {
    r.pos = at;
    const got = r.pos >= r.src.length ? 'the end' : JSON.stringify(r.src[r.pos]);
    r.fail(at, `expected name=value in the expectation, got ${got}`);
  }
  if (Object.hasOwn(into, key!)) r.fail(at, `${key} given twice in the expectation`);
  const keyPath = path ? `${path}.${key}` : key!;
  r.mark(keyPath, r.pos);
  // defineProperty: a key such as "__proto__" is data, as JSON.parse keeps it.
  Object.defineProperty(into, key!, {
    value: readValue(r, depth, keyPath),
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function readString(r: ExpectReader): string {
  const start = r.pos;
  let i = r.pos + 1;
  while (i < r.src.length && r.src[i] !== '"' && r.src[i] !== '\n') i += r.src[i] === '\\' ? 2 : 1;
  if (r.src[i] !== '"') r.fail(start, 'unterminated string');
  r.pos = i + 1;
  try {
    return JSON.parse(r.src.slice(start, r.pos)) as string;
  } catch {
    return r.fail(start, `bad string ${r.src.slice(start, r.pos)}`);
  }
}

function readValue(r: ExpectReader, depth: number, path: string): unknown {
  const start = r.pos;
  const c = r.src[r.pos];
  if (c === '"') return readString(r);
  if (c === '{' || c === '[') {
    if (depth >= MAX_EXPECT_NESTING)
      r.fail(start, `expectation nested deeper than ${MAX_EXPECT_NESTING} levels`);
    r.pos++;
    skipWs(r);
    const close = c === '{' ? '}' : ']';
    const out: Record<string, unknown> | unknown[] = c === '{' ? {} : [];
    if (r.src[r.pos] === close) {
      r.pos++;
      return out;
    }
    for (let i = 0; ; i++) {
      if (Array.isArray(out)) out.push(readValue(r, depth + 1, `${path}[${i}]`));
      else readPair(r, out, depth + 1, path);
      skipWs(r);
      const n = r.src[r.pos];
      if (n === ',') {
        r.pos++;
        skipWs(r);
        continue;
      }
      if (n === close) {
        r.pos++;
        return out;
      }
      if (n === undefined) r.fail(start, `unclosed ${c}`);
      r.fail(r.pos, `expected "," or "${close}", got ${JSON.stringify(n)}`);
    }
  }
  while (r.pos < r.src.length && !STOP.includes(r.src[r.pos]!)) r.pos++;
  const text = r.src.slice(start, r.pos);
  if (text === '') {
    const got = start >= r.src.length ? 'the end' : JSON.stringify(r.src[start]);
    return r.fail(start, `expected a value, got ${got}`);
  }
  if (JSON_NUMBER.test(text)) return Number(text);
  if (Object.hasOwn(LITERALS, text)) return LITERALS[text];
  if (WORD.test(text)) return text;
  return r.fail(start, `expected a value (a number, a word or a "string"), got ${text}`);
}
