/**
 * Property tests of userfaultfd (design habit 14), where threads sleep and wake: random sequences
 * of registrations, resolving ioctls, reads, faults by several threads, fork, exit, madvise,
 * mremap and munmap (which send events and wait for them) over every memory kind. After every step
 * the invariants hold, including every sleeping thread's wait (test-support/invariants.ts); states survive a
 * JSON round trip and are never mutated later; releasing the userfaultfds wakes every sleeper, and
 * tearing everything down frees every frame; the same document always gives the same records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeafStep, ScenarioDocument, Step } from '../scenario/types';
import { ScenarioError } from '../scenario/types';
import { checkInvariants } from './test-support/invariants';
import { initialState } from './init';
import { runScenario } from './run';
import { step } from './step';
import type { EngineState } from './state';

const RW = 'PROT_READ|PROT_WRITE';
const NAMES = ['a', 'b', 'c', 'd', 'e'];

const FEATURES = [
  0,
  'UFFD_FEATURE_EVENT_FORK|UFFD_FEATURE_EVENT_REMAP|UFFD_FEATURE_EVENT_REMOVE|UFFD_FEATURE_EVENT_UNMAP',
  'UFFD_FEATURE_THREAD_ID|UFFD_FEATURE_EXACT_ADDRESS|UFFD_FEATURE_EVENT_REMOVE',
  'UFFD_FEATURE_SIGBUS|UFFD_FEATURE_EVENT_UNMAP',
  'UFFD_FEATURE_WP_ASYNC|UFFD_FEATURE_EVENT_FORK',
  'UFFD_FEATURE_WP_UNPOPULATED|UFFD_FEATURE_EVENT_FORK|UFFD_FEATURE_EVENT_REMAP',
];

/** A run: a few registrations first (so that faults meet them), then anything. */
const stepsArb = (maxLength: number): fc.Arbitrary<Step[]> =>
  fc
    .tuple(
      fc.array(registerArb, { minLength: 1, maxLength: 3 }),
      fc.array(stepArb, { minLength: 5, maxLength, size: 'max' }),
    )
    .map(([registers, rest]) => [...registers, ...rest]);

/** Five 4-page mappings, one of each kind a userfaultfd can serve, and a userfaultfd. */
function setup(features: string | number): Step[] {
  return [
    { do: 'memfd_create', name: 'mem', as: 'fd' },
    { do: 'ftruncate', fd: 'fd', length: '4*PAGE' },
    { do: 'refpage_create', content: '5a', size: 1, as: 'rfd' },
    { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'uffd' },
    { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_API', api: '0xAA', features },
    { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'a' },
    { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'b' },
    { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'c' },
    { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'fd', as: 'd' },
    { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'rfd', as: 'e' },
  ];
}

const page = fc
  .tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 4 }))
  .map(([n, k]) => `${n} + ${k}*PAGE`);
const len = fc.integer({ min: 1, max: 3 }).map((k) => `${k}*PAGE`);
const thread = fc.constantFrom('main', 'T1', 'T2', 'T2');
const proc = fc.constantFrom('main', 'main', 'main', 'k1');
const ioctl = (request: string, fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({
    do: fc.constant('ioctl' as const),
    fd: fc.constant('uffd'),
    request: fc.constant(request),
    thread,
    ...fields,
  }) as fc.Arbitrary<Step>;

const registerArb = ioctl('UFFDIO_REGISTER', {
  start: page,
  len,
  mode: fc.constantFrom(
    'UFFDIO_REGISTER_MODE_MISSING',
    'UFFDIO_REGISTER_MODE_WP',
    'UFFDIO_REGISTER_MODE_MINOR',
    'UFFDIO_REGISTER_MODE_MISSING|UFFDIO_REGISTER_MODE_WP',
  ),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ do: fc.constant('load' as const), addr: page, thread, proc }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      do: fc.constant('store' as const),
      addr: page,
      bytes: fc.constantFrom('01', 'ff00'),
      thread,
      proc,
    }),
    weight: 3,
  },
  { arbitrary: registerArb, weight: 2 },
  ioctl('UFFDIO_UNREGISTER', { start: page, len }),
  {
    arbitrary: ioctl('UFFDIO_COPY', {
      dst: page,
      src: page,
      len,
      mode: fc.constantFrom(0, 'UFFDIO_COPY_MODE_DONTWAKE', 'UFFDIO_COPY_MODE_WP'),
    }),
    weight: 2,
  },
  ioctl('UFFDIO_ZEROPAGE', { start: page, len, mode: fc.constant(0) }),
  ioctl('UFFDIO_CONTINUE', { start: page, len, mode: fc.constant(0) }),
  ioctl('UFFDIO_POISON', { start: page, len, mode: fc.constant(0) }),
  ioctl('UFFDIO_WAKE', { start: page, len }),
  ioctl('UFFDIO_MOVE', {
    dst: page,
    src: page,
    len,
    mode: fc.constantFrom(0, 'UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES'),
  }),
  ioctl('UFFDIO_WRITEPROTECT', {
    start: page,
    len,
    mode: fc.constantFrom('UFFDIO_WRITEPROTECT_MODE_WP', 0, 'UFFDIO_WRITEPROTECT_MODE_DONTWAKE'),
  }),
  {
    arbitrary: fc.record({
      do: fc.constant('read' as const),
      fd: fc.constant('uffd'),
      count: fc.integer({ min: 1, max: 3 }),
      thread,
    }),
    weight: 3,
  },
  fc.record({ do: fc.constant('poll' as const), fd: fc.constant('uffd'), thread }),
  fc.record({
    do: fc.constant('madvise' as const),
    addr: page,
    length: len,
    advice: fc.constantFrom(
      'MADV_DONTNEED',
      'MADV_REMOVE',
      'MADV_POPULATE_READ',
      'MADV_POPULATE_WRITE',
    ),
    thread,
    proc,
  }),
  fc.record({ do: fc.constant('munmap' as const), addr: page, length: len, thread }),
  fc.record({
    do: fc.constant('mremap' as const),
    old_address: page,
    old_size: len,
    new_size: len,
    flags: fc.constantFrom('MREMAP_MAYMOVE', 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP'),
    thread,
  }),
  fc.record({ do: fc.constant('fork' as const), as: fc.constant('k1'), thread }),
  fc.record({
    do: fc.constant('exit' as const),
    proc: fc.constant('k1'),
    thread: fc.constant('X'),
  }),
  fc.record({ do: fc.constant('close' as const), fd: fc.constant('uffd'), thread }),
  fc.record({ do: fc.constant('pagemap' as const), addr: page, length: len, thread, proc }),
);

/**
 * Drains what the monitor can read, then closes every fd (the userfaultfds' release wakes every
 * sleeper), lets the child die and unmaps everything: all run by a thread of their own, since the
 * scenario's threads may be asleep.
 */
const TEARDOWN: Step[] = [
  { do: 'exit', proc: 'k1', thread: 'X' },
  ...[1, 2, 3].map((): Step => ({ do: 'read', fd: 'uffd', count: 64, thread: 'X' })),
  ...Array.from({ length: 14 }, (_, i): Step => ({ do: 'close', fd: i + 3, thread: 'X' })),
  { do: 'munmap', addr: 0x10000, length: '0x7ffffffef000', thread: 'X' },
];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Runs leaf steps one by one; a step that is a scenario error (an asleep thread, a dead child) is skipped. */
function runChecked(steps: Step[]): EngineState {
  let s = deepFreeze(initialState({ machine: { frames: 64 } }));
  let seq = 0;
  steps.forEach((st, i) => {
    let out;
    try {
      out = step(s, { step: st as LeafStep, path: `steps/${i}`, seq: seq + 1 });
    } catch (e) {
      if (e instanceof ScenarioError) return;
      throw e;
    }
    seq++;
    s = out.state;
    const errs = checkInvariants(s);
    if (errs.length) throw new Error(`after steps[${i}] ${JSON.stringify(st)}: ${errs.join('; ')}`);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    deepFreeze(s);
  });
  return s;
}

describe('userfaultfd properties over random step sequences', () => {
  it('invariants hold after every step; release wakes every sleeper; teardown frees every frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FEATURES), stepsArb(40), (features, steps) => {
        const s = runChecked([...setup(features), ...steps, ...TEARDOWN]);
        for (const p of Object.values(s.procs))
          for (const t of Object.values(p.threads))
            if (p.alive) expect(t.blocked, `${p.name}/${t.name}`).toBeNull();
        expect(s.frames.used).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('the same document always gives the same records', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FEATURES), stepsArb(25), (features, steps) => {
        const d: ScenarioDocument = {
          faultline: 1,
          machine: { frames: 64 },
          steps: [...setup(features), ...steps],
        };
        const once = runScenario(d);
        expect(JSON.stringify(runScenario(d).records)).toBe(JSON.stringify(once.records));
      }),
      { numRuns: 50 },
    );
  });
});
