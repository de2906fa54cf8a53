import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioDocument } from '../engine';
import { buildRunIndex } from '../run-index';
import { readBuiltinLessons } from '../../lessons/node/files';
import { timelineOfRun } from '../timeline';

const forkCow = readBuiltinLessons().find((l) => l.id === 'fork-cow')!;
import { stepPosition, stepPositionText } from './position';

const at = (doc: ScenarioDocument, cursor: number) => {
  const run = timelineOfRun(runScenario(doc));
  return stepPositionText(stepPosition(run, buildRunIndex(run), doc, cursor));
};

describe('stepPosition', () => {
  it('says which step the state follows, what it ran and where', () => {
    expect(at(forkCow.doc, 0)).toBe('before the first step');
    expect(at(forkCow.doc, 8)).toBe('after step 8: store(p, "33") in child');
    expect(at(forkCow.doc, 2)).toBe('after step 2: store(p, "11") in main');
  });
  it('names the thread and the iteration of each repeat around the step', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      steps: [
        {
          do: 'mmap',
          length: '8*PAGE',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        {
          do: 'repeat',
          count: 2,
          as: 'i',
          steps: [
            {
              do: 'repeat',
              count: 3,
              as: 'j',
              steps: [{ do: 'load', addr: 'p + (i*3 + j)*PAGE' }],
            },
          ],
        },
        { do: 'load', addr: 'p', thread: 'T1' },
      ],
    };
    expect(at(doc, 2)).toBe(
      'after step 2: load(p + (i*3 + j)*PAGE) in main (iteration 1 of 2, iteration 1 of 3)',
    );
    expect(at(doc, 6)).toBe(
      'after step 6: load(p + (i*3 + j)*PAGE) in main (iteration 2 of 2, iteration 2 of 3)',
    );
    expect(at(doc, 8)).toBe('after step 8: load(p) in main, thread T1');
  });
});
