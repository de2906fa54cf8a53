/** The Mappings table's window: more rows than it shows, and it still follows the cursor. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import { parseText } from '../../scenario/text';
import { buildRunIndex } from '../../store/run-index';
import { timelineOfRun } from '../../store/timeline';
import { orderedChanges } from '../../store/selectors/changes-by-event';
import { mappingOf } from '../../store/selectors/mapping';
import { addrNames } from '../../store/selectors/symbols';
import { focusOf, ROWS_SHOWN, tableWindow } from './mappings-window';

// Every other page of 600 written: 300 rows of one page each, more than the table shows.
const doc = parseText(
  [
    'p = mmap(NULL, 600*PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
    'repeat 300 as i {',
    '  store(p + 2*i*PAGE, "01")',
    '}',
  ].join('\n'),
);
const out = runScenario(doc);
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

describe('the Mappings table’s window', () => {
  it('opens at the first rows when the step changed one of them', () => {
    const { model, names, changes } = at(11);
    const w = tableWindow(model, names, changes, focusOf(null, changes), null);
    expect(w.total).toBe(10);
    expect(w.from).toBe(0);
    expect(w.rows.find((r) => r.changed)?.addrText).toBe('p+0x12000');
  });

  it('follows the cursor past the rows it shows: the changed row is in the window', () => {
    const { model, names, changes } = at(260);
    const w = tableWindow(model, names, changes, focusOf(null, changes), null);
    expect(w.total).toBe(259);
    expect(w.rows).toHaveLength(ROWS_SHOWN);
    const changed = w.rows.filter((r) => r.changed);
    expect(changed.map((r) => r.addrText)).toEqual([`p+0x${(258 * 2 * 4096).toString(16)}`]);
    expect(w.from).toBeGreaterThan(0);
    expect(w.from + w.rows.length).toBe(w.total);
  });

  it('prefers the selected page, and pages from any row the reader asks for', () => {
    const { model, names, changes } = at(300);
    const sel = { kind: 'page' as const, proc: 'main', addr: model.axis.segments[0]!.start };
    const top = tableWindow(model, names, changes, focusOf(sel, changes), null);
    expect(top.from).toBe(0);
    expect(top.rows[0]!.addrText).toBe('p');
    expect(top.rows.some((r) => r.changed)).toBe(false);
    const later = tableWindow(model, names, changes, [], ROWS_SHOWN);
    expect(later.from).toBe(ROWS_SHOWN);
    expect(later.rows[0]!.addrText).toBe(`p+0x${(ROWS_SHOWN * 2 * 4096).toString(16)}`);
    expect(later.rows).toHaveLength(299 - ROWS_SHOWN);
  });

  it('a focus page with no row (not present) leaves the window at the top', () => {
    const { model, names, changes } = at(260);
    const hole = { proc: 'main', addr: model.axis.segments[0]!.start + 4096 };
    const w = tableWindow(model, names, changes, [hole], null);
    expect(w.from).toBe(0);
  });
});
