import { describe, expect, it } from 'vitest';
import { checkDocument, validateDocument } from './validate';
import { ScenarioError } from './types';

type Json = Record<string, unknown>;
const doc = (steps: unknown[], extra: Json = {}): Json => ({ faultline: 1, ...extra, steps });
const anon = {
  do: 'mmap',
  length: 'PAGE',
  prot: 'PROT_READ|PROT_WRITE',
  flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
  as: 'p',
};
const uffd = { do: 'userfaultfd', as: 'uffd' };
const arm = { machine: { arch: 'arm64', mte: true } };

/** [what, document, the one message expected] */
const cases: [string, unknown, string][] = [
  ['not an object', [], 'a scenario is a JSON object'],
  ['no version', { steps: [] }, 'faultline: missing: a scenario starts with "faultline": 1'],
  [
    'version not an integer',
    { faultline: '1', steps: [] },
    'faultline: expected the format version, a positive integer, got "1"',
  ],
  [
    'version zero',
    { faultline: 0, steps: [] },
    'faultline: expected the format version, a positive integer, got 0',
  ],
  [
    'newer version',
    { faultline: 2, steps: [] },
    'faultline: this scenario was written by a newer faultline (format 2); this one reads up to 1',
  ],
  ['unknown top-level field', doc([], { titel: 'x' }), 'titel: unknown field'],
  ['title not text', doc([], { title: 5 }), 'title: expected text, got 5'],
  ['no steps', { faultline: 1 }, 'steps: missing: a scenario has a list of steps'],
  [
    'steps not a list',
    { faultline: 1, steps: {} },
    'steps: expected a list of steps, got an object',
  ],
  [
    'machine not an object',
    doc([], { machine: 'arm64' }),
    'machine: expected an object, got "arm64"',
  ],
  ['unknown machine field', doc([], { machine: { cpus: 4 } }), 'machine.cpus: unknown field'],
  [
    'bad arch',
    doc([], { machine: { arch: 'riscv' } }),
    'machine.arch: expected "x86_64" or "arm64", got "riscv"',
  ],
  [
    '16K pages on x86_64',
    doc([], { machine: { pageSize: 16384 } }),
    'machine.pageSize: expected 4096 on x86_64, got 16384',
  ],
  [
    'odd page size on arm64',
    doc([], { machine: { arch: 'arm64', pageSize: 8192 } }),
    'machine.pageSize: expected 4096 or 16384 or 65536 on arm64, got 8192',
  ],
  ['MTE on x86_64', doc([], { machine: { mte: true } }), 'machine.mte: MTE needs arch "arm64"'],
  [
    'mte not boolean',
    doc([], { machine: { arch: 'arm64', mte: 1 } }),
    'machine.mte: expected true or false, got 1',
  ],
  [
    'zero frames',
    doc([], { machine: { frames: 0 } }),
    'machine.frames: expected a positive integer up to 2^32, got 0',
  ],
  [
    'too many frames',
    doc([], { machine: { frames: 2 ** 32 + 1 } }),
    'machine.frames: expected a positive integer up to 2^32, got 4294967297',
  ],
  [
    'kernel not text',
    doc([], { machine: { kernel: 6.18 } }),
    'machine.kernel: unknown kernel 6.18: faultline models Linux 6.1, 6.6, 6.12, 6.18 (docs/kernel-versions.md)',
  ],
  [
    'memoryFailure not a boolean',
    doc([], { machine: { memoryFailure: 'y' } }),
    'machine.memoryFailure: expected true or false, got "y"',
  ],
  [
    'kernel not modelled',
    doc([], { machine: { kernel: '6.17' } }),
    'machine.kernel: unknown kernel "6.17": faultline models Linux 6.1, 6.6, 6.12, 6.18',
  ],
  ['step not an object', doc([5]), 'steps[0]: expected a step object, got 5'],
  ['no do', doc([{ addr: 0 }]), 'steps[0]: missing "do" (the call)'],
  [
    'unknown call',
    doc([{ do: 'mmapp' }]),
    'steps[0].do: unknown call "mmapp" (expected one of mmap, munmap,',
  ],
  [
    'unknown field',
    doc([anon, { do: 'munmap', addr: 'p', lenght: 4096 }]),
    'steps[1].lenght: unknown field',
  ],
  [
    'required field missing',
    doc([{ do: 'mmap', prot: 0, flags: 'MAP_PRIVATE|MAP_ANONYMOUS' }]),
    'steps[0].length: mmap needs length',
  ],
  [
    'bad expression',
    doc([anon, anon, anon, { do: 'munmap', addr: 'p', length: 'abc' }]),
    'steps[3].length: unbound name "abc" (no earlier step binds it with "as")',
  ],
  [
    'syntax error',
    doc([anon, { do: 'load', addr: 'p +' }]),
    'steps[1].addr: expected an integer expression, got "p +" (column 4:',
  ],
  [
    'boolean for an integer',
    doc([anon, { do: 'load', addr: true }]),
    'steps[1].addr: expected an integer expression, got true',
  ],
  [
    'fraction for an integer',
    doc([anon, { do: 'load', addr: 'p', length: 1.5 }]),
    'steps[1].length: expected an integer expression, got 1.5',
  ],
  [
    'unknown prot flag',
    doc([{ ...anon, prot: 'PROT_READ|PROT_WIRTE' }]),
    'steps[0].prot: unknown flag "PROT_WIRTE" (expected one of PROT_NONE,',
  ],
  [
    'prot name in flags',
    doc([{ ...anon, flags: 'MAP_PRIVATE|PROT_READ' }]),
    'steps[0].flags: unknown flag "PROT_READ" (expected one of MAP_SHARED,',
  ],
  [
    'unknown advice',
    doc([anon, { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_FORGET' }]),
    'steps[1].advice: unknown flag "MADV_FORGET"',
  ],
  [
    'unknown mremap flag',
    doc([anon, { do: 'mremap', old_address: 'p', old_size: 1, new_size: 2, flags: 'MREMAP_MOVE' }]),
    'steps[1].flags: unknown flag "MREMAP_MOVE"',
  ],
  [
    'unknown memfd flag',
    doc([{ do: 'memfd_create', name: 'm', flags: 'MFD_SECRET' }]),
    'steps[0].flags: unknown flag "MFD_SECRET"',
  ],
  [
    'memfd name not text',
    doc([{ do: 'memfd_create', name: 3 }]),
    'steps[0].name: expected text, got 3',
  ],
  [
    'unknown userfaultfd flag',
    doc([{ do: 'userfaultfd', flags: 'O_RDONLY' }]),
    'steps[0].flags: unknown flag "O_RDONLY" (expected one of O_NONBLOCK, O_CLOEXEC, UFFD_USER_MODE_ONLY)',
  ],
  [
    'unknown prctl option',
    doc([{ do: 'prctl', option: 'PR_SET_TAGGED', arg: 0 }]),
    'steps[0].option: unknown flag "PR_SET_TAGGED"',
  ],
  [
    'odd hex bytes',
    doc([anon, { do: 'store', addr: 'p', bytes: 'abc' }]),
    'steps[1].bytes: odd number of hex digits in "abc"',
  ],
  [
    'not hex bytes',
    doc([anon, { do: 'store', addr: 'p', bytes: 'zz' }]),
    'steps[1].bytes: expected hex bytes such as "aa00ff", got "zz"',
  ],
  [
    'empty bytes',
    doc([anon, { do: 'store', addr: 'p', bytes: '' }]),
    'steps[1].bytes: expected hex bytes such as "aa00ff", got ""',
  ],
  [
    'store with neither',
    doc([anon, { do: 'store', addr: 'p' }]),
    'steps[1]: store needs bytes, or fill and length',
  ],
  [
    'store with both',
    doc([anon, { do: 'store', addr: 'p', bytes: 'aa', fill: 'bb', length: 2 }]),
    'steps[1]: store takes bytes, or fill and length, not both',
  ],
  [
    'fill without length',
    doc([anon, { do: 'store', addr: 'p', fill: 'bb' }]),
    'steps[1].length: store needs length with fill',
  ],
  [
    'bytes with length',
    doc([anon, { do: 'store', addr: 'p', bytes: 'aa', length: 1 }]),
    'steps[1]: store takes bytes, or fill and length, not both',
  ],
  [
    'refpage with neither',
    doc([{ do: 'refpage_create', size: 1 }]),
    'steps[0]: refpage_create needs content, or content_addr',
  ],
  [
    'refpage with both',
    doc([anon, { do: 'refpage_create', content: 'aa', content_addr: 'p', size: 1 }]),
    'steps[1]: refpage_create takes content, or content_addr, not both',
  ],
  [
    'repeat without count',
    doc([{ do: 'repeat', steps: [{ do: 'rss' }] }]),
    'steps[0].count: repeat needs count',
  ],
  ['repeat without steps', doc([{ do: 'repeat', count: 2 }]), 'steps[0].steps: repeat needs steps'],
  [
    'repeat with no steps',
    doc([{ do: 'repeat', count: 2, steps: [] }]),
    'steps[0].steps: a repeat needs at least one step',
  ],
  [
    'repeat steps not a list',
    doc([{ do: 'repeat', count: 2, steps: 'rss' }]),
    'steps[0].steps: expected a list of steps, got "rss"',
  ],
  [
    'repeat with a thread',
    doc([{ do: 'repeat', count: 2, thread: 'T1', steps: [{ do: 'rss' }] }]),
    'steps[0].thread: a repeat has no thread of its own; put it on the nested steps',
  ],
  [
    'error inside a repeat',
    doc([anon, { do: 'repeat', count: 2, as: 'i', steps: [{ do: 'load', addr: 'p + j' }] }]),
    'steps[1].steps[0].addr: unbound name "j"',
  ],
  [
    'index out of scope',
    doc([
      anon,
      { do: 'repeat', count: 2, as: 'i', steps: [{ do: 'rss' }] },
      { do: 'load', addr: 'p + i' },
    ]),
    'steps[2].addr: unbound name "i"',
  ],
  [
    'name used before it is bound',
    doc([{ do: 'load', addr: 'p' }, anon]),
    'steps[0].addr: unbound name "p"',
  ],
  ['own binding not yet visible', doc([{ ...anon, addr: 'p' }]), 'steps[0].addr: unbound name "p"'],
  [
    'process name in an expression',
    doc([
      { do: 'fork', as: 'child' },
      { do: 'close', fd: 'child' },
    ]),
    'steps[1].fd: unbound name "child" ("child" names a process)',
  ],
  [
    'unknown process',
    doc([anon, { do: 'load', addr: 'p', proc: 'child' }]),
    'steps[1].proc: no process "child": name "main" or an earlier fork\'s "as"',
  ],
  [
    'thread not text',
    doc([anon, { do: 'load', addr: 'p', thread: 2 }]),
    'steps[1].thread: expected a thread name, got 2',
  ],
  [
    'empty thread name',
    doc([anon, { do: 'load', addr: 'p', thread: '' }]),
    'steps[1].thread: expected a thread name, got ""',
  ],
  [
    'as not a name',
    doc([{ ...anon, as: 'my p' }]),
    'steps[0].as: expected a name (letters, digits, _), got "my p"',
  ],
  ['as reserved', doc([{ ...anon, as: 'PAGE' }]), 'steps[0].as: "PAGE" is reserved'],
  [
    'fork as main',
    doc([{ do: 'fork', as: 'main' }]),
    'steps[0].as: "main" is the first process already',
  ],
  ['note not text', doc([{ do: 'rss', note: 1 }]), 'steps[0].note: expected text, got 1'],
  [
    'expect not an object',
    doc([{ do: 'rss', expect: 'ok' }]),
    'steps[0].expect: expected an object of result fields, got "ok"',
  ],
  [
    'unknown result field',
    doc([{ do: 'rss', expect: { errrno: 'EINVAL' } }]),
    'steps[0].expect.errrno: not a result field',
  ],
  [
    'unknown errno',
    doc([{ do: 'rss', expect: { errno: 'EWHAT' } }]),
    'steps[0].expect.errno: expected an errno name such as "EINVAL", or null, got "EWHAT"',
  ],
  [
    'ioctl without request',
    doc([uffd, { do: 'ioctl', fd: 'uffd' }]),
    'steps[1].request: ioctl needs request',
  ],
  [
    'unknown ioctl request',
    doc([uffd, { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_FOO' }]),
    'steps[1].request: unknown ioctl request "UFFDIO_FOO" (expected one of UFFDIO_API,',
  ],
  [
    'ioctl request as a number',
    doc([uffd, { do: 'ioctl', fd: 'uffd', request: 0xc028aa03 }]),
    'steps[1].request: unknown ioctl request 3223890435',
  ],
  [
    'field of another request',
    doc([
      uffd,
      anon,
      { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_COPY', start: 'p', dst: 'p', src: 'p', len: 1 },
    ]),
    'steps[2].start: unknown field',
  ],
  [
    'ioctl missing a field',
    doc([
      uffd,
      anon,
      { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_REGISTER', start: 'p', len: 'PAGE' },
    ]),
    'steps[2].mode: ioctl needs mode',
  ],
  [
    'mode of another request',
    doc([
      uffd,
      anon,
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_COPY',
        dst: 'p',
        src: 'p',
        len: 1,
        mode: 'UFFDIO_REGISTER_MODE_WP',
      },
    ]),
    'steps[2].mode: unknown flag "UFFDIO_REGISTER_MODE_WP" (expected one of UFFDIO_COPY_MODE_DONTWAKE, UFFDIO_COPY_MODE_WP)',
  ],
  [
    'unknown feature',
    doc([
      uffd,
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_API',
        api: 170,
        features: 'UFFD_FEATURE_TELEPORT',
      },
    ]),
    'steps[1].features: unknown flag "UFFD_FEATURE_TELEPORT"',
  ],
  [
    'stg on x86_64',
    doc([anon, { do: 'stg', addr: 'p' }]),
    'steps[1].do: stg needs machine.arch "arm64"',
  ],
  [
    'tag() on x86_64',
    doc([anon, { do: 'load', addr: 'tag(p, 1)' }]),
    'steps[1].addr: tag() needs machine.arch "arm64"',
  ],
  [
    'tag out of range',
    doc([anon, { do: 'load', addr: 'tag(p, 16)' }], arm),
    'steps[1].addr: tag(…, 16): a tag is 0..15',
  ],
  [
    'constant division by zero',
    doc([anon, { do: 'load', addr: 'p', length: '4/0' }]),
    'steps[1].length: division by zero',
  ],
];

describe('validateDocument rejects, naming the place', () => {
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  for (const [what, input, message] of cases) {
    it(what, () => {
      let thrown: unknown;
      try {
        validateDocument(input);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ScenarioError);
      expect((thrown as ScenarioError).message.startsWith(message)).toBe(true);
      if (!(thrown as ScenarioError).message.startsWith(message)) {
        expect((thrown as ScenarioError).message).toBe(message);
      }
      expect(checkDocument(input)?.message).toBe((thrown as ScenarioError).message);
    });
  }
});

describe('validateDocument accepts', () => {
  it('returns the same document, with no defaults added', () => {
    const d = doc([anon, { do: 'load', addr: 'p' }]);
    const copy = structuredClone(d);
    expect(validateDocument(d)).toBe(d);
    expect(d).toEqual(copy);
  });
  it('lets names bound inside a repeat be used after it', () => {
    const d = doc([
      { do: 'repeat', count: 1, steps: [anon] },
      { do: 'load', addr: 'p' },
    ]);
    expect(checkDocument(d)).toBeNull();
  });
  it('binds a repeat index in nested repeats', () => {
    const d = doc([
      anon,
      {
        do: 'repeat',
        count: 2,
        as: 'i',
        steps: [{ do: 'repeat', count: 2, as: 'j', steps: [{ do: 'load', addr: 'p + i*j' }] }],
      },
    ]);
    expect(checkDocument(d)).toBeNull();
  });
  it('accepts uAPI constants by name wherever an integer goes, and C expressions in flags', () => {
    const d = doc([
      { ...anon, length: '2*PAGE_SIZE', prot: 'PROT_READ | (PROT_WRITE & ~PROT_EXEC)' },
      uffd,
      { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_API', api: 'UFFD_API', features: 0 },
      { do: 'store', addr: "p + 'a'", bytes: '00' },
      { do: 'madvise', addr: 'p', length: 'PAGE_SIZE << 1', advice: 'MADV_DONTNEED' },
    ]);
    expect(validateDocument(d)).toBe(d);
    expect(() =>
      validateDocument(
        doc(
          [
            {
              do: 'prctl',
              option: 'PR_SET_TAGGED_ADDR_CTRL',
              arg: 'PR_TAGGED_ADDR_ENABLE | (0xfffe << PR_MTE_TAG_SHIFT)',
            },
          ],
          arm,
        ),
      ),
    ).not.toThrow();
    expect(() => validateDocument(doc([{ ...anon, length: 'UFFD_APII' }]))).toThrow(
      /steps\[0\]\.length: unbound name "UFFD_APII"/,
    );
    expect(() => validateDocument(doc([{ ...anon, prot: 'PROT_READ | MAP_SHARED' }]))).toThrow(
      /steps\[0\]\.prot: unknown flag "MAP_SHARED"/,
    );
  });

  it('accepts a process named by an earlier fork', () => {
    const d = doc([
      anon,
      { do: 'fork', as: 'c' },
      { do: 'load', proc: 'c', thread: 'T', addr: 'p' },
      { do: 'load', proc: 'main', addr: 'p' },
    ]);
    expect(checkDocument(d)).toBeNull();
  });
  it('accepts MTE calls and tag() on arm64', () => {
    const d = doc(
      [anon, { do: 'stg', addr: 'tag(p, 2)', length: 32 }, { do: 'ldg', addr: 'tag(p, 2)' }],
      arm,
    );
    expect(checkDocument(d)).toBeNull();
  });
  it('accepts preset output fields', () => {
    const d = doc([
      uffd,
      anon,
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_COPY',
        dst: 'p',
        src: 'p',
        len: 'PAGE',
        copy: -17,
      },
    ]);
    expect(checkDocument(d)).toBeNull();
  });
  it('refuses a hostile document cleanly', () => {
    let deep: Json = { do: 'rss' };
    for (let i = 0; i < 20; i++) deep = { do: 'repeat', count: 1, steps: [deep] };
    expect(checkDocument(doc([deep]))?.message).toMatch(/nested deeper than 16/);
    let e: unknown = 1;
    for (let i = 0; i < 10_000; i++) e = [e];
    expect(checkDocument(doc([{ do: 'rss', expect: { value: e } }]))?.message).toMatch(
      /nested deeper than 32/,
    );
    const many = doc(Array.from({ length: 100_001 }, () => ({ do: 'rss' })));
    expect(checkDocument(many)?.message).toMatch(/more than 100000 steps/);
  });
});
