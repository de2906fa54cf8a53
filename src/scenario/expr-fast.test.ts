import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFast, compileInt, type ExprEnv } from './expr';

/** Values that sit on the edges the fast path must notice: 0, 2^31, 2^32, 2^53, 2^63, 2^64. */
const edge = fc.constantFrom(
  '0',
  '1',
  '7',
  '63',
  '64',
  '0x7fffffff',
  '0x80000000',
  '0xffffffff',
  '0x100000000',
  '0x1fffffffffffff',
  '0x20000000000000',
  '0x7fffffffffffffff',
  '0xffffffffffffffff',
);
const leaf = fc.oneof(
  edge,
  fc.bigInt({ min: 0n, max: 2n ** 54n }).map((v) => v.toString()),
  fc.constantFrom(
    'p',
    'j',
    'big',
    'neg',
    'half',
    'tagged',
    'PAGE',
    'PAGE_SIZE',
    'UFFD_API',
    'nope',
  ),
);
const OPS = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'];
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom(...OPS), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((a) => `-${a}`),
    tie('e').map((a) => `~${a}`),
  ),
})).e;

const BOUND: Record<string, number | bigint> = {
  p: 0x7f12_3456_0000,
  j: 37,
  big: 2 ** 53 + 2,
  neg: -5,
  half: 0.5,
  tagged: (0x0an << 56n) | 0x1000n,
};
const env: ExprEnv = { pageSize: 16384, lookup: (n) => BOUND[n] };

/** The exact value, or 'error' where the exact evaluation raises one. */
function exact(src: string): bigint | 'error' {
  try {
    return compileInt(src, 'x')(env);
  } catch {
    return 'error';
  }
}

describe('expressions in plain numbers (expr-fast.ts)', () => {
  it('agree with the exact BigInt evaluation wherever they give a value, and give one for the common forms', () => {
    fc.assert(
      fc.property(expr, (src) => {
        const want = exact(src);
        const got = compileFast(src)(env);
        if (got !== -1) {
          expect(want).not.toBe('error');
          expect(BigInt(got)).toBe(want);
        }
      }),
      { numRuns: 4000 },
    );
    for (const [src, v] of [
      ['p + j*PAGE', 0x7f12_3456_0000 + 37 * 16384],
      ['512*PAGE', 512 * 16384],
      ['(p >> 12) & 0x1ff', (0x7f12_3456_0000 / 4096) % 512],
      ['p | 0xfff', 0x7f12_3456_0fff],
      ['p - 0x1000', 0x7f12_3455_f000],
      ['UFFD_API', 0xaa],
      [4096, 4096],
    ] as const)
      expect(compileFast(src)(env), String(src)).toBe(v);
  });

  it('leave to the exact evaluation what only it can compute or refuse', () => {
    for (const src of [
      'tagged',
      'tag(p, 3)',
      '0 - 1',
      '-1',
      '~0',
      'p / 0',
      '1 << 64',
      'big',
      'neg',
      'half',
      'nope',
      -1,
      2 ** 60,
    ])
      expect(compileFast(src)(env), String(src)).toBe(-1);
  });
});
