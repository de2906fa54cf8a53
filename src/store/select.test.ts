import { describe, expect, it } from 'vitest';
import { createAppStore, runAtOnce } from './store';
import { makeRun } from './test-support/synthetic';
import { selectEvents, selectRecords } from './select';

describe('selectors are stable for React', () => {
  it('returns the same arrays for the same step', () => {
    const store = createAppStore(
      { start: runAtOnce(() => makeRun()) },
      { doc: { faultline: 1, steps: [] } },
    );
    store.getState().cursorMoved(4);
    const s = store.getState();
    expect(selectRecords(s)).toBe(selectRecords(store.getState()));
    expect(selectEvents(s)).toBe(selectEvents(store.getState()));
    expect(selectEvents(s)).toHaveLength(3);
  });
});
