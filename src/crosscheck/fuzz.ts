/**
 * Differential fuzzing of the engine against the real kernel: random scenarios over every kind of
 * memory (private and shared anonymous, shared and private memfd), with fork, mremap, madvise,
 * mprotect, munmap and ftruncate mixed in, each verified field by field. A scenario where the two
 * differ is a bug in the engine (or, rarely, in the C runtime); it goes to the corpus once
 * understood. Deterministic for a given seed.
 */
import fc from 'fast-check';
import type { ScenarioDocument, Step } from '../scenario/types';

const RW = 'PROT_READ|PROT_WRITE';
const NAMES = ['a', 'b', 'c', 'd'];

/** Four 4-page mappings, one of each kind, adjacent top-down: a, then b, c and d below it. */
const SETUP: Step[] = [
  { do: 'memfd_create', name: 'mem', as: 'fd' },
  { do: 'ftruncate', fd: 'fd', length: '4*PAGE' },
  { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'a' },
  { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'b' },
  { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'c' },
  { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'fd', as: 'd' },
];

/** What every scenario ends with: fork, then what each side maps and holds. */
const TAIL: Step[] = [
  { do: 'fork', as: 'kid' },
  ...NAMES.map((n): Step => ({ do: 'pagemap', proc: 'kid', addr: n, length: '4*PAGE' })),
  { do: 'rss', proc: 'kid' },
  ...NAMES.map((n): Step => ({ do: 'pagemap', addr: n, length: '4*PAGE' })),
  { do: 'rss' },
];

const addr = fc
  .tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 4 }))
  .map(([n, k]) => `${n} + ${k}*PAGE`);
const len = fc.integer({ min: 1, max: 3 }).map((k) => `${k}*PAGE`);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ do: fc.constant('load' as const), addr }),
  fc.record({ do: fc.constant('store' as const), addr, bytes: fc.constantFrom('01', 'ff00') }),
  fc.record({ do: fc.constant('store' as const), addr, fill: fc.constant('5a'), length: len }),
  fc.record({ do: fc.constant('munmap' as const), addr, length: len }),
  fc.record({
    do: fc.constant('mprotect' as const),
    addr,
    length: len,
    prot: fc.constantFrom('PROT_READ', 'PROT_NONE', RW),
  }),
  fc.record({
    do: fc.constant('madvise' as const),
    addr,
    length: len,
    advice: fc.constantFrom(
      'MADV_DONTNEED',
      'MADV_REMOVE',
      'MADV_DONTFORK',
      'MADV_POPULATE_READ',
      'MADV_POPULATE_WRITE',
      'MADV_WIPEONFORK',
    ),
  }),
  fc.record({
    do: fc.constant('mremap' as const),
    old_address: addr,
    old_size: len,
    new_size: len,
    flags: fc.constantFrom(0, 'MREMAP_MAYMOVE', 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP'),
    // A moved mapping is named, so that its address prints relative to a name on both sides.
    as: fc.constantFrom('m1', 'm2'),
  }),
  fc.record({
    do: fc.constant('ftruncate' as const),
    fd: fc.constant('fd'),
    length: fc.constantFrom(0, '2*PAGE', '4*PAGE'),
  }),
  fc.record({ do: fc.constant('pagemap' as const), addr, length: len }),
  fc.record({ do: fc.constant('rss' as const) }),
);

/**
 * A step list, with a fork of `k1` at some point and some of the steps after it run by the child
 * (copy-on-write between the two is what fork is about).
 */
const scenarioArb = fc
  .tuple(
    fc.array(stepArb, { minLength: 8, maxLength: 20 }),
    fc.integer({ min: 0, max: 20 }),
    fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  )
  .map(([steps, at, inChild]) => {
    const cut = Math.min(at, steps.length);
    const after = steps.slice(cut).map((st, i) =>
      // ftruncate names the parent's fd; the child inherits it as the same number, so either works.
      inChild[i] && st.do !== 'mremap' ? ({ ...st, proc: 'k1' } as Step) : st,
    );
    return [...steps.slice(0, cut), { do: 'fork', as: 'k1' } as Step, ...after];
  });

export function fuzzScenarios(seed: number, runs: number): ScenarioDocument[] {
  return fc.sample(scenarioArb, { numRuns: runs, seed }).map((steps, i) => ({
    faultline: 1,
    title: `fuzz seed ${seed} #${i}`,
    steps: [
      ...SETUP,
      ...steps,
      ...TAIL,
      ...NAMES.map((n): Step => ({ do: 'pagemap', proc: 'k1', addr: n, length: '4*PAGE' })),
      { do: 'rss', proc: 'k1' },
    ],
  }));
}

/* ------------------------------------------------------------------ userfaultfd ioctls */

const range = fc
  .tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }))
  .map(([n, k, l]) => ({ start: `${n} + ${k}*PAGE`, len: `${l}*PAGE` }));

/**
 * Random userfaultfd ioctls over the four mappings: registration in every mode, and every
 * resolving ioctl with random ranges and modes. No load or store touches memory, so no thread
 * ever blocks: what is compared is each ioctl's errno, the `out` fields it writes back, and what
 * the pages look like after (pagemap, uffd-wp bits, RSS).
 */
const uffdStepArb: fc.Arbitrary<Step> = fc.oneof(
  range.chain((r) =>
    fc.record({
      do: fc.constant('ioctl' as const),
      fd: fc.constant('uffd'),
      request: fc.constant('UFFDIO_REGISTER'),
      start: fc.constant(r.start),
      len: fc.constant(r.len),
      mode: fc.constantFrom(
        'UFFDIO_REGISTER_MODE_MISSING',
        'UFFDIO_REGISTER_MODE_WP',
        'UFFDIO_REGISTER_MODE_MINOR',
        'UFFDIO_REGISTER_MODE_MISSING|UFFDIO_REGISTER_MODE_WP',
      ),
    }),
  ),
  range.map((r): Step => ({ do: 'ioctl', fd: 'uffd', request: 'UFFDIO_UNREGISTER', ...r })),
  fc
    .tuple(addr, addr, len, fc.constantFrom(0, 'UFFDIO_COPY_MODE_DONTWAKE', 'UFFDIO_COPY_MODE_WP'))
    .map(([dst, src, l, mode]): Step => ({
      do: 'ioctl',
      fd: 'uffd',
      request: 'UFFDIO_COPY',
      dst,
      src,
      len: l,
      mode,
    })),
  range.map((r): Step => ({ do: 'ioctl', fd: 'uffd', request: 'UFFDIO_ZEROPAGE', ...r, mode: 0 })),
  fc
    .tuple(addr, addr, len, fc.constantFrom(0, 'UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES'))
    .map(([dst, src, l, mode]): Step => ({
      do: 'ioctl',
      fd: 'uffd',
      request: 'UFFDIO_MOVE',
      dst,
      src,
      len: l,
      mode,
    })),
  fc.tuple(range, fc.constantFrom('UFFDIO_WRITEPROTECT_MODE_WP', 0)).map(([r, mode]): Step => ({
    do: 'ioctl',
    fd: 'uffd',
    request: 'UFFDIO_WRITEPROTECT',
    ...r,
    mode,
  })),
  range.map((r): Step => ({ do: 'ioctl', fd: 'uffd', request: 'UFFDIO_CONTINUE', ...r, mode: 0 })),
  range.map((r): Step => ({ do: 'ioctl', fd: 'uffd', request: 'UFFDIO_POISON', ...r, mode: 0 })),
  range.map((r): Step => ({ do: 'ioctl', fd: 'uffd', request: 'UFFDIO_WAKE', ...r })),
  fc.record({
    do: fc.constant('madvise' as const),
    addr,
    length: len,
    advice: fc.constant('MADV_DONTNEED'),
  }),
  fc.record({ do: fc.constant('pagemap' as const), addr, length: len }),
);

export function fuzzUffdScenarios(seed: number, runs: number): ScenarioDocument[] {
  return fc
    .sample(fc.array(uffdStepArb, { minLength: 8, maxLength: 24 }), { numRuns: runs, seed })
    .map((steps, i) => ({
      faultline: 1,
      title: `uffd fuzz seed ${seed} #${i}`,
      steps: [
        ...SETUP,
        // Some pages present before anything is registered, in every mapping.
        ...NAMES.map((n): Step => ({ do: 'store', addr: `${n} + PAGE`, bytes: '42' })),
        { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'uffd' },
        { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_API', api: '0xAA', features: 0 },
        ...steps,
        ...NAMES.map((n): Step => ({ do: 'pagemap', addr: n, length: '4*PAGE' })),
        { do: 'rss' },
        { do: 'read', fd: 'uffd' },
      ],
    }));
}
