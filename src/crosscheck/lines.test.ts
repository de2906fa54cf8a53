/**
 * Which line a kernel run stands for (lines.ts) and how a run on it is judged (report.ts): a
 * kernel run here is made from the engine's own records, changed where a real kernel differed.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/index';
import type { ScenarioDocument } from '../scenario/types';
import type { KernelRun } from './kernel-run';
import { buildRefusal, engineFor, lineOfRelease } from './lines';
import { judge } from './report';

const RSS_DOC = {
  faultline: 1,
  title: 'a page and its rss',
  steps: [
    {
      do: 'mmap',
      length: 'PAGE',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      as: 'p',
    },
    { do: 'store', addr: 'p', bytes: '01' },
    { do: 'rss', expect: { rss: { anon: 1, file: 0, shmem: 0 } } },
  ],
} as unknown as ScenarioDocument;

/** The engine's run as a kernel would report it, rss read as 6.1 may show it (nothing folded). */
function lazyKernel(doc: ScenarioDocument): KernelRun {
  const records = runScenario(doc, { keepStates: false }).records.map(({ events: _e, ...r }) =>
    r.rss ? { ...r, rss: { anon: 0, file: 0, shmem: 0 } } : r,
  );
  return { records, error: null, exitCode: 0, ended: 'exit=0', timedOut: false, stderr: '' };
}

describe('kernel lines', () => {
  it('a release names its line, or none faultline models', () => {
    expect(lineOfRelease('6.1.0-57-amd64')).toBe('6.1');
    expect(lineOfRelease('6.18.44')).toBe('6.18');
    expect(lineOfRelease('6.12.118+deb13-amd64')).toBe('6.12');
    expect(lineOfRelease('6.10.3')).toBeNull();
    expect(lineOfRelease('6.121')).toBeNull();
  });

  it('a scenario naming another line or build is refused with the way to verify it', () => {
    const on61 = { ...RSS_DOC, machine: { kernel: '6.1' } } as ScenarioDocument;
    expect(buildRefusal(on61, { line: '6.12', memoryFailure: true })).toMatch(/--kernel 6\.1/);
    expect(buildRefusal(on61, { line: '6.1', memoryFailure: true })).toBeNull();
    const noMf = { ...RSS_DOC, machine: { memoryFailure: false } } as ScenarioDocument;
    expect(buildRefusal(noMf, { line: '6.18', memoryFailure: true })).toMatch(/without/);
  });

  it("a scenario's expects are judged on another line only where the engine says both agree", () => {
    expect(engineFor(RSS_DOC, { line: '6.12', memoryFailure: true }).expectsApply).toBe(true);
    const mfd = {
      faultline: 1,
      steps: [{ do: 'memfd_create', name: 'm', flags: 'MFD_EXEC' }],
    } as unknown as ScenarioDocument;
    expect(engineFor(mfd, { line: '6.1', memoryFailure: true }).expectsApply).toBe(false);
  });

  it('on 6.1, rss is not compared (lazily folded) and the report says so', () => {
    const on61 = judge({ file: 'x', doc: RSS_DOC }, lazyKernel(RSS_DOC), {
      line: '6.1',
      memoryFailure: true,
    });
    expect(on61.status).toBe('match');
    expect(on61.uncompared).toMatchObject({ field: 'rss', records: 1 });
    const on612 = judge({ file: 'x', doc: RSS_DOC }, lazyKernel(RSS_DOC), {
      line: '6.12',
      memoryFailure: true,
    });
    expect(on612.status).toBe('differ');
    expect(on612.diffs.map((d) => d.field)).toEqual(['rss']);
    expect(on612.kernelExpectFailures.map((f) => f.field)).toEqual(['rss']);
    expect(on612.uncompared).toBeUndefined();
  });
});
