import { describe, expect, it, vi } from 'vitest';
import { createAppStore, runAtOnce, type StoreDeps } from './store';
import { makeRun } from './test-support/synthetic';
import { selectRecord, selectState } from './select';
import type { RunOutput, ScenarioDocument } from './engine';

const doc: ScenarioDocument = { faultline: 1, title: 't', steps: [{ do: 'rss' }] };

function deps(
  over: Partial<StoreDeps> & { run?: (doc: ScenarioDocument) => RunOutput } = {},
): StoreDeps & { runs: number; last: RunOutput | null } {
  const run: (doc: ScenarioDocument) => RunOutput =
    over.run ??
    ((_doc: ScenarioDocument): RunOutput => {
      d.runs++;
      return (d.last = makeRun());
    });
  const d: StoreDeps & { runs: number; last: RunOutput | null } = {
    runs: 0,
    last: null,
    start: runAtOnce(run),
    ...over,
  };
  return d;
}

/** A parser that fails on "bad" as the text form's does (line:column and detail). */
const parse = (src: string): ScenarioDocument => {
  if (src.includes('bad'))
    throw Object.assign(new Error('x'), { where: '1:5', detail: 'unknown call' });
  return doc;
};

describe('store', () => {
  it('runs the document once and scrubs by index without re-running', () => {
    const d = deps();
    const store = createAppStore(d, { doc });
    expect(d.runs).toBe(1);
    const s = store.getState();
    expect(s.cursor).toBe(0);
    expect(s.index?.steps).toBe(4);
    s.cursorMoved(3);
    expect(store.getState().cursor).toBe(3);
    expect(selectState(store.getState())).toBe(d.last!.states[3]);
    expect(selectRecord(store.getState())?.do).toBe('load');
    s.steppedForward();
    s.steppedForward();
    expect(store.getState().cursor).toBe(4);
    s.wentToStart();
    expect(store.getState().cursor).toBe(0);
    s.steppedBack();
    expect(store.getState().cursor).toBe(0);
    s.wentToEnd();
    expect(store.getState().cursor).toBe(4);
    s.cursorMoved(99);
    expect(store.getState().cursor).toBe(4);
    expect(d.runs).toBe(1);
  });

  it('walks events with Shift+arrows semantics across steps', () => {
    const store = createAppStore(deps(), { doc });
    const s = store.getState();
    s.eventSteppedForward(); // step 2 has the first event
    expect([store.getState().cursor, store.getState().eventIndex]).toEqual([2, 0]);
    s.eventSteppedForward();
    expect([store.getState().cursor, store.getState().eventIndex]).toEqual([3, 0]);
    s.eventSteppedForward();
    expect([store.getState().cursor, store.getState().eventIndex]).toEqual([3, 1]);
    s.eventSteppedBack();
    s.eventSteppedBack();
    expect([store.getState().cursor, store.getState().eventIndex]).toEqual([2, 0]);
  });

  it('keeps the last good run when an edit does not parse, and re-runs keeping the cursor', () => {
    const d = deps();
    const store = createAppStore(d, { doc });
    store.getState().cursorMoved(3);
    const run = store.getState().run;
    store.getState().sourceEdited('bad(', parse);
    expect(store.getState().run).toBe(run);
    expect(store.getState().docError).toEqual({ where: '1:5', message: 'unknown call' });
    expect(store.getState().source).toBe('bad(');
    store.getState().sourceEdited('rss()', parse);
    expect(store.getState().docError).toBeNull();
    expect(store.getState().run).not.toBe(run);
    expect(store.getState().cursor).toBe(3);
  });

  it('finds breakpoint hits forwards and backwards', () => {
    const store = createAppStore(deps(), { doc });
    const s = store.getState();
    s.breakpointToggled({ kind: 'event', on: 'fault' });
    s.breakpointSought(1);
    expect(store.getState().cursor).toBe(3);
    s.breakpointSought(1);
    expect(store.getState().cursor).toBe(4);
    s.breakpointSought(1);
    expect(store.getState().cursor).toBe(4);
    expect(store.getState().status).toMatch(/No breakpoint hit after/);
    s.breakpointSought(-1);
    expect(store.getState().cursor).toBe(3);
    s.breakpointToggled({ kind: 'event', on: 'fault' });
    expect(store.getState().breakpoints).toEqual([]);
  });

  it('plays forward and stops at a breakpoint', () => {
    const store = createAppStore(deps(), { doc });
    const s = store.getState();
    s.breakpointToggled({
      kind: 'range',
      proc: 'main',
      start: 0x7f0000002000,
      end: 0x7f0000003000,
      label: 'p+0x2000',
    });
    s.playStarted();
    for (let i = 0; i < 10; i++) store.getState().playTicked();
    expect(store.getState().cursor).toBe(4);
    expect(store.getState().playing).toBe(false);
  });

  it('survives an engine that throws', () => {
    const store = createAppStore(
      deps({
        run: () => {
          throw new Error('boom');
        },
      }),
      { doc },
    );
    expect(store.getState().run).toBeNull();
    expect(store.getState().docError?.message).toBe('boom');
    store.getState().steppedForward();
    expect(store.getState().cursor).toBe(0);
  });

  it('loads a new scenario and resets the cursor and selection', () => {
    const store = createAppStore(deps(), { doc });
    store.getState().cursorMoved(2);
    store.getState().selectionChanged({ kind: 'frame', pfn: 1 });
    const spy = vi.fn();
    const unsub = store.subscribe(spy);
    store.getState().scenarioLoaded({ ...doc, title: 'other' }, { origin: 'lesson' });
    unsub();
    expect(store.getState().cursor).toBe(0);
    expect(store.getState().selection).toBeNull();
    expect(store.getState().origin).toBe('lesson');
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
