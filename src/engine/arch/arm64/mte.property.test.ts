/**
 * MTE properties over random step sequences: the engine's invariants hold after every step, every
 * state survives a JSON round trip and is never modified later (design habits 6, 9), tags are one
 * hex digit per granule or null, the zero page is never tagged (docs/reference/refpage-mte.md P2),
 * and the same document always gives the same records, IRG included (habit 7).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeafStep, ScenarioDocument, Step } from '../../../scenario/types';
import { ScenarioError } from '../../../scenario/types';
import { initialState } from '../../init';
import { step } from '../../step';
import { runScenario } from '../../run';
import { checkInvariants } from '../../test-support/invariants';
import { forEachFrame, frameAt } from '../../mm/page_alloc';
import { ZERO_PFN, type EngineState } from '../../state';

const MACHINE = { arch: 'arm64' as const, mte: true, frames: 48 };
const SETUP: Step[] = [
  {
    do: 'mmap',
    length: '4*PAGE',
    prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
    flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
    as: 'p',
  },
  {
    do: 'mmap',
    length: '2*PAGE',
    prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
    flags: 'MAP_SHARED|MAP_ANONYMOUS',
    as: 's',
  },
  {
    do: 'mmap',
    length: 'PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
    as: 'u',
  },
];
const base = fc.constantFrom('p', 's', 'u');
const offset = fc.integer({ min: 0, max: 4 * 4096 - 64 }).map((n) => n - (n % 16));
const ptr = fc
  .tuple(base, fc.integer({ min: 0, max: 15 }), offset)
  .map(([b, t, o]) => `tag(${b}, ${t}) + ${o}`);
const proc = fc.constantFrom(undefined, 'k');
const thread = fc.constantFrom(undefined, 'T1');
const mode = fc.constantFrom(
  'PR_MTE_TCF_NONE',
  'PR_MTE_TCF_SYNC',
  'PR_MTE_TCF_ASYNC',
  'PR_MTE_TCF_SYNC|PR_MTE_TCF_ASYNC|0x7fff0',
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    do: fc.constantFrom('stg' as const, 'st2g' as const, 'stzg' as const, 'stz2g' as const),
    addr: ptr,
    length: fc.constantFrom(16, 32, 64),
    proc,
  }),
  fc.record({ do: fc.constant('dc_gzva' as const), addr: ptr, proc }),
  fc.record({
    do: fc.constant('ldg' as const),
    addr: ptr,
    length: fc.constantFrom(1, 64),
    proc,
    thread,
  }),
  fc.record({
    do: fc.constant('load' as const),
    addr: ptr,
    length: fc.constantFrom(1, 20),
    proc,
    thread,
  }),
  fc.record({
    do: fc.constant('store' as const),
    addr: ptr,
    bytes: fc.constantFrom('01', 'aabbccdd'),
    proc,
    thread,
  }),
  fc.record({ do: fc.constant('irg' as const), addr: ptr, as: fc.constant('q'), thread }),
  fc.record({
    do: fc.constant('prctl' as const),
    option: fc.constant('PR_SET_TAGGED_ADDR_CTRL'),
    arg: mode,
    proc,
    thread,
  }),
  fc.record({
    do: fc.constant('mte_tcf_preferred' as const),
    value: fc.constantFrom('async', 'sync', 'asymm'),
  }),
  fc.record({
    do: fc.constant('madvise' as const),
    addr: base,
    length: fc.constant('PAGE'),
    advice: fc.constantFrom('MADV_DONTNEED', 'MADV_WIPEONFORK'),
    proc,
  }),
  fc.record({
    do: fc.constant('mprotect' as const),
    addr: base,
    length: fc.constant('PAGE'),
    prot: fc.constantFrom('PROT_READ', 'PROT_READ|PROT_WRITE', 'PROT_READ|PROT_WRITE|PROT_MTE'),
  }),
  fc.record({ do: fc.constant('fork' as const), as: fc.constant('k') }),
);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function tagErrors(s: EngineState): string[] {
  const per = s.machine.pageSize / 16;
  const errs: string[] = [];
  if (frameAt(s.frames, ZERO_PFN)?.tags) errs.push('the zero page has tags');
  forEachFrame(s.frames, (pfn, f) => {
    if (f.tags !== null && !new RegExp(`^[0-9a-f]{${per}}$`).test(f.tags))
      errs.push(`frame ${pfn}: bad tags ${f.tags.slice(0, 20)}`);
    if (f.tags !== null && /^0+$/.test(f.tags))
      errs.push(`frame ${pfn}: all-zero tags should be null`);
  });
  return errs;
}

describe('MTE properties over random step sequences', () => {
  it('invariants, plain data and tag storage hold after every step', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 25 }), (steps) => {
        let s = deepFreeze(initialState({ machine: MACHINE }));
        let seq = 0;
        [...SETUP, ...steps].forEach((st, i) => {
          let out;
          try {
            out = step(s, { step: st as LeafStep, path: `steps/${i}`, seq: seq + 1 });
          } catch (e) {
            if (e instanceof ScenarioError) return; // e.g. a second fork named k
            throw e;
          }
          seq++;
          s = out.state;
          const errs = [...checkInvariants(s), ...tagErrors(s)];
          if (errs.length)
            throw new Error(`after steps[${i}] ${JSON.stringify(st)}: ${errs.join('; ')}`);
          expect(JSON.parse(JSON.stringify(s))).toEqual(s);
          deepFreeze(s);
        });
      }),
      { numRuns: 120 },
    );
  });

  it('the same document always gives the same records', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 20 }), (steps) => {
        const d: ScenarioDocument = { faultline: 1, machine: MACHINE, steps: [...SETUP, ...steps] };
        expect(JSON.stringify(runScenario(d).records)).toBe(JSON.stringify(runScenario(d).records));
      }),
      { numRuns: 40 },
    );
  });
});
