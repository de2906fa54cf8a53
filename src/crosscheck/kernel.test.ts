/**
 * The C runtime's own behaviour on the real kernel: what a fresh process looks like, blocking and
 * resuming across threads and processes, scenario errors, and the timeout.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../scenario/types';
import { buildC } from './build';
import { runKernelProgram, parseKernelOutput } from './kernel-run';
import { runOnKernel } from './kernel';
import { userfaultfdAvailability } from './uffd-available';

const doc = (steps: unknown[]): ScenarioDocument =>
  ({ faultline: 1, steps }) as unknown as ScenarioDocument;
const uffd = await userfaultfdAvailability();
const withUffd = uffd.ok ? it : it.skip;

const UFFD = [
  { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'u' },
  { do: 'ioctl', fd: 'u', request: 'UFFDIO_API', api: '0xAA' },
  {
    do: 'mmap',
    length: '2*PAGE',
    prot: 'PROT_READ|PROT_WRITE',
    flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
    as: 'p',
  },
  {
    do: 'ioctl',
    fd: 'u',
    request: 'UFFDIO_REGISTER',
    start: 'p',
    len: '2*PAGE',
    mode: 'UFFDIO_REGISTER_MODE_MISSING',
  },
];

describe('the C runtime on this kernel', () => {
  it('starts like a fresh process: fd 3 first, RSS 0, nothing mapped around the first mapping', async () => {
    const run = await runOnKernel(
      doc([
        { do: 'rss' },
        { do: 'memfd_create', name: 'm', as: 'fd' },
        {
          do: 'mmap',
          length: 'PAGE',
          prot: 'PROT_READ',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        { do: 'load', addr: 'p+PAGE' },
        { do: 'load', addr: 'p-PAGE' },
      ]),
    );
    expect(run.error).toBeNull();
    expect(
      run.records.map(({ rss, ret, signal, si_code }) => ({ rss, ret, signal, si_code })),
    ).toEqual([
      { rss: { anon: 0, file: 0, shmem: 0 } },
      { ret: 3 },
      { ret: 'p' },
      { signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' },
      { signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' },
    ]);
  });

  withUffd('prints blocked, then resumed right after the step that woke the thread', async () => {
    const run = await runOnKernel(
      doc([
        ...UFFD,
        { do: 'load', addr: 'p', thread: 'T' },
        { do: 'poll', fd: 'u' },
        { do: 'ioctl', fd: 'u', request: 'UFFDIO_ZEROPAGE', start: 'p', len: 'PAGE' },
        { do: 'rss' },
      ]),
    );
    const tail = run.records.slice(4).map(({ seq, thread, blocked, resumed, value, ret }) => ({
      seq,
      thread,
      blocked,
      resumed,
      value,
      ret,
    }));
    expect(tail).toEqual([
      { seq: 5, thread: 'T', blocked: true },
      { seq: 6, thread: 'main', ret: 1 },
      { seq: 7, thread: 'main', ret: 0 },
      { seq: 5, thread: 'T', resumed: true, value: '00' },
      { seq: 8, thread: 'main' },
    ]);
  });

  withUffd('refuses a step for a blocked thread, naming the step that blocked it', async () => {
    const run = await runOnKernel(doc([...UFFD, { do: 'load', addr: 'p' }, { do: 'rss' }]));
    expect(run.records.at(-1)).toMatchObject({ seq: 5, blocked: true });
    expect(run.error).toMatchObject({ seq: 6, path: 'steps/5' });
    expect(run.error?.message).toMatch(/blocked since step 5/);
  });

  withUffd('refuses a read that would wait forever', async () => {
    const run = await runOnKernel(
      doc([
        { do: 'userfaultfd', flags: 'O_CLOEXEC', as: 'u' },
        { do: 'ioctl', fd: 'u', request: 'UFFDIO_API', api: '0xAA' },
        { do: 'read', fd: 'u' },
      ]),
    );
    expect(run.error?.path).toBe('steps/2');
    expect(run.error?.message).toMatch(/wait forever/);
  });

  it('runs later steps in a forked child, and refuses steps of a process that exited', async () => {
    const run = await runOnKernel(
      doc([
        { do: 'fork', as: 'c' },
        { do: 'memfd_create', name: 'x', proc: 'c' },
        { do: 'exit', proc: 'c' },
        { do: 'rss', proc: 'c' },
      ]),
    );
    expect(run.records.map((r) => [r.proc, r.do, r.ret])).toEqual([
      ['main', 'fork', 'c'],
      ['c', 'memfd_create', 3],
      ['c', 'exit', undefined],
    ]);
    expect(run.error?.message).toMatch(/c has exited/);
  });

  it('kills a program that hangs, with its whole process group', async () => {
    const binary = await buildC(
      '#include <unistd.h>\nint main(void) { if (fork() == 0) pause(); pause(); return 0; }\n',
    );
    const t0 = Date.now();
    const run = await runKernelProgram(binary, 300);
    expect(run.timedOut).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('parses records and a final error line', () => {
    const out =
      '{"seq":1,"path":"steps/0","do":"rss","proc":"main","thread":"main"}\n{"error":{"seq":2,"path":"steps/1","message":"m"}}\n';
    expect(parseKernelOutput(out)).toEqual({
      records: [{ seq: 1, path: 'steps/0', do: 'rss', proc: 'main', thread: 'main' }],
      error: { seq: 2, path: 'steps/1', message: 'm' },
    });
  });
});
