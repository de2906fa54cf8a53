/**
 * Property tests (design habit 14): random step sequences over every memory kind, checking after
 * every step that the invariants hold (mapcount = PTEs, refcount = holders, RSS = page-table
 * walk, no leak), that each state survives a JSON round trip and is never mutated later (states
 * are deep-frozen as they are produced), that tearing everything down frees every frame, and that
 * the same document always gives the same records.
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

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const SETUP: Step[] = [
  { do: 'memfd_create', name: 'mem', as: 'fd' },
  { do: 'ftruncate', fd: 'fd', length: '4*PAGE' },
  { do: 'refpage_create', content: '5a', size: 1, as: 'rfd' },
  {
    do: 'mmap',
    length: '4*PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
    as: 'a',
  },
  {
    do: 'mmap',
    length: '4*PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_SHARED|MAP_ANONYMOUS',
    as: 'b',
  },
  {
    do: 'mmap',
    length: '4*PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_SHARED',
    fd: 'fd',
    as: 'c',
  },
  {
    do: 'mmap',
    length: '4*PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_PRIVATE',
    fd: 'fd',
    as: 'd',
  },
  {
    do: 'mmap',
    length: '4*PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_PRIVATE',
    fd: 'rfd',
    as: 'e',
  },
];

const addr = fc
  .tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 5 }))
  .map(([n, k]) => `${n} + ${k}*PAGE`);
const len = fc.integer({ min: 1, max: 3 }).map((k) => `${k}*PAGE`);
const proc = fc.constantFrom('main', 'main', 'main', 'k1', 'k2');

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ do: fc.constant('load' as const), addr, proc }),
  fc.record({
    do: fc.constant('store' as const),
    addr,
    bytes: fc.constantFrom('01', 'ff00', 'aa'),
    proc,
  }),
  fc.record({ do: fc.constant('munmap' as const), addr, length: len, proc }),
  fc.record({
    do: fc.constant('mprotect' as const),
    addr,
    length: len,
    prot: fc.constantFrom('PROT_READ', 'PROT_NONE', 'PROT_READ|PROT_WRITE'),
    proc,
  }),
  fc.record({
    do: fc.constant('madvise' as const),
    addr,
    length: len,
    advice: fc.constantFrom(
      'MADV_DONTNEED',
      'MADV_REMOVE',
      'MADV_DONTFORK',
      'MADV_DOFORK',
      'MADV_POPULATE_READ',
      'MADV_POPULATE_WRITE',
      'MADV_WIPEONFORK',
    ),
    proc,
  }),
  fc.record({
    do: fc.constant('mremap' as const),
    old_address: addr,
    old_size: len,
    new_size: len,
    flags: fc.constantFrom(0, 'MREMAP_MAYMOVE', 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP'),
    proc,
  }),
  fc.record({
    do: fc.constant('ftruncate' as const),
    fd: fc.constant('fd'),
    length: fc.constantFrom(0, '2*PAGE', '4*PAGE'),
  }),
  fc.record({ do: fc.constant('fork' as const), as: fc.constantFrom('k1', 'k2') }),
  fc.record({ do: fc.constant('exit' as const), proc: fc.constantFrom('k1', 'k2') }),
  fc.record({ do: fc.constant('pagemap' as const), addr, length: len, proc }),
);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Runs leaf steps one by one; a step that is a scenario error (a dead child, a reused name) is skipped. */
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

describe('engine properties over random step sequences', () => {
  it('invariants hold after every step, and tearing down frees every frame', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
        const teardown: Step[] = [
          { do: 'exit', proc: 'k1' },
          { do: 'exit', proc: 'k2' },
          { do: 'munmap', addr: 0x10000, length: '0x7ffffffef000' },
          { do: 'close', fd: 3 },
          { do: 'close', fd: 4 },
        ];
        const s = runChecked([...SETUP, ...steps, ...teardown]);
        expect(s.frames.used).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('the same document always gives the same records', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 20 }), (steps) => {
        const d: ScenarioDocument = {
          faultline: 1,
          machine: { frames: 64 },
          steps: [...SETUP, ...steps],
        };
        expect(JSON.stringify(runScenario(d).records)).toBe(JSON.stringify(runScenario(d).records));
      }),
      { numRuns: 50 },
    );
  });
});
