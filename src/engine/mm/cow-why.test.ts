/**
 * Why a write copied, as the cow_copied event and its sentence say it: what the engine knew at the
 * fault (the old page's kind and counts), not a list of possibilities (do_wp_page, do_cow_fault in
 * mm/memory.c).
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../events';
import { eventSentence } from '../sentences';
import { PRIV_ANON, RW, run } from '../test-support/runner';

type Cow = Extract<EngineEvent, { kind: 'cow_copied' }>;
const hex = (a: number) => `0x${a.toString(16)}`;
const cowOf = (events: unknown): Cow =>
  (events as EngineEvent[]).find((e): e is Cow => e.kind === 'cow_copied')!;

describe('copy-on-write: why the page was copied', () => {
  it('after fork: the frame is shared by the parent and the child (mapcount 2)', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', bytes: '11' },
      { do: 'fork', as: 'child' },
      { do: 'store', addr: 'p', bytes: '22', proc: 'child' },
    ]);
    const e = cowOf(out.at(4).events);
    expect(e).toMatchObject({ why: 'shared', mapcount: 2, refcount: 2, fn: 'wp_page_copy' });
    const text = eventSentence(e, hex);
    expect(text).toContain(`pfn ${e.from} is shared: fork left it mapped read-only in 2 processes`);
    expect(text).not.toMatch(/zero page|reference page|may exist/);
  });

  it('a write over the zero page', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'store', addr: 'p', bytes: '01' },
    ]);
    const e = cowOf(out.at(3).events);
    expect(e.why).toBe('zero');
    expect(eventSentence(e, hex)).toContain('it is the shared zero page, which is never written');
  });

  it('a write over a reference page', () => {
    const out = run([
      { do: 'refpage_create', as: 'rfd', content: 'aa', size: 1 },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'rfd', as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'store', addr: 'p', bytes: '01' },
    ]);
    const e = cowOf(out.at(4).events);
    expect(e.why).toBe('refpage');
    expect(eventSentence(e, hex)).toContain(`it is the reference page (pfn ${e.from})`);
  });

  it('a private mapping of a memfd: the first write copies the file page (do_cow_fault)', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'fd', as: 'p' },
      { do: 'store', addr: 'p', bytes: '88' },
    ]);
    const e = cowOf(out.at(4).events);
    expect(e).toMatchObject({ why: 'file', fn: 'copy_user_highpage' });
    expect(eventSentence(e, hex)).toMatch(/^Copy-on-write from the file: .*do_cow_fault copied/);
  });

  it('a private mapping of a memfd read first: the write copies the mapped file page', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'fd', as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'store', addr: 'p', bytes: '88' },
    ]);
    const e = cowOf(out.at(5).events);
    expect(e).toMatchObject({ why: 'file', fn: 'wp_page_copy' });
    expect(eventSentence(e, hex)).toContain('a private mapping never writes the file');
  });
});
