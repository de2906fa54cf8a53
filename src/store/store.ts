/**
 * The app store: one vanilla Zustand store (design habit 10) with slices for the document, the run
 * and the UI, and actions named as events. The engine runs only when a document is loaded or
 * edited; moving the cursor is an index into RunOutput.states (habit 9).
 *
 * The engine, the text printer and the parser are passed in, so the store runs in Node tests
 * with small synthetic runs and in the app with the real engine.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunOutput, ScenarioDocument, ScenarioErrorInfo } from './engine';
import { breakpointHits, sameBreakpoint, seekHit } from './breakpoints';
import { buildRunIndex, eventsAt } from './run-index';
import { memoWeak2 } from './selectors/memo';
import type { AppState, Breakpoint, DocSlice, PanelId, RunSlice, UiSlice } from './types';
import { isRightAnswer } from '../scenario/lesson';
import { stepAtPath } from './selectors/step-text';

export interface StoreDeps {
  run(doc: ScenarioDocument): RunOutput;
}

export type AppStore = StoreApi<AppState>;

export const DEFAULT_PANELS: Record<PanelId, boolean> = {
  editor: true,
  inspector: true,
  counters: true,
  granules: true,
  results: true,
  walk: true,
};

export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;

/** Any thrown thing → the format's one clear message (section 7). */
export function toErrorInfo(err: unknown): ScenarioErrorInfo {
  if (err && typeof err === 'object') {
    const e = err as { where?: unknown; detail?: unknown; message?: unknown };
    const where = typeof e.where === 'string' ? e.where : '';
    const message =
      typeof e.detail === 'string'
        ? e.detail
        : typeof e.message === 'string'
          ? e.message
          : String(err);
    return { where, message };
  }
  return { where: '', message: String(err) };
}

export const hitsOf = memoWeak2((run: RunOutput, bps: Breakpoint[]) => {
  const idx = buildIndexOnce(run);
  return breakpointHits(run, idx, bps);
});
const buildIndexOnce = (() => {
  const cache = new WeakMap<RunOutput, ReturnType<typeof buildRunIndex>>();
  return (run: RunOutput) => {
    let idx = cache.get(run);
    if (!idx) cache.set(run, (idx = buildRunIndex(run)));
    return idx;
  };
})();

export interface StoreInit {
  doc: ScenarioDocument;
  origin?: DocSlice['origin'];
  notice?: string | null;
  lessonId?: string | null;
  ui?: Partial<Omit<UiSlice, 'cursor'>> & { cursor?: number };
}

export function createAppStore(deps: StoreDeps, init: StoreInit): AppStore {
  const runDoc = (
    doc: ScenarioDocument,
  ): { run: RunOutput | null; error: ScenarioErrorInfo | null } => {
    try {
      const run = deps.run(doc);
      return { run, error: run.error };
    } catch (err) {
      return { run: null, error: toErrorInfo(err) };
    }
  };

  const first = runDoc(init.doc);
  const firstIndex = first.run ? buildIndexOnce(first.run) : null;
  const clampTo = (n: number, idx: RunSlice['index']) => Math.max(0, Math.min(idx?.steps ?? 0, n));

  return createStore<AppState>()((set, get) => {
    const move = (cursor: number, extra: Partial<UiSlice> = {}) => {
      const c = clampTo(cursor, get().index);
      if (c === get().cursor && get().eventIndex === null && Object.keys(extra).length === 0)
        return;
      set({ cursor: c, eventIndex: null, ...extra });
    };
    const stepCount = () => get().index?.steps ?? 0;

    return {
      // ---- doc
      doc: init.doc,
      source: null,
      docError: first.error,
      origin: init.origin ?? 'default',
      lessonId: init.lessonId ?? null,
      notice: init.notice ?? null,
      // ---- run
      run: first.run,
      index: firstIndex,
      runId: 1,
      // ---- ui
      cursor: clampTo(init.ui?.cursor ?? 0, firstIndex),
      eventIndex: null,
      selection: init.ui?.selection ?? null,
      hover: null,
      playing: false,
      speed: init.ui?.speed ?? 2,
      breakpoints: init.ui?.breakpoints ?? [],
      panels: { ...DEFAULT_PANELS, ...init.ui?.panels },
      theme: init.ui?.theme ?? 'light',
      classroom: init.ui?.classroom ?? false,
      classroomExtras: init.ui?.classroomExtras ?? [],
      embed: init.ui?.embed ?? false,
      helpOpen: false,
      lessonsOpen: false,
      status: '',
      statusSeq: 0,
      // ---- lesson
      answers: {},
      studentPreview: false,

      // ---- actions
      scenarioLoaded(doc, opts = {}) {
        const { run, error } = runDoc(doc);
        const index = run ? buildIndexOnce(run) : null;
        const prev = get().cursor;
        set({
          doc,
          source: opts.source ?? null,
          docError: error,
          origin: opts.origin ?? get().origin,
          lessonId: opts.lessonId ?? null,
          notice: opts.notice !== undefined ? opts.notice : get().notice,
          run,
          index,
          runId: get().runId + 1,
          cursor: opts.keepCursor ? clampTo(prev, index) : 0,
          eventIndex: null,
          playing: false,
          selection: opts.keepCursor ? get().selection : null,
          hover: null,
          lessonsOpen: false,
          answers: opts.keepCursor ? get().answers : {},
        });
      },

      sourceEdited(source, parse) {
        let doc: ScenarioDocument;
        try {
          doc = parse(source);
        } catch (err) {
          // A broken edit keeps the last good run on screen (issue 4, Editor).
          set({ source, docError: toErrorInfo(err) });
          return;
        }
        const { run, error } = runDoc(doc);
        if (!run || (error && run.records.length === 0)) {
          set({ source, docError: error ?? { where: '', message: 'the run failed' } });
          return;
        }
        const index = buildIndexOnce(run);
        set({
          doc,
          source,
          docError: error,
          origin: 'editor',
          // Narration is keyed by step index: an edited document may no longer match it.
          lessonId: null,
          run,
          index,
          runId: get().runId + 1,
          cursor: clampTo(get().cursor, index),
          eventIndex: null,
        });
      },

      cursorMoved: (c) => move(c),
      steppedForward: () => move(get().cursor + 1),
      steppedBack: () => move(get().cursor - 1),
      wentToStart: () => move(0, { playing: false }),
      wentToEnd: () => move(stepCount(), { playing: false }),

      eventSteppedForward() {
        const { run, index, cursor, eventIndex } = get();
        if (!run || !index) return;
        const n = eventsAt(run, index, cursor).length;
        const next = eventIndex === null ? 0 : eventIndex + 1;
        if (cursor > 0 && next < n) {
          set({ eventIndex: next });
          return;
        }
        // Past the last event of this step: the first event of the next step that has any.
        for (let k = cursor + 1; k <= index.steps; k++) {
          if (eventsAt(run, index, k).length > 0) {
            set({ cursor: k, eventIndex: 0 });
            return;
          }
        }
        move(index.steps);
      },

      eventSteppedBack() {
        const { run, index, cursor, eventIndex } = get();
        if (!run || !index) return;
        if (eventIndex !== null && eventIndex > 0) {
          set({ eventIndex: eventIndex - 1 });
          return;
        }
        for (let k = cursor - 1; k >= 1; k--) {
          const n = eventsAt(run, index, k).length;
          if (n > 0) {
            set({ cursor: k, eventIndex: n - 1 });
            return;
          }
        }
        move(0);
      },

      playStarted() {
        if (get().cursor >= stepCount()) set({ cursor: 0, eventIndex: null });
        set({ playing: true });
      },
      playPaused: () => set({ playing: false }),
      playTicked() {
        const { cursor, run, breakpoints, playing } = get();
        if (!playing) return;
        const next = cursor + 1;
        if (next > stepCount()) {
          set({ playing: false });
          return;
        }
        const hit = run && breakpoints.length > 0 && hitsOf(run, breakpoints).includes(next);
        set({
          cursor: next,
          eventIndex: null,
          playing: next < stepCount() && !hit,
          status: hit ? `Stopped at breakpoint, step ${next}` : get().status,
          statusSeq: get().statusSeq + (hit ? 1 : 0),
        });
      },
      speedChanged: (speed) => set({ speed }),

      selectionChanged: (selection) => set({ selection }),
      hoverChanged(hover) {
        const h = get().hover;
        if (h === hover || (h && hover && JSON.stringify(h) === JSON.stringify(hover))) return;
        set({ hover });
      },

      breakpointToggled(bp) {
        const list = get().breakpoints;
        const i = list.findIndex((b) => sameBreakpoint(b, bp));
        set({ breakpoints: i >= 0 ? list.filter((_, j) => j !== i) : [...list, bp] });
      },
      breakpointsCleared: () => set({ breakpoints: [] }),
      breakpointSought(dir) {
        const { run, breakpoints, cursor } = get();
        if (!run || breakpoints.length === 0) {
          get().statusShown('No breakpoints set');
          return;
        }
        const k = seekHit(hitsOf(run, breakpoints), cursor, dir);
        if (k === null) {
          get().statusShown(
            dir === 1 ? 'No breakpoint hit after this step' : 'No breakpoint hit before this step',
          );
          return;
        }
        set({ cursor: k, eventIndex: null, playing: false });
        get().statusShown(`Breakpoint hit at step ${k}`);
      },

      panelToggled(panel, open) {
        const panels = get().panels;
        set({ panels: { ...panels, [panel]: open ?? !panels[panel] } });
      },
      themeChanged: (theme) => set({ theme }),
      classroomToggled: (on) => set({ classroom: on ?? !get().classroom }),
      classroomExtraToggled(extra, open) {
        const list = get().classroomExtras;
        const now = open ?? !list.includes(extra);
        if (now === list.includes(extra)) return;
        set({ classroomExtras: now ? [...list, extra] : list.filter((x) => x !== extra) });
      },
      helpToggled: (open) => set({ helpOpen: open ?? !get().helpOpen }),
      lessonsToggled: (open) => set({ lessonsOpen: open ?? !get().lessonsOpen }),
      statusShown: (status) => set({ status, statusSeq: get().statusSeq + 1 }),
      noticeDismissed: () => set({ notice: null }),

      questionAnswered(path, response) {
        const step = stepAtPath(get().doc, path);
        if (!step?.ask) return;
        const right = isRightAnswer(step, response);
        set({ answers: { ...get().answers, [path]: { response, right } } });
      },
      answersRestored: (answers) => set({ answers }),
      answersCleared: () => set({ answers: {} }),
      studentPreviewToggled(on) {
        const preview = on ?? !get().studentPreview;
        const panels = get().panels;
        set({
          studentPreview: preview,
          answers: {},
          cursor: preview ? 0 : get().cursor,
          eventIndex: null,
          playing: false,
          panels: { ...panels, editor: !preview },
        });
      },
    };
  });
}
