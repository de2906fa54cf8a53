/**
 * The app store's shape: three slices (doc, run, ui) and actions named as events (design habit 10).
 * Everything here is plain data, so a view state can be written into a link and read back.
 */
import type { ScenarioDocument, ScenarioErrorInfo } from './engine';
import type { AskResponse } from '../scenario/lesson';
import type { Timeline } from './timeline';
import type { RunIndex } from './run-index';
import type { BreakKind } from './marks';

/** What the user has selected or is hovering: a page of a process, a frame, or one MTE granule. */
export type Selection =
  /**
   * A page (`addr` its first byte). `offset`: the byte inside it that a typed address named ("Go to
   * address" p+0x1234), where the page-table walk ends; absent for a click.
   */
  | { kind: 'page'; proc: string; addr: number; offset?: number }
  | { kind: 'frame'; pfn: number }
  | { kind: 'granule'; proc: string; addr: number; granule: number };

/** Event kinds a breakpoint can stop on (marks.ts). */
export type { BreakKind };

export type Breakpoint =
  | { kind: 'event'; on: BreakKind }
  /** Any event or access that touches [start, end) in `proc` (all processes when null). */
  | { kind: 'range'; proc: string | null; start: number; end: number; label: string };

export type PanelId = 'editor' | 'inspector' | 'counters' | 'granules' | 'results' | 'walk';

export type Theme = 'light' | 'dark';

/** What a teacher may open beside the classroom layout. */
export type ClassroomExtra =
  'walk' | 'mappings' | 'space' | 'timeline' | 'frames' | 'granules' | 'inspector' | 'editor';

/** Where the current document came from; the header and the share link say so. */
export type DocOrigin = 'default' | 'lesson' | 'link' | 'editor' | 'file';

export interface DocSlice {
  /** The last good document: the one the run on screen was made from. */
  doc: ScenarioDocument;
  /**
   * The editor's text, ahead of `doc` when the latest edit does not parse; null for a document not
   * edited nor loaded as text, whose text is its printed form (the editor prints it when it opens,
   * so the printer stays out of the first view's JavaScript).
   */
  source: string | null;
  /** The error of the latest edit or load, kept until an edit parses and runs again. */
  docError: ScenarioErrorInfo | null;
  origin: DocOrigin;
  /** The built-in lesson this document is (its narration and questions), while it is unedited. */
  lessonId: string | null;
  /** A message about the document that must not go unseen (e.g. a link made under other semantics). */
  notice: string | null;
}

/** A student's answer to a lesson's question (docs/scenario-format.md, "Lessons"). */
export interface LessonAnswer {
  response: AskResponse;
  right: boolean;
}

/**
 * The student's side of a lesson: answers by the asked step's record path (`steps/4`). Kept in the
 * browser only (app/useLessonProgress.ts), never in a link; a teacher's student preview starts
 * empty and keeps nothing.
 */
export interface LessonSlice {
  answers: Record<string, LessonAnswer>;
  studentPreview: boolean;
}

export interface RunSlice {
  /** The run of `doc`: every step reachable (timeline.ts), growing while `running`. */
  run: Timeline | null;
  index: RunIndex | null;
  /** Bumped on every new run, so views can tell a re-run from a cursor move. */
  runId: number;
  /** The run is still going (in a worker): its first steps are viewable, more are coming. */
  running: boolean;
  /** How far a running run is, in words ("12,345 steps…"); empty when none is running. */
  progress: string;
  /** Why the run on screen ended before its end (stopped by the user, the memory budget). */
  stopped: string | null;
}

export interface UiSlice {
  /** The step the views show: 0 before the first step, k after the step with seq k. */
  cursor: number;
  /** Shift+←/→ walks the events of the step at the cursor; null shows the whole step. */
  eventIndex: number | null;
  selection: Selection | null;
  hover: Selection | null;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  breakpoints: Breakpoint[];
  panels: Record<PanelId, boolean>;
  theme: Theme;
  /**
   * Classroom mode: the projector layout (the memory map large, the narration beside it, the step
   * controls; the rest only when the teacher opens it). Travels in share links as `mode`.
   */
  classroom: boolean;
  /** Panels the teacher opened on top of the classroom layout. */
  classroomExtras: ClassroomExtra[];
  embed: boolean;
  helpOpen: boolean;
  lessonsOpen: boolean;
  /** A short status line (copied link, breakpoint not found, …), announced politely. */
  status: string;
  /** Bumped by every statusShown, so the same message shown twice is shown (and timed) anew. */
  statusSeq: number;
}

export interface LoadOptions {
  source?: string;
  origin?: DocOrigin;
  /** Keep the cursor on the same seq where it still exists (editor re-runs). */
  keepCursor?: boolean;
  /** The step to show once the run has reached it (a link's cursor). */
  cursor?: number;
  /** The selection to show with it (a link's). */
  selection?: Selection | null;
  notice?: string | null;
  lessonId?: string | null;
}

export interface Actions {
  scenarioLoaded(doc: ScenarioDocument, opts?: LoadOptions): void;
  /**
   * The editor's text changed: parse it and run it, or keep the last good run. The editor brings
   * the parser (scenario/load.ts loadScenario: throws with `where`, line:column, and `detail` or
   * `message`), so the text parser loads with the editor, not with the first view.
   */
  sourceEdited(source: string, parse: (source: string) => ScenarioDocument): void;
  /** Stops the run that is going; the steps it made stay viewable. */
  runCancelled(): void;
  cursorMoved(cursor: number): void;
  steppedForward(): void;
  steppedBack(): void;
  eventSteppedForward(): void;
  eventSteppedBack(): void;
  wentToStart(): void;
  wentToEnd(): void;
  playStarted(): void;
  playPaused(): void;
  /** One tick of playback; stops at the end or on a breakpoint hit. */
  playTicked(): void;
  speedChanged(speed: number): void;
  selectionChanged(sel: Selection | null): void;
  hoverChanged(sel: Selection | null): void;
  breakpointToggled(bp: Breakpoint): void;
  breakpointsCleared(): void;
  /** Moves to the next (dir 1) or previous (dir -1) breakpoint hit; says so when there is none. */
  breakpointSought(dir: 1 | -1): void;
  panelToggled(panel: PanelId, open?: boolean): void;
  themeChanged(theme: Theme): void;
  classroomToggled(on?: boolean): void;
  classroomExtraToggled(extra: ClassroomExtra, open?: boolean): void;
  helpToggled(open?: boolean): void;
  lessonsToggled(open?: boolean): void;
  statusShown(text: string): void;
  noticeDismissed(): void;
  /** The student answered the question of the step at `path`. */
  questionAnswered(path: string, response: AskResponse): void;
  /** Answers kept from an earlier visit to this lesson (app/useLessonProgress.ts). */
  answersRestored(answers: Record<string, LessonAnswer>): void;
  /** Forget this lesson's answers (start over). */
  answersCleared(): void;
  /** A teacher sees the lesson as a student would: from the start, no answers, editor closed. */
  studentPreviewToggled(on?: boolean): void;
}

export type AppState = DocSlice & RunSlice & UiSlice & LessonSlice & Actions;
