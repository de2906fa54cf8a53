import { describe, expect, it } from 'vitest';
import { compileInt, evalInt, freeNames, isIntExpr, toSigned, usesTag, type ExprEnv } from './expr';
import { ScenarioError } from './types';

const bindings: Record<string, number | bigint> = {
  p: 0x7f0000000000,
  i: 3,
  q: 1n << 60n,
  neg: -1,
};
const env: ExprEnv = { lookup: (n) => bindings[n], pageSize: 4096 };
const ev = (v: number | string): bigint => evalInt(v, env, 'w');

describe('evalInt', () => {
  it('reads literals and suffixes', () => {
    expect(ev(42)).toBe(42n);
    expect(ev('42')).toBe(42n);
    expect(ev('0x1000')).toBe(4096n);
    expect(ev('0X1f')).toBe(31n);
    expect(ev('128K')).toBe(131072n);
    expect(ev('2M')).toBe(2n << 20n);
    expect(ev('1G')).toBe(1n << 30n);
    expect(ev('0x10K')).toBe(16384n);
    expect(ev('PAGE')).toBe(4096n);
    expect(ev('NULL')).toBe(0n);
  });
  it('follows C precedence and associativity', () => {
    expect(ev('1 + 2 * 3')).toBe(7n);
    expect(ev('(1 + 2) * 3')).toBe(9n);
    expect(ev('10 - 4 - 3')).toBe(3n);
    expect(ev('100 / 10 / 5')).toBe(2n);
    expect(ev('-2 * 3 + 10')).toBe(4n);
    expect(ev('- -5')).toBe(5n);
    expect(ev('+5')).toBe(5n);
    expect(ev('p + i*PAGE')).toBe(0x7f0000003000n);
    expect(ev('8*PAGE')).toBe(32768n);
  });
  it('truncates division toward zero on signed values', () => {
    expect(ev('7 / 2')).toBe(3n);
    expect(toSigned(ev('-7 / 2'))).toBe(-3n);
    expect(toSigned(ev('7 / -2'))).toBe(-3n);
  });
  it('wraps to 64 bits like C', () => {
    expect(ev('-1')).toBe((1n << 64n) - 1n);
    expect(toSigned(ev('-1'))).toBe(-1n);
    expect(toSigned(ev('neg'))).toBe(-1n);
    expect(ev('0xffffffffffffffff + 2')).toBe(1n);
    expect(ev('0x8000000000000000 * 2')).toBe(0n);
    expect(ev('16G * 1G * 1G')).toBe(0n);
  });
  it('tags pointers in bits 59:56', () => {
    expect(ev('tag(p, 3)')).toBe(0x0300_7f00_0000_0000n);
    expect(ev('tag(tag(p, 0xf), 1)')).toBe(0x0100_7f00_0000_0000n);
    expect(ev('tag(p, 0) + 16')).toBe(0x7f0000000010n);
    expect(ev('q')).toBe(1n << 60n);
    expect(ev('tag(q, 2)')).toBe((1n << 60n) | (2n << 56n));
    expect(() => ev('tag(p, 16)')).toThrow('w: tag(…, 16): a tag is 0..15');
    expect(() => ev('tag(p, i*6)')).toThrow(/a tag is 0..15/);
  });
});

describe('errors', () => {
  const err = (v: unknown): string => {
    try {
      evalInt(v, env, 'steps[3].length');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as ScenarioError).message;
    }
    return 'no error';
  };
  it('names the place and the column', () => {
    expect(err('abc')).toBe('steps[3].length: unbound name "abc"');
    expect(err('4 +')).toBe(
      'steps[3].length: expected an integer expression, got "4 +" (column 4: expected a number, a name or "(", got the end)',
    );
    expect(err('(1')).toMatch(/column 3: expected "\)"/);
    expect(err('1 2')).toMatch(/column 3: unexpected "2"/);
    expect(err('4k')).toMatch(/bad number "4k"/);
    expect(err('1 @ 2')).toMatch(/unexpected "@"/);
    expect(err('tag(p)')).toMatch(/expected ","/);
    expect(err('')).toBe('steps[3].length: expected an integer expression, got ""');
    expect(err(1.5)).toBe('steps[3].length: expected an integer expression, got 1.5');
    expect(err(true)).toBe('steps[3].length: expected an integer expression, got true');
    expect(err(null)).toBe('steps[3].length: expected an integer expression, got null');
    expect(err(2 ** 60)).toMatch(/expected an integer expression/);
    expect(err('99999999999999999999999')).toMatch(/does not fit in 64 bits/);
  });
  it('reports division by zero, constant or not', () => {
    expect(err('1/0')).toBe('steps[3].length: division by zero');
    expect(err('1/(i-3)')).toBe('steps[3].length: division by zero');
  });
  it('refuses absurd input without overflowing the stack', () => {
    expect(err('('.repeat(200) + '1' + ')'.repeat(200))).toMatch(/nested deeper than 64/);
    expect(err('-'.repeat(200) + '1')).toMatch(/nested deeper than 64/);
    expect(err('1+'.repeat(2000) + '1')).toMatch(/longer than 1000/);
    expect(ev('1+'.repeat(400) + '1')).toBe(401n);
  });
});

describe('compileInt', () => {
  it('caches, and reports errors with each caller place', () => {
    const a = compileInt('p + i*PAGE', 'steps[1].addr');
    const b = compileInt('p + i*PAGE', 'steps[2].addr');
    expect(a(env)).toBe(b(env));
    const unbound: ExprEnv = { lookup: () => undefined, pageSize: 4096 };
    expect(() => b(unbound)).toThrow('steps[2].addr: unbound name "p"');
    expect(() => compileInt('1/0', 'x')).toThrow('x: division by zero');
    expect(() => compileInt('1/0', 'y')).toThrow('y: division by zero');
  });
  it('uses the page size of the environment', () => {
    const f = compileInt('2*PAGE', 'w');
    expect(f({ lookup: () => undefined, pageSize: 16384 })).toBe(32768n);
  });
});

describe('static helpers', () => {
  it('lists free names', () => {
    expect(freeNames('p + i*PAGE - p + tag(q, NULL)')).toEqual(['p', 'i', 'q']);
    expect(freeNames(4096)).toEqual([]);
    expect(() => freeNames('p +', 'here')).toThrow(/^here: expected an integer expression/);
  });
  it('detects tag() and validity', () => {
    expect(usesTag('tag(p, 1) + 16')).toBe(true);
    expect(usesTag('p + 16')).toBe(false);
    expect(isIntExpr('p+1')).toBe(true);
    expect(isIntExpr('p+')).toBe(false);
  });
});

describe("C's integer operators (format section 2)", () => {
  it('has every operator at C precedence, lowest first: | ^ & << >> + - * / %', () => {
    expect(ev('1 | 2 ^ 3 & 6')).toBe(1n | (2n ^ (3n & 6n)));
    expect(ev('1 << 2 + 1')).toBe(8n);
    expect(ev('2 + 3 << 1')).toBe(10n);
    expect(ev('0xff & 0x0f << 4')).toBe(0xf0n);
    expect(ev('6 ^ 3')).toBe(5n);
    expect(ev('17 % 5 * 2')).toBe(4n);
    expect(ev('(1 | 2) << 3')).toBe(24n);
  });
  it('computes % and >> on the signed value, as C does on a long', () => {
    expect(toSigned(ev('-7 % 3'))).toBe(-1n);
    expect(ev('7 % -3')).toBe(1n);
    expect(toSigned(ev('-8 >> 1'))).toBe(-4n);
    expect(ev('0x80 >> 4')).toBe(8n);
  });
  it('complements with ~ in 64 bits', () => {
    expect(ev('~0')).toBe((1n << 64n) - 1n);
    expect(ev('~0xfff & 0x12345')).toBe(0x12000n);
    expect(ev('~~5')).toBe(5n);
  });
  it('refuses what C leaves undefined or cannot compute', () => {
    expect(() => ev('1 << 64')).toThrow(/shift by 64/);
    expect(() => ev('1 << -1')).toThrow(/shift by -1/);
    expect(() => ev('5 % 0')).toThrow(/division by zero/);
    expect(() => ev('p % 0')).toThrow(/division by zero/);
  });
  it('reads character literals as their ASCII code, and C integer suffixes', () => {
    expect(ev("'a'")).toBe(97n);
    expect(ev("'\\n'")).toBe(10n);
    expect(ev("'\\0'")).toBe(0n);
    expect(ev("'\\x41'")).toBe(65n);
    expect(ev("'\\101'")).toBe(65n);
    expect(ev("'\\''")).toBe(39n);
    expect(ev("','")).toBe(44n);
    expect(ev("'a' + 1")).toBe(98n);
    expect(ev('1UL << 63')).toBe(1n << 63n);
    expect(ev('0x10ull')).toBe(16n);
    expect(ev('5L')).toBe(5n);
    expect(() => ev("'\\xff'")).toThrow(/depends on whether char is signed/);
    expect(() => ev("'ab'")).toThrow(/one character/);
    expect(() => ev("''")).toThrow(/empty character literal/);
    expect(() => ev("'a")).toThrow(/one character|unfinished/);
  });
  it('reads negative literals, decimal or hex', () => {
    expect(toSigned(ev('-1'))).toBe(-1n);
    expect(toSigned(ev('-0x10'))).toBe(-16n);
    expect(toSigned(ev(-4096))).toBe(-4096n);
  });
});

describe('uAPI constants by name', () => {
  it('resolves constants where an integer goes, PAGE_SIZE from the machine', () => {
    expect(ev('UFFD_API')).toBe(0xaan);
    expect(ev('0xfffe << PR_MTE_TAG_SHIFT')).toBe(0x7fff0n);
    expect(ev('PAGE_SIZE * 2')).toBe(8192n);
    expect(evalInt('PAGE_SIZE', { lookup: () => undefined, pageSize: 16384 }, 'w')).toBe(16384n);
    expect(ev('MAP_SHARED | MAP_ANONYMOUS')).toBe(0x21n);
    expect(ev('UFFDIO_COPY')).toBe(0xc028aa03n);
    expect(ev('_UFFDIO_COPY')).toBe(3n);
    expect(ev('EINVAL')).toBe(22n);
    expect(ev('UFFD_FEATURE_MOVE')).toBe(1n << 16n);
  });
  it('lets a name bound by `as` win over a constant of the same name', () => {
    const shadow: ExprEnv = { lookup: (n) => (n === 'UFFD_API' ? 7 : undefined), pageSize: 4096 };
    expect(evalInt('UFFD_API', shadow, 'w')).toBe(7n);
  });
  it('still calls an unknown name unbound', () => {
    expect(() => ev('UFFD_APII')).toThrow(/unbound name "UFFD_APII"/);
  });
});
