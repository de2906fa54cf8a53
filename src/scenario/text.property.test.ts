/**
 * Property: for random valid documents, parseText(printText(doc)) deep-equals doc, and JSON
 * validation is idempotent. Steps are generated from the call schema (calls.ts), so a call added
 * there is covered here without a change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALLS, FLAG_TABLES, IOCTL_REQUESTS, type FieldSpec } from './calls';
import { ERRNO } from '../uapi';
import { parseText } from './text-parse';
import { printText } from './text-print';
import { validateDocument } from './validate';
import { KERNEL_VERSIONS, type Arch, type ScenarioDocument } from './types';

type Json = Record<string, unknown>;

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '"x"',
    '# y',
    '#!',
    'a\nb',
    ' lead',
    'trail ',
    '}',
    '=> {}',
    '[T]',
    'a:b',
    '\t',
  ),
);
const intValue = (names: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: -5, max: 1 << 30 }),
    fc.constantFrom(
      '4096',
      '4K',
      '0x10K',
      '007',
      '-1',
      ' 8 ',
      '(1 + 2)*3',
      'PAGE',
      'NULL',
      '2 *  PAGE',
      '1G',
    ),
    fc.constantFrom(...names).map((n) => `${n} + 0x1000`),
    fc.constantFrom(...names),
    fc.constantFrom(...names).map((n) => `(${n})-PAGE`),
  );
const flagsValue = (key: keyof typeof FLAG_TABLES): fc.Arbitrary<unknown> => {
  const table = FLAG_TABLES[key];
  return fc.oneof(
    fc.integer({ min: 0, max: 0xffff }),
    fc
      .subarray([...table.names], { minLength: 1, maxLength: Math.min(3, table.names.length) })
      .map((ns) => ns.join('|')),
    fc.constantFrom(...table.names).map((n) => ` ${n} | 0x10`),
  );
};
const hex = fc.uint8Array({ minLength: 1, maxLength: 6 }).chain((b) =>
  fc.boolean().map((upper) => {
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return upper ? h.toUpperCase() : h;
  }),
);
/** Strings that print bare, nearly bare, or must not: what the expectation printer decides on. */
const word = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.constantFrom('p', 'p+0x2000', 'EEXIST', 'A|B', 'true', 'null', '1e3', 'a b', 'x=', '_', '-1'),
);
const nested = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    word,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(word, fc.constant('__proto__')), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const expectation = fc.record(
  {
    ret: fc.oneof(fc.integer(), fc.constant(null), fc.string({ maxLength: 5 }), word),
    msgs: nested,
    errno: fc.constantFrom(null, ...Object.keys(ERRNO).slice(0, 20)),
    value: text,
    pages: fc.string({ maxLength: 6 }),
    out: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), text), { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);

function valueFor(spec: FieldSpec, names: readonly string[]): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'int':
      return intValue(names);
    case 'flags':
      return flagsValue(spec.table!);
    case 'bytes':
      return hex;
    case 'string':
      return text;
    default:
      return fc.constant(0);
  }
}

/** Fields of one call: required ones always, optional ones sometimes, one whole oneOf group. */
function fieldsFor(
  fields: Readonly<Record<string, FieldSpec>>,
  oneOf: readonly (readonly string[])[] | undefined,
  names: readonly string[],
): fc.Arbitrary<Json> {
  const grouped = new Set((oneOf ?? []).flat());
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    if (grouped.has(name) || spec.kind === 'request') continue;
    record[name] = valueFor(spec, names);
    if (spec.required) required.push(name);
  }
  const base = fc.record(record, { requiredKeys: required }) as fc.Arbitrary<Json>;
  if (!oneOf) return base;
  return fc.tuple(base, fc.constantFrom(...oneOf)).chain(([b, group]) =>
    fc.tuple(...group.map((f) => valueFor(fields[f]!, names))).map((vals) => {
      const out = { ...b };
      group.forEach((f, i) => (out[f] = vals[i]));
      return out;
    }),
  );
}

/** Narration as validation accepts it: not blank, backticks in pairs; lines that print raw or not. */
const narration = fc
  .oneof(
    text,
    fc.constantFrom(
      'The first read faults (`handle_mm_fault` → `do_anonymous_page`).',
      'two\nlines',
      'a\n\nparagraph',
      '"quoted" first',
      'x\n"quoted" second',
      '  indented',
      'trailing  ',
      'say: inside',
      'choice: x',
      '`MAP_PRIVATE` and `memset()`',
      '\u2028',
    ),
  )
  .filter((t) => t.trim() !== '' && [...t].filter((c) => c === '`').length % 2 === 0);
/** One line of choice text, possibly odd. */
const choiceText = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 6 }),
    fc.constantFrom('xs', ' ss', '"x"', 'a\nb', 'EEXIST', '0'),
  )
  .filter((t) => t.trim() !== '');

/** A question: choices with the index of the right one, or a prediction of some expect fields. */
const question = (expect: Json | undefined): fc.Arbitrary<Json> => {
  const withChoices = fc.uniqueArray(choiceText, { minLength: 2, maxLength: 4 }).chain((choices) =>
    fc.record(
      {
        prompt: narration,
        choices: fc.constant(choices),
        answer: fc.integer({ min: 0, max: choices.length - 1 }),
        why: narration,
      },
      { requiredKeys: ['prompt', 'choices', 'answer'] },
    ),
  );
  const keys = Object.keys(expect ?? {});
  if (keys.length === 0) return withChoices;
  const prediction = fc.record(
    {
      prompt: narration,
      fields: fc.subarray(keys, { minLength: 1 }),
      why: narration,
    },
    { requiredKeys: ['prompt'] },
  );
  return fc.oneof(withChoices, prediction);
};

const common = (procs: readonly string[]): fc.Arbitrary<Json> =>
  fc
    .record(
      {
        thread: fc.oneof(
          fc.constantFrom('T1', 'main', 'c', 'x y', 'a:b', '"q"'),
          fc.string({ minLength: 1, maxLength: 5 }),
        ),
        proc: fc.constantFrom(...procs),
        note: text,
        expect: expectation,
        as: fc.constantFrom('p', 'u', 'x'),
        say: narration,
      },
      { requiredKeys: [] },
    )
    .chain((c) =>
      fc
        .option(question(c.expect as Json | undefined), { freq: 3 })
        .map((ask) => (ask === null ? c : { ...c, ask })),
    );

const tag = fc.constantFrom('zero-page', 'cow', 'real-systems', 'x1', 'a-b-c');
const lessonMeta = fc.record(
  {
    level: fc.constantFrom('intro', 'intermediate', 'advanced'),
    tags: fc.uniqueArray(tag, { maxLength: 3 }),
    intro: narration,
    sources: fc.array(
      fc
        .oneof(fc.constantFrom('seed 000', 'mm/memory.c', '"q"', ' x'), fc.string({ minLength: 1 }))
        .filter((t) => t.trim() !== ''),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

function leafStep(arch: Arch, names: readonly string[]): fc.Arbitrary<Json> {
  const calls = Object.keys(CALLS).filter(
    (c) => c !== 'repeat' && c !== 'fork' && (!CALLS[c]!.arch || CALLS[c]!.arch === arch),
  );
  return fc.constantFrom(...calls).chain((call) => {
    const spec = CALLS[call]!;
    if (call === 'ioctl') {
      return fc
        .constantFrom(...Object.keys(IOCTL_REQUESTS))
        .chain((request) =>
          fc
            .tuple(
              fieldsFor({ ...spec.fields, ...IOCTL_REQUESTS[request] }, undefined, names),
              common(['main', 'c']),
            )
            .map(([f, c]) => ({ do: call, request, ...f, ...c })),
        );
    }
    return fc
      .tuple(fieldsFor(spec.fields, spec.oneOf, names), common(['main', 'c']))
      .map(([f, c]) => ({ do: call, ...f, ...c }));
  });
}

function repeatStep(arch: Arch, depth: number): fc.Arbitrary<Json> {
  const inner = fc.boolean().chain((indexed) => {
    const names = indexed ? ['p', 'i'] : ['p'];
    const body =
      depth > 0
        ? fc.oneof(leafStep(arch, names), repeatStep(arch, depth - 1))
        : leafStep(arch, names);
    return fc
      .record(
        {
          count: intValue(['p']),
          steps: fc.array(body, { minLength: 1, maxLength: 3 }),
          note: text,
        },
        { requiredKeys: ['count', 'steps'] },
      )
      .map((r) => (indexed ? { do: 'repeat', ...r, as: 'i' } : { do: 'repeat', ...r }));
  });
  return inner;
}

const documents: fc.Arbitrary<ScenarioDocument> = fc
  .constantFrom<Arch>('x86_64', 'arm64')
  .chain((arch) => {
    const machine = fc.record(
      {
        arch: fc.constant(arch),
        pageSize: arch === 'arm64' ? fc.constantFrom(4096, 16384, 65536) : fc.constant(4096),
        mte: arch === 'arm64' ? fc.boolean() : fc.constant(false),
        frames: fc.integer({ min: 1, max: 2 ** 32 }),
        kernel: fc.constantFrom(...KERNEL_VERSIONS),
        memoryFailure: fc.boolean(),
      },
      { requiredKeys: arch === 'arm64' ? ['arch'] : [] },
    );
    const prelude = [
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
      },
      { do: 'userfaultfd', as: 'u' },
      { do: 'fork', as: 'c' },
    ];
    const step = fc.oneof(
      { weight: 4, arbitrary: leafStep(arch, ['p', 'u']) },
      { weight: 1, arbitrary: repeatStep(arch, 1) },
    );
    return fc
      .record(
        {
          title: text,
          notes: text,
          lesson: lessonMeta,
          machine,
          steps: fc.array(step, { maxLength: 8 }),
        },
        { requiredKeys: arch === 'arm64' ? ['steps', 'machine'] : ['steps'] },
      )
      .map((d) => {
        const doc = { faultline: 1, ...d, steps: [...prelude, ...d.steps] } as Json;
        if (arch === 'x86_64' && Math.abs(hashOf(doc)) % 2 === 0) delete doc.machine;
        return doc as unknown as ScenarioDocument;
      });
  });

/** Deterministic, so whether x86_64 documents carry a machine does not depend on Math.random. */
function hashOf(v: unknown): number {
  const s = JSON.stringify(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

describe('the text form, on random valid documents', () => {
  it('covers the lesson parts: lesson, say, questions with choices and predictions', () => {
    const docs = fc.sample(documents, { numRuns: 300, seed: 3 });
    const steps = docs.flatMap((d) => d.steps.flatMap((s) => (s.do === 'repeat' ? s.steps : [s])));
    expect(docs.filter((d) => d.lesson !== undefined).length).toBeGreaterThan(50);
    expect(steps.filter((s) => s.say !== undefined).length).toBeGreaterThan(100);
    expect(steps.filter((s) => s.ask?.choices).length).toBeGreaterThan(30);
    expect(steps.filter((s) => s.ask && !s.ask.choices).length).toBeGreaterThan(30);
    expect(steps.filter((s) => s.ask?.fields).length).toBeGreaterThan(10);
    expect(steps.some((s) => s.say?.includes('\n'))).toBe(true);
  });

  it('generates valid documents', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(validateDocument(doc)).toBe(doc);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
  it('parse(print(doc)) equals doc', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(parseText(printText(doc))).toEqual(doc);
      }),
      { numRuns: 500, seed: 42 },
    );
  });
  it('validating JSON is idempotent', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const once = validateDocument(JSON.parse(JSON.stringify(doc)));
        expect(validateDocument(JSON.parse(JSON.stringify(once)))).toEqual(once);
        expect(once).toEqual(doc);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
