import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../engine';
import { compareKernels } from './kernel-compare';

const doc = {
  faultline: 1,
  steps: [
    { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'uffd' },
    { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_API', api: 'UFFD_API' },
    { do: 'memfd_create', name: 'm', flags: 'MFD_NOEXEC_SEAL' },
  ],
} as unknown as ScenarioDocument;

describe('compareKernels', () => {
  it('marks the steps whose records differ between two lines, and only those', () => {
    const c = compareKernels(doc, '6.18', '6.1');
    expect(c.rows.map((r) => [r.seq, r.differs])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(c.differing).toBe(2);
    expect(c.rows[2]!.b).toMatchObject({ ret: -1, errno: 'EINVAL' });
    // 6.12 already has every feature and flag these steps use.
    expect(compareKernels(doc, '6.12', '6.18').differing).toBe(0);
  });
});
