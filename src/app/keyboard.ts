/**
 * The app's keyboard: ←/→ step, Shift+←/→ event, Home/End, Space play/pause, b breakpoint, ?
 * help. Keys typed into a text field, a select or the editor are left alone; on the Timeline
 * slider the browser's own arrow handling does the same thing as ours.
 */
import type { AppState } from '../store/types';
import { selectState } from '../store/select';
import { addrNames, symbolize } from '../store/selectors/symbols';
import { toggleFullscreen } from './fullscreen';

export interface Shortcut {
  keys: string;
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '→', what: 'Step forward' },
  { keys: '←', what: 'Step back' },
  { keys: 'Shift + →', what: 'Next event (inside a step, then on to the next step)' },
  { keys: 'Shift + ←', what: 'Previous event' },
  { keys: 'Home', what: 'Go to start' },
  { keys: 'End', what: 'Go to end' },
  { keys: 'Space', what: 'Play / pause' },
  {
    keys: 'b',
    what: 'Toggle a breakpoint on the selected page (or on the current step’s kind of event)',
  },
  { keys: 'n / N', what: 'Next / previous breakpoint hit' },
  { keys: 'Escape', what: 'Clear the selection, close dialogs; in classroom mode, leave it' },
  {
    keys: 'PageDown / PageUp',
    what: 'Classroom mode: step forward / back (a presentation clicker)',
  },
  { keys: 'Space / Shift + Space', what: 'Classroom mode: step forward / back' },
  { keys: 'F', what: 'Classroom mode: full screen' },
  {
    keys: 'Ctrl + Enter (editor)',
    what: "Go to the step of the line (its first execution); or click the line's step number",
  },
  {
    keys: '← → ↑ ↓ (memory map)',
    what: 'With the memory map focused: walk its pages and frames (↑ ↓ change rows)',
  },
  {
    keys: 'Enter (memory map)',
    what: 'Follow the selected PTE to its frame, or a frame to a page',
  },
  { keys: '+ / − / 0 (memory map)', what: 'Zoom the memory map in, out, back to all of it' },
  { keys: '?', what: 'Show this help' },
];

function editable(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.closest('.cm-editor')) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return type !== 'checkbox' && type !== 'radio' && type !== 'button';
  }
  return false;
}

/** Handles one keydown; returns true when it was a shortcut. */
export function handleKey(e: KeyboardEvent, s: AppState): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (editable(e.target)) return false;
  // Space on a button activates the button; only claim it elsewhere.
  const onButton =
    e.target instanceof HTMLElement && (e.target.tagName === 'BUTTON' || e.target.tagName === 'A');
  if (s.classroom && !s.embed && classroomKey(e, s, onButton)) return true;
  switch (e.key) {
    case 'ArrowRight':
      if (e.shiftKey) s.eventSteppedForward();
      else s.steppedForward();
      return true;
    case 'ArrowLeft':
      if (e.shiftKey) s.eventSteppedBack();
      else s.steppedBack();
      return true;
    case 'Home':
      s.wentToStart();
      return true;
    case 'End':
      s.wentToEnd();
      return true;
    case ' ':
      if (onButton) return false;
      if (s.playing) s.playPaused();
      else s.playStarted();
      return true;
    case 'b':
      toggleBreakpoint(s);
      return true;
    case 'n':
      s.breakpointSought(1);
      return true;
    case 'N':
      s.breakpointSought(-1);
      return true;
    case '?':
      s.helpToggled();
      return true;
    case 'Escape':
      if (s.helpOpen) s.helpToggled(false);
      else if (s.lessonsOpen) s.lessonsToggled(false);
      else s.selectionChanged(null);
      return true;
    default:
      return false;
  }
}

function toggleBreakpoint(s: AppState): void {
  const sel = s.selection;
  const ps = s.run?.finalState?.machine.pageSize ?? 4096;
  if (sel && sel.kind !== 'frame') {
    const start = Math.floor(sel.addr / ps) * ps;
    const state = selectState(s);
    const label = state ? symbolize(start, addrNames(state.bindings)) : `0x${start.toString(16)}`;
    s.breakpointToggled({ kind: 'range', proc: sel.proc, start, end: start + ps, label });
    s.statusShown(`Breakpoint toggled on the page ${label}`);
    return;
  }
  s.breakpointToggled({ kind: 'event', on: 'fault' });
  s.statusShown('Breakpoint toggled: any page fault');
}

/**
 * Classroom mode's keys: a presentation clicker sends PageDown/PageUp (some send the arrows, or
 * Space), so each steps; Space steps rather than plays, as a slide deck would. F is full screen
 * and Escape leaves the mode once nothing else is open.
 */
function classroomKey(e: KeyboardEvent, s: AppState, onButton: boolean): boolean {
  switch (e.key) {
    case 'PageDown':
      s.steppedForward();
      return true;
    case 'PageUp':
      s.steppedBack();
      return true;
    case ' ':
      if (onButton) return false;
      if (e.shiftKey) s.steppedBack();
      else s.steppedForward();
      return true;
    case 'f':
    case 'F':
      void toggleFullscreen();
      return true;
    case 'Escape':
      if (s.helpOpen || s.lessonsOpen) return false;
      s.classroomToggled(false);
      return true;
    default:
      return false;
  }
}
