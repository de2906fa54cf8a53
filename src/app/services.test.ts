import { describe, expect, it } from 'vitest';
import { APP_MAX_STEPS, appDeps } from './services';

describe('the app wiring', () => {
  it('refuses a run longer than the browser can keep, before running it, with a way out', () => {
    const out = appDeps.run({
      faultline: 1,
      steps: [
        {
          do: 'mmap',
          length: 'PAGE',
          prot: 'PROT_READ',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        { do: 'repeat', count: 1_000_000, steps: [{ do: 'load', addr: 'p' }] },
      ],
    });
    expect(out.records).toHaveLength(1);
    expect(out.error?.where).toBe('steps[1].count');
    expect(out.error?.message).toContain(
      `budget of ${APP_MAX_STEPS.toLocaleString('en-US')} executed steps`,
    );
    expect(out.error?.message).toContain('npx faultline run');
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
