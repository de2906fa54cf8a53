/**
 * Non-cooperative events (FORK, REMAP, REMOVE, UNMAP), the threads that wait for them, and faults
 * the kernel takes itself (MADV_POPULATE_*), as Linux 6.18 gives them (each scenario checked with
 * `faultline verify`).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import { runScenario } from '../run';
import type { Step } from '../../scenario/types';
import {
  MISSING,
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

const EVENTS = 'UFFD_FEATURE_EVENT_REMAP|UFFD_FEATURE_EVENT_REMOVE|UFFD_FEATURE_EVENT_UNMAP';

function go(steps: Step[]) {
  const out = run(steps);
  const find = (s: Step, resumed: boolean) =>
    out.records.find((x) => x.path === `steps/${steps.indexOf(s)}` && !!x.resumed === resumed) as
      Record<string, unknown> | undefined;
  return {
    out,
    r: (s: Step) => {
      const x = find(s, false);
      if (!x) throw new Error(`no record for steps/${steps.indexOf(s)}`);
      return x;
    },
    resumed: (s: Step) => find(s, true),
    /** Index in out.records (to check the order records come in). */
    pos: (s: Step, resumed = false) => out.records.indexOf(find(s, resumed) as never),
  };
}

describe('UFFD_EVENT_FORK (dup_userfaultfd)', () => {
  it('fork waits until the monitor reads FORK; the read installs the child context as the next free fd', () => {
    const fork: Step = { do: 'fork', as: 'c' };
    const copy = ioctl('UFFDIO_COPY', { dst: 'p+PAGE', src: 'src', len: 'PAGE', thread: 'T1' });
    const poll: Step = { do: 'poll', fd: 'uffd', thread: 'T1' };
    const dummy: Step = { do: 'memfd_create', name: 'dummy', thread: 'T1', as: 'dm' };
    const rd = read(1, { thread: 'T1' });
    const childApi = ioctl('UFFDIO_API', { api: '0xAA', thread: 'T1' }, '5');
    const childZp = ioctl('UFFDIO_ZEROPAGE', { start: 'p+2*PAGE', len: 'PAGE', thread: 'T1' }, '5');
    const childPm = pagemap('p', 4, { proc: 'c' });
    const parentPm = pagemap('p', 4);
    const childFault = load('p+3*PAGE', { proc: 'c' });
    const childRead = { do: 'read', fd: 5, count: 1 } as Step;
    const { r, resumed, pos } = go([
      ...uffd('UFFD_FEATURE_EVENT_FORK'),
      mmap(4, 'p'),
      store('p'),
      register('p', 4, `${MISSING}|${WP}`),
      wp('p', 1, 1),
      mmap(1, 'src'),
      fork,
      copy,
      poll,
      dummy,
      rd,
      childApi,
      childZp,
      childPm,
      parentPm,
      childFault,
      childRead,
    ]);
    expect(r(fork)).toMatchObject({ blocked: true });
    // While FORK is unread the context's mmap_changing is up: the resolving ioctls are EAGAIN.
    expect(r(copy)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { copy: -11 } });
    expect(r(poll)).toMatchObject({ ret: 1 });
    expect(r(dummy)).toMatchObject({ ret: 4 });
    expect(r(rd)).toMatchObject({ ret: 32, msgs: [{ event: 'UFFD_EVENT_FORK', ufd: 5 }] });
    expect(resumed(fork)).toMatchObject({ ret: 'c', errno: null });
    expect(pos(fork, true)).toBe(pos(rd) + 1);
    // The child's context is past the handshake already, and serves the child's mm.
    expect(r(childApi)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(r(childZp)).toMatchObject({ ret: 0, out: { zeropage: 4096 } });
    expect(r(childPm)).toMatchObject({ pages: 's.z.', uffd_wp: 'w---' });
    expect(r(parentPm)).toMatchObject({ pages: 's...', uffd_wp: 'w---' });
    expect(r(childFault)).toMatchObject({ blocked: true });
    expect(r(childRead).msgs).toEqual([
      { event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'p+0x3000' },
    ]);
  });

  it('the child runs no step before the fork returns', () => {
    const steps = [
      ...uffd('UFFD_FEATURE_EVENT_FORK'),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      { do: 'fork', as: 'c' } as Step,
      load('p', { proc: 'c' }),
    ];
    const out = runScenario({ faultline: 1, steps });
    expect(out.error?.where).toBe('steps[5]');
  });

  it('one FORK per parent context, each read in turn', () => {
    const fork: Step = { do: 'fork', as: 'c' };
    const poll1: Step = { do: 'poll', fd: 'uffd', thread: 'T1' };
    const read2 = { do: 'read', fd: 'u2', count: 1, thread: 'T1' } as Step;
    const poll2: Step = { do: 'poll', fd: 'uffd', thread: 'T1' };
    const read1 = read(1, { thread: 'T1' });
    const { r, resumed, pos } = go([
      ...uffd('UFFD_FEATURE_EVENT_FORK'),
      ...uffd('UFFD_FEATURE_EVENT_FORK', 'O_NONBLOCK', 'u2'),
      mmap(2, 'p'),
      mmap(2, 'q'),
      register('p', 2, MISSING),
      register('q', 2, MISSING, { fd: 'u2' }),
      fork,
      poll1,
      read2,
      poll2,
      read1,
    ]);
    // q is below p: its VMA comes first, so u2's FORK is queued first.
    expect(r(poll1)).toMatchObject({ ret: 0 });
    expect(r(read2).msgs).toEqual([{ event: 'UFFD_EVENT_FORK', ufd: 5 }]);
    expect(r(poll2)).toMatchObject({ ret: 1 });
    expect(r(read1).msgs).toEqual([{ event: 'UFFD_EVENT_FORK', ufd: 6 }]);
    expect(pos(fork, true)).toBe(pos(read1) + 1);
    expect(resumed(fork)).toMatchObject({ ret: 'c' });
  });

  it('through the child’s context: no cross-mm MOVE (EINVAL); once the child is gone, ESRCH or ENOMEM', () => {
    const mv = ioctl('UFFDIO_MOVE', { dst: 'p', src: 'src', len: 'PAGE', move: 2 }, '4');
    const zp = ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: 'PAGE', zeropage: 3 }, '4');
    const reg = ioctl('UFFDIO_REGISTER', { start: 'p', len: 'PAGE', mode: 1 }, '4');
    const wake = ioctl('UFFDIO_WAKE', { start: 'p', len: 'PAGE' }, '4');
    const wpr = ioctl('UFFDIO_WRITEPROTECT', { start: 'p', len: 'PAGE', mode: 1 }, '4');
    const unreg = ioctl('UFFDIO_UNREGISTER', { start: 'p', len: 'PAGE' }, '4');
    const { r } = go([
      ...uffd('UFFD_FEATURE_EVENT_FORK'),
      mmap(2, 'p'),
      mmap(1, 'src'),
      store('src'),
      register('p', 2, MISSING),
      { do: 'fork', as: 'c' },
      read(1, { thread: 'T1' }),
      mv,
      { do: 'exit', proc: 'c' },
      zp,
      reg,
      wake,
      wpr,
      unreg,
    ]);
    expect(r(mv)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { move: 2 } });
    expect(r(zp)).toMatchObject({ ret: -1, errno: 'ESRCH', out: { zeropage: 3 } });
    expect(r(reg)).toMatchObject({ ret: -1, errno: 'ENOMEM' });
    expect(r(wake)).toMatchObject({ ret: 0 });
    expect(r(wpr)).toMatchObject({ ret: -1, errno: 'ESRCH' });
    expect(r(unreg)).toMatchObject({ ret: -1, errno: 'ENOMEM' });
  });

  it('without EVENT_FORK the child loses the registration and its uffd-wp bits', () => {
    const pm = pagemap('p', 2, { proc: 'c' });
    const l = load('p+PAGE', { proc: 'c' });
    const { r } = go([
      ...uffd(),
      mmap(2, 'p'),
      store('p'),
      register('p', 2, `${MISSING}|${WP}`),
      wp('p', 2, 1),
      { do: 'fork', as: 'c' },
      pm,
      l,
    ]);
    expect(r(pm)).toMatchObject({ pages: 's.', uffd_wp: '--' });
    expect(r(l)).toMatchObject({ value: '00' });
  });
});

describe('UFFD_EVENT_REMAP (mremap_userfaultfd_complete)', () => {
  it('a moving mremap sends REMAP, then the old range’s UNMAP, each read in turn; `as` binds on return', () => {
    const mr: Step = {
      do: 'mremap',
      old_address: 'p',
      old_size: '4*PAGE',
      new_size: '4*PAGE',
      flags: 'MREMAP_MAYMOVE|MREMAP_FIXED',
      new_address: 'n',
      as: 'q',
    };
    const rd1 = read(4, { thread: 'T1' });
    const zp = ioctl('UFFDIO_ZEROPAGE', { start: 'n+PAGE', len: 'PAGE', thread: 'T1' });
    const rd2 = read(4, { thread: 'T1' });
    const l = load('q');
    const { r, resumed } = go([
      ...uffd(EVENTS),
      mmap(4, 'p'),
      store('p'),
      register('p', 4, MISSING),
      mmap(4, 'n'),
      { do: 'munmap', addr: 'n', length: '4*PAGE' },
      mr,
      rd1,
      zp,
      rd2,
      l,
    ]);
    expect(r(mr)).toMatchObject({ blocked: true });
    expect(r(rd1).msgs).toEqual([{ event: 'UFFD_EVENT_REMAP', from: 'p', to: 'n', len: 16384 }]);
    expect(r(zp)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { zeropage: -11 } });
    expect(r(rd2).msgs).toEqual([{ event: 'UFFD_EVENT_UNMAP', start: 'p', end: 'p+0x4000' }]);
    expect(resumed(mr)).toMatchObject({ ret: 'q', errno: null });
    expect(r(l)).toMatchObject({ value: '01' });
  });

  it('shrinking while moving: REMAP, then the shrunk tail, then the old range', () => {
    const reads = [read(4, { thread: 'T1' }), read(4, { thread: 'T1' }), read(4, { thread: 'T1' })];
    const { r } = go([
      ...uffd(EVENTS),
      mmap(4, 'p'),
      register('p', 4, MISSING),
      mmap(8, 'n'),
      { do: 'munmap', addr: 'n', length: '8*PAGE' },
      {
        do: 'mremap',
        old_address: 'p',
        old_size: '4*PAGE',
        new_size: '2*PAGE',
        flags: 'MREMAP_MAYMOVE|MREMAP_FIXED',
        new_address: 'n',
      },
      ...reads,
    ]);
    expect(reads.map((s) => (r(s).msgs as { event: string }[])[0]!.event)).toEqual([
      'UFFD_EVENT_REMAP',
      'UFFD_EVENT_UNMAP',
      'UFFD_EVENT_UNMAP',
    ]);
    expect(r(reads[1]!).msgs).toEqual([
      { event: 'UFFD_EVENT_UNMAP', start: 'p+0x2000', end: 'p+0x4000' },
    ]);
    expect(r(reads[0]!).msgs).toEqual([
      { event: 'UFFD_EVENT_REMAP', from: 'p', to: 'n', len: 8192 },
    ]);
  });

  it('without EVENT_REMAP the moved range is no longer registered', () => {
    const zp = ioctl('UFFDIO_ZEROPAGE', { start: 'n+PAGE', len: 'PAGE' });
    const rd = read(4, { thread: 'T1' });
    const { r } = go([
      ...uffd('UFFD_FEATURE_EVENT_UNMAP'),
      mmap(4, 'p'),
      register('p', 4, MISSING),
      mmap(4, 'n'),
      { do: 'munmap', addr: 'n', length: '4*PAGE' },
      {
        do: 'mremap',
        old_address: 'p',
        old_size: '4*PAGE',
        new_size: '4*PAGE',
        flags: 'MREMAP_MAYMOVE|MREMAP_FIXED',
        new_address: 'n',
      },
      rd,
      zp,
    ]);
    expect(r(rd).msgs).toEqual([{ event: 'UFFD_EVENT_UNMAP', start: 'p', end: 'p+0x4000' }]);
    expect(r(zp)).toMatchObject({ ret: -1, errno: 'ENOENT', out: { zeropage: -2 } });
  });

  it('MREMAP_DONTUNMAP: REMAP only, and the old, empty range stays registered', () => {
    const rd = read(4, { thread: 'T1' });
    const zp = ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: 'PAGE' });
    const { r } = go([
      ...uffd(EVENTS),
      mmap(2, 'p'),
      store('p'),
      register('p', 2, MISSING),
      mmap(2, 'n'),
      { do: 'munmap', addr: 'n', length: '2*PAGE' },
      {
        do: 'mremap',
        old_address: 'p',
        old_size: '2*PAGE',
        new_size: '2*PAGE',
        flags: 'MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP',
        new_address: 'n',
      },
      rd,
      zp,
    ]);
    expect(r(rd).msgs).toEqual([{ event: 'UFFD_EVENT_REMAP', from: 'p', to: 'n', len: 8192 }]);
    expect(r(zp)).toMatchObject({ ret: 0 });
  });

  it('growing or shrinking in place sends no REMAP (a shrink is an UNMAP of the tail)', () => {
    const rd = read(4, { thread: 'T1' });
    const grow: Step = {
      do: 'mremap',
      old_address: 'p',
      old_size: '2*PAGE',
      new_size: '4*PAGE',
      flags: 0,
    };
    const poll: Step = { do: 'poll', fd: 'uffd' };
    const { r } = go([
      ...uffd(EVENTS),
      mmap(4, 'p'),
      register('p', 4, MISSING),
      { do: 'mremap', old_address: 'p', old_size: '4*PAGE', new_size: '2*PAGE', flags: 0 },
      rd,
      { do: 'munmap', addr: 'p+2*PAGE', length: '2*PAGE' },
      grow,
      poll,
    ]);
    expect(r(rd).msgs).toEqual([{ event: 'UFFD_EVENT_UNMAP', start: 'p+0x2000', end: 'p+0x4000' }]);
    expect(r(grow)).toMatchObject({ ret: 'p' });
    expect(r(poll)).toMatchObject({ ret: 0 });
  });
});

describe('UFFD_EVENT_REMOVE (userfaultfd_remove)', () => {
  it('MADV_DONTNEED waits per registered VMA, zapping each only after its event is read', () => {
    const madv: Step = { do: 'madvise', addr: 'p', length: '8*PAGE', advice: 'MADV_DONTNEED' };
    const during = pagemap('p', 8, { thread: 'T1' });
    const zp = ioctl('UFFDIO_ZEROPAGE', { start: 'p+7*PAGE', len: 'PAGE', thread: 'T1' });
    const rd1 = read(1, { thread: 'T1' });
    const mid = pagemap('p', 8, { thread: 'T1' });
    const rd2 = read(1, { thread: 'T1' });
    const end = pagemap('p', 8, { thread: 'T1' });
    const { r, resumed, pos } = go([
      ...uffd(EVENTS),
      mmap(8, 'p'),
      { do: 'store', addr: 'p', fill: '01', length: '8*PAGE' },
      register('p+2*PAGE', 2, MISSING),
      register('p+5*PAGE', 1, WP),
      madv,
      during,
      zp,
      rd1,
      mid,
      rd2,
      end,
    ]);
    expect(r(madv)).toMatchObject({ blocked: true });
    expect(r(during).pages).toBe('..xxxxxx');
    expect(r(zp)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { zeropage: -11 } });
    expect(r(rd1).msgs).toEqual([
      { event: 'UFFD_EVENT_REMOVE', start: 'p+0x2000', end: 'p+0x4000' },
    ]);
    expect(r(mid).pages).toBe('.....xxx');
    expect(r(rd2).msgs).toEqual([
      { event: 'UFFD_EVENT_REMOVE', start: 'p+0x5000', end: 'p+0x6000' },
    ]);
    expect(resumed(madv)).toMatchObject({ ret: 0, errno: null });
    expect(pos(madv, true)).toBe(pos(rd2) + 1);
    expect(r(end).pages).toBe('........');
  });

  it('MADV_REMOVE on shmem punches the hole after the read; on anonymous memory it is EINVAL first', () => {
    const madv: Step = { do: 'madvise', addr: 'ms+PAGE', length: '2*PAGE', advice: 'MADV_REMOVE' };
    const during = pagemap('ms', 4, { thread: 'T1' });
    const rd = read(1, { thread: 'T1' });
    const after = pagemap('ms', 4);
    const anon: Step = { do: 'madvise', addr: 'pa', length: 'PAGE', advice: 'MADV_REMOVE' };
    const { r, resumed } = go([
      ...uffd(EVENTS),
      ...memfd('m', 4),
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'ms',
      },
      { do: 'store', addr: 'ms', fill: '01', length: '4*PAGE' },
      register('ms', 4, MISSING),
      madv,
      during,
      rd,
      after,
      mmap(1, 'pa'),
      register('pa', 1, MISSING),
      anon,
    ]);
    expect(r(during).pages).toBe('xxxx');
    expect(r(rd).msgs).toEqual([
      { event: 'UFFD_EVENT_REMOVE', start: 'ms+0x1000', end: 'ms+0x3000' },
    ]);
    expect(resumed(madv)).toMatchObject({ ret: 0 });
    expect(r(after).pages).toBe('x..x');
    expect(r(anon)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });
});

describe('UFFD_EVENT_UNMAP (userfaultfd_unmap_prep / _complete)', () => {
  it('munmap unmaps first, then waits; the event carries the whole munmap range', () => {
    const un: Step = { do: 'munmap', addr: 'p+PAGE', length: '6*PAGE' };
    const during = pagemap('p', 8, { thread: 'T1' });
    const wake = ioctl('UFFDIO_WAKE', { start: 'p', len: 'PAGE', thread: 'T1' });
    const rd = read(4, { thread: 'T1' });
    const poll: Step = { do: 'poll', fd: 'uffd', thread: 'T1' };
    const { r, resumed } = go([
      ...uffd(EVENTS),
      mmap(8, 'p'),
      { do: 'store', addr: 'p', fill: '01', length: '8*PAGE' },
      register('p+2*PAGE', 2, MISSING),
      un,
      during,
      wake,
      rd,
      poll,
    ]);
    expect(r(un)).toMatchObject({ blocked: true });
    expect(r(during).pages).toBe('x......x');
    expect(r(wake)).toMatchObject({ ret: 0 });
    expect(r(rd).msgs).toEqual([{ event: 'UFFD_EVENT_UNMAP', start: 'p+0x1000', end: 'p+0x7000' }]);
    expect(resumed(un)).toMatchObject({ ret: 0, errno: null });
    expect(r(poll)).toMatchObject({ ret: 0 });
  });

  it('mmap MAP_FIXED over a registered range unmaps it, with an UNMAP event', () => {
    const m = mmap(2, 'q', { addr: 'p', flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED' });
    const rd = read(4, { thread: 'T1' });
    const { r, resumed } = go([...uffd(EVENTS), mmap(4, 'p'), register('p', 4, MISSING), m, rd]);
    expect(r(rd).msgs).toEqual([{ event: 'UFFD_EVENT_UNMAP', start: 'p', end: 'p+0x2000' }]);
    expect(resumed(m)).toMatchObject({ ret: 'q' });
  });

  it('every resolving ioctl is EAGAIN while an event is unread, with -EAGAIN in its field', () => {
    const t = { thread: 'T1' };
    const reqs: Step[] = [
      ioctl('UFFDIO_COPY', { dst: 'p', src: 'src', len: 'PAGE', ...t }),
      ioctl('UFFDIO_COPY', { dst: 'p+1', src: 'src', len: 'PAGE', ...t }),
      ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: 'PAGE', ...t }),
      ioctl('UFFDIO_MOVE', { dst: 'p', src: 'src', len: 'PAGE', ...t }),
      ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE', ...t }),
      ioctl('UFFDIO_CONTINUE', { start: 'p', len: 'PAGE', ...t }),
    ];
    const wpReq = ioctl('UFFDIO_WRITEPROTECT', { start: 'p', len: 'PAGE', mode: 1, ...t });
    const others = [
      ioctl('UFFDIO_WAKE', { start: 'p', len: 'PAGE', ...t }),
      ioctl('UFFDIO_UNREGISTER', { start: 'p+2*PAGE', len: 'PAGE', ...t }),
    ];
    const { r } = go([
      ...uffd(EVENTS),
      mmap(4, 'p'),
      register('p', 4, `${MISSING}|${WP}`),
      mmap(1, 'x'),
      register('x', 1, MISSING),
      mmap(1, 'src'),
      store('src'),
      { do: 'munmap', addr: 'x', length: 'PAGE' },
      ...reqs,
      wpReq,
      ...others,
    ]);
    for (const s of reqs) {
      const rec = r(s);
      expect(rec).toMatchObject({ ret: -1, errno: 'EAGAIN' });
      expect(Object.values(rec.out as object)).toEqual([-11]);
    }
    expect(r(wpReq)).toMatchObject({ ret: -1, errno: 'EAGAIN' });
    for (const s of others) expect(r(s)).toMatchObject({ ret: 0 });
  });

  it('closing the userfaultfd lets the waiting munmap return', () => {
    const un: Step = { do: 'munmap', addr: 'r', length: '2*PAGE' };
    const close: Step = { do: 'close', fd: 'uffd', thread: 'T1' };
    const { resumed, pos } = go([
      ...uffd(EVENTS),
      mmap(2, 'r'),
      register('r', 2, MISSING),
      un,
      close,
    ]);
    expect(resumed(un)).toMatchObject({ ret: 0 });
    expect(pos(un, true)).toBe(pos(close) + 1);
  });

  it('exit unmaps everything without events', () => {
    const poll: Step = { do: 'poll', fd: 'uffd' };
    const { r } = go([
      ...uffd('UFFD_FEATURE_EVENT_UNMAP|UFFD_FEATURE_EVENT_FORK'),
      { do: 'fork', as: 'c' },
      mmap(2, 'q', { proc: 'c' }),
      { do: 'exit', proc: 'c' },
      poll,
    ]);
    expect(r(poll)).toMatchObject({ ret: 0 });
  });
});

describe('faults the kernel takes itself', () => {
  it('MADV_POPULATE_WRITE sleeps in handle_userfault and goes on page by page once woken', () => {
    const pop: Step = {
      do: 'madvise',
      addr: 'p',
      length: '2*PAGE',
      advice: 'MADV_POPULATE_WRITE',
      thread: 'T1',
    };
    const rd1 = read();
    const rd2 = read();
    const mp = pagemap('p', 4);
    const popRead: Step = {
      do: 'madvise',
      addr: 'p+2*PAGE',
      length: 'PAGE',
      advice: 'MADV_POPULATE_READ',
      thread: 'T2',
    };
    const mp2 = pagemap('p', 4);
    const { r, resumed } = go([
      ...uffd(),
      mmap(4, 'p'),
      register('p', 4, MISSING),
      pop,
      rd1,
      ioctl('UFFDIO_ZEROPAGE', { start: 'p', len: 'PAGE' }),
      rd2,
      mmap(1, 'src'),
      ioctl('UFFDIO_COPY', { dst: 'p+PAGE', src: 'src', len: 'PAGE' }),
      mp,
      popRead,
      read(),
      ioctl('UFFDIO_UNREGISTER', { start: 'p+2*PAGE', len: 'PAGE' }),
      mp2,
    ]);
    expect(r(pop)).toMatchObject({ blocked: true });
    expect(r(rd1).msgs).toEqual([
      { event: 'UFFD_EVENT_PAGEFAULT', flags: 'UFFD_PAGEFAULT_FLAG_WRITE', address: 'p' },
    ]);
    expect(r(rd2).msgs).toEqual([
      { event: 'UFFD_EVENT_PAGEFAULT', flags: 'UFFD_PAGEFAULT_FLAG_WRITE', address: 'p+0x1000' },
    ]);
    expect(resumed(pop)).toMatchObject({ ret: 0, errno: null });
    expect(r(mp).pages).toBe('xx..');
    expect(resumed(popRead)).toMatchObject({ ret: 0 });
    expect(r(mp2).pages).toBe('xxz.');
  });

  it('with UFFD_USER_MODE_ONLY or UFFD_FEATURE_SIGBUS it is EFAULT', () => {
    const a: Step = { do: 'madvise', addr: 'a', length: 'PAGE', advice: 'MADV_POPULATE_READ' };
    const b: Step = { do: 'madvise', addr: 'b', length: 'PAGE', advice: 'MADV_POPULATE_READ' };
    const { r } = go([
      ...uffd(undefined, 'O_NONBLOCK|UFFD_USER_MODE_ONLY'),
      ...uffd('UFFD_FEATURE_SIGBUS', 'O_NONBLOCK', 'u2'),
      mmap(1, 'a'),
      register('a', 1, MISSING),
      mmap(1, 'b'),
      register('b', 1, MISSING, { fd: 'u2' }),
      a,
      b,
    ]);
    expect(r(a)).toMatchObject({ ret: -1, errno: 'EFAULT' });
    expect(r(b)).toMatchObject({ ret: -1, errno: 'EFAULT' });
  });
});
