import { describe, expect, it } from 'vitest';
import {
  errnoName,
  errnoNumber,
  formatFlags,
  MADV_TABLE,
  MAP_TABLE,
  parseFlags,
  parseFlagsBig,
  PR_ARG_TABLE,
  PR_OPTION_TABLE,
  PROT_TABLE,
  UFFD_FEATURE_TABLE,
  UFFD_FLAGS_TABLE,
  UFFDIO_IOCTLS_TABLE,
  UFFDIO_REQUEST,
  ERRNO,
} from './flags';
import { ScenarioError } from './types';

describe('parseFlags', () => {
  it('joins names with |', () => {
    expect(parseFlags('PROT_READ|PROT_WRITE', PROT_TABLE, 'w')).toBe(3);
    expect(parseFlags(' PROT_READ | PROT_MTE ', PROT_TABLE, 'w')).toBe(0x21);
    expect(parseFlags('MAP_PRIVATE|MAP_ANONYMOUS', MAP_TABLE, 'w')).toBe(0x22);
  });
  it('accepts numbers and literals inside the list', () => {
    expect(parseFlags(7, PROT_TABLE, 'w')).toBe(7);
    expect(parseFlags('PROT_READ|0x10|8', PROT_TABLE, 'w')).toBe(0x19);
    expect(parseFlags('0', PROT_TABLE, 'w')).toBe(0);
  });
  it('reads the real values', () => {
    expect(parseFlags('MADV_POPULATE_WRITE', MADV_TABLE, 'w')).toBe(23);
    expect(parseFlags('MADV_WIPEONFORK', MADV_TABLE, 'w')).toBe(18);
    expect(parseFlags('O_CLOEXEC|O_NONBLOCK|UFFD_USER_MODE_ONLY', UFFD_FLAGS_TABLE, 'w')).toBe(
      0o2004001,
    );
    expect(parseFlags('PR_SET_TAGGED_ADDR_CTRL', PR_OPTION_TABLE, 'w')).toBe(55);
    expect(parseFlags('PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|0xfffe0', PR_ARG_TABLE, 'w')).toBe(
      0xfffe3,
    );
    expect(UFFDIO_REQUEST.UFFDIO_MOVE).toBe(0xc028aa05);
  });
  it('names the unknown flag and what was expected', () => {
    expect(() => parseFlags('PROT_READ|PROT_WIRTE', PROT_TABLE, 'steps[0].prot')).toThrow(
      'steps[0].prot: unknown flag "PROT_WIRTE" (expected one of PROT_NONE, PROT_READ,',
    );
    expect(() => parseFlags('PROT_READ||PROT_WRITE', PROT_TABLE, 'w')).toThrow(/empty flag/);
    expect(() => parseFlags('', PROT_TABLE, 'w')).toThrow(ScenarioError);
    expect(() => parseFlags(-1, PROT_TABLE, 'w')).toThrow(/exceed 2\^53/);
    expect(() => parseFlags(1.5, PROT_TABLE, 'w')).toThrow(/expected flags/);
    expect(() => parseFlags('x'.repeat(5000), PROT_TABLE, 'w')).toThrow(/longer than/);
  });
  it('keeps bit 63 as a bigint', () => {
    expect(parseFlagsBig('UFFDIO_API|UFFDIO_COPY', UFFDIO_IOCTLS_TABLE, 'w')).toBe(
      (1n << 63n) | 8n,
    );
    expect(() => parseFlags('UFFDIO_API', UFFDIO_IOCTLS_TABLE, 'w')).toThrow(/2\^53/);
  });
});

describe('formatFlags', () => {
  it('prints names in value order, 0 when empty', () => {
    expect(formatFlags(3, PROT_TABLE)).toBe('PROT_READ|PROT_WRITE');
    expect(formatFlags(0, PROT_TABLE)).toBe('0');
    expect(formatFlags(0x22, MAP_TABLE)).toBe('MAP_PRIVATE|MAP_ANONYMOUS');
    expect(formatFlags(0x3, MAP_TABLE)).toBe('MAP_SHARED_VALIDATE');
  });
  it('prints enumerated tables as one name', () => {
    expect(formatFlags(0, MADV_TABLE)).toBe('MADV_NORMAL');
    expect(formatFlags(9, MADV_TABLE)).toBe('MADV_REMOVE');
    expect(formatFlags(999, MADV_TABLE)).toBe('0x3e7');
  });
  it('prints bit 63 and unnamed bits', () => {
    expect(formatFlags((1n << 63n) | 1n, UFFDIO_IOCTLS_TABLE)).toBe('UFFDIO_REGISTER|UFFDIO_API');
    expect(formatFlags((1 << 16) | (1 << 14) | (1 << 20), UFFD_FEATURE_TABLE)).toBe(
      'UFFD_FEATURE_POISON|UFFD_FEATURE_MOVE|0x100000',
    );
  });
  it('round-trips through parseFlagsBig', () => {
    for (const table of [
      PROT_TABLE,
      MAP_TABLE,
      UFFD_FEATURE_TABLE,
      UFFDIO_IOCTLS_TABLE,
      PR_ARG_TABLE,
    ]) {
      for (const m of [0n, 1n, 0x22n, 0x7fffn, (1n << 63n) | 0x1ffn, 0x1234567n]) {
        expect(parseFlagsBig(formatFlags(m, table), table, 'w')).toBe(m);
      }
    }
  });
});

describe('errno', () => {
  it('maps names and numbers both ways', () => {
    expect(errnoNumber('EEXIST')).toBe(17);
    expect(errnoNumber('EWOULDBLOCK')).toBe(11);
    expect(errnoNumber('ENOPE')).toBeUndefined();
    expect(errnoName(-17)).toBe('EEXIST');
    expect(errnoName(133)).toBe('EHWPOISON');
    expect(errnoName(41)).toBeUndefined();
    expect(Object.keys(ERRNO)).toHaveLength(131);
  });
});

describe('flags as C expressions', () => {
  it('accepts any constant expression over the field’s names and family-free constants', () => {
    expect(
      parseFlagsBig(
        'PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC | (0xfffe << PR_MTE_TAG_SHIFT)',
        PR_ARG_TABLE,
        'w',
      ),
    ).toBe(0x7fff3n);
    expect(parseFlagsBig('~PROT_WRITE & 7', PROT_TABLE, 'w')).toBe(5n);
    expect(parseFlagsBig('1UL', PROT_TABLE, 'w')).toBe(1n);
    expect(parseFlagsBig('(PROT_READ)', PROT_TABLE, 'w')).toBe(1n);
  });
  it('converts a negative number to the unsigned 64-bit mask C would pass', () => {
    expect(parseFlagsBig(-1, PROT_TABLE, 'w')).toBe((1n << 64n) - 1n);
    expect(parseFlagsBig('-1', PROT_TABLE, 'w')).toBe((1n << 64n) - 1n);
  });
  it("refuses another family's names, in either spelling, as it always did", () => {
    expect(() => parseFlagsBig('MAP_SHARED', PROT_TABLE, 'w')).toThrow(/unknown flag "MAP_SHARED"/);
    expect(() => parseFlagsBig('PROT_READ | (MAP_SHARED)', PROT_TABLE, 'w')).toThrow(
      /unknown flag "MAP_SHARED" \(expected one of PROT_NONE/,
    );
    expect(() => parseFlagsBig('PROT_READ||PROT_WRITE', PROT_TABLE, 'w')).toThrow(/empty flag/);
    expect(() => parseFlagsBig('PAGE_SIZE', PROT_TABLE, 'w')).toThrow(/depends on the machine/);
    expect(() => parseFlagsBig('PROT_READ << 64', PROT_TABLE, 'w')).toThrow(/shift by 64/);
  });
});
