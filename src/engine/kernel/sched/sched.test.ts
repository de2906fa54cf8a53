/**
 * The scheduler: a blocked thread holds a plain-data continuation, a waker only makes it
 * runnable, and the step loop runs it in its own context, including threads it wakes in turn;
 * the OOM killer's victim dies after the allocation returns and the fault is taken once more.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../scenario/types';
import { run, PRIV_ANON, RW } from '../../test-support/runner';

const uffdSetup: Step[] = [
  { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'uffd' },
  { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_API', api: '0xAA' },
  { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
  {
    do: 'ioctl',
    fd: 'uffd',
    request: 'UFFDIO_REGISTER',
    start: 'p',
    len: '2*PAGE',
    mode: 'UFFDIO_REGISTER_MODE_MISSING',
  },
];

describe('kernel/sched', () => {
  it('a blocked thread holds a typed, plain-data continuation', () => {
    const out = run([...uffdSetup, { do: 'load', addr: 'p + 8', length: 2, thread: 'T1' }]);
    const state = out.states[5]!;
    const b = state.procs.main!.threads.T1!.blocked!;
    expect(b).toMatchObject({ seq: 5, path: 'steps/4', do: 'load' });
    expect(b.wait).toMatchObject({ kind: 'userfault', write: false, retry: { kind: 'access' } });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('runs a woken thread that wakes another in the same step (transitive wake-up)', () => {
    const out = run([
      ...uffdSetup,
      // #5: T2 reads p and sleeps in handle_userfault.
      { do: 'load', addr: 'p', thread: 'T2' },
      { do: 'read', fd: 'uffd', thread: 'T1' },
      // #7: the monitor's COPY into p reads its source p+PAGE, itself missing: it sleeps too.
      { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_COPY', dst: 'p', src: 'p+PAGE', len: 'PAGE' },
      { do: 'read', fd: 'uffd', thread: 'T1' },
      // #9: resolving p+PAGE wakes the COPY, whose completion wakes T2's load.
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_ZEROPAGE',
        start: 'p+PAGE',
        len: 'PAGE',
        thread: 'T1',
      },
    ]);
    expect(out.at(5)).toMatchObject({ blocked: true });
    expect(out.at(7)).toMatchObject({ blocked: true });
    const step9 = out.records.filter((r) => r.path === 'steps/8' || r.resumed);
    expect(step9.map((r) => [r.seq, r.thread, r.resumed ?? false])).toEqual([
      [9, 'T1', false],
      [5, 'T2', true],
      [7, 'main', true],
    ]);
    expect(step9[1]).toMatchObject({ value: '00' });
    expect(step9[2]).toMatchObject({ ret: 0, errno: null, out: { copy: 4096 } });
    // Each woken thread's events are its own record's; the waker's record shows the wake-up.
    expect(step9[0]!.events.filter((e) => e.kind === 'thread_woken')).toHaveLength(1);
    expect(step9[2]!.events.some((e) => e.kind === 'thread_woken')).toBe(true);
    expect(out.finalState.procs.main!.threads.T2!.blocked).toBeNull();
  });

  it('the OOM victim dies once the allocation returns; the retried fault is counted once', () => {
    const out = run(
      [
        { do: 'fork', as: 'child' },
        { do: 'mmap', length: '3*PAGE', prot: RW, flags: PRIV_ANON, as: 'big' },
        { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, proc: 'child', as: 'small' },
        { do: 'store', addr: 'big', fill: '01', length: '3*PAGE' },
        { do: 'store', addr: 'small', bytes: 'c1', proc: 'child' },
        { do: 'store', addr: 'small + PAGE', bytes: 'c2', proc: 'child' },
      ],
      { frames: 4 },
    );
    const r = out.at(6) as { events: { kind: string; fn: string }[] };
    const kinds = r.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'fault')).toHaveLength(1);
    const oom = kinds.indexOf('oom');
    const died = kinds.indexOf('process');
    const alloc = kinds.indexOf('frame_allocated');
    expect(oom).toBeGreaterThan(0);
    expect(died).toBeGreaterThan(oom);
    expect(alloc).toBeGreaterThan(died);
    expect(out.finalState.procs.main!.killedBy).toBe('SIGKILL');
    expect(out.finalState.stats.faults.anonymous).toBe(5);
    expect(out.finalState.stats.bytesZeroed).toBe(5 * 4096);
  });
});
