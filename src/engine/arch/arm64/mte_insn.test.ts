/**
 * The MTE instructions as steps (docs/reference/refpage-mte.md B.1 T4, T4a, T4b; B.3 C7). Each test
 * cites its rule.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../scenario/types';
import { run } from '../../test-support/runner';
import { chooseNonExcludedTag, nextRandom } from './mte_insn';

const ARM = { arch: 'arm64' as const, mte: true };
const RWM = 'PROT_READ|PROT_WRITE|PROT_MTE';
const PA = 'MAP_PRIVATE|MAP_ANONYMOUS';
const MAP: Step = { do: 'mmap', length: 'PAGE', prot: RWM, flags: PA, as: 'p' };
const incl = (mask: number): Step => ({
  do: 'prctl',
  option: 'PR_SET_TAGGED_ADDR_CTRL',
  arg: `PR_TAGGED_ADDR_ENABLE|${mask << 3}`,
});

describe('tag stores and LDG', () => {
  it('T4: STG sets exactly one granule, data unchanged (observed after_stg_ldg_g0=3 ldg_g1=0)', () => {
    const out = run(
      [
        MAP,
        { do: 'store', addr: 'p', fill: 'ab', length: 32 },
        { do: 'stg', addr: 'tag(p, 3)' },
        { do: 'ldg', addr: 'p', length: 32 },
        { do: 'load', addr: 'p', length: 2 },
      ],
      ARM,
    );
    expect(out.at(4).value).toBe('30');
    expect(out.at(5).value).toBe('abab');
    expect(out.at(3).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_set', fn: 'STG', tag: 3, length: 16 }),
    );
  });

  it('T4: STG with a length tags every granule it covers, rounding up', () => {
    const out = run(
      [MAP, { do: 'stg', addr: 'tag(p, 0xa)', length: 40 }, { do: 'ldg', addr: 'p', length: 64 }],
      ARM,
    );
    expect(out.at(3).value).toBe('aaa0');
  });

  it('T4: ST2G tags two granules (observed st2g_ldg_g0=7 g1=7 g2=0)', () => {
    const out = run(
      [MAP, { do: 'st2g', addr: 'tag(p, 7)' }, { do: 'ldg', addr: 'p', length: 48 }],
      ARM,
    );
    expect(out.at(3).value).toBe('770');
  });

  it('T4: STZG and STZ2G zero the data of the granules they tag (observed stzg_data_b40_via_tag9=0)', () => {
    const out = run(
      [
        MAP,
        { do: 'store', addr: 'p', fill: '5a', length: 96 },
        { do: 'stzg', addr: 'tag(p, 9) + 16' },
        { do: 'stz2g', addr: 'tag(p, 2) + 48' },
        { do: 'load', addr: 'p + 15', length: 66 },
        { do: 'ldg', addr: 'p', length: 96 },
      ],
      ARM,
    );
    expect(out.at(5).value).toBe('5a' + '00'.repeat(16) + '5a'.repeat(16) + '00'.repeat(32) + '5a');
    expect(out.at(6).value).toBe('090220');
  });

  it('T4: DC GZVA zeroes the 64-byte block and tags its four granules (observed gzva_block_bytes=64)', () => {
    const out = run(
      [
        MAP,
        { do: 'store', addr: 'p', fill: 'ee', length: 192 },
        { do: 'dc_gzva', addr: 'tag(p, 0xc) + 0x48' },
        { do: 'ldg', addr: 'p', length: 192 },
        { do: 'load', addr: 'p + 0x3f', length: 66 },
      ],
      ARM,
    );
    expect(out.at(4).value).toBe('0000cccc0000');
    expect(out.at(5).value).toBe('ee' + '00'.repeat(64) + 'ee');
  });

  it('T4: LDG aligns down and reads one granule by default', () => {
    const out = run(
      [
        MAP,
        { do: 'stg', addr: 'tag(p, 4) + 16' },
        { do: 'ldg', addr: 'p + 31' },
        { do: 'ldg', addr: 'p + 8', length: 16 },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('4');
    expect(out.at(4).value).toBe('04');
  });

  it('T4: a tag store to an unaligned address is an alignment fault, SIGBUS/BUS_ADRALN (corpus t4-stg-unaligned-sigbus)', () => {
    const out = run(
      [MAP, { do: 'stg', addr: 'tag(p, 3) + 8' }, { do: 'pagemap', addr: 'p', length: 'PAGE' }],
      ARM,
    );
    expect(out.at(2)).toMatchObject({ signal: 'SIGBUS', si_code: 'BUS_ADRALN' });
    expect(out.at(3).pages).toBe('.');
  });

  it('P2a: STG on the zero page copies the page first (observed stg_on_zeropage_then_ldg=6 data=0)', () => {
    const out = run(
      [
        MAP,
        { do: 'load', addr: 'p' },
        { do: 'stg', addr: 'tag(p, 6)' },
        { do: 'pagemap', addr: 'p', length: 'PAGE' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(3).events).toContainEqual(
      expect.objectContaining({ kind: 'cow_copied', fn: 'wp_page_copy', from: 0 }),
    );
    expect(out.at(3).events).toContainEqual(
      expect.objectContaining({ kind: 'tags_cleared', fn: 'mte_zero_clear_page_tags' }),
    );
    expect(out.at(4).pages).toBe('x');
    expect(out.at(5).value).toBe('6');
  });

  it('T4: a tag store needs write permission (SEGV_ACCERR); LDG on PROT_NONE and unmapped memory faults like a load', () => {
    const out = run(
      [
        { do: 'mmap', length: 'PAGE', prot: 'PROT_READ|PROT_MTE', flags: PA, as: 'r' },
        { do: 'stg', addr: 'tag(r, 1)' },
        { do: 'mmap', length: 'PAGE', prot: 'PROT_NONE|PROT_MTE', flags: PA, as: 'n' },
        { do: 'ldg', addr: 'n' },
        { do: 'munmap', addr: 'n', length: 'PAGE' },
        { do: 'ldg', addr: 'n' },
      ],
      ARM,
    );
    expect(out.at(2)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(4)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(6)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' });
  });

  it('T4a: tag stores are never tag-checked, even in SYNC mode', () => {
    const out = run(
      [
        { do: 'prctl', option: 'PR_SET_TAGGED_ADDR_CTRL', arg: 'PR_MTE_TCF_SYNC' },
        MAP,
        { do: 'stg', addr: 'tag(p, 3)' },
        { do: 'stg', addr: 'tag(p, 5)' },
        { do: 'ldg', addr: 'tag(p, 9)' },
      ],
      ARM,
    );
    expect(out.at(4).signal).toBeUndefined();
    expect(out.at(5).value).toBe('5');
  });

  it('T4b: through a mapping without PROT_MTE, STG is ignored (but still faults the page in) and LDG reads 0', () => {
    const out = run(
      [
        { do: 'mmap', length: 'PAGE', prot: 'PROT_READ|PROT_WRITE', flags: PA, as: 'p' },
        { do: 'stg', addr: 'tag(p, 8)' },
        { do: 'ldg', addr: 'tag(p, 8)' },
        { do: 'pagemap', addr: 'p', length: 'PAGE' },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('0');
    expect(out.at(4).pages).toBe('x');
    expect(out.finalState.frames.used).toBe(1);
  });

  it('16K and 64K pages: a page holds 1024 and 4096 granules; tags reach the last one', () => {
    for (const pageSize of [16384, 65536]) {
      const out = run(
        [
          MAP,
          { do: 'stg', addr: 'tag(p, 0xb) + PAGE - 16' },
          { do: 'ldg', addr: 'p + PAGE - 32', length: 32 },
        ],
        { ...ARM, pageSize },
      );
      expect(out.at(3).value).toBe('0b');
    }
  });

  it('an arm64 CPU without MTE has no such instructions: SIGILL/ILL_ILLOPC', () => {
    const out = run(
      [
        { do: 'mmap', length: 'PAGE', prot: 'PROT_READ|PROT_WRITE', flags: PA, as: 'p' },
        { do: 'stg', addr: 'p' },
        { do: 'irg', addr: 'p' },
      ],
      { arch: 'arm64' },
    );
    expect(out.at(2)).toMatchObject({ signal: 'SIGILL', si_code: 'ILL_ILLOPC' });
    expect(out.at(3)).toMatchObject({ signal: 'SIGILL', si_code: 'ILL_ILLOPC' });
  });
});

describe('IRG, ADDG, SUBG (rule C7; Arm ARM AArch64.ChooseNonExcludedTag)', () => {
  it('C7: by default (include mask 0) IRG returns tag 0 (observed irg_prctl_incl_0000_all0=1)', () => {
    const out = run(
      [
        MAP,
        { do: 'irg', addr: 'tag(p, 9)', as: 'q' },
        { do: 'stg', addr: 'q' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(2).value).toBe('0');
    expect(out.at(4).value).toBe('0');
  });

  it('C7: include 0x0002 always gives tag 1; the tagged pointer is bound by `as`', () => {
    const out = run(
      [
        incl(0x2),
        MAP,
        { do: 'irg', addr: 'p', as: 'q' },
        { do: 'stg', addr: 'q' },
        { do: 'ldg', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('1');
    expect(out.at(5).value).toBe('1');
  });

  it('C7: the register exclude mask is ORed with GCR_EL1.Exclude; all excluded gives 0', () => {
    const out = run(
      [
        incl(0xfffe),
        MAP,
        { do: 'irg', addr: 'p', exclude: '0xfffe' },
        { do: 'irg', addr: 'p', exclude: '0xffef' },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('0');
    expect(out.at(4).value).toBe('4');
  });

  it('C7: include 0xfffe never gives 0 and, over many draws, gives all 15 tags (observed irg_excl0_distinct_tags=15)', () => {
    const out = run(
      [incl(0xfffe), MAP, { do: 'repeat', count: 300, steps: [{ do: 'irg', addr: 'p' }] }],
      ARM,
    );
    const tags = new Set(out.records.filter((r) => r.do === 'irg').map((r) => r.value));
    expect(tags.has('0')).toBe(false);
    expect(tags.size).toBe(15);
  });

  it('IRG is deterministic: the seeded generator lives in the state (design habit 7)', () => {
    const steps: Step[] = [
      incl(0xffff),
      MAP,
      { do: 'repeat', count: 10, steps: [{ do: 'irg', addr: 'p' }] },
    ];
    const a = run(steps, ARM).records.map((r) => r.value);
    const b = run(steps, ARM).records.map((r) => r.value);
    expect(a).toEqual(b);
    expect(nextRandom(1)).not.toBe(1);
  });

  it('T4: ADDG 15 + 1 with tag 0 excluded gives 1 and moves the address (observed addg_tag=1 addg_off=16)', () => {
    const out = run(
      [
        incl(0xfffe),
        MAP,
        { do: 'addg', addr: 'tag(p, 15)', offset: 16, tag_offset: 1, as: 'q' },
        { do: 'stg', addr: 'q' },
        { do: 'ldg', addr: 'p', length: 32 },
        { do: 'subg', addr: 'q', offset: 16, tag_offset: 2, as: 'r' },
        { do: 'stg', addr: 'r' },
        { do: 'ldg', addr: 'p', length: 32 },
      ],
      ARM,
    );
    expect(out.at(3).value).toBe('1');
    expect(out.at(5).value).toBe('01');
    expect(out.at(6).value).toBe('3');
    expect(out.at(8).value).toBe('31');
  });

  it('ChooseNonExcludedTag: all excluded gives 0; offset 0 steps over an excluded start tag', () => {
    expect(chooseNonExcludedTag(5, 1, 0xffff)).toBe(0);
    expect(chooseNonExcludedTag(15, 1, 0x0001)).toBe(1);
    expect(chooseNonExcludedTag(3, 0, 0x0008)).toBe(4);
    expect(chooseNonExcludedTag(14, 3, 0)).toBe(1);
  });

  it('ADDG immediates must be encodable: a scenario error names the field', () => {
    expect(() => run([MAP, { do: 'addg', addr: 'p', offset: 8, tag_offset: 1 }], ARM)).toThrow(
      /offset/,
    );
    expect(() => run([MAP, { do: 'addg', addr: 'p', offset: 16, tag_offset: 16 }], ARM)).toThrow(
      /tag_offset/,
    );
  });
});
