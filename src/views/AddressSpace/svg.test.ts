import { describe, expect, it } from 'vitest';
import { makeRun, makeTimeline } from '../../store/test-support/synthetic';
import { buildRunIndex } from '../../store/run-index';
import { addrNames } from '../../store/selectors/symbols';
import { addressSpaceSvg } from './svg';
import { drawRows, runAxis } from './model';

describe('address space SVG export', () => {
  it('draws every page of a small VMA with its letter, escaping names', () => {
    const run = makeRun();
    const s = run.states[4]!;
    const rows = drawRows(s, addrNames(s.bindings));
    rows[0]!.proc = '<main>';
    const svg = addressSpaceSvg(
      runAxis(buildRunIndex(makeTimeline()), s),
      rows,
      ['#eee', '#9cf', '#e90', '#0a7', '#c7a', '#d50'],
      1200,
      'a & b',
    );
    expect(svg).toContain('<title>a &amp; b</title>');
    expect(svg).toContain('&lt;main&gt;');
    expect(svg.match(/>r</g)).toHaveLength(1);
    expect(svg.match(/>x</g)).toHaveLength(1);
    expect(svg).toContain('p 32 KiB rw-p reference page');
  });
});
