/**
 * Behaviours held-out kernel cases found (issue 10), each also a corpus scenario checked on Linux
 * 6.18: corpus/mm/mmap-hint-rounds-down, corpus/uffd/poison-copied-at-fork,
 * corpus/uffd/mremap-wp-without-event-remap.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import { ioctl, mmap, register, uffd, MISSING, WP } from '../test-support/uffd_steps';

describe('held-out behaviours', () => {
  it('a non-fixed mmap hint is rounded down to its page and used when free', () => {
    const out = run([
      mmap(3, 'r'),
      { do: 'munmap', addr: 'r + PAGE', length: 'PAGE' },
      {
        do: 'mmap',
        addr: 'r + PAGE + 100',
        length: 'PAGE',
        prot: 'PROT_READ',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      },
    ] as never[]);
    expect(out.at(3)).toMatchObject({ ret: 'r+0x1000' });
  });

  it('a poison marker is copied to a child at fork: the child gets SIGBUS too', () => {
    const out = run([
      ...uffd('UFFD_FEATURE_POISON'),
      mmap(2, 'p'),
      register('p', 2, MISSING),
      ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE' }),
      { do: 'fork', as: 'child' },
      { do: 'pagemap', addr: 'p', length: '2*PAGE', proc: 'child' },
      { do: 'load', addr: 'p', proc: 'child' },
    ] as never[]);
    expect(out.at(7)).toMatchObject({ pages: 'p.' });
    expect(out.at(8)).toMatchObject({ signal: 'SIGBUS' });
  });

  it('mremap without EVENT_REMAP drops the uffd-wp bits and markers of what it moves', () => {
    const out = run([
      ...uffd('UFFD_FEATURE_WP_UNPOPULATED'),
      mmap(2, 'dst', { prot: 'PROT_NONE' }),
      mmap(2, 'p'),
      { do: 'store', addr: 'p', bytes: '01' },
      register('p', 2, WP),
      ioctl('UFFDIO_WRITEPROTECT', {
        start: 'p',
        len: '2*PAGE',
        mode: 'UFFDIO_WRITEPROTECT_MODE_WP',
      }),
      {
        do: 'mremap',
        old_address: 'p',
        old_size: '2*PAGE',
        new_size: '2*PAGE',
        flags: 'MREMAP_MAYMOVE|MREMAP_FIXED',
        new_address: 'dst',
        as: 'q',
      },
      { do: 'pagemap', addr: 'q', length: '2*PAGE' },
      { do: 'store', addr: 'q', bytes: '02' },
    ] as never[]);
    expect(out.at(9)).toMatchObject({ pages: 'x.', uffd_wp: '--' });
    expect(out.at(10)).not.toHaveProperty('blocked');
  });
});
