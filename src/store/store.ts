/**
 * The app store: one vanilla Zustand store (design habit 10) with slices for the document, the run
 * and the UI, and actions named as events. The engine runs only when a document is loaded or
 * edited; moving the cursor is an index into the run's timeline (habit 9).
 *
 * How a document is run is passed in (`start`): in the app a Web Worker runs it and the run grows
 * on screen as its slices arrive (run-client.ts); in Node tests a small synthetic or in-process run
 * arrives at once. The editor passes in the parser with each edit (sourceEdited).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunOutput, ScenarioDocument, ScenarioErrorInfo } from './engine';
import { breakpointHits, sameBreakpoint, seekHit } from './breakpoints';
import { buildRunIndex, eventsAt, type RunIndex } from './run-index';
import { timelineOfRun, type Timeline } from './timeline';
import type { AppState, Breakpoint, DocSlice, PanelId, RunSlice, UiSlice } from './types';
import { isRightAnswer } from '../scenario/lesson';
import { stepAtPath } from './selectors/step-text';

/** A run as it grows: the timeline and its index so far (null when the run could not start). */
export type RunUpdate =
  | {
      run: Timeline;
      index: RunIndex;
      done: boolean;
      /** What the progress line says while the run goes (steps so far, memory kept…). */
      progress?: string;
      /** Why a run ended before its end (stopped by the user, the memory budget). */
      stopped?: string | null;
    }
  | { run: null; index: null; done: true; error: ScenarioErrorInfo };

export interface RunHandle {
  /** Stops the run; what ran stays viewable. */
  cancel(): void;
}

export interface StoreDeps {
  /**
   * Runs a document, calling `update` as the run grows and a last time with done: true. It may
   * call it before returning (a run in this thread). It must not throw for a bad document: the
   * run's error says what is wrong.
   */
  start(doc: ScenarioDocument, update: (u: RunUpdate) => void): RunHandle;
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

/** Breakpoint hits, once per (index, breakpoint list): an index is replaced as the run grows. */
const hitsCache = new WeakMap<RunIndex, WeakMap<Breakpoint[], number[]>>();
export function hitsOf(run: Timeline, idx: RunIndex, bps: Breakpoint[]): number[] {
  let inner = hitsCache.get(idx);
  if (!inner) hitsCache.set(idx, (inner = new WeakMap()));
  let hits = inner.get(bps);
  if (!hits) inner.set(bps, (hits = breakpointHits(run, idx, bps)));
  return hits;
}

/**
 * A runner for a run made in this thread all at once (tests, and whatever has no worker): the
 * whole run is one update.
 */
export function runAtOnce(run: (doc: ScenarioDocument) => RunOutput): StoreDeps['start'] {
  return (doc, update) => {
    let t: Timeline;
    try {
      t = timelineOfRun(run(doc));
    } catch (err) {
      update({ run: null, index: null, done: true, error: toErrorInfo(err) });
      return { cancel() {} };
    }
    update({ run: t, index: buildRunIndex(t), done: true });
    return { cancel() {} };
  };
}

export interface StoreInit {
  doc: ScenarioDocument;
  origin?: DocSlice['origin'];
  notice?: string | null;
  lessonId?: string | null;
  ui?: Partial<Omit<UiSlice, 'cursor'>> & { cursor?: number };
}

export function createAppStore(deps: StoreDeps, init: StoreInit): AppStore {
  const clampTo = (n: number, idx: RunSlice['index']) => Math.max(0, Math.min(idx?.steps ?? 0, n));

  /** The run going on now; a newer run cancels it and its late updates are ignored. */
  let current: { id: number; handle: RunHandle | null } = { id: 0, handle: null };
  /** A cursor asked for (a link's) that the growing run has not reached yet. */
  let wanted: number | null = null;

  /**
   * Starts a run. `first` applies the run's first update that has something to show (a step, or
   * the end) and says whether to keep it; later updates only grow the run on screen.
   */
  const launch = (
    doc: ScenarioDocument,
    first: (u: RunUpdate) => Partial<AppState> | null,
    set: (p: Partial<AppState>) => void,
    get: () => AppState,
  ): void => {
    current.handle?.cancel();
    const me = { id: current.id + 1, handle: null as RunHandle | null };
    current = me;
    let shown = false;
    const update = (u: RunUpdate) => {
      if (current !== me) return;
      if (!shown) {
        if (u.run && !u.done && u.index.steps === 0) return; // nothing to show yet
        shown = true;
        const patch = first(u);
        if (!patch) {
          me.handle?.cancel();
          return;
        }
        set({
          ...patch,
          running: !u.done,
          progress: u.run ? (u.progress ?? '') : '',
          stopped: u.run ? (u.stopped ?? null) : null,
        });
      } else if (u.run) {
        set({
          run: u.run,
          index: u.index,
          running: !u.done,
          progress: u.progress ?? '',
          stopped: u.stopped ?? null,
          docError: u.done ? u.run.error : get().docError,
        });
      }
      if (wanted !== null && u.run) {
        const steps = u.index.steps;
        if (steps >= wanted || u.done) {
          set({ cursor: clampTo(wanted, u.index) });
          wanted = null;
        }
      }
    };
    me.handle = deps.start(doc, update);
  };

  const store = createStore<AppState>()((set, get) => {
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
      docError: null,
      origin: init.origin ?? 'default',
      lessonId: init.lessonId ?? null,
      notice: init.notice ?? null,
      // ---- run (the first run starts just below, once the store exists)
      run: null,
      index: null,
      runId: 0,
      running: false,
      progress: '',
      stopped: null,
      // ---- ui
      cursor: 0,
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
        const prev = get().cursor;
        // Keeping the cursor keeps one a running run has not reached yet (a link's, while the
        // lesson it is found to be loads: app/boot.ts identifyLesson).
        wanted = opts.cursor ?? (opts.keepCursor ? (wanted ?? prev) : null);
        const selection =
          opts.selection !== undefined ? opts.selection : opts.keepCursor ? get().selection : null;
        launch(
          doc,
          (u) => ({
            doc,
            source: opts.source ?? null,
            docError: u.run ? u.run.error : u.error,
            origin: opts.origin ?? get().origin,
            lessonId: opts.lessonId ?? null,
            notice: opts.notice !== undefined ? opts.notice : get().notice,
            run: u.run,
            index: u.index,
            runId: get().runId + 1,
            cursor: wanted !== null ? clampTo(wanted, u.index) : 0,
            eventIndex: null,
            playing: false,
            selection,
            hover: null,
            lessonsOpen: false,
            answers: opts.keepCursor ? get().answers : {},
          }),
          set,
          get,
        );
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
        set({ source });
        wanted = get().cursor;
        launch(
          doc,
          (u) => {
            if (!u.run || (u.run.error && u.run.steps === 0)) {
              const error = u.run ? u.run.error : u.error;
              wanted = null;
              set({ source, docError: error ?? { where: '', message: 'the run failed' } });
              return null;
            }
            return {
              doc,
              source,
              docError: u.run.error,
              origin: 'editor',
              // Narration is keyed by step index: an edited document may no longer match it.
              lessonId: null,
              run: u.run,
              index: u.index,
              runId: get().runId + 1,
              cursor: clampTo(get().cursor, u.index),
              eventIndex: null,
            };
          },
          set,
          get,
        );
      },

      runCancelled() {
        if (!get().running) return;
        current.handle?.cancel();
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
          // at the end of a run still going, wait for its next steps
          if (!get().running) set({ playing: false });
          return;
        }
        const idx = get().index;
        const hit =
          run && idx && breakpoints.length > 0 && hitsOf(run, idx, breakpoints).includes(next);
        set({
          cursor: next,
          eventIndex: null,
          playing: (next < stepCount() || get().running) && !hit,
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
        const { run, index, breakpoints, cursor } = get();
        if (!run || !index || breakpoints.length === 0) {
          get().statusShown('No breakpoints set');
          return;
        }
        const k = seekHit(hitsOf(run, index, breakpoints), cursor, dir);
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

  // The first run: the document, origin and lesson are in place already.
  wanted = init.ui?.cursor ?? null;
  launch(
    init.doc,
    (u) => ({
      docError: u.run ? u.run.error : u.error,
      run: u.run,
      index: u.index,
      runId: store.getState().runId + 1,
      cursor: wanted !== null ? clampTo(wanted, u.index) : 0,
    }),
    store.setState,
    store.getState,
  );
  return store;
}
