/**
 * refpage_create(2) with MTE (docs/reference/refpage-mte.md A.7: M1-M5, and F4b for the DC GZVA
 * fast path). No kernel ever had refpage_create; these rules come from the v5 patch and its review.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../scenario/types';
import { run } from './test-support/runner';

const ARM = { arch: 'arm64' as const, mte: true };
const RWM = 'PROT_READ|PROT_WRITE|PROT_MTE';
const SYNC: Step = {
  do: 'prctl',
  option: 'PR_SET_TAGGED_ADDR_CTRL',
  arg: 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC',
};
const TPL: Step = {
  do: 'mmap',
  length: 'PAGE',
  prot: RWM,
  flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
  as: 'tpl',
};
const HEAP = (prot = RWM): Step => ({
  do: 'mmap',
  length: '4*PAGE',
  prot,
  flags: 'MAP_PRIVATE',
  fd: 'rfd',
  as: 'heap',
});

describe('refpage_create and MTE tags (docs/reference/refpage-mte.md A.7)', () => {
  it('M1/M2: size >= 16 copies the content tags into the reference page, repeating with period size (list v5 mte_memcpy)', () => {
    const out = run(
      [
        TPL,
        { do: 'stg', addr: 'tag(tpl, 3)' },
        { do: 'stg', addr: 'tag(tpl, 5) + 16' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 3)', size: 32, as: 'rfd' },
        HEAP(),
        { do: 'ldg', addr: 'heap', length: 96 },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject({ ret: 3, errno: null });
    expect(out.at(6).value).toBe('353535');
    const rp = Object.values(out.finalState.refpages)[0]!;
    expect(rp.gzvaTag).toBeNull();
  });

  it('M1/M2: size < 16 gives a reference page with tag 0 (seed 000 "at least as large as the granularity")', () => {
    const out = run(
      [
        TPL,
        { do: 'stg', addr: 'tag(tpl, 3)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 3)', size: 8, as: 'rfd' },
        HEAP(),
        { do: 'ldg', addr: 'heap' },
      ],
      ARM,
    );
    expect(out.at(5).value).toBe('0');
  });

  it("M3: content whose mapping is not PROT_MTE gives tag 0 (seed 001, Catalin; faultline's decision)", () => {
    const out = run(
      [
        { do: 'memfd_create', name: 'm', as: 'fd' },
        { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_SHARED', fd: 'fd', as: 't' },
        {
          do: 'mmap',
          length: 'PAGE',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_SHARED',
          fd: 'fd',
          as: 'u',
        },
        { do: 'stg', addr: 'tag(t, 6)' },
        { do: 'refpage_create', content_addr: 'u', size: 16, as: 'rfd' },
        HEAP(),
        { do: 'ldg', addr: 'heap' },
      ],
      ARM,
    );
    expect(out.at(8).value).toBe('0');
  });

  it('F4b: size 16 and all-zero content takes the DC GZVA path: zero data, every granule the content tag (list v5)', () => {
    const out = run(
      [
        SYNC,
        TPL,
        { do: 'stg', addr: 'tag(tpl, 7)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 7)', size: 16, as: 'rfd' },
        HEAP(),
        { do: 'store', addr: 'tag(heap, 7) + 0x100', bytes: '01' },
        { do: 'ldg', addr: 'heap + PAGE - 32', length: 32 },
        { do: 'load', addr: 'heap' },
      ],
      ARM,
    );
    expect(Object.values(out.finalState.refpages)[0]!.gzvaTag).toBe(7);
    expect(out.at(6).events).toContainEqual(
      expect.objectContaining({ kind: 'frame_allocated', method: 'gzva' }),
    );
    expect(out.at(6).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_set', fn: 'mte_zero_set_page_tags', tag: 7 }),
    );
    expect(out.at(7).value).toBe('77');
    expect(out.at(8)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' });
  });

  it('F4b applies to zero content only: size 16 with data is a plain copy', () => {
    const out = run(
      [
        TPL,
        { do: 'store', addr: 'tpl', bytes: '01' },
        { do: 'stg', addr: 'tag(tpl, 7)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 7)', size: 16, as: 'rfd' },
      ],
      ARM,
    );
    expect(Object.values(out.finalState.refpages)[0]!.gzvaTag).toBeNull();
  });

  it('M4: a read through the REF PTE is checked against the reference page tags; the page is not copied', () => {
    const out = run(
      [
        SYNC,
        TPL,
        { do: 'stg', addr: 'tag(tpl, 9)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 9)', size: 16, as: 'rfd' },
        HEAP(),
        { do: 'load', addr: 'heap' },
        { do: 'load', addr: 'tag(heap, 9)' },
        { do: 'pagemap', addr: 'heap', length: 'PAGE' },
      ],
      ARM,
    );
    expect(out.at(6)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' });
    expect(out.at(7).value).toBe('00');
    expect(out.at(8).pages).toBe('r');
  });

  it('M4: a CoW copy of the reference page carries its tags (F3/F4c, copy_highpage)', () => {
    const out = run(
      [
        TPL,
        { do: 'store', addr: 'tpl', bytes: '11' },
        { do: 'stg', addr: 'tag(tpl, 0xe)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 0xe)', size: 16, as: 'rfd' },
        HEAP(),
        { do: 'load', addr: 'heap' },
        { do: 'store', addr: 'tag(heap, 0xe) + 1', bytes: '22' },
        { do: 'ldg', addr: 'heap', length: 32 },
      ],
      ARM,
    );
    expect(out.at(7).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_copied', fn: 'mte_copy_page_tags' }),
    );
    expect(out.at(8).value).toBe('ee');
  });

  it('M4: with size 1 the memset page is untagged and gets tag 0 when mapped (mte_sync_tags)', () => {
    const out = run(
      [
        { do: 'refpage_create', content: 'aa', size: 1, as: 'rfd' },
        HEAP(),
        { do: 'store', addr: 'heap', bytes: 'bb' },
        { do: 'ldg', addr: 'heap' },
      ],
      ARM,
    );
    expect(out.at(3).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_cleared', fn: 'mte_sync_tags' }),
    );
    expect(out.at(4).value).toBe('0');
  });

  it('M5: refpage mappings have VM_MTE_ALLOWED: mmap and mprotect with PROT_MTE succeed (list v5 arch_prep_refpage_vma)', () => {
    const out = run(
      [
        { do: 'refpage_create', content: '00'.repeat(16), size: 16, as: 'rfd' },
        HEAP('PROT_READ|PROT_WRITE'),
        { do: 'mprotect', addr: 'heap', length: '4*PAGE', prot: RWM },
        HEAP(),
      ],
      ARM,
    );
    expect(out.at(3)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(4).errno).toBeNull();
  });

  it('A7: the tags are copied at call time; later STG on the content changes nothing', () => {
    const out = run(
      [
        TPL,
        { do: 'stg', addr: 'tag(tpl, 2)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 2)', size: 16, as: 'rfd' },
        { do: 'stg', addr: 'tag(tpl, 8)' },
        HEAP(),
        { do: 'ldg', addr: 'heap' },
      ],
      ARM,
    );
    expect(out.at(6).value).toBe('2');
  });

  it('A6: the content is read through GUP, not a uaccess routine: no tag check even in SYNC mode', () => {
    const out = run(
      [
        SYNC,
        TPL,
        { do: 'stg', addr: 'tag(tpl, 3)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 5)', size: 16, as: 'rfd' },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject({ ret: 3, errno: null });
  });

  it('16K pages: the reference page holds 1024 granules of repeated tags', () => {
    const out = run(
      [
        TPL,
        { do: 'stg', addr: 'tag(tpl, 4)' },
        { do: 'refpage_create', content_addr: 'tag(tpl, 4)', size: 32, as: 'rfd' },
        HEAP(),
        { do: 'ldg', addr: 'heap + PAGE - 32', length: 32 },
      ],
      { ...ARM, pageSize: 16384 },
    );
    expect(out.at(5).value).toBe('40');
    const rp = Object.values(out.finalState.refpages)[0]!;
    expect(rp.size).toBe(32);
  });

  it('without MTE, refpage_create copies no tags', () => {
    const out = run(
      [
        {
          do: 'mmap',
          length: 'PAGE',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'tpl',
        },
        { do: 'refpage_create', content_addr: 'tpl', size: 16, as: 'rfd' },
      ],
      { arch: 'arm64' },
    );
    expect(Object.values(out.finalState.refpages)[0]!.gzvaTag).toBeNull();
  });
});
