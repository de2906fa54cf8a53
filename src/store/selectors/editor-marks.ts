/**
 * What the editor marks for the cursor: the step that ran (its path, "step 8", the iteration of
 * each repeat around it) and the steps where blocked threads sleep. Pure over the run.
 */
import type { EngineState } from '../engine';
import type { Timeline } from '../timeline';
import type { RunIndex } from '../run-index';
import { recordAt } from '../run-index';
import { iterationsAt } from './position';

export interface LineMark {
  /** The record path of the step (`steps/2/steps/0`). */
  path: string;
  label: string;
}

export interface EditorMarks {
  current: LineMark | null;
  blocked: LineMark[];
}

export function editorMarks(
  run: Timeline,
  index: RunIndex,
  state: EngineState | null,
  cursor: number,
): EditorMarks {
  const r = recordAt(run, index, cursor);
  const its = iterationsAt(run, cursor);
  const current = r
    ? { path: r.path, label: `step ${cursor}${its.length ? ` · ${its.join(', ')}` : ''}` }
    : null;
  const blocked: LineMark[] = [];
  for (const name of state?.procOrder ?? []) {
    const p = state!.procs[name];
    if (!p || !p.alive) continue;
    for (const t of p.threadOrder) {
      const b = p.threads[t]?.blocked;
      if (b)
        blocked.push({
          path: b.path,
          label: `${t === 'main' ? name : `${name}/${t}`} sleeps here since step ${b.seq}`,
        });
    }
  }
  return { current, blocked };
}
