import { describe, expect, it } from 'vitest';
import { PRIV_ANON, RW, run } from '../test-support/runner';
import { runScenario } from '../run';

describe('fork and copy-on-write', () => {
  const base = [
    { do: 'mmap' as const, length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
    { do: 'store' as const, addr: 'p', bytes: '11' },
    { do: 'store' as const, addr: 'p + PAGE', bytes: '22' },
    { do: 'fork' as const, as: 'child' },
  ];

  it('write-protects private pages and shares them: mapcount 2, pagemap s', () => {
    const out = run([
      ...base,
      { do: 'pagemap', addr: 'p', length: '2*PAGE' },
      { do: 'pagemap', proc: 'child', addr: 'p', length: '2*PAGE' },
    ]);
    expect(out.at(4).ret).toBe('child');
    expect(out.at(5).pages).toBe('ss');
    expect(out.at(6).pages).toBe('ss');
    const events = out.records[3]!.events;
    expect(events.filter((e) => e.kind === 'pte_shared')).toHaveLength(2);
  });

  it('a write after fork copies the page (wp_page_copy); the other side keeps its data', () => {
    const out = run([
      ...base,
      { do: 'store', proc: 'child', addr: 'p', bytes: '99' },
      { do: 'load', addr: 'p' },
      { do: 'load', proc: 'child', addr: 'p' },
      { do: 'pagemap', addr: 'p', length: '2*PAGE' },
      { do: 'pagemap', proc: 'child', addr: 'p', length: '2*PAGE' },
    ]);
    expect(out.at(5).events).toContainEqual(
      expect.objectContaining({ kind: 'cow_copied', fn: 'wp_page_copy', method: 'copy' }),
    );
    expect(out.at(6).value).toBe('11');
    expect(out.at(7).value).toBe('99');
    expect(out.at(8).pages).toBe('xs');
    expect(out.at(9).pages).toBe('xs');
  });

  it('a write to a page no longer shared reuses it (wp_page_reuse)', () => {
    const out = run([
      ...base,
      { do: 'store', proc: 'child', addr: 'p', bytes: '99' },
      { do: 'store', addr: 'p', bytes: '33' },
    ]);
    expect(out.at(6).events).toContainEqual(
      expect.objectContaining({ kind: 'page_reused', fn: 'wp_page_reuse' }),
    );
    expect(out.stats.bytesCopied).toBe(4096);
  });

  it('MADV_DONTFORK ranges are absent in the child', () => {
    const out = run([
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', bytes: '11' },
      { do: 'madvise', addr: 'p + PAGE', length: 'PAGE', advice: 'MADV_DONTFORK' },
      { do: 'fork', as: 'child' },
      { do: 'load', proc: 'child', addr: 'p' },
      { do: 'load', proc: 'child', addr: 'p + PAGE' },
    ]);
    expect(out.at(3).ret).toBe(0);
    expect(out.at(5).value).toBe('11');
    expect(out.at(6)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' });
  });

  it('a VMA that only mapped the zero page has no anon_vma, so fork does not copy its PTEs', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'fork', as: 'child' },
      { do: 'pagemap', proc: 'child', addr: 'p', length: 'PAGE' },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
    ]);
    expect(out.at(4).pages).toBe('.');
    expect(out.at(5).pages).toBe('z');
  });

  it('exit frees what nothing else maps', () => {
    const out = run([
      ...base,
      { do: 'exit', proc: 'child' },
      { do: 'pagemap', addr: 'p', length: '2*PAGE' },
    ]);
    expect(out.at(6).pages).toBe('xx');
    expect(out.finalState.frames.used).toBe(2);
  });

  it('munmap in the parent leaves the child its pages', () => {
    const out = run([
      ...base,
      { do: 'munmap', addr: 'p', length: '2*PAGE' },
      { do: 'load', proc: 'child', addr: 'p + PAGE' },
      { do: 'exit', proc: 'child' },
    ]);
    expect(out.at(6).value).toBe('22');
    expect(out.finalState.frames.used).toBe(0);
  });
});

describe('`as` bound again to a process that has exited (issue 10)', () => {
  const loop = {
    do: 'repeat' as const,
    count: 3,
    as: 'i',
    steps: [
      { do: 'fork' as const, as: 'child' },
      { do: 'store' as const, proc: 'child', addr: 'p', bytes: '99' },
      { do: 'exit' as const, proc: 'child' },
    ],
  };
  const setup = [
    { do: 'mmap' as const, length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
    { do: 'store' as const, addr: 'p', bytes: '11' },
  ];

  it('forks a new child under the same name each round, and the parent keeps its page', () => {
    const out = run([...setup, loop, { do: 'load', addr: 'p' }]);
    expect(out.error).toBeNull();
    expect(out.records.filter((r) => r.do === 'fork').map((r) => r.ret)).toEqual([
      'child',
      'child',
      'child',
    ]);
    expect(out.finalState.procOrder).toEqual(['main', 'child']);
    expect(out.records.at(-1)!.value).toBe('11');
  });

  it('still refuses the name of a live process, with the message it always had', () => {
    const out = runScenario({
      faultline: 1,
      steps: [...setup, { do: 'fork', as: 'child' }, { do: 'fork', as: 'child' }],
    });
    expect(out.error?.message).toMatch(/a process named "child" already exists/);
  });

  it('refuses the name while a userfaultfd still refers to the exited process', () => {
    const out = runScenario({
      faultline: 1,
      steps: [
        ...setup,
        { do: 'userfaultfd', as: 'uffd' },
        {
          do: 'ioctl',
          fd: 'uffd',
          request: 'UFFDIO_API',
          api: 'UFFD_API',
          features: 'UFFD_FEATURE_EVENT_FORK',
        },
        {
          do: 'ioctl',
          fd: 'uffd',
          request: 'UFFDIO_REGISTER',
          start: 'p',
          len: 'PAGE',
          mode: 'UFFDIO_REGISTER_MODE_MISSING',
        },
        { do: 'fork', as: 'child', thread: 'T1' },
        { do: 'read', fd: 'uffd' },
        { do: 'exit', proc: 'child' },
        { do: 'fork', as: 'child' },
      ],
    });
    expect(out.error?.message).toMatch(/a userfaultfd still refers to the exited process "child"/);
  });
});
