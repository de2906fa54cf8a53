import { describe, expect, it } from 'vitest';
import { APP_LIMITS } from './services';
import { runHere } from '../store/run-local';
import type { RunUpdate } from '../store/store';

describe('the app wiring', () => {
  it('refuses a run past the engine budget before running it, with a way out', () => {
    let out: RunUpdate | null = null;
    runHere(APP_LIMITS)(
      {
        faultline: 1,
        steps: [
          {
            do: 'mmap',
            length: 'PAGE',
            prot: 'PROT_READ',
            flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
            as: 'p',
          },
          { do: 'repeat', count: 2_000_000, steps: [{ do: 'load', addr: 'p' }] },
        ],
      },
      (u) => (out = u),
    );
    const u = out as RunUpdate | null;
    expect(u?.done).toBe(true);
    expect(u?.run?.steps).toBe(1);
    expect(u?.run?.error?.where).toBe('steps[1].count');
    expect(u?.run?.error?.message).toContain(
      `budget of ${APP_LIMITS.maxSteps.toLocaleString('en-US')} executed steps`,
    );
    expect(u?.run?.error?.message).toContain('npx faultline run');
  });
});

describe('share-link semantics', () => {
  it('names the format and the engine, and matches what the scenario codec expects by default', async () => {
    const { SEMANTICS } = await import('./link');
    const { CURRENT_SEMANTICS } = await import('../scenario/url');
    expect(SEMANTICS).toBe('f1-e1');
    expect(SEMANTICS).toBe(CURRENT_SEMANTICS);
  });
});
