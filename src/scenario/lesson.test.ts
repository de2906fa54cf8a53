import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load';
import { parseText } from './text-parse';
import { printText } from './text-print';
import { validateDocument } from './validate';
import {
  answerTexts,
  isLesson,
  kernelNameOf,
  lessonCounts,
  narrationNames,
  narrationParts,
  narrationPlain,
  withoutLesson,
} from './lesson';
import type { ScenarioDocument } from './types';

const TEXT = `# Copy or reuse?
lesson level=intro tags=["fork", "copy-on-write"]
intro: fork shares pages; the first write copies.
intro: A second line.
source: mm/memory.c: do_wp_page
source: "  a source with blanks  "
machine frames=64
say: A private mapping of two pages.
p = mmap(NULL, 2*PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)
store(p, "11")
child = fork()
ask: The child writes. Copy or reuse?
  choice: reuse
  answer: copy
  choice: neither
  why: The parent still maps the page: \`wp_page_copy\`.
say: \`do_wp_page\` finds the page shared, so it copies it.
[child] store(p, "22")
repeat 2 as i {
  ask: What does pagemap show?
    fields: pages
  say: Inside a repeat: every iteration.
  pagemap(p, 2*PAGE) => pages="x.", ret=0
}
`;

const DOC: ScenarioDocument = {
  faultline: 1,
  title: 'Copy or reuse?',
  lesson: {
    level: 'intro',
    tags: ['fork', 'copy-on-write'],
    intro: 'fork shares pages; the first write copies.\nA second line.',
    sources: ['mm/memory.c: do_wp_page', '  a source with blanks  '],
  },
  machine: { frames: 64 },
  steps: [
    {
      do: 'mmap',
      length: '2*PAGE',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      as: 'p',
      say: 'A private mapping of two pages.',
    },
    { do: 'store', addr: 'p', bytes: '11' },
    { do: 'fork', as: 'child' },
    {
      do: 'store',
      proc: 'child',
      addr: 'p',
      bytes: '22',
      ask: {
        prompt: 'The child writes. Copy or reuse?',
        choices: ['reuse', 'copy', 'neither'],
        answer: 1,
        why: 'The parent still maps the page: `wp_page_copy`.',
      },
      say: '`do_wp_page` finds the page shared, so it copies it.',
    },
    {
      do: 'repeat',
      count: 2,
      as: 'i',
      steps: [
        {
          do: 'pagemap',
          addr: 'p',
          length: '2*PAGE',
          expect: { pages: 'x.', ret: 0 },
          ask: { prompt: 'What does pagemap show?', fields: ['pages'] },
          say: 'Inside a repeat: every iteration.',
        },
      ],
    },
  ],
};

describe('the lesson syntax of the text form', () => {
  it('reads lesson, intro, source, say, ask, choice, answer, why and fields', () => {
    expect(parseText(TEXT)).toEqual(DOC);
    expect(validateDocument(parseText(TEXT))).toEqual(DOC);
  });

  it('prints them back as written', () => {
    expect(printText(DOC)).toBe(TEXT);
  });

  it('writes text that would not read back as one JSON string', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      steps: [
        {
          do: 'rss',
          expect: { rss: { anon: 0 } },
          say: 'trailing blank \nand\ta tab',
          ask: { prompt: '"quoted"', fields: ['rss.anon'], why: ' \n ' },
        },
      ],
    };
    const text = printText(doc);
    expect(text).toContain('say: "trailing blank \\nand\\ta tab"');
    expect(text).toContain('ask: "\\"quoted\\""');
    expect(text).toContain('  fields: rss.anon');
    expect(parseText(text)).toEqual(doc);
  });

  const err = (text: string): string => {
    try {
      loadScenario(text);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const MMAP = 'p = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)\n';

  it('names line and column for a question that cannot be asked', () => {
    expect(err(`${MMAP}ask: What?\nload(p)\n`)).toBe(
      "2:1: steps[1].ask: a question without choices asks for a prediction of the step's own expect, and this step has none",
    );
    expect(err(`${MMAP}ask: What?\n  choice: a\n  choice: b\nload(p)\n`)).toBe(
      '2:1: steps[1].ask.answer: missing: the index of the right choice (0 is the first)',
    );
    expect(err(`${MMAP}ask: What?\n  fields: rss\nload(p) => value="00"\n`)).toBe(
      '3:11: steps[1].ask.fields[0]: the step\'s expect has no "rss" (it has value)',
    );
    expect(err(`${MMAP}ask: What?\n  answer: a\n  answer: b\nload(p)\n`)).toBe(
      '4:3: a question has one answer: (the right choice)',
    );
    expect(err(`${MMAP}ask: What?\n  choice: a\n  answer: a\nload(p)\n`)).toBe(
      '4:3: steps[1].ask.choices[1]: "a" given twice',
    );
  });

  it('names line and column for lesson lines out of place', () => {
    expect(err(`${MMAP}  choice: a\nload(p)\n`)).toBe(
      '2:3: choice: belongs to a question: put it under an ask: line',
    );
    expect(err(`${MMAP}say: dangling\n`)).toBe(
      '2:1: say: needs a statement after it, the step it is about',
    );
    expect(err(`${MMAP}say: one\n\nsay: two\nload(p)\n`)).toBe(
      '4:1: a step has one say: (its lines go one after another)',
    );
    expect(err(`${MMAP}repeat 2 {\n  intro: no\n  load(p)\n}\n`)).toBe(
      '3:3: intro: belongs to the lesson: write it at the top, outside any repeat',
    );
    expect(err(`${MMAP}say: a \`code span\nload(p)\n`)).toBe(
      '2:1: steps[1].say: an unclosed `code` span (the backtick at character 3)',
    );
    expect(err(`lesson level=expert\n${MMAP}`)).toBe(
      '1:14: lesson.level: expected "intro", "intermediate", "advanced", got "expert"',
    );
    expect(err(`lesson tags=["Fork"]\n${MMAP}`)).toBe(
      '1:13: lesson.tags[0]: expected lower-case words joined by "-" (copy-on-write), got "Fork"',
    );
    expect(err(`${MMAP}say: on a repeat\nrepeat 2 {\n  load(p)\n}\n`)).toBe(
      '2:1: steps[1].say: a repeat has no say of its own; put it on the nested steps',
    );
  });
});

describe('a lesson in JSON', () => {
  const base = { faultline: 1, steps: [{ do: 'rss', expect: { rss: { anon: 0 } } }] };
  const bad =
    (patch: Record<string, unknown>, step: Record<string, unknown> = {}) =>
    () =>
      validateDocument({ ...base, ...patch, steps: [{ ...base.steps[0], ...step }] });

  it('refuses what a lesson does not have', () => {
    expect(bad({ lesson: { level: 'intro', order: 1 } })).toThrow(
      'lesson.order: unknown field (a lesson has level, tags, intro, sources)',
    );
    expect(bad({ lesson: { sources: ['', 'x'] } })).toThrow('lesson.sources[0]');
    expect(bad({}, { ask: { prompt: 'x', hint: 'y' } })).toThrow(
      'steps[0].ask.hint: unknown field (a question has prompt, choices, answer, fields, why)',
    );
    expect(bad({}, { ask: { prompt: 'x', choices: ['a'], answer: 0 } })).toThrow(
      'steps[0].ask.choices: expected 2 to 12 choices, got 1',
    );
    expect(bad({}, { ask: { prompt: 'x', choices: ['a', 'b'], answer: 2 } })).toThrow(
      'steps[0].ask.answer: expected the index of a choice, 0 to 1, got 2',
    );
    expect(bad({}, { ask: { prompt: 'x', answer: 0 } })).toThrow(
      'steps[0].ask.answer: an answer index needs choices',
    );
    expect(
      bad({}, { ask: { prompt: 'x', choices: ['a', 'b'], answer: 0, fields: ['rss'] } }),
    ).toThrow('steps[0].ask.fields: a question with choices is answered by its choice');
    expect(bad({}, { ask: { prompt: '  ' } })).toThrow('steps[0].ask.prompt: empty');
    expect(bad({}, { say: 3 })).toThrow('steps[0].say: expected text, got 3');
  });

  it('accepts a prediction of a nested field', () => {
    expect(() =>
      validateDocument({
        ...base,
        steps: [{ ...base.steps[0], ask: { prompt: 'RSS?', fields: ['rss.anon'] } }],
      }),
    ).not.toThrow();
  });
});

describe('narration', () => {
  it('is text and code spans; a lower-case name with _ or () links as a kernel function', () => {
    expect(
      narrationParts('The fault (`do_wp_page`) maps `MAP_PRIVATE` memory via `memset()`.'),
    ).toEqual([
      { kind: 'text', text: 'The fault (' },
      { kind: 'code', text: 'do_wp_page', fn: 'do_wp_page' },
      { kind: 'text', text: ') maps ' },
      { kind: 'code', text: 'MAP_PRIVATE', fn: null },
      { kind: 'text', text: ' memory via ' },
      { kind: 'code', text: 'memset()', fn: 'memset' },
      { kind: 'text', text: '.' },
    ]);
    expect(kernelNameOf('mmap')).toBeNull();
    expect(kernelNameOf('p + PAGE')).toBeNull();
    expect(kernelNameOf('struct uffd_msg')).toBeNull();
    expect(narrationNames('`a_b` then `a_b` and `c_d()`')).toEqual(['a_b', 'c_d']);
  });

  it('shows an unpaired backtick as text, never drops it', () => {
    expect(narrationParts('a ` b')).toEqual([{ kind: 'text', text: 'a ` b' }]);
    expect(narrationPlain('x `y` z')).toBe('x y z');
    expect(narrationPlain('<b>not html</b>')).toBe('<b>not html</b>');
  });
});

describe('a document as a lesson', () => {
  it('counts steps, narrated steps and questions, nested ones too', () => {
    expect(lessonCounts(DOC)).toEqual({ steps: 6, narrated: 3, questions: 2 });
    expect(isLesson(DOC)).toBe(true);
  });

  it('gives the answers as text', () => {
    expect(answerTexts(DOC.steps[3]!)).toEqual(['copy']);
    const repeat = DOC.steps[4]!;
    expect(repeat.do === 'repeat' && answerTexts(repeat.steps[0]!)).toEqual(['x.']);
  });

  it('strips to the scenario it is built on', () => {
    const plain = withoutLesson(DOC);
    expect(isLesson(plain)).toBe(false);
    expect(plain.title).toBe(DOC.title);
    expect(lessonCounts(plain)).toEqual({ steps: 6, narrated: 0, questions: 0 });
    expect(JSON.stringify(plain)).not.toMatch(/"say"|"ask"|"lesson"/);
  });
});

describe('the examples in the docs', () => {
  const section = (file: string): string => {
    const text = readFileSync(path.join(import.meta.dirname, '../../docs', file), 'utf8');
    const m = /\n## (?:\d+\. )?Lessons\n[\s\S]*?```(?:json)?\n([\s\S]*?)```/.exec(text);
    if (!m) throw new Error(`${file} has no example under "## Lessons"`);
    return m[1]!;
  };

  it('scenario-format.md: the JSON lesson validates', () => {
    const doc = loadScenario(section('scenario-format.md'), 'x.json');
    expect(lessonCounts(doc)).toEqual({ steps: 3, narrated: 1, questions: 2 });
  });

  it('text-form.md: the text lesson loads and prints back as written', () => {
    const text = section('text-form.md');
    const doc = loadScenario(text);
    expect(doc.lesson?.tags).toEqual(['fork', 'copy-on-write']);
    expect(printText(doc)).toBe(text);
  });
});
