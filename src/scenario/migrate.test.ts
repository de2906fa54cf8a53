import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrate';
import { FORMAT_VERSION } from './types';

describe('migrate', () => {
  it('has a migration into every version after the first', () => {
    for (let v = 1; v < FORMAT_VERSION; v++) expect(MIGRATIONS[v]).toBeTypeOf('function');
    expect(
      Object.keys(MIGRATIONS)
        .map(Number)
        .every((v) => v >= 1 && v < FORMAT_VERSION),
    ).toBe(true);
  });
  it('returns a current document as it is', () => {
    const doc = { faultline: 1, steps: [] };
    expect(migrate(doc)).toBe(doc);
  });
  it('refuses a newer version with a clear message', () => {
    expect(() => migrate({ faultline: 2, steps: [] })).toThrow(
      'faultline: this scenario was written by a newer faultline (format 2); this one reads up to 1',
    );
  });
  it('refuses a missing or malformed version', () => {
    expect(() => migrate({ steps: [] })).toThrow('faultline: missing');
    expect(() => migrate({ faultline: 1.5, steps: [] })).toThrow('got 1.5');
    expect(() => migrate({ faultline: -1, steps: [] })).toThrow('got -1');
    expect(() => migrate({ faultline: '1', steps: [] })).toThrow('got "1"');
    expect(() => migrate(null)).toThrow('a scenario is a JSON object');
    expect(() => migrate('{}')).toThrow('a scenario is a JSON object');
  });
});
