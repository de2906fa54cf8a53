/**
 * Tags beyond the instructions: checks per granule, tags through copy-on-write, fork, shared
 * memory, MADV_DONTNEED, the kernel's own accesses, and the events that name the kernel
 * functions (docs/reference/refpage-mte.md B.2, B.3, B.4). Each test cites its rule.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../scenario/types';
import { run } from '../../test-support/runner';
import { initialState } from '../../init';
import { beginTx } from '../../tx';
import { FILE_OPERATIONS } from '../../kernel/file_operations';
import { step } from '../../step';
import { mteUaccessFault } from './mte_check';

const ARM = { arch: 'arm64' as const, mte: true };
const RWM = 'PROT_READ|PROT_WRITE|PROT_MTE';
const PA = 'MAP_PRIVATE|MAP_ANONYMOUS';
const SYNC: Step = {
  do: 'prctl',
  option: 'PR_SET_TAGGED_ADDR_CTRL',
  arg: 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC',
};
const MAP: Step = { do: 'mmap', length: 'PAGE', prot: RWM, flags: PA, as: 'p' };
const SEGV_S = { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' };

describe('tag checks per granule (do_tag_check_fault)', () => {
  it('C3b: byte 15 of a tag-3 granule is fine, byte 16 faults (observed load_tag3_ptr_byte15=0 byte16=9)', () => {
    const out = run(
      [
        SYNC,
        MAP,
        { do: 'stg', addr: 'tag(p, 3)' },
        { do: 'load', addr: 'tag(p, 3) + 15' },
        { do: 'load', addr: 'tag(p, 3) + 16' },
      ],
      ARM,
    );
    expect(out.at(4).value).toBe('00');
    expect(out.at(5)).toMatchObject(SEGV_S);
  });

  it('C3/C3b: a SYNC store stops at the first mismatching granule; the bytes before it are written', () => {
    const out = run(
      [
        SYNC,
        MAP,
        { do: 'stg', addr: 'tag(p, 8) + 32' },
        { do: 'store', addr: 'p', fill: 'cd', length: 48 },
        { do: 'load', addr: 'p + 30', length: 2 },
        { do: 'load', addr: 'tag(p, 8) + 32' },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject(SEGV_S);
    expect(out.at(5).value).toBe('cdcd');
    expect(out.at(6).value).toBe('00');
  });

  it('P2: the zero page has tag 0 and is checked (observed zeropage_mismatch_load_code=9)', () => {
    const out = run(
      [
        SYNC,
        MAP,
        { do: 'load', addr: 'p' },
        { do: 'load', addr: 'tag(p, 5)' },
        { do: 'pagemap', addr: 'p', length: 'PAGE' },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('00');
    expect(out.at(4)).toMatchObject(SEGV_S);
    expect(out.at(5).pages).toBe('z');
  });

  it('P2: a fresh page has tag 0 in every granule; its allocation is told as mte_zero_clear_page_tags', () => {
    const out = run(
      [MAP, { do: 'store', addr: 'p', bytes: '01' }, { do: 'ldg', addr: 'p', length: 'PAGE' }],
      ARM,
    );
    expect(out.at(3).value).toBe('0'.repeat(256));
    expect(out.at(2).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_cleared', fn: 'mte_zero_clear_page_tags' }),
    );
  });

  it('T4b: no check through a mapping without PROT_MTE, whatever the mode (observed mismatch_load=0)', () => {
    const out = run(
      [
        SYNC,
        { do: 'mmap', length: 'PAGE', prot: 'PROT_READ|PROT_WRITE', flags: PA, as: 'p' },
        { do: 'load', addr: 'tag(p, 7)' },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('00');
  });
});

describe('tags elsewhere in the mm', () => {
  it('P7: fork and copy-on-write keep the tags (observed fork_child_tag_before_cow=12 after_cow=12)', () => {
    const out = run(
      [
        MAP,
        { do: 'store', addr: 'p', bytes: '01' },
        { do: 'stg', addr: 'tag(p, 12)' },
        { do: 'fork', as: 'c' },
        { do: 'ldg', addr: 'p', proc: 'c' },
        { do: 'store', addr: 'tag(p, 12)', bytes: '02', proc: 'c' },
        { do: 'ldg', addr: 'p', proc: 'c' },
        { do: 'pagemap', addr: 'p', length: 'PAGE', proc: 'c' },
      ],
      ARM,
    );
    expect(out.at(5).value).toBe('c');
    expect(out.at(7).value).toBe('c');
    expect(out.at(8).pages).toBe('x');
    expect(out.at(6).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_copied', fn: 'mte_copy_page_tags' }),
    );
  });

  it("P2a/P7: the parent's STG on a CoW-shared page copies it; the child keeps the old tag", () => {
    const out = run(
      [
        MAP,
        { do: 'stg', addr: 'tag(p, 2)' },
        { do: 'fork', as: 'c' },
        { do: 'stg', addr: 'tag(p, 9)' },
        { do: 'ldg', addr: 'p' },
        { do: 'ldg', addr: 'p', proc: 'c' },
      ],
      ARM,
    );
    expect(out.at(5).value).toBe('9');
    expect(out.at(6).value).toBe('2');
  });

  it('P8: MAP_SHARED anonymous memory shares tags between processes (observed shared_parent_sees_child_tag=14)', () => {
    const out = run(
      [
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'p' },
        { do: 'stg', addr: 'tag(p, 13)' },
        { do: 'fork', as: 'c' },
        { do: 'ldg', addr: 'p', proc: 'c' },
        { do: 'stg', addr: 'tag(p, 14)', proc: 'c' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(4).value).toBe('d');
    expect(out.at(6).value).toBe('e');
  });

  it('P6: MADV_DONTNEED resets a private page to tag 0 (observed after_madv_dontneed_tag=0)', () => {
    const out = run(
      [
        MAP,
        { do: 'stg', addr: 'tag(p, 5)' },
        { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(4).value).toBe('0');
  });

  it('P6: on shmem the page stays in the page cache, tags included (corpus p6-madv-dontneed-shmem-keeps-tags)', () => {
    const out = run(
      [
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'p' },
        { do: 'stg', addr: 'tag(p, 5)' },
        { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(4).value).toBe('5');
  });

  it('C9: MADV_WIPEONFORK gives the child zeroed data and tags (doc §Initial process state)', () => {
    const out = run(
      [
        MAP,
        { do: 'stg', addr: 'tag(p, 6)' },
        { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_WIPEONFORK' },
        { do: 'fork', as: 'c' },
        { do: 'ldg', addr: 'p', proc: 'c' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(5).value).toBe('0');
    expect(out.at(6).value).toBe('6');
  });

  it('mremap moves the page with its tags; the new range is still PROT_MTE', () => {
    const out = run(
      [
        SYNC,
        MAP,
        { do: 'stg', addr: 'tag(p, 10)' },
        {
          do: 'mremap',
          old_address: 'p',
          old_size: 'PAGE',
          new_size: '2*PAGE',
          flags: 'MREMAP_MAYMOVE',
          as: 'q',
        },
        { do: 'ldg', addr: 'q' },
        { do: 'load', addr: 'q' },
      ],
      ARM,
    );
    expect(out.at(5).value).toBe('a');
    expect(out.at(6)).toMatchObject(SEGV_S);
  });

  it('P4/P5: mprotect keeps VM_MTE across splits and merges of the VMA (flags above bit 31)', () => {
    const out = run(
      [
        SYNC,
        { do: 'mmap', length: '3*PAGE', prot: RWM, flags: PA, as: 'p' },
        { do: 'stg', addr: 'tag(p, 1) + PAGE' },
        { do: 'mprotect', addr: 'p + PAGE', length: 'PAGE', prot: 'PROT_READ' },
        { do: 'mprotect', addr: 'p + PAGE', length: 'PAGE', prot: 'PROT_READ|PROT_WRITE' },
        { do: 'load', addr: 'p + PAGE' },
        { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTFORK' },
        { do: 'load', addr: 'p + PAGE' },
      ],
      ARM,
    );
    expect(out.at(6)).toMatchObject(SEGV_S);
    expect(out.at(8)).toMatchObject(SEGV_S);
  });
});

describe('kernel accesses to user memory (uaccess, docs/reference/refpage-mte.md B.4)', () => {
  const setup = (mode: string, tagged = true) => {
    const arg = `${tagged ? 'PR_TAGGED_ADDR_ENABLE|' : ''}${mode}`;
    const out = run(
      [
        { do: 'prctl', option: 'PR_SET_TAGGED_ADDR_CTRL', arg },
        MAP,
        { do: 'stg', addr: 'tag(p, 3)' },
      ],
      ARM,
    );
    const p = (out.finalState.bindings.p as { value: number }).value;
    const tx = beginTx(
      out.finalState,
      { fops: FILE_OPERATIONS },
      {
        seq: 9,
        path: 'steps/9',
        do: 'ioctl',
        proc: 'main',
        thread: 'main',
      },
    );
    return { tx, p };
  };

  it('K2: SYNC checks kernel reads and fails them with EFAULT, no signal (selftest check_user_mem.c; observed errno=14)', () => {
    const { tx, p } = setup('PR_MTE_TCF_SYNC');
    expect(
      mteUaccessFault(tx, { proc: 'main', thread: 'main' }, { addr: p, tag: 5, top: 5 }, 8, false),
    ).toBe('EFAULT');
    expect(
      mteUaccessFault(tx, { proc: 'main', thread: 'main' }, { addr: p, tag: 3, top: 3 }, 16, false),
    ).toBeNull();
    expect(tx.events.some((e) => e.kind === 'signal')).toBe(false);
  });

  it('K1: ASYNC and NONE do not check kernel accesses (observed uaccess_async_write_mismatch_ret=8)', () => {
    const { tx, p } = setup('PR_MTE_TCF_ASYNC');
    expect(
      mteUaccessFault(tx, { proc: 'main', thread: 'main' }, { addr: p, tag: 5, top: 5 }, 8, false),
    ).toBeNull();
  });

  it('a tagged pointer without PR_TAGGED_ADDR_ENABLE fails access_ok(): EFAULT', () => {
    const { tx, p } = setup('PR_MTE_TCF_NONE', false);
    expect(
      mteUaccessFault(tx, { proc: 'main', thread: 'main' }, { addr: p, tag: 3, top: 3 }, 8, false),
    ).toBe('EFAULT');
    expect(
      mteUaccessFault(tx, { proc: 'main', thread: 'main' }, { addr: p, tag: 0, top: 0 }, 8, false),
    ).toBeNull();
  });
});

describe('states stay plain data (design habits 6 and 9)', () => {
  it('every state of an MTE run survives a JSON round trip, and the input state is never modified', () => {
    const steps: Step[] = [
      SYNC,
      MAP,
      { do: 'stg', addr: 'tag(p, 3)', length: 64 },
      { do: 'irg', addr: 'p', as: 'q' },
      { do: 'fork', as: 'c' },
      { do: 'store', addr: 'tag(p, 3)', bytes: '01', proc: 'c' },
      { do: 'load', addr: 'p' },
    ];
    const out = run(steps, ARM);
    for (const s of out.states) expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    let s = initialState({ machine: ARM });
    steps.forEach((st, i) => {
      const before = JSON.stringify(s);
      const next = step(s, { step: st as never, path: `steps/${i}`, seq: i + 1 }).state;
      expect(JSON.stringify(s)).toBe(before);
      s = next;
    });
  });
});
