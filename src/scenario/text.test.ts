import { describe, expect, it } from 'vitest';
import { parseText, printText } from './text';
import { loadScenario } from './load';
import { ScenarioError, type ScenarioDocument } from './types';

const roundTrip = (doc: ScenarioDocument): void => {
  expect(parseText(printText(doc))).toEqual(doc);
};
const syntaxError = (src: string): string => {
  try {
    parseText(src);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).message;
  }
  return 'no error';
};

describe('parseText', () => {
  it('reads the sketch of format section 8', () => {
    const doc = loadScenario(
      [
        '# Pattern-initialised heap with a reference page',
        'rfd = refpage_create("aa", 1, 0)',
        'p = mmap(NULL, 128K, PROT_READ|PROT_WRITE, MAP_PRIVATE, rfd, 0)',
        'load(p + 0x1000)',
        'store(p + 0x2000, "00")',
        '[T1] load(p)                          # on thread T1',
        'child = fork()',
        '[child] store(p, fill="aa", length=PAGE)   # in process "child"',
        'uffd = userfaultfd(O_CLOEXEC)',
        'ioctl(uffd, UFFDIO_COPY, dst=p, src=p, len=PAGE, mode=0)',
        'repeat 1000 as i { store(p + i*PAGE, "01") }',
      ].join('\n'),
    );
    expect(doc.title).toBe('Pattern-initialised heap with a reference page');
    expect(doc.steps[0]).toEqual({
      do: 'refpage_create',
      as: 'rfd',
      content: 'aa',
      size: 1,
      flags: 0,
    });
    expect(doc.steps[1]).toEqual({
      do: 'mmap',
      as: 'p',
      length: '128K',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE',
      fd: 'rfd',
      offset: 0,
    });
    expect(doc.steps[4]).toEqual({ do: 'load', thread: 'T1', addr: 'p', note: 'on thread T1' });
    expect(doc.steps[6]).toEqual({
      do: 'store',
      proc: 'child',
      addr: 'p',
      fill: 'aa',
      length: 'PAGE',
      note: 'in process "child"',
    });
    expect(doc.steps[8]).toEqual({
      do: 'ioctl',
      fd: 'uffd',
      request: 'UFFDIO_COPY',
      dst: 'p',
      src: 'p',
      len: 'PAGE',
      mode: 0,
    });
    expect(doc.steps[9]).toEqual({
      do: 'repeat',
      count: 1000,
      as: 'i',
      steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
    });
  });
  it('tells numbers from strings', () => {
    const doc = parseText('load(4096, "4096")\nload(4K, 007)\nload("p + 1", p + 1)');
    expect(doc.steps).toEqual([
      { do: 'load', addr: 4096, length: '4096' },
      { do: 'load', addr: '4K', length: '007' },
      { do: 'load', addr: 'p + 1', length: 'p + 1' },
    ]);
  });
  it('reads prefixes by what the names are', () => {
    const doc = parseText(
      'c = fork()\n[c] rss()\n[T] rss()\n[c:T] rss()\n[:c] rss()\n[c:] rss()\n[main] rss()\n["a b"] rss()',
    );
    expect(doc.steps.slice(1).map((s) => [s.proc, s.thread])).toEqual([
      ['c', undefined],
      [undefined, 'T'],
      ['c', 'T'],
      [undefined, 'c'],
      ['c', undefined],
      ['main', undefined],
      [undefined, 'a b'],
    ]);
  });
  it('reads headers, notes and semicolons', () => {
    const doc = parseText(
      '# T\n#! one\n#!\n#!   three\nmachine arch=arm64 pageSize=16384 mte=true kernel="6.18"\nrss(); rss()  # second\n# a comment, ignored\nrss()',
    );
    expect(doc).toEqual({
      faultline: 1,
      title: 'T',
      notes: 'one\n\n  three',
      machine: { arch: 'arm64', pageSize: 16384, mte: true, kernel: '6.18' },
      steps: [{ do: 'rss' }, { do: 'rss', note: 'second' }, { do: 'rss' }],
    });
  });
  it('reads expectations as JSON, including # and } inside strings', () => {
    const doc = parseText(
      'load(1) => {"value": "#}"}  # note\nrss() => {\n  "rss": {"anon": 1}\n}',
    );
    expect(doc.steps).toEqual([
      { do: 'load', addr: 1, expect: { value: '#}' }, note: 'note' },
      { do: 'rss', expect: { rss: { anon: 1 } } },
    ]);
  });
  it('reads expectations in their own syntax: name=value pairs, words bare', () => {
    const doc = parseText(
      'load(p) => value="aa", ret=p+0x2000  # note\n' +
        'rss() => rss={anon=1, file=0}, errno=null,\n    msgs=[{event=UFFD_EVENT_PAGEFAULT}]; rss()',
    );
    expect(doc.steps).toEqual([
      { do: 'load', addr: 'p', expect: { value: 'aa', ret: 'p+0x2000' }, note: 'note' },
      {
        do: 'rss',
        expect: {
          rss: { anon: 1, file: 0 },
          errno: null,
          msgs: [{ event: 'UFFD_EVENT_PAGEFAULT' }],
        },
      },
      { do: 'rss' },
    ]);
  });
  it('keeps a "__proto__" key as data, as JSON does', () => {
    const doc = parseText('rss() => out={"__proto__"=1}');
    expect(Object.keys((doc.steps[0]!.expect as { out: object }).out)).toEqual(['__proto__']);
  });
  it('refuses a deeply nested expectation without overflowing the stack', () => {
    expect(syntaxError(`rss() => ${'['.repeat(10_000)}`)).toMatch(/nested deeper than 64/);
  });
  it('reads a repeat note after { or after }', () => {
    expect(parseText('repeat 2 {  # a\n  rss()\n}').steps[0]).toEqual({
      do: 'repeat',
      count: 2,
      note: 'a',
      steps: [{ do: 'rss' }],
    });
    expect(parseText('repeat 2 { rss() }  # b').steps[0]).toEqual({
      do: 'repeat',
      count: 2,
      note: 'b',
      steps: [{ do: 'rss' }],
    });
    expect(parseText('repeat n*2 as k {\nrss()\n}').steps[0]).toEqual({
      do: 'repeat',
      count: 'n*2',
      as: 'k',
      steps: [{ do: 'rss' }],
    });
  });
  it('accepts CRLF line ends', () => {
    expect(parseText('# t\r\nrss()\r\n')).toEqual({
      faultline: 1,
      title: 't',
      steps: [{ do: 'rss' }],
    });
  });
});

describe('text syntax errors name line and column', () => {
  const cases: [string, string][] = [
    ['rss()\nfoo(1)', '2:1: unknown call "foo"'],
    ['load(p', '1:7: unexpected end of text'],
    ['load("a" b)', '1:10: expected "," or ")", got "b"'],
    ['load(addr=p, 4)', '1:14: a positional argument cannot follow a named one'],
    ['munmap(p, 1, 2)', '1:14: too many arguments: munmap takes addr, length in order'],
    ['load(addr=p, addr=q)', '1:14: addr given twice'],
    ['load("aa)', '1:6: unterminated string'],
    ['load(p) extra', '1:9: expected the end of the line, got "e"'],
    ['repeat 3 {\nrss()', '2:6: missing "}"'],
    ['}', '1:1: unexpected "}"'],
    ['load(p) => {"a": }', '1:18: expected a value, got "}"'],
    ['load(p) => ret=', '1:16: expected a value, got the end'],
    ['load(p) => ret=1, ret=2', '1:19: ret given twice in the expectation'],
    ['load(p) => ret=1,', '1:18: expected name=value in the expectation, got the end'],
    ['load(p) => ret=0x10', '1:16: expected a value (a number, a word or a "string"), got 0x10'],
    ['load(p) => {"a": 1', '1:12: unclosed {'],
    ['[] rss()', '1:2: expected a thread or process name in [ ]'],
    ['[T rss()', '1:4: expected "]", got "r"'],
    ['machine arch', '1:9: expected key=value after machine'],
    ['machine arch=arm64\nmachine arch=x86_64', '2:1: machine given twice'],
    ['load(p) # "unterminated', '1:9: a comment starting with a quote must be one JSON string'],
    ['load(a, b == c)', '1:11: unexpected "=" in a value'],
    ['x = 5', '1:5: expected a call after "=", got "5"'],
    ['repeat(3)', '1:10: expected "{" to open the repeat'],
    ['repeat 3\nrss()', '1:9: expected "{" to open the repeat'],
  ];
  for (const [src, message] of cases) {
    it(JSON.stringify(src), () =>
      expect(syntaxError(src)).toMatch(
        new RegExp('^' + message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      ),
    );
  }
  it('maps validation errors to the line and column of the field', () => {
    expect(() =>
      loadScenario('p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS)\nmunmap(p, abc)'),
    ).toThrow('2:11: steps[1].length: unbound name "abc"');
    expect(() => loadScenario('rss()\n  load()')).toThrow('2:3: steps[1].addr: load needs addr');
  });
  it('refuses deep nesting without overflowing the stack', () => {
    expect(syntaxError('repeat 1 {'.repeat(100))).toMatch(/nested deeper than 32/);
  });
});

describe('printText', () => {
  it('writes mmap with NULL for an absent addr, and quotes what would not read back', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      steps: [
        { do: 'mmap', length: 4096, prot: 'PROT_READ', flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'p' },
        { do: 'mmap', addr: 'NULL', length: '4096', prot: 1, flags: ' MAP_SHARED ', fd: 'p' },
        { do: 'load', addr: 'p', length: 'true' },
      ],
    };
    expect(printText(doc)).toBe(
      'p = mmap(NULL, 4096, PROT_READ, MAP_SHARED|MAP_ANONYMOUS)\n' +
        'mmap("NULL", "4096", 1, " MAP_SHARED ", p)\n' +
        'load(p, "true")\n',
    );
    roundTrip(doc);
  });
  it("writes expectations in the text form's own syntax, not JSON", () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      steps: [
        { do: 'load', addr: 'p', expect: { ret: 'p', value: 'aa' } },
        { do: 'rss', expect: { errno: 'EEXIST', ret: -1, rss: { anon: 2 }, blocked: true } },
        {
          do: 'rss',
          expect: { features: 'UFFD_FEATURE_MOVE|UFFD_FEATURE_POISON', ret: 'p+0x2000' },
        },
        {
          do: 'rss',
          expect: { msgs: [{ event: 'UFFD_EVENT_PAGEFAULT', address: 'p' }], ret: 'true' },
        },
        { do: 'rss', expect: { 'odd key': 'two words', errno: null } },
        { do: 'rss', expect: {} },
      ],
    };
    expect(printText(doc)).toBe(
      'load(p) => ret=p, value="aa"\n' +
        'rss() => errno=EEXIST, ret=-1, rss={anon=2}, blocked=true\n' +
        'rss() => features=UFFD_FEATURE_MOVE|UFFD_FEATURE_POISON, ret=p+0x2000\n' +
        'rss() => msgs=[{event=UFFD_EVENT_PAGEFAULT, address=p}], ret="true"\n' +
        'rss() => "odd key"="two words", errno=null\n' +
        'rss() => {}\n',
    );
    roundTrip(doc);
  });
  it('round-trips awkward titles, notes and names', () => {
    const awkward = ['', ' ', '"', '"q"', 'a\nb', '#', '#!', '\t', 'x ', '\u2028', 'é ✓'];
    for (const s of awkward) {
      roundTrip({
        faultline: 1,
        title: s,
        notes: s,
        steps: [{ do: 'rss', note: s, thread: s || 'x' }],
      });
    }
    roundTrip({ faultline: 1, notes: 'a\n"b"\n', steps: [] });
    roundTrip({ faultline: 1, notes: '"a"\nb', steps: [] });
    roundTrip({ faultline: 1, machine: {}, steps: [] });
  });
});
