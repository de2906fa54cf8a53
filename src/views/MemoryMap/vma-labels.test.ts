import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import { buildRunIndex } from '../../store/run-index';
import { mappingOf } from '../../store/selectors/mapping';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { timelineOfRun } from '../../store/timeline';
import { vmaLabelForms } from '../AddressSpace/model';
import { describeSelection } from './text';
import { placeVmaLabels, uffdModes, withUffd } from './vma-labels';

/** 6 px a character, as a monospace measure. */
const measure = (t: string) => t.length * 6;
const FORMS = (name: string, size: string) => [
  `${name} ${size} rw-p anonymous`,
  `${name} ${size} rw-p`,
  `${name} ${size}`,
  name,
];

describe('VMA labels on the memory map', () => {
  it('a one-page VMA beside a large one keeps its name, running on to the next VMA', () => {
    // p: one page, 10 px wide; q starts 100 px further.
    const placed = placeVmaLabels(
      [
        { x0: 0, x1: 10, forms: FORMS('p', '4 KiB') },
        { x0: 100, x1: 900, forms: FORMS('q', '1 GiB') },
      ],
      900,
      measure,
    );
    // 96 px of room: "p 4 KiB rw-p" (72 px) fits whole, the full form (132 px) does not.
    expect(placed[0]).toEqual({ x: 2, text: 'p 4 KiB rw-p' });
    expect(placed[1]).toEqual({ x: 102, text: 'q 1 GiB rw-p anonymous' });
  });

  it('the shortest form is the name; no room at all, no label (never a lone ellipsis)', () => {
    const placed = placeVmaLabels(
      [
        { x0: 0, x1: 4, forms: FORMS('p', '4 KiB') },
        { x0: 14, x1: 18, forms: FORMS('from+0x1000', '4 KiB') },
        { x0: 20, x1: 500, forms: FORMS('to', '2 MiB') },
      ],
      500,
      measure,
    );
    expect(placed[0]).toEqual({ x: 2, text: 'p' });
    expect(placed[1]).toBeNull();
    expect(placed[2]!.text).toBe('to 2 MiB rw-p anonymous');
  });

  it('the last VMA runs to the row’s right edge', () => {
    const placed = placeVmaLabels([{ x0: 850, x1: 860, forms: FORMS('p', '4 KiB') }], 900, measure);
    expect(placed[0]).toEqual({ x: 852, text: 'p 4 KiB' });
  });
});

describe('ranges registered with userfaultfd', () => {
  const lesson = readBuiltinLessons().find((l) => l.id === 'uffd-missing-fault')!;
  const out = runScenario(lesson.doc);
  const run = timelineOfRun(out);
  const idx = buildRunIndex(run);
  // The last state: the range is still registered.
  const s = run.finalState;
  const model = mappingOf(run, idx, s);
  const names = addrNames(s.bindings);
  const main = model.procs.find((p) => p.name === 'main')!;
  const v = main.vmas.find((x) => x.uffd !== null)!;

  it('the label says for which faults, in every form but the bare name', () => {
    expect(uffdModes(v)).toBe('missing');
    const forms = withUffd(v, vmaLabelForms(v, names));
    expect(forms[0]).toMatch(/ · uffd missing$/);
    expect(forms.at(-2)).toMatch(/ uffd$/);
    expect(forms.at(-1)).toBe(symbolize(v.start, names));
    // A range that is not registered keeps its forms.
    const plain = { ...v, uffd: null };
    expect(withUffd(plain, vmaLabelForms(plain, names))).toEqual(vmaLabelForms(plain, names));
  });

  it('the selection read aloud names the registration', () => {
    expect(describeSelection(model, { kind: 'page', proc: 'main', addr: v.start }, names)).toMatch(
      /registered with userfaultfd \(missing\)\.$/,
    );
  });
});
