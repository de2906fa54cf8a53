/**
 * userfaultfd(2), UFFDIO_API, REGISTER, UNREGISTER, faults, read(2), poll(2) and close: the engine's
 * records, as Linux 6.18 gives them (each scenario checked with `faultline verify`).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import { runScenario } from '../run';
import type { Step } from '../../scenario/types';
import {
  MINOR,
  MISSING,
  SA,
  WP,
  ioctl,
  load,
  memfd,
  mmap,
  pagemap,
  read,
  register,
  store,
  uffd,
  wp,
} from '../test-support/uffd_steps';

const ALL_FEATURES =
  'UFFD_FEATURE_PAGEFAULT_FLAG_WP|UFFD_FEATURE_EVENT_FORK|UFFD_FEATURE_EVENT_REMAP|UFFD_FEATURE_EVENT_REMOVE|UFFD_FEATURE_MISSING_HUGETLBFS|UFFD_FEATURE_MISSING_SHMEM|UFFD_FEATURE_EVENT_UNMAP|UFFD_FEATURE_SIGBUS|UFFD_FEATURE_THREAD_ID|UFFD_FEATURE_MINOR_HUGETLBFS|UFFD_FEATURE_MINOR_SHMEM|UFFD_FEATURE_EXACT_ADDRESS|UFFD_FEATURE_WP_HUGETLBFS_SHMEM|UFFD_FEATURE_WP_UNPOPULATED|UFFD_FEATURE_POISON|UFFD_FEATURE_WP_ASYNC|UFFD_FEATURE_MOVE';
const API_IOCTLS = 'UFFDIO_REGISTER|UFFDIO_UNREGISTER|UFFDIO_API';
const BASIC = 'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_MOVE|UFFDIO_POISON';

function resumed(out: ReturnType<typeof run>, seq: number): Record<string, unknown> | undefined {
  return out.records.find((r) => r.seq === seq && r.resumed) as Record<string, unknown> | undefined;
}

describe('userfaultfd(2)', () => {
  it('takes O_CLOEXEC, O_NONBLOCK and UFFD_USER_MODE_ONLY, and nothing else', () => {
    const out = run([
      { do: 'userfaultfd', flags: 0 },
      { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK|UFFD_USER_MODE_ONLY' },
      { do: 'userfaultfd', flags: 2 },
      { do: 'userfaultfd', flags: 'O_NONBLOCK|4' },
    ]);
    expect(out.at(1)).toMatchObject({ ret: 3, errno: null });
    expect(out.at(2)).toMatchObject({ ret: 4, errno: null });
    expect(out.at(3)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(4)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(1).events).toContainEqual(
      expect.objectContaining({ kind: 'uffd_ctx', fn: 'new_userfaultfd' }),
    );
  });

  it('a userfaultfd cannot be mapped', () => {
    const out = run([
      ...uffd(),
      { do: 'mmap', length: 'PAGE', prot: 'PROT_READ', flags: 'MAP_PRIVATE', fd: 'uffd' },
    ]);
    expect(out.at(3)).toMatchObject({ ret: -1, errno: 'ENODEV' });
  });
});

describe('UFFDIO_API', () => {
  it('writes back every feature and the three API ioctls, whatever was asked', () => {
    const out = run(uffd('UFFD_FEATURE_THREAD_ID'));
    expect(out.at(2)).toMatchObject({
      ret: 0,
      errno: null,
      out: { features: ALL_FEATURES, ioctls: API_IOCTLS },
    });
  });

  it('zeroes the struct on EINVAL: a bad api, an unknown feature, a second handshake', () => {
    const out = run([
      { do: 'userfaultfd', flags: 'O_NONBLOCK', as: 'uffd' },
      ioctl('UFFDIO_API', { api: '0xAB', features: 0, ioctls: 5 }),
      ioctl('UFFDIO_API', { api: '0xAA', features: '0x20000' }),
      ioctl('UFFDIO_API', { api: '0xAA' }),
      ioctl('UFFDIO_API', { api: '0xAA' }),
    ]);
    expect(out.at(2)).toMatchObject({
      ret: -1,
      errno: 'EINVAL',
      out: { features: '0', ioctls: '0' },
    });
    expect(out.at(3)).toMatchObject({
      ret: -1,
      errno: 'EINVAL',
      out: { features: '0', ioctls: '0' },
    });
    // A failed handshake does not count: the next one succeeds, and only then is a second EINVAL.
    expect(out.at(4)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(5)).toMatchObject({
      ret: -1,
      errno: 'EINVAL',
      out: { features: '0', ioctls: '0' },
    });
  });

  it('before the handshake every other ioctl, read and poll fail, leaving the struct alone', () => {
    const out = run([
      { do: 'userfaultfd', flags: 'O_NONBLOCK', as: 'uffd' },
      mmap(1, 'p'),
      register('p', 1, MISSING, { ioctls: 'UFFDIO_WAKE' }),
      ioctl('UFFDIO_COPY', { dst: 'p', src: 'p', len: 'PAGE', copy: 7 }),
      read(),
      { do: 'poll', fd: 'uffd' },
    ]);
    expect(out.at(3)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { ioctls: 'UFFDIO_WAKE' } });
    expect(out.at(4)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { copy: 7 } });
    expect(out.at(5)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    // userfaultfd_poll: EPOLLERR, so poll(2) returns 1.
    expect(out.at(6)).toMatchObject({ ret: 1, errno: null });
  });

  it('an ioctl on a file that is not a userfaultfd is ENOTTY, on no file EBADF; the struct keeps its preset', () => {
    const out = run([
      ...memfd('m', 1),
      ioctl('UFFDIO_API', { api: '0xAA', ioctls: 3 }, 'm'),
      ioctl('UFFDIO_API', { api: '0xAA' }, '99'),
    ]);
    expect(out.at(3)).toMatchObject({
      ret: -1,
      errno: 'ENOTTY',
      out: { features: '0', ioctls: 'UFFDIO_REGISTER|UFFDIO_UNREGISTER' },
    });
    expect(out.at(4)).toMatchObject({ ret: -1, errno: 'EBADF' });
  });
});

describe('UFFDIO_REGISTER', () => {
  it('writes back the range ioctls: WRITEPROTECT with MODE_WP, CONTINUE with MODE_MINOR', () => {
    const out = run([
      ...uffd(),
      mmap(2, 'p'),
      { do: 'mmap', length: '2*PAGE', prot: 'PROT_READ|PROT_WRITE', flags: SA, as: 's' },
      register('p', 1, MISSING),
      register('p+PAGE', 1, `${MISSING}|${WP}`),
      register('s', 1, MINOR),
      register('s+PAGE', 1, `${WP}|${MINOR}`),
    ]);
    expect(out.at(5).out).toEqual({ ioctls: BASIC });
    expect(out.at(6).out).toEqual({
      ioctls:
        'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_MOVE|UFFDIO_WRITEPROTECT|UFFDIO_POISON',
    });
    expect(out.at(7).out).toEqual({
      ioctls: 'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_MOVE|UFFDIO_CONTINUE|UFFDIO_POISON',
    });
    expect(out.at(8).out).toEqual({
      ioctls:
        'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_MOVE|UFFDIO_WRITEPROTECT|UFFDIO_CONTINUE|UFFDIO_POISON',
    });
    expect(out.at(5).events).toContainEqual(
      expect.objectContaining({ kind: 'uffd_range', fn: 'userfaultfd_register' }),
    );
  });

  it('MINOR needs shmem: private anonymous memory is EINVAL, a private memfd mapping is fine', () => {
    const out = run([
      ...uffd(),
      mmap(1, 'p'),
      ...memfd('m', 1),
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE',
        fd: 'm',
        as: 'mp',
      },
      register('p', 1, MINOR, { ioctls: 1 }),
      register('mp', 1, MINOR),
      mmap(1, 'ro', { prot: 'PROT_READ' }),
      register('ro', 1, `${MISSING}|${WP}`),
    ]);
    expect(out.at(7)).toMatchObject({
      ret: -1,
      errno: 'EINVAL',
      out: { ioctls: 'UFFDIO_REGISTER' },
    });
    expect(out.at(8)).toMatchObject({ ret: 0, errno: null });
    // A read-only private mapping may still be registered (VM_MAYWRITE is what counts).
    expect(out.at(10)).toMatchObject({ ret: 0, errno: null });
  });

  it('every EINVAL of the range and the mode; a range with holes is fine, one with no VMA is not', () => {
    const out = run([
      ...uffd(),
      mmap(3, 'h'),
      { do: 'munmap', addr: 'h+PAGE', length: 'PAGE' },
      register('h', 1, 0),
      register('h', 1, 8),
      register('h+1', 1, MISSING),
      ioctl('UFFDIO_REGISTER', { start: 'h', len: 'PAGE+1', mode: MISSING }),
      ioctl('UFFDIO_REGISTER', { start: 'h', len: 0, mode: MISSING }),
      register('0x100000000', 1, MISSING),
      register('h', 3, MISSING),
    ]);
    for (const seq of [5, 6, 7, 8, 9, 10])
      expect(out.at(seq)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(11)).toMatchObject({ ret: 0, errno: null });
  });

  it('EBUSY when another context has the range; the same context changes the mode', () => {
    const out = run([
      ...uffd(),
      ...uffd(undefined, 'O_NONBLOCK', 'u2'),
      mmap(4, 'p'),
      register('p', 2, MISSING),
      register('p+PAGE', 2, MISSING, { fd: 'u2' }),
      register('p+PAGE', 2, WP),
    ]);
    expect(out.at(7)).toMatchObject({ ret: -1, errno: 'EBUSY' });
    expect(out.at(8)).toMatchObject({ ret: 0, errno: null });
    const base = (out.finalState.bindings.p as { value: number }).value;
    const vmas = out.finalState.procs.main!.mm.vmas.map((v) => [
      v.start - base,
      v.end - base,
      v.flags & 0x1200,
    ]);
    expect(vmas).toEqual([
      [0, 0x1000, 0x200],
      [0x1000, 0x3000, 0x1000],
      [0x3000, 0x4000, 0],
    ]);
  });

  it('splits the VMA at the range edges and merges equal neighbours', () => {
    const out = run([
      ...uffd(),
      mmap(8, 'q'),
      register('q+2*PAGE', 2, MISSING),
      register('q+4*PAGE', 2, MISSING),
    ]);
    const base = (out.finalState.bindings.q as { value: number }).value;
    expect(out.finalState.procs.main!.mm.vmas.map((v) => [v.start - base, v.end - base])).toEqual([
      [0, 0x2000],
      [0x2000, 0x6000],
      [0x6000, 0x8000],
    ]);
  });

  it('registering again with a subset of the modes keeps the VMA as it is', () => {
    const out = run([
      ...uffd(),
      mmap(2, 'p'),
      store('p'),
      register('p', 2, `${MISSING}|${WP}`),
      register('p', 2, MISSING),
      wp('p', 2, 1),
      pagemap('p', 2),
    ]);
    expect(out.at(6).out).toEqual({ ioctls: BASIC });
    expect(out.at(7)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(8)).toMatchObject({ pages: 'x.', uffd_wp: 'w-' });
  });
});

describe('UFFDIO_UNREGISTER', () => {
  it('unregisters, merges back, and refuses another context, a range with no VMA, a bad range', () => {
    const out = run([
      ...uffd(),
      ...uffd(undefined, 'O_NONBLOCK', 'u2'),
      mmap(8, 'q'),
      register('q+2*PAGE', 4, MISSING),
      ioctl('UFFDIO_UNREGISTER', { start: 'q+2*PAGE', len: '4*PAGE' }, 'u2'),
      ioctl('UFFDIO_UNREGISTER', { start: '0x100000000', len: 'PAGE' }),
      ioctl('UFFDIO_UNREGISTER', { start: 'q+1', len: 'PAGE' }),
      ioctl('UFFDIO_UNREGISTER', { start: 'q', len: '8*PAGE' }),
    ]);
    expect(out.at(7)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(8)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(9)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(10)).toMatchObject({ ret: 0, errno: null });
    expect(out.finalState.procs.main!.mm.vmas).toHaveLength(1);
  });

  it('wakes the MISSING faults of the range, not WP or MINOR ones; clears uffd-wp', () => {
    const out = run([
      ...uffd(),
      mmap(2, 'p'),
      register('p', 2, MISSING),
      load('p', { thread: 'T1' }),
      ioctl('UFFDIO_UNREGISTER', { start: 'p', len: 'PAGE' }),
      mmap(2, 'q'),
      store('q'),
      register('q', 2, WP),
      wp('q', 1, 1),
      store('q', '05', { thread: 'T2' }),
      ioctl('UFFDIO_UNREGISTER', { start: 'q', len: '2*PAGE' }),
      pagemap('q', 2),
      { do: 'close', fd: 'uffd' },
    ]);
    expect(resumed(out, 5)).toMatchObject({ value: '00' });
    expect(out.at(11)).toMatchObject({ blocked: true });
    expect(out.at(13)).toMatchObject({ pages: 'x.', uffd_wp: '--' });
    // Still asleep after UNREGISTER: only the last close wakes it.
    const woken = out.records.filter((r) => r.resumed).map((r) => r.seq);
    expect(woken).toEqual([5, 11]);
    expect(out.records.findIndex((r) => r.seq === 11 && r.resumed)).toBeGreaterThan(
      out.records.findIndex((r) => r.seq === 14),
    );
  });
});

describe('faults on a registered range (handle_userfault)', () => {
  it('MISSING faults block their threads and queue PAGEFAULT messages; a resolving ioctl resumes them', () => {
    const out = run([
      ...uffd('UFFD_FEATURE_THREAD_ID'),
      mmap(4, 'p'),
      register('p', 4, MISSING),
      load('p + 0x10', { thread: 'T1' }),
      store('p + PAGE', 'ab', { thread: 'T2' }),
      { do: 'poll', fd: 'uffd' },
      read(4),
      ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: '2*PAGE' }),
      pagemap('p', 4),
    ]);
    expect(out.at(5)).toMatchObject({ blocked: true });
    expect(out.at(5).events).toContainEqual(
      expect.objectContaining({ kind: 'thread_blocked', fn: 'handle_userfault' }),
    );
    expect(out.at(7)).toMatchObject({ ret: 1 });
    expect(out.at(8)).toMatchObject({
      ret: 64,
      msgs: [
        { event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'p', ptid: 'T1' },
        {
          event: 'UFFD_EVENT_PAGEFAULT',
          flags: 'UFFD_PAGEFAULT_FLAG_WRITE',
          address: 'p+0x1000',
          ptid: 'T2',
        },
      ],
    });
    expect(resumed(out, 5)).toMatchObject({ value: '00' });
    expect(resumed(out, 6)).toMatchObject({ resumed: true });
    // T2's store retried on the zero page ZEROPAGE mapped, and copied it.
    expect(out.at(10).pages).toBe('zx..');
  });

  it('a step for a blocked thread is an error of the scenario', () => {
    const out = runScenario({
      faultline: 1,
      steps: [...uffd(), mmap(1, 'p'), register('p', 1, MISSING), load('p'), load('p')],
    });
    expect(out.error?.message).toMatch(/blocked/);
  });

  it('UFFD_FEATURE_EXACT_ADDRESS keeps the offset in the page; without it the address is page-masked', () => {
    const out = run([
      ...uffd('UFFD_FEATURE_EXACT_ADDRESS'),
      mmap(2, 'p'),
      register('p', 2, MISSING),
      store('p+0x777', 'aa', { thread: 'T1' }),
      read(),
      ioctl('UFFDIO_WAKE', { start: 'p+PAGE', len: 'PAGE' }),
      ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: 'PAGE' }),
    ]);
    expect(out.at(6).msgs).toEqual([
      { event: 'UFFD_EVENT_PAGEFAULT', flags: 'UFFD_PAGEFAULT_FLAG_WRITE', address: 'p+0x777' },
    ]);
    expect(resumed(out, 5)).toBeDefined();
    expect(out.records.findIndex((r) => r.resumed)).toBeGreaterThan(
      out.records.findIndex((r) => r.seq === 8),
    );
  });

  it('UFFD_FEATURE_SIGBUS: SIGBUS/BUS_ADRERR instead of a message, for MISSING, WP and MINOR', () => {
    const out = run([
      ...uffd('UFFD_FEATURE_SIGBUS'),
      mmap(2, 'a'),
      register('a', 2, `${MISSING}|${WP}`),
      load('a'),
      ...memfd('m', 2),
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm1',
      },
      store('m1'),
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm2',
      },
      register('m2', 2, `${MINOR}|${WP}`),
      load('m2'),
      ioctl('UFFDIO_CONTINUE', { start: 'm2', len: 'PAGE' }),
      wp('m2', 1, 1),
      store('m2'),
      read(),
    ]);
    for (const seq of [5, 12, 15])
      expect(out.at(seq)).toMatchObject({ signal: 'SIGBUS', si_code: 'BUS_ADRERR' });
    expect(out.at(16)).toMatchObject({ ret: -1, errno: 'EAGAIN' });
  });

  it('a WP fault on a present page says WRITE|WP; a MINOR fault on a cached shmem page says MINOR', () => {
    const out = run([
      ...uffd(),
      mmap(1, 'p'),
      store('p'),
      register('p', 1, WP),
      wp('p', 1, 'UFFDIO_WRITEPROTECT_MODE_WP'),
      store('p', '02', { thread: 'T1' }),
      ...memfd('m', 2),
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm1',
      },
      store('m1'),
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm2',
      },
      register('m2', 2, `${MISSING}|${MINOR}`),
      load('m2', { thread: 'T2' }),
      load('m2+PAGE', { thread: 'T3' }),
      read(4),
    ]);
    expect(out.at(16).msgs).toEqual([
      {
        event: 'UFFD_EVENT_PAGEFAULT',
        flags: 'UFFD_PAGEFAULT_FLAG_WRITE|UFFD_PAGEFAULT_FLAG_WP',
        address: 'p',
      },
      { event: 'UFFD_EVENT_PAGEFAULT', flags: 'UFFD_PAGEFAULT_FLAG_MINOR', address: 'm2' },
      { event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'm2+0x1000' },
    ]);
  });

  it('UFFDIO_WAKE before the read takes the message away; the retried fault queues a new one', () => {
    const out = run([
      ...uffd(),
      mmap(2, 'p'),
      register('p', 2, MISSING),
      load('p', { thread: 'T1' }),
      ioctl('UFFDIO_WAKE', { start: 'p', len: 'PAGE' }),
      read(4),
      ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: 'PAGE', mode: 'UFFDIO_ZEROPAGE_MODE_DONTWAKE' }),
      read(4),
      ioctl('UFFDIO_WAKE', { start: 'p', len: '2*PAGE' }),
    ]);
    expect(out.at(7).msgs).toHaveLength(1);
    expect(resumed(out, 5)).toBeDefined();
    expect(out.at(9)).toMatchObject({ ret: -1, errno: 'EAGAIN' });
    expect(out.records.findIndex((r) => r.resumed)).toBeGreaterThan(
      out.records.findIndex((r) => r.seq === 10),
    );
  });

  it('closing the userfaultfd unregisters and wakes: the fault is retried as an ordinary one', () => {
    const out = run([
      ...uffd(),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      store('p', '07', { thread: 'T1' }),
      { do: 'close', fd: 'uffd' },
      pagemap('p', 1),
    ]);
    expect(resumed(out, 5)).toMatchObject({ resumed: true });
    expect(out.at(7).pages).toBe('x');
    expect(out.finalState.procs.main!.mm.vmas[0]!.uffd).toBeNull();
  });
});

describe('exit', () => {
  it('a thread asleep in handle_userfault dies with its process: no resumed record, no message', () => {
    const out = run([
      ...uffd(),
      { do: 'fork', as: 'c' },
      ...uffd(undefined, 'O_NONBLOCK', 'u2').map((s) => ({ ...s, proc: 'c' }) as Step),
      mmap(1, 'p', { proc: 'c' }),
      register('p', 1, MISSING, { fd: 'u2', proc: 'c' }),
      load('p', { proc: 'c', thread: 'T1' }),
      { do: 'exit', proc: 'c' },
      { do: 'poll', fd: 'uffd' },
    ]);
    expect(out.at(8)).toMatchObject({ blocked: true });
    expect(out.records.some((r) => r.resumed)).toBe(false);
    expect(out.at(10)).toMatchObject({ ret: 0 });
  });
});

describe('read(2) and poll(2)', () => {
  it('faults come before events; count caps the messages; EAGAIN when empty and non-blocking', () => {
    const out = run([
      ...uffd('UFFD_FEATURE_EVENT_UNMAP'),
      mmap(4, 'r'),
      register('r', 4, MISSING),
      { do: 'munmap', addr: 'r+3*PAGE', length: 'PAGE' },
      load('r', { thread: 'T1' }),
      read(1, { thread: 'T2' }),
      read(5, { thread: 'T2' }),
      read(1, { thread: 'T2' }),
    ]);
    expect(out.at(5)).toMatchObject({ blocked: true });
    expect(out.at(7).msgs).toEqual([{ event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'r' }]);
    expect(out.at(8)).toMatchObject({
      ret: 32,
      msgs: [{ event: 'UFFD_EVENT_UNMAP', start: 'r+0x3000', end: 'r+0x4000' }],
    });
    expect(resumed(out, 5)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(9)).toMatchObject({ ret: -1, errno: 'EAGAIN' });
  });

  it('count 0 is EINVAL; poll on a blocking fd is always POLLERR; a blocking read with nothing pending is an error', () => {
    const steps: Step[] = [
      ...uffd(undefined, 'O_CLOEXEC'),
      { do: 'poll', fd: 'uffd' },
      read(0),
      ...uffd(undefined, 'O_NONBLOCK', 'u2'),
      { do: 'poll', fd: 'u2' },
      read(),
    ];
    const out = runScenario({ faultline: 1, steps });
    expect(out.records[2]).toMatchObject({ ret: 1, errno: null });
    expect(out.records[3]).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.records[6]).toMatchObject({ ret: 0, errno: null });
    expect(out.error?.where).toBe('steps[7].fd');
    expect(out.error?.message).toMatch(/block forever/);
  });
});
