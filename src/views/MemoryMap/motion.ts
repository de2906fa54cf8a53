/**
 * How the memory map moves from one cursor position to the next, as pure data: which step's
 * changes are on screen (the scene), how far each of its phases has gone before and after, and in
 * what order the phases move. A step forward plays its events' parts one after another; a step
 * back plays them in reverse; Shift+arrows play one event's part. Anything else (a jump, a new
 * run) is drawn still. The whole motion lasts at most MAX_MS, and none under reduced motion.
 */

export const MAX_MS = 300;

/** Where the cursor is: after step `cursor`, showing its events up to `eventIndex` (null: all). */
export interface CursorView {
  cursor: number;
  eventIndex: number | null;
  runId: number;
}

/** Progress of a phase at rest: 1 when the phase has happened, 0 when it has not. */
export type Rest = { kind: 'all'; done: boolean } | { kind: 'upTo'; event: number };

export function restProgress(r: Rest, phase: number): number {
  return r.kind === 'all' ? (r.done ? 1 : 0) : phase <= r.event ? 1 : 0;
}

export interface Motion {
  /** The step whose changes are drawn while moving. */
  scene: number;
  from: Rest;
  to: Rest;
  /** Where the picture settles when the motion ends (may be another step: a step back). */
  settle: CursorView;
}

export const restOf = (v: Pick<CursorView, 'eventIndex'>): Rest =>
  v.eventIndex === null ? { kind: 'all', done: true } : { kind: 'upTo', event: v.eventIndex };

/** The motion from `prev` to `next`, or null when the change is drawn without one. */
export function motionBetween(prev: CursorView | null, next: CursorView): Motion | null {
  if (!prev || prev.runId !== next.runId) return null;
  const to = restOf(next);
  if (prev.cursor === next.cursor) {
    if (prev.eventIndex === next.eventIndex) return null;
    return { scene: next.cursor, from: restOf(prev), to, settle: next };
  }
  if (prev.cursor === next.cursor - 1 && next.cursor > 0)
    return { scene: next.cursor, from: { kind: 'all', done: false }, to, settle: next };
  if (prev.cursor === next.cursor + 1 && prev.cursor > 0)
    return {
      scene: prev.cursor,
      from: restOf(prev),
      to: { kind: 'all', done: false },
      settle: next,
    };
  return null;
}

/** The phases that move, in the order they move (ascending forwards, descending backwards). */
export function movingPhases(m: Motion, phases: readonly number[]): number[] {
  const moving = phases.filter((p) => restProgress(m.from, p) !== restProgress(m.to, p));
  const forward = moving.some((p) => restProgress(m.to, p) > restProgress(m.from, p));
  return [...new Set(moving)].sort((a, b) => (forward ? a - b : b - a));
}

/** Each moving phase's progress at time `ms` into the motion; others keep their rest value. */
export function progressAt(
  m: Motion,
  order: readonly number[],
  ms: number,
  total = MAX_MS,
): (phase: number) => number {
  const slot = total / Math.max(1, order.length);
  const slotOf = new Map(order.map((p, k) => [p, k]));
  return (phase: number) => {
    const a = restProgress(m.from, phase);
    const b = restProgress(m.to, phase);
    const k = slotOf.get(phase);
    if (k === undefined || a === b) return b;
    const u = Math.max(0, Math.min(1, (ms - k * slot) / slot));
    return a + (b - a) * u;
  };
}

/** Which phases are marked as "this step's change": the current event's, or all of the step's. */
export function markedBy(v: Rest): (phase: number) => boolean {
  return v.kind === 'upTo' ? (p) => p === v.event : () => true;
}
