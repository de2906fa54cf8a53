import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import { buildRunIndex } from '../run-index';
import { timelineOfRun } from '../timeline';
import { mappingOf } from './mapping';
import { vmaCodesOf } from './page-codes';
import { vmaPageCodes } from './pages';

describe('page codes from the memory map model', () => {
  it('agree with the page tables (vmaPageCodes) on every VMA of every state of every lesson', () => {
    let compared = 0;
    for (const lesson of readBuiltinLessons()) {
      const out = runScenario(lesson.doc);
      const run = timelineOfRun(out);
      const idx = buildRunIndex(run);
      // In step order, so each model is patched from the one before (as the app steps).
      for (let k = 0; k <= run.steps; k++) {
        const s = run.stateAt(k);
        const model = mappingOf(run, idx, s);
        for (const proc of s.procOrder) {
          for (const v of s.procs[proc]!.mm.vmas) {
            const codes = vmaCodesOf(model, proc, v);
            expect(codes, `${lesson.id} step ${k} ${proc} ${v.start}`).not.toBeNull();
            expect([...codes!], `${lesson.id} step ${k} ${proc} ${v.start}`).toEqual([
              ...vmaPageCodes(s, proc, v),
            ]);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
