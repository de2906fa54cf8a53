/**
 * refpage_create(2): each test names the rule of docs/reference/refpage-mte.md section A it
 * checks (no kernel has this syscall: the seeds and that spec decide).
 */
import { describe, expect, it } from 'vitest';
import { PRIV_ANON, RW, run } from './test-support/runner';

const MAPPED = [
  { do: 'refpage_create' as const, content: 'aa', size: 1, as: 'rfd' },
  { do: 'mmap' as const, length: '128K', prot: RW, flags: 'MAP_PRIVATE', fd: 'rfd', as: 'p' },
];

describe('refpage_create validation (A.1, in the v5 code order)', () => {
  it('V1 flags != 0 is EINVAL, before the size checks; A4 a non-zero `pattern` too', () => {
    const out = run([
      { do: 'refpage_create', content: 'aa', size: 3, flags: 1 },
      { do: 'refpage_create', content: 'aa', size: 1, pattern: 1 },
    ]);
    expect(out.at(1)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('V2/V3: size 0, not a power of two, or larger than a page is EINVAL', () => {
    const out = run([
      { do: 'refpage_create', content: '', size: 0 },
      { do: 'refpage_create', content: 'aabbcc', size: 3 },
      { do: 'refpage_create', content: 'aa', size: '2*PAGE' },
    ]);
    expect(out.records.map((r) => r.errno)).toEqual(['EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('V4 content not size-aligned is EINVAL; V5 an unmapped or PROT_NONE content is EFAULT', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'buf' },
      { do: 'mmap', length: 'PAGE', prot: 'PROT_NONE', flags: PRIV_ANON, as: 'none' },
      { do: 'refpage_create', content_addr: 'buf + 2', size: 4 },
      { do: 'refpage_create', content_addr: 'buf + 4', size: 4 },
      { do: 'refpage_create', content_addr: 'none', size: 4 },
      { do: 'refpage_create', content_addr: '0x1000', size: 4 },
    ]);
    expect(out.at(3)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(4)).toMatchObject({ ret: 3, errno: null });
    expect(out.at(5)).toMatchObject({ ret: -1, errno: 'EFAULT' });
    expect(out.at(6)).toMatchObject({ ret: -1, errno: 'EFAULT' });
  });

  it('A7 the content is copied at call time: later stores do not change the reference page', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'buf' },
      { do: 'store', addr: 'buf', bytes: '01020304' },
      { do: 'refpage_create', content_addr: 'buf', size: 4, as: 'rfd' },
      { do: 'store', addr: 'buf', bytes: 'ffffffff' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'rfd', as: 'p' },
      { do: 'load', addr: 'p + 8', length: 8 },
    ]);
    expect(out.at(6).value).toBe('0102030401020304');
  });
});

describe('the refpage fd (A.2)', () => {
  it('A9 the fd is the lowest free; A11 read(2) is EINVAL', () => {
    const out = run([...MAPPED, { do: 'read', fd: 'rfd' }]);
    expect(out.at(1).ret).toBe(3);
    expect(out.at(3)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.finalState.procs.main!.cloexec[3]).toBe(true);
  });

  it('A13 close after mmap is fine: the mapping keeps the reference page until munmap', () => {
    const out = run([
      ...MAPPED,
      { do: 'close', fd: 'rfd' },
      { do: 'load', addr: 'p' },
      { do: 'munmap', addr: 'p', length: '128K' },
    ]);
    expect(out.at(4).value).toBe('aa');
    expect(out.finalState.frames.used).toBe(0);
  });
});

describe('mappings and faults (A.3-A.5)', () => {
  it('the manual page example: 128 KiB that reads as 0xAA everywhere, mapping one reference page', () => {
    const out = run([
      ...MAPPED,
      { do: 'repeat', count: 32, as: 'i', steps: [{ do: 'load', addr: 'p + i*PAGE + 4095' }] },
      { do: 'pagemap', addr: 'p', length: '128K' },
      { do: 'rss' },
    ]);
    expect(out.records.filter((r) => r.do === 'load').every((r) => r.value === 'aa')).toBe(true);
    expect(out.at(35).pages).toBe('r'.repeat(32));
    // R1: reference-page PTEs do not count in RSS.
    expect(out.at(36).rss).toEqual({ anon: 0, file: 0, shmem: 0 });
    expect(out.finalState.frames.used).toBe(1);
  });

  it('F2/F4a a write fault on a none PTE fills a new page by memset when size is 1', () => {
    const out = run([
      ...MAPPED,
      { do: 'store', addr: 'p + 10', bytes: '00' },
      { do: 'load', addr: 'p + 9', length: 3 },
      { do: 'rss' },
    ]);
    expect(out.at(3).events).toContainEqual(
      expect.objectContaining({ kind: 'frame_allocated', method: 'memset' }),
    );
    expect(out.at(4).value).toBe('aa00aa');
    expect(out.at(5).rss).toEqual({ anon: 1, file: 0, shmem: 0 });
    expect(out.stats.bytesMemset).toBe(4096);
    expect(out.stats.bytesZeroed).toBe(0);
  });

  it('F3/F4c a write to a mapped reference page copies it (wp_page_copy) when size > 1', () => {
    const out = run([
      { do: 'refpage_create', content: '0102030405060708', size: 8, as: 'rfd' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'rfd', as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'store', addr: 'p', bytes: 'ff' },
      { do: 'load', addr: 'p', length: 9 },
    ]);
    expect(out.at(4).events).toContainEqual(
      expect.objectContaining({ kind: 'cow_copied', fn: 'wp_page_copy', method: 'copy' }),
    );
    expect(out.at(5).value).toBe('ff0203040506070801');
    expect(out.stats.bytesCopied).toBe(4096);
  });

  it('F6 MADV_DONTNEED brings the pattern back, not zeroes', () => {
    const out = run([
      ...MAPPED,
      { do: 'store', addr: 'p', bytes: '00' },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
      { do: 'load', addr: 'p' },
    ]);
    expect(out.at(5).value).toBe('aa');
  });

  it('A17 MAP_SHARED with PROT_WRITE is EACCES; A18 MAP_SHARED read-only works and mprotect(PROT_WRITE) is EACCES', () => {
    const out = run([
      { do: 'refpage_create', content: 'aa', size: 1, as: 'rfd' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'rfd' },
      { do: 'mmap', length: 'PAGE', prot: 'PROT_READ', flags: 'MAP_SHARED', fd: 'rfd', as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'mprotect', addr: 'p', length: 'PAGE', prot: RW },
    ]);
    expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EACCES' });
    expect(out.at(3).errno).toBeNull();
    expect(out.at(4).value).toBe('aa');
    expect(out.at(5)).toMatchObject({ ret: -1, errno: 'EACCES' });
  });

  it('K1 fork: the child sees the pattern and its write makes its own copy', () => {
    const out = run([
      ...MAPPED,
      { do: 'store', addr: 'p', bytes: '11' },
      { do: 'load', addr: 'p + PAGE' },
      { do: 'fork', as: 'child' },
      { do: 'load', proc: 'child', addr: 'p + PAGE' },
      { do: 'load', proc: 'child', addr: 'p' },
      { do: 'store', proc: 'child', addr: 'p + PAGE', bytes: '22' },
      { do: 'load', addr: 'p + PAGE' },
      { do: 'pagemap', proc: 'child', addr: 'p', length: '2*PAGE' },
    ]);
    expect(out.at(6).value).toBe('aa');
    expect(out.at(7).value).toBe('11');
    expect(out.at(9).value).toBe('aa');
    expect(out.at(10).pages).toBe('sx');
  });
});
