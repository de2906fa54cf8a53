import { describe, expect, it } from 'vitest';
import { diagnostics, placeOf, rangeAt, recordPathToJsonPath } from './diagnostics';

const text = 'rfd = refpage_create("aa", 1)\nload(qq)\n';

describe('editor diagnostics', () => {
  it('underlines the token at a line:column', () => {
    expect(rangeAt(text, 2, 6)).toEqual({ from: 35, to: 37 });
    expect(text.slice(35, 37)).toBe('qq');
    expect(rangeAt(text, 99, 99).from).toBeLessThanOrEqual(text.length);
  });
  it('maps JSON paths through the parser positions', () => {
    const pos = { 'steps[1]': { line: 2, col: 1 }, 'steps[1].addr': { line: 2, col: 6 } };
    expect(placeOf('steps[1].addr', pos)).toEqual({ line: 2, col: 6 });
    expect(placeOf('steps[1].length', pos)).toEqual({ line: 2, col: 1 });
    expect(placeOf('3:4', pos)).toEqual({ line: 3, col: 4 });
    expect(placeOf('machine.arch', pos)).toBeNull();
    expect(recordPathToJsonPath('steps/2/steps/0')).toBe('steps[2].steps[0]');
    const d = diagnostics(text, pos, { where: 'steps[1].addr', message: 'unbound name' }, [
      { path: 'steps/1', field: 'value', expected: 'aa', actual: '00' },
    ]);
    expect(d.map((x) => [x.from, x.severity])).toEqual([
      [35, 'error'],
      [30, 'warning'],
    ]);
  });
  it('says a failed expectation in the text form’s own syntax, not JSON', () => {
    const pos = { 'steps[1]': { line: 2, col: 1 } };
    const d = diagnostics(text, pos, null, [
      { path: 'steps/1', field: 'out', expected: { copy: 4096 }, actual: { copy: -17 } },
      { path: 'steps/1', field: 'errno', expected: 'EEXIST', actual: undefined },
    ]);
    expect(d.map((x) => x.message)).toEqual([
      'expectation failed: expected out={copy=4096}, got out={copy=-17}',
      'expectation failed: expected errno=EEXIST, got no errno',
    ]);
  });
});
