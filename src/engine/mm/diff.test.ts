/**
 * ptDiff and frameDiff against brute force: for every pair of successive states of a run that
 * forks, copies on write, unmaps, moves pages and exits, the diff reports exactly the PTEs and
 * frame slots that differ, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import type { EngineState, Frame } from '../state';
import { forEachFrame, frameDiff } from './page_alloc';
import { geometry, ptDiff, ptForEach } from './pgtable';
import type { ScenarioDocument } from '../../scenario/types';

const doc: ScenarioDocument = {
  faultline: 1,
  title: 'diff workout',
  steps: [
    {
      do: 'mmap',
      length: '600*PAGE',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      as: 'p',
    },
    {
      do: 'repeat',
      count: 40,
      as: 'i',
      steps: [{ do: 'store', addr: 'p + i*13*PAGE', bytes: '01' }],
    },
    { do: 'load', addr: 'p + 7*PAGE' },
    { do: 'fork', as: 'child' },
    { do: 'store', addr: 'p', bytes: '02', proc: 'child' },
    { do: 'madvise', addr: 'p + 100*PAGE', length: '300*PAGE', advice: 'MADV_DONTNEED' },
    { do: 'munmap', addr: 'p + 500*PAGE', length: '100*PAGE' },
    { do: 'exit', proc: 'child' },
  ],
};

function ptes(s: EngineState, proc: string): Map<number, number> {
  const out = new Map<number, number>();
  const p = s.procs[proc];
  if (p) ptForEach(geometry(s.machine), p.mm.pgd, 0, 2 ** 48, (a, pte) => out.set(a, pte));
  return out;
}
function frames(s: EngineState): Map<number, Frame> {
  const out = new Map<number, Frame>();
  forEachFrame(s.frames, (pfn, f) => out.set(pfn, f));
  return out;
}

describe('ptDiff and frameDiff', () => {
  const run = runScenario(doc);
  it('the run itself succeeds', () => expect(run.error).toBeNull());
  const pairs = run.states.slice(1).map((s, i) => [run.states[i]!, s] as const);

  it('ptDiff reports exactly the PTEs that differ between successive states', () => {
    let changes = 0;
    for (const [a, b] of pairs) {
      for (const proc of b.procOrder) {
        const x = ptes(a, proc);
        const y = ptes(b, proc);
        const want: [number, number, number][] = [];
        for (const addr of [...new Set([...x.keys(), ...y.keys()])].sort((m, n) => m - n)) {
          if ((x.get(addr) ?? 0) !== (y.get(addr) ?? 0))
            want.push([addr, x.get(addr) ?? 0, y.get(addr) ?? 0]);
        }
        const got: [number, number, number][] = [];
        ptDiff(
          geometry(b.machine),
          a.procs[proc]?.mm.pgd ?? null,
          b.procs[proc]!.mm.pgd,
          (addr, p, q) => got.push([addr, p, q]),
        );
        expect(got).toEqual(want);
        changes += got.length;
      }
    }
    expect(changes).toBeGreaterThan(100);
  });

  it('frameDiff reports exactly the frame slots that differ', () => {
    let changes = 0;
    for (const [a, b] of pairs) {
      const x = frames(a);
      const y = frames(b);
      const want: number[] = [];
      for (const pfn of [...new Set([...x.keys(), ...y.keys()])].sort((m, n) => m - n)) {
        if (x.get(pfn) !== y.get(pfn)) want.push(pfn);
      }
      const got: number[] = [];
      frameDiff(a.frames, b.frames, (pfn, before, after) => {
        expect(before).toBe(x.get(pfn) ?? null);
        expect(after).toBe(y.get(pfn) ?? null);
        got.push(pfn);
      });
      expect(got).toEqual(want);
      changes += got.length;
    }
    expect(changes).toBeGreaterThan(40);
  });

  it('identical trees cost nothing', () => {
    const s = run.finalState;
    let n = 0;
    ptDiff(geometry(s.machine), s.procs.main!.mm.pgd, s.procs.main!.mm.pgd, () => n++);
    frameDiff(s.frames, s.frames, () => n++);
    expect(n).toBe(0);
  });
});
