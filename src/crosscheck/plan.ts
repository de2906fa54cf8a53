/**
 * What the C program needs to know about a scenario before emitting code: every leaf step with
 * a fixed id and its document path, the `as` names (and which name addresses), and the
 * (process, thread) pairs that run steps ("slots"), each of which gets its own pipes and stack.
 */
import type { LeafStep, ScenarioDocument, Step } from '../scenario/types';
import { ScenarioError } from '../scenario/types';

export interface Leaf {
  id: number;
  step: LeafStep;
  /** `steps/2/steps/0`, as results print it */
  path: string;
  /** `steps[2].steps[0]`, as error messages name it */
  where: string;
  slot: number;
  inRepeat: boolean;
}

export interface Slot {
  proc: string;
  thread: string;
  /** the slot of this process's main thread */
  procMain: number;
}

export interface NameInfo {
  name: string;
  /** bound by mmap or mremap: addresses print relative to it */
  isAddr: boolean;
  cVar: string;
}

export interface Plan {
  leaves: Leaf[];
  names: NameInfo[];
  slots: Slot[];
  /** leaf id of each fork → the child's main slot */
  forkChild: Map<number, number>;
}

const ADDRESS_CALLS = new Set(['mmap', 'mremap']);

export function planScenario(doc: ScenarioDocument): Plan {
  const leaves: Leaf[] = [];
  const names: NameInfo[] = [];
  const nameIndex = new Map<string, number>();
  const slots: Slot[] = [];
  const slotIndex = new Map<string, number>();
  const forkChild = new Map<number, number>();

  const slotFor = (proc: string, thread: string): number => {
    const key = `${proc}\u0000${thread}`;
    const known = slotIndex.get(key);
    if (known !== undefined) return known;
    const procMain = thread === 'main' ? slots.length : slotFor(proc, 'main');
    slots.push({ proc, thread, procMain });
    slotIndex.set(`${proc}\u0000${thread}`, slots.length - 1);
    return slots.length - 1;
  };
  slotFor('main', 'main');

  const bindInt = (name: string, isAddr: boolean): void => {
    const i = nameIndex.get(name);
    if (i !== undefined) {
      names[i]!.isAddr ||= isAddr;
      return;
    }
    nameIndex.set(name, names.length);
    names.push({ name, isAddr, cVar: `v_${name}` });
  };

  const walk = (steps: readonly Step[], path: string, where: string, inRepeat: boolean): void => {
    steps.forEach((step, i) => {
      const p = `${path}/${i}`;
      const w = `${where}[${i}]`;
      if (step.do === 'repeat') {
        if (step.as) bindInt(step.as, false);
        walk(step.steps, `${p}/steps`, `${w}.steps`, true);
        return;
      }
      const slot = slotFor(step.proc ?? 'main', step.thread ?? 'main');
      const id = leaves.length;
      leaves.push({ id, step, path: p, where: w, slot, inRepeat });
      if (step.do === 'fork') {
        if (!step.as)
          throw new ScenarioError(`${w}.as`, 'fork needs `as`: the name of the child process');
        // A child that has exited may be forked again under its name (a fork in a repeat): it
        // reuses the slots, and the driver refuses a fork over a live one (driver.c).
        if (step.as === 'main') throw new ScenarioError(`${w}.as`, 'process "main" already exists');
        forkChild.set(id, slotFor(step.as, 'main'));
      } else if (step.as) {
        bindInt(step.as, ADDRESS_CALLS.has(step.do));
      }
    });
  };
  walk(doc.steps, 'steps', 'steps', false);
  return { leaves, names, slots, forkChild };
}
