/**
 * Every kernel function faultline names exists where it says (issue 13): every `fn` and `path`
 * entry of every event the corpus and the built-in lessons produce, every function a lesson's text
 * or an event's rule names, and every function docs/ names in code spans, is defined in the kernel
 * version faultline models (the generated lists beside this file), or belongs to the refpage patch,
 * or is something the CPU does (src/engine/names.ts). The counts printed are the issue's figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventSentence } from '../../engine';
import { DEFAULT_KERNEL } from '../../scenario/types';
import { CPU_ACTIONS, REFPAGE_PATCH_FUNCTIONS, nameOrigin } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import { stepsWithPaths } from '../../scenario/lesson';
import { kernelNames } from './lists';
import { KERNEL_VERSIONS, type KernelVersion } from './sources';
import { NOT_FUNCTIONS } from './vocabulary';
import { corpusAndLessonEvents } from './runs';
import { proseOf, sentenceSources } from './sentence-source';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** name → where it was seen (the first few places), for a readable failure. */
type Seen = Map<string, string[]>;
const note = (seen: Seen, name: string, where: string) => {
  const w = seen.get(name) ?? [];
  if (w.length < 3) w.push(where);
  seen.set(name, w);
};

/** snake_case words (the shape of a kernel function's name) in a text. */
const SNAKE = /\b[a-z_][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
const hex = (a: number) => `0x${a.toString(16)}`;

// Every event of every run: the corpus, then the lessons; its fn, its path, and the function
// names its sentence (src/engine/sentences.ts) says.
const eventNames: Seen = new Map();
/** The same names, by the kernel line each run modelled (a scenario's machine.kernel). */
const eventNamesByKernel = new Map<string, Seen>();
const sentenceNames: Seen = new Map();
/** What a run's sentences say, by the kernel line it modelled: a line's own names are checked there. */
const sentenceNamesByKernel = new Map<string, Seen>();
const { runs, events: seenEvents } = corpusAndLessonEvents(root);
const events = seenEvents.length;
for (const { e, where, kernel } of seenEvents) {
  let mine = eventNamesByKernel.get(kernel);
  if (!mine) eventNamesByKernel.set(kernel, (mine = new Map()));
  for (const seen of [eventNames, mine]) {
    note(seen, e.fn, `${where}.fn`);
    for (const p of e.path ?? []) note(seen, p, `${where}.path`);
  }
  let said = sentenceNamesByKernel.get(kernel);
  if (!said) sentenceNamesByKernel.set(kernel, (said = new Map()));
  for (const m of eventSentence(e, hex).matchAll(SNAKE)) {
    // The union, for the figures; a run of an older line may name that line's function.
    note(sentenceNames, m[0], `${where} sentence`);
    note(said, m[0], `${where} sentence`);
  }
}
// The sentences' words no run said (their source, every branch) are checked against the modelled line.
const sentenceSourceNames: Seen = new Map();
// The sentences' own words, in every branch (a branch no run takes is still read).
const body = (declaration: string) =>
  declaration.replace(/^export const \w+: Sentence<'\w+'> =/, '');
for (const src of sentenceSources(root))
  for (const p of proseOf(src.text).concat(body(src.text).match(/'[^'\n]*'|`[^`]*`/g) ?? []))
    for (const m of p.matchAll(SNAKE))
      note(sentenceSourceNames, m[0], `${src.file} ${src.kind} sentence`);

// The names the engine's source writes where an event's fn or path is made (`fn: '...'`,
// `path: [...]`), in its tables of names (constants named *_FN, *_PATH, *_FAULT, *_SIGNAL) and in
// the arrays a function returns (arch/fault_entry.ts):
// a branch no corpus scenario or lesson takes is still checked.
const sourceNames: Seen = new Map();
const engineFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'test-support' // steps and runners for tests: no event is made there
        ? []
        : engineFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.includes('test')
        ? [join(dir, e.name)]
        : [],
  );
for (const f of engineFiles(join(root, 'src', 'engine'))) {
  // Without comments, whose apostrophes would pair up with quotes.
  const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const spots = [
    ...text.matchAll(/\b(?:fn|path|via|by|chain)\s*[:=]\s*(\[[^\]]*\]|'[^']*')/g),
    ...text.matchAll(
      /\bconst [A-Z0-9_]*(?:FN|PATH|FAULT|SIGNAL)(?:: [^=]+)? = (\[[^\]]*\]|\{[^}]*\})/g,
    ),
    ...text.matchAll(/\breturn\s*(\[[^\]]*\])/g),
    // A file of nothing but the architecture's function names.
    ...(f.endsWith('fault_entry.ts')
      ? [['', text.replace(/^(?:import|type) .*$/gm, '').replace(/'(arm64|x86_64)'/g, '')]]
      : []),
  ];
  for (const m of spots)
    for (const q of m[1]!.matchAll(/'([^']+)'/g))
      if (!/^[A-Z0-9_]+$/.test(q[1]!) || CPU_ACTIONS.includes(q[1]!))
        note(sourceNames, q[1]!, relative(root, f));
}

// Function names in the lessons' words: title, intro, sources, notes, and every step's note,
// narration (say) and question (prompt, choices, why), for every built-in lesson (lessons/*.fl and
// those still moving there, as the app sees them).
const LESSONS = readBuiltinLessons();
const lessonNames: Seen = new Map();
for (const l of LESSONS) {
  const texts: [string, string][] = [
    ['title', l.title],
    ['intro', l.intro],
    ['notes', l.doc.notes ?? ''],
    ...(l.doc.lesson?.sources ?? []).map((src, i) => [`source ${i}`, src] as [string, string]),
  ];
  for (const { step, path } of stepsWithPaths(l.doc.steps)) {
    texts.push([`${path} note`, step.note ?? ''], [`${path} say`, step.say ?? '']);
    const ask = step.ask;
    if (ask)
      texts.push(
        [`${path} ask`, ask.prompt],
        [`${path} why`, ask.why ?? ''],
        ...(ask.choices ?? []).map((c, i) => [`${path} choice ${i}`, c] as [string, string]),
      );
  }
  for (const [where, text] of texts)
    for (const m of text.matchAll(SNAKE)) note(lessonNames, m[0], `lesson ${l.id} ${where}`);
}

// Function names docs/ and the README put in code spans.
const docNames: Seen = new Map();
for (const f of [
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'README.md',
]) {
  const text = readFileSync(join(root, f), 'utf8');
  for (const span of text.matchAll(/`([^`\n]+)`/g))
    for (const m of span[1]!.matchAll(SNAKE)) note(docNames, m[0], f);
}

/** Whether `name` is a function Linux `version` defines (a syscall may be named as user space calls it). */
function defined(version: KernelVersion, name: string): boolean {
  const names = kernelNames(version);
  return names.has(name) || names.has(`sys_${name}`);
}

/** The names in `seen` that are neither defined in `version`, nor the patch's, nor the CPU's. */
function unknown(seen: Seen, version: KernelVersion, words = false): string[] {
  return [...seen]
    .filter(
      ([n]) =>
        nameOrigin(n) === 'mainline' && !defined(version, n) && !(words && NOT_FUNCTIONS.has(n)),
    )
    .map(([n, w]) => `${n} (${w.join('; ')})`);
}

const modelled = DEFAULT_KERNEL as KernelVersion;

describe(`kernel names exist in Linux ${modelled}, the kernel faultline models`, () => {
  it('the modelled kernel has a name list', () => {
    expect(KERNEL_VERSIONS).toContain(modelled);
  });

  it(`every fn and path entry of ${events} events (corpus and lessons) names a function its run's kernel defines`, () => {
    expect(events).toBeGreaterThan(1000);
    for (const [kernel, seen] of eventNamesByKernel) {
      expect(KERNEL_VERSIONS as readonly string[], kernel).toContain(kernel);
      expect(unknown(seen, kernel as KernelVersion), `Linux ${kernel}`).toEqual([]);
    }
    const fns = (seen: Seen) => [...seen.keys()].filter((n) => !NOT_FUNCTIONS.has(n));
    const all = new Set([
      ...eventNames.keys(),
      ...sourceNames.keys(),
      ...fns(sentenceNames),
      ...fns(sentenceSourceNames),
      ...fns(lessonNames),
    ]);
    console.log(
      `runs per kernel line: ${[...eventNamesByKernel].map(([k, seen]) => `${k}: ${seen.size} fn/path names`).join(', ')}`,
    );
    console.log(
      `names checked against Linux ${modelled}: ${all.size} distinct (${eventNames.size} fn/path names in ${events} events of ${runs} runs, ${sourceNames.size} in the engine's source, ${new Set([...sentenceNames.keys(), ...sentenceSourceNames.keys()]).size} words in the sentences, ${lessonNames.size} in the lessons); ${docNames.size} in docs against any listed kernel`,
    );
  });

  it("every function an event's sentence names exists in the modelled kernel", () => {
    expect(sentenceNames.has('wp_can_reuse_anon_folio')).toBe(true);
    expect(unknown(sentenceSourceNames, modelled, true)).toEqual([]);
    for (const [kernel, seen] of sentenceNamesByKernel)
      expect(unknown(seen, kernel as KernelVersion, true), `Linux ${kernel}`).toEqual([]);
  });

  it("every name the engine writes in an fn, a path or a table of names is defined, or the patch's, or the CPU's", () => {
    for (const n of [
      'exc_page_fault',
      'do_translation_fault',
      'bad_area_nosemaphore',
      'userfaultfd_copy',
    ])
      expect(sourceNames.has(n), n).toBe(true);
    expect(unknown(sourceNames, modelled)).toEqual([]);
  });

  it("every function a lesson's text names exists in the modelled kernel", () => {
    expect(unknown(lessonNames, modelled, true)).toEqual([]);
  });

  it('every function docs/ and the README name in code spans exists in a kernel faultline has a list for', () => {
    // docs/kernel-versions.md speaks of older kernels' functions too.
    const nowhere = KERNEL_VERSIONS.map((v) => new Set(unknown(docNames, v, true)));
    expect([...nowhere[0]!].filter((n) => nowhere.every((s) => s.has(n)))).toEqual([]);
  });

  it('the refpage patch functions are absent from every mainline list (so they link to the patch)', () => {
    for (const v of KERNEL_VERSIONS)
      expect(REFPAGE_PATCH_FUNCTIONS.filter((n) => kernelNames(v).has(n))).toEqual([]);
  });

  it('CPU actions are not kernel function names', () => {
    for (const v of KERNEL_VERSIONS)
      expect(CPU_ACTIONS.filter((n) => kernelNames(v).has(n))).toEqual([]);
  });

  it('the vocabulary of words that are not functions holds no function of the modelled kernel', () => {
    expect([...NOT_FUNCTIONS].filter((w) => kernelNames(modelled).has(w))).toEqual([]);
  });
});

describe('the same names in the other kernels faultline has lists for (issue 10 models them)', () => {
  // What a run of that version names differently is engine/kernel/names.ts. Every name it lacks
  // must be a version difference (defined in the modelled kernel, or an older line's name for
  // it), never a typo.
  for (const v of KERNEL_VERSIONS.filter((v) => v !== modelled)) {
    it(`Linux ${v}: the names it lacks are ones later kernels introduced`, () => {
      const all = new Map([...eventNames, ...sourceNames]);
      const missing = unknown(all, v).map((s) => s.split(' ')[0]!);
      // A name a run of an older line uses instead (engine/kernel/names.ts) is that line's.
      expect(missing.filter((n) => !KERNEL_VERSIONS.some((k) => defined(k, n)))).toEqual([]);
      console.log(
        `names checked against Linux ${v}: ${all.size}; ${missing.length} not defined there: ${missing.join(' ') || 'none'}`,
      );
    });
  }
});
