/**
 * Prints a scenario document in the text form (grammar: text.ts, docs/text-form.md).
 * parseText(printText(doc)) deep-equals doc for every valid document.
 */
import { FORMAT_VERSION, type ScenarioDocument, type Step } from './types';
import { CALLS, COMMON_FIELDS, fieldsOf, type FieldSpec } from './calls';
import {
  encodeCommentText,
  encodeLessonLine,
  encodeLines,
  encodeNotes,
  IDENT,
  isBareSafe,
  printName,
} from './text-lex';
import { printExpect } from './text-expect';

type Json = Record<string, unknown>;
const INDENT = '  ';

export function printText(doc: ScenarioDocument): string {
  const lines: string[] = [];
  if (doc.title !== undefined) lines.push(`# ${encodeCommentText(doc.title)}`);
  if (doc.lesson !== undefined) lines.push(...printLesson(doc.lesson as Json));
  if (doc.notes !== undefined) lines.push(...encodeNotes(doc.notes));
  if (doc.faultline !== FORMAT_VERSION) lines.push(`faultline ${JSON.stringify(doc.faultline)}`);
  if (doc.machine !== undefined) lines.push(printMachine(doc.machine as Json));
  printSteps(doc.steps, '', new Set(['main']), lines);
  return lines.join('\n') + '\n';
}

function printMachine(m: Json): string {
  const parts = Object.entries(m).map(([k, v]) => `${k}=${printLiteral(v)}`);
  return ['machine', ...parts].join(' ');
}

/**
 * `lesson level=… tags=[…]`, then `intro:` lines and one `source:` line per source (format, "Lessons").
 * A value the lines cannot hold (an empty list of sources) stays on the lesson line as JSON.
 */
function printLesson(lesson: Json): string[] {
  const { intro, sources, ...rest } = lesson;
  const kv: Json = { ...rest };
  const extra: string[] = [];
  if (typeof intro === 'string') extra.push(...encodeLines('intro:', intro));
  else if (intro !== undefined) kv.intro = intro;
  if (Array.isArray(sources) && sources.length > 0 && sources.every((x) => typeof x === 'string'))
    extra.push(...sources.map((x) => `source: ${encodeLessonLine(x)}`));
  else if (sources !== undefined) kv.sources = sources;
  const parts = Object.entries(kv).map(
    ([k, v]) =>
      `${k}=${Array.isArray(v) && v.every((x) => typeof x === 'string') ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : printLiteral(v)}`,
  );
  return [['lesson', ...parts].join(' '), ...extra];
}

/** A step's question and narration, on the lines before it: `ask:` (with its parts), `say:`. */
function printLessonLines(step: Json, indent: string, lines: string[]): void {
  const ask = step.ask as Json | undefined;
  if (ask !== undefined) {
    const sub = indent + INDENT;
    lines.push(...encodeLines('ask:', String(ask.prompt)).map((l) => indent + l));
    const choices = Array.isArray(ask.choices) ? (ask.choices as unknown[]) : [];
    choices.forEach((c, i) =>
      lines.push(
        `${sub}${i === ask.answer ? 'answer:' : 'choice:'} ${encodeLessonLine(String(c))}`,
      ),
    );
    if (Array.isArray(ask.fields)) {
      const f = ask.fields as unknown[];
      const plain = f.every((x) => typeof x === 'string' && /^[A-Za-z0-9_.$-]+$/.test(x));
      lines.push(`${sub}fields: ${plain ? f.join(', ') : JSON.stringify(f)}`);
    }
    if (typeof ask.why === 'string')
      lines.push(...encodeLines('why:', ask.why).map((l) => sub + l));
  }
  if (typeof step.say === 'string')
    lines.push(...encodeLines('say:', step.say).map((l) => indent + l));
}

/** A header value: identifiers bare, everything else as JSON. */
function printLiteral(v: unknown): string {
  return typeof v === 'string' && IDENT.test(v) && !['true', 'false', 'null'].includes(v)
    ? v
    : JSON.stringify(v);
}

function printSteps(
  steps: readonly Step[],
  indent: string,
  procs: Set<string>,
  lines: string[],
): void {
  for (const step of steps) printStep(step as unknown as Json, indent, procs, lines);
}

/**
 * `[proc:thread]`, shortened to `[name]` where the reader can tell which it is: a known process
 * name (main or an earlier fork's `as`) in brackets is a process, anything else a thread.
 */
export function printPrefix(proc: unknown, thread: unknown, procs: ReadonlySet<string>): string {
  if (proc === undefined && thread === undefined) return '';
  if (proc !== undefined && thread !== undefined)
    return `[${printName(proc)}:${printName(thread)}] `;
  if (proc !== undefined) {
    return typeof proc === 'string' && procs.has(proc)
      ? `[${printName(proc)}] `
      : `[${printName(proc)}:] `;
  }
  return typeof thread === 'string' && procs.has(thread)
    ? `[:${printName(thread)}] `
    : `[${printName(thread)}] `;
}

function printNote(note: unknown): string {
  return typeof note === 'string' ? `  # ${encodeCommentText(note)}` : '';
}

function printStep(step: Json, indent: string, procs: Set<string>, lines: string[]): void {
  printLessonLines(step, indent, lines);
  const prefix = printPrefix(step.proc, step.thread, procs);
  if (step.do === 'repeat') {
    const as = step.as !== undefined ? ` as ${printName(step.as)}` : '';
    const count = printValue(step.count, { kind: 'int' }, ['as']);
    lines.push(`${indent}${prefix}repeat ${count}${as} {${printNote(step.note)}`);
    printSteps(
      Array.isArray(step.steps) ? (step.steps as Step[]) : [],
      indent + INDENT,
      procs,
      lines,
    );
    const expect = step.expect !== undefined ? ` => ${printExpect(step.expect)}` : '';
    lines.push(`${indent}}${expect}`);
    return;
  }
  const bind = step.as !== undefined ? `${printName(step.as)} = ` : '';
  const expect = step.expect !== undefined ? ` => ${printExpect(step.expect)}` : '';
  lines.push(
    `${indent}${prefix}${bind}${String(step.do)}(${printArgs(step, [])})${expect}${printNote(step.note)}`,
  );
  if (CALLS[step.do as string]?.binds === 'process' && typeof step.as === 'string')
    procs.add(step.as);
}

/** Positional arguments in the kernel's order while they are given, then `name=value`. */
function printArgs(step: Json, skip: readonly string[]): string {
  const call = Object.hasOwn(CALLS, step.do as string) ? CALLS[step.do as string] : undefined;
  const fields = fieldsOf(step as { do: string; request?: unknown });
  const given = (f: string): boolean => step[f] !== undefined && !skip.includes(f);
  const args: string[] = [];
  const done = new Set<string>([...COMMON_FIELDS, ...skip]);
  const positional = (call?.positional ?? []).filter((f) => !skip.includes(f));
  let last = -1;
  positional.forEach((f, i) => {
    if (given(f)) last = i;
  });
  for (let i = 0; i <= last; i++) {
    const f = positional[i]!;
    const spec = fields[f] ?? { kind: 'int' };
    if (given(f)) {
      args.push(printValue(step[f], spec, spec.absentAs ? [spec.absentAs] : []));
      done.add(f);
    } else if (spec.absentAs) {
      args.push(spec.absentAs);
    } else {
      break;
    }
  }
  const rest = [...Object.keys(fields), ...Object.keys(step)].filter(
    (k, i, all) => all.indexOf(k) === i,
  );
  for (const f of rest) {
    if (done.has(f) || !given(f)) continue;
    done.add(f);
    args.push(`${printName(f)}=${printValue(step[f], fields[f] ?? { kind: 'int' }, [])}`);
  }
  return args.join(', ');
}

/** Numbers as JSON numbers; expressions and flags bare when safe; text and bytes quoted. */
function printValue(v: unknown, spec: FieldSpec, avoid: readonly string[]): string {
  if (typeof v === 'string') {
    const bare =
      (spec.kind === 'int' || spec.kind === 'flags' || spec.kind === 'request') &&
      isBareSafe(v, avoid);
    if (bare && !/\bas\b/.test(v)) return v;
    return JSON.stringify(v);
  }
  return JSON.stringify(v) ?? 'null';
}
