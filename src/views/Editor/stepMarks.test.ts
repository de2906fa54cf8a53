import { describe, expect, it } from 'vitest';
import { parseTextWithPositions } from '../../scenario/text';
import { runScenario } from '../../store/engine';
import { buildRunIndex } from '../../store/run-index';
import { timelineOfRun } from '../../store/timeline';
import { editorMarks } from '../../store/selectors/editor-marks';
import { stepMarks } from './stepMarks';

const text = [
  '# marks',
  'p = mmap(NULL, 4*PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
  'repeat 2 as i {',
  '  load(p + i*PAGE)',
  '  store(p + i*PAGE, "01")',
  '}',
  'rss()',
].join('\n');

describe('editor step marks', () => {
  const { doc, positions } = parseTextWithPositions(text);
  const out = runScenario(doc);
  const run = timelineOfRun(out);
  const idx = buildRunIndex(run);
  const at = (cursor: number) => {
    const m = editorMarks(run, idx, out.states[cursor]!, cursor);
    return stepMarks(positions, idx.firstSeq, m.current, m.blocked);
  };

  it("numbers each line with its first execution, a repeat's line with its body's first", () => {
    expect([...at(1).lineSeq].sort((a, b) => a[0] - b[0])).toEqual([
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [7, 6],
    ]);
  });
  it('marks the line of the step at the cursor with its iteration', () => {
    expect(at(0).current).toBeNull();
    expect(at(4).current).toEqual({ line: 4, label: 'step 4 · iteration 2 of 2' });
    expect(at(6).current).toEqual({ line: 7, label: 'step 6' });
  });
  it('marks the line where a blocked thread sleeps', () => {
    const src = [
      'uffd = userfaultfd(O_CLOEXEC|O_NONBLOCK)',
      'ioctl(uffd, UFFDIO_API, api=0xAA, features=0)',
      'p = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
      'ioctl(uffd, UFFDIO_REGISTER, start=p, len=PAGE, mode=UFFDIO_REGISTER_MODE_MISSING)',
      '[T1] load(p)',
      'rss()',
    ].join('\n');
    const parsed = parseTextWithPositions(src);
    const out = runScenario(parsed.doc);
    const r = timelineOfRun(out);
    const idx = buildRunIndex(r);
    const m = editorMarks(r, idx, out.states[6]!, 6);
    const marks = stepMarks(parsed.positions, idx.firstSeq, m.current, m.blocked);
    expect(marks.blocked).toEqual([{ line: 5, label: 'main/T1 sleeps here since step 5' }]);
    expect(marks.current).toEqual({ line: 6, label: 'step 6' });
  });
});
