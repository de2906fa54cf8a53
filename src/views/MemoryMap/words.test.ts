/** The memory map in words and by keyboard: the Mappings rows, the change sentences, navigation. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import { buildRunIndex } from '../../store/run-index';
import { timelineOfRun } from '../../store/timeline';
import { orderedChanges } from '../../store/selectors/changes-by-event';
import { mappingOf } from '../../store/selectors/mapping';
import { addrNames } from '../../store/selectors/symbols';
import { mappingRows } from './mappings';
import { navigate } from './nav';
import { changeSentences, describeSelection } from './text';

const forkCow = readBuiltinLessons().find((l) => l.id === 'fork-cow')!;
const out = runScenario(forkCow.doc);
const run = timelineOfRun(out);
const idx = buildRunIndex(run);
const at = (k: number) => {
  const s = out.states[k]!;
  return {
    model: mappingOf(run, idx, s),
    names: addrNames(s.bindings),
    changes: orderedChanges(run, idx, k),
  };
};

describe('the Mappings table', () => {
  it('after fork, each process maps both pages read-only, shared with the other', () => {
    const { model, names, changes } = at(4);
    const { rows } = mappingRows(model, names, changes);
    const child = rows.filter((r) => r.proc === 'child');
    expect(child.map((r) => r.writable)).toEqual(child.map(() => false));
    expect(rows.map((r) => r.sharedWith).join(' ')).toContain('main');
    expect(rows.map((r) => r.sharedWith).join(' ')).toContain('child');
    expect(rows.every((r) => r.changed)).toBe(true);
  });

  it('the child’s copy step: its row is re-pointed, writable and no longer shared', () => {
    const { model, names, changes } = at(8);
    const { rows } = mappingRows(model, names, changes);
    const row = rows.find((r) => r.proc === 'child' && r.addrText === 'p')!;
    expect(row).toMatchObject({ writable: true, sharedWith: '—', changed: true });
    expect(row.notes).toContain('re-pointed from pfn 1');
  });
});

describe('the step in words', () => {
  it('a copy-on-write is a fault, a copy, a re-pointed PTE and a dropped mapcount, in order', () => {
    const { names, changes } = at(8);
    const text = changeSentences(changes, names).sentences.map((s) => s.text);
    expect(text[0]).toMatch(/child p: write fault/);
    expect(text[1]).toMatch(/pfn 3 allocated: a copy of pfn 1/);
    expect(text.slice(2).join(' ')).toMatch(/mapcount 2 → 1/);
    expect(text.slice(2).join(' ')).toMatch(
      /child p: PTE re-pointed from pfn 1 to pfn 3 \(writable\)/,
    );
  });

  it('the selection read aloud', () => {
    const { model, names } = at(8);
    expect(
      describeSelection(
        model,
        { kind: 'page', proc: 'child', addr: model.axis.segments[0]!.start },
        names,
      ),
    ).toBe('Selected: page p of child → pfn 3 (anonymous), writable.');
    expect(describeSelection(model, { kind: 'frame', pfn: 2 }, names)).toMatch(
      /mapcount 2, mapped by main p\+0x1000, child p\+0x1000/,
    );
  });
});

describe('keyboard selection', () => {
  it('arrows walk a row, move to the frames and on to the next process; Enter follows a PTE', () => {
    const { model } = at(8);
    const p = model.axis.segments[0]!.start;
    let sel = navigate(model, null, 'ArrowRight');
    expect(sel).toEqual({ kind: 'page', proc: 'main', addr: p });
    sel = navigate(model, sel, 'ArrowRight');
    expect(sel).toEqual({ kind: 'page', proc: 'main', addr: p + 4096 });
    sel = navigate(model, sel, 'ArrowDown');
    expect(sel).toEqual({ kind: 'frame', pfn: 2 });
    sel = navigate(model, sel, 'ArrowRight');
    expect(sel).toEqual({ kind: 'frame', pfn: 3 });
    sel = navigate(model, sel, 'ArrowDown');
    expect(sel).toEqual({ kind: 'page', proc: 'child', addr: p });
    sel = navigate(model, sel, 'Enter');
    expect(sel).toEqual({ kind: 'frame', pfn: 3 });
    sel = navigate(model, { kind: 'frame', pfn: 2 }, 'Enter');
    expect(sel).toEqual({ kind: 'page', proc: 'main', addr: p + 4096 });
  });
});
