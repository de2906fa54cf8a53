import { describe, expect, it } from 'vitest';
import { PRIV_ANON, RW, doc, run } from '../test-support/runner';
import { runScenario } from '../run';

describe('anonymous faults (do_anonymous_page)', () => {
  it('a read fault on private anonymous memory maps the zero page', () => {
    const out = run([
      { do: 'mmap', length: '4*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p + PAGE' },
      { do: 'pagemap', addr: 'p', length: '4*PAGE' },
      { do: 'rss' },
    ]);
    expect(out.at(2).value).toBe('00');
    expect(out.at(3).pages).toBe('.z..');
    expect(out.at(4).rss).toEqual({ anon: 0, file: 0, shmem: 0 });
    expect(out.at(2).events).toContainEqual(
      expect.objectContaining({ kind: 'zero_page_mapped', fn: 'do_anonymous_page' }),
    );
  });

  it('a write fault allocates a zeroed private page', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p + 8', bytes: 'ab' },
      { do: 'load', addr: 'p + 7', length: 3 },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
      { do: 'rss' },
    ]);
    expect(out.at(3).value).toBe('00ab00');
    expect(out.at(4).pages).toBe('x');
    expect(out.at(5).rss).toEqual({ anon: 1, file: 0, shmem: 0 });
    expect(out.stats.bytesZeroed).toBe(4096);
    expect(out.stats.bytesStoredByUser).toBe(1);
  });

  it('a write after a read replaces the zero page (wp_page_copy from the zero page)', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
    ]);
    expect(out.at(3).events).toContainEqual(
      expect.objectContaining({ kind: 'cow_copied', fn: 'wp_page_copy', method: 'zero', from: 0 }),
    );
    expect(out.at(4).pages).toBe('x');
  });

  it('PROT_NONE gives SIGSEGV/SEGV_ACCERR and the access is not done', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: 'PROT_NONE', flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
    ]);
    expect(out.at(2)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(2).value).toBeUndefined();
    expect(out.at(3)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(4).pages).toBe('.');
  });

  it('an unmapped address gives SEGV_MAPERR; a write to a read-only mapping SEGV_ACCERR', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: 'PROT_READ', flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p + PAGE' },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'load', addr: 'p' },
    ]);
    expect(out.at(2)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' });
    expect(out.at(3)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(4).value).toBe('00');
  });

  it('an access across a page boundary does the bytes before a faulting page', () => {
    const out = run([
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'mprotect', addr: 'p + PAGE', length: 'PAGE', prot: 'PROT_NONE' },
      { do: 'store', addr: 'p + PAGE - 2', bytes: '11223344' },
      { do: 'load', addr: 'p + PAGE - 2', length: 2 },
    ]);
    expect(out.at(3)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(4).value).toBe('1122');
  });
});

describe('physical memory exhaustion', () => {
  it('an overcommitted private mapping larger than RAM is ENOMEM at mmap (OVERCOMMIT_GUESS)', () => {
    const out = run([{ do: 'mmap', length: '1024G', prot: RW, flags: PRIV_ANON, as: 'p' }], {
      frames: 262144,
    });
    expect(out.at(1)).toMatchObject({ ret: -1, errno: 'ENOMEM' });
  });

  it('running out of frames on a fault invokes the OOM killer, not a crash', () => {
    const out = runScenario(
      doc(
        [
          {
            do: 'mmap',
            length: '8*PAGE',
            prot: RW,
            flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE',
            as: 'p',
          },
          {
            do: 'repeat',
            count: 8,
            as: 'i',
            steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
          },
        ],
        { frames: 4 },
      ),
    );
    // The kernel kills the biggest process, here the only one; its next step cannot run.
    expect(out.error?.message).toBe('steps[1].steps[0].proc: process "main" was killed (SIGKILL)');
    expect(out.finalState.frames.used).toBe(0);
    const killed = out.records.find((r) => r.signal === 'SIGKILL');
    expect(killed).toBeDefined();
    expect(out.records.some((r) => r.events.some((e) => e.kind === 'oom'))).toBe(true);
  });
});
