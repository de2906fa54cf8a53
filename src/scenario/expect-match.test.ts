import { describe, expect, it } from 'vitest';
import { expectationHolds } from './expect-match';

const holds = (field: string, expected: unknown, record: Record<string, unknown>): boolean =>
  expectationHolds(field, expected, record);

describe('expectations compared by meaning (format section 6)', () => {
  it('reads an integer as a JSON number or a decimal or hex string', () => {
    const r = { do: 'ioctl', ret: 0, out: { copy: 4096 } };
    expect(holds('ret', 0, r)).toBe(true);
    expect(holds('ret', '0', r)).toBe(true);
    expect(holds('ret', '0x0', r)).toBe(true);
    expect(holds('ret', 1, r)).toBe(false);
    expect(holds('out', { copy: '0x1000' }, r)).toBe(true);
    expect(holds('out', { copy: '4096' }, r)).toBe(true);
    expect(holds('out', { copy: 4095 }, r)).toBe(false);
    expect(holds('ret', -1, { ret: -1 })).toBe(true);
    expect(holds('ret', '-1', { ret: -1 })).toBe(true);
  });
  it('reads an address with any spacing, hex case or a decimal offset', () => {
    const r = { do: 'mremap', ret: 'p+0x2000' };
    expect(holds('ret', 'p+0x2000', r)).toBe(true);
    expect(holds('ret', 'p + 0x2000', r)).toBe(true);
    expect(holds('ret', 'p+0X2000', r)).toBe(true);
    expect(holds('ret', 'p+8192', r)).toBe(true);
    expect(holds('ret', 'q+0x2000', r)).toBe(false);
    expect(holds('ret', 'p', r)).toBe(false);
    expect(holds('ret', 'child', { do: 'fork', ret: 'child' })).toBe(true);
  });
  it('compares masks by their bits: names in any order, a number, 0', () => {
    const r = {
      do: 'ioctl',
      out: { features: 'UFFD_FEATURE_MOVE|UFFD_FEATURE_POISON', ioctls: 'UFFDIO_REGISTER' },
    };
    expect(
      holds('out', { features: 'UFFD_FEATURE_POISON | UFFD_FEATURE_MOVE', ioctls: 1 }, r),
    ).toBe(true);
    expect(holds('out', { features: (1 << 14) | (1 << 16), ioctls: '0x1' }, r)).toBe(true);
    expect(holds('out', { features: 'UFFD_FEATURE_MOVE', ioctls: 1 }, r)).toBe(false);
    expect(holds('out', { features: 0, ioctls: 0 }, { out: { features: '0', ioctls: '0' } })).toBe(
      true,
    );
    // The ioctls mask uses bit 63 (UFFDIO_API), past what a JSON number holds exactly.
    expect(
      holds(
        'out',
        { features: 0, ioctls: 'UFFDIO_API|UFFDIO_REGISTER|UFFDIO_UNREGISTER' },
        { out: { features: '0', ioctls: 'UFFDIO_REGISTER|UFFDIO_UNREGISTER|UFFDIO_API' } },
      ),
    ).toBe(true);
  });
  it("reads a message's flags as a mask, `flags: 0` included, and its address as an address", () => {
    const r = {
      do: 'read',
      msgs: [{ event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'p+0x1000' }],
    };
    expect(holds('msgs', [{ event: 'UFFD_EVENT_PAGEFAULT', flags: 0, address: 'p+4096' }], r)).toBe(
      true,
    );
    expect(holds('msgs', [{ event: 0x12, flags: '0', address: 'p + 0x1000' }], r)).toBe(true);
    expect(
      holds(
        'msgs',
        [
          {
            event: 'UFFD_EVENT_PAGEFAULT',
            flags: 'UFFD_PAGEFAULT_FLAG_WRITE',
            address: 'p+0x1000',
          },
        ],
        r,
      ),
    ).toBe(false);
    expect(holds('msgs', [], r)).toBe(false);
  });
  it('takes an empty msgs list and no messages as the same thing', () => {
    const r = { do: 'read', ret: -1, errno: 'EAGAIN' };
    expect(holds('msgs', [], r)).toBe(true);
    expect(holds('msgs', [{ event: 'UFFD_EVENT_PAGEFAULT' }], r)).toBe(false);
  });
  it('reads a tag as a number or its hex digit, bytes in either case', () => {
    expect(holds('value', 9, { do: 'ldg', value: '9' })).toBe(true);
    expect(holds('value', 10, { do: 'ldg', value: 'a' })).toBe(true);
    expect(holds('value', 'A', { do: 'irg', value: 'a' })).toBe(true);
    expect(holds('value', '0xa', { do: 'addg', value: 'a' })).toBe(true);
    expect(holds('value', 9, { do: 'ldg', value: 'a' })).toBe(false);
    expect(holds('value', 'AA00', { do: 'load', value: 'aa00' })).toBe(true);
    expect(holds('value', 'aa', { do: 'load', value: 'aa00' })).toBe(false);
  });
  it('reads errno, signal and si_code by name or number', () => {
    expect(holds('errno', 'EWOULDBLOCK', { errno: 'EAGAIN' })).toBe(true);
    expect(holds('errno', 17, { errno: 'EEXIST' })).toBe(true);
    expect(holds('errno', -17, { errno: 'EEXIST' })).toBe(true);
    expect(holds('errno', null, { errno: null })).toBe(true);
    expect(holds('errno', 'EINVAL', { errno: null })).toBe(false);
    expect(holds('signal', 11, { signal: 'SIGSEGV' })).toBe(true);
    expect(holds('si_code', 2, { signal: 'SIGBUS', si_code: 'BUS_ADRERR' })).toBe(true);
    expect(holds('si_code', 2, { signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' })).toBe(true);
    expect(holds('si_code', 1, { signal: 'SIGBUS', si_code: 'BUS_ADRERR' })).toBe(false);
  });
  it('takes false and an absent blocked or resumed as the same thing', () => {
    expect(holds('blocked', false, { do: 'load' })).toBe(true);
    expect(holds('blocked', true, { do: 'load' })).toBe(false);
    expect(holds('blocked', false, { do: 'load', blocked: true })).toBe(false);
  });
  it('compares rss by its numbers and everything else exactly', () => {
    expect(
      holds('rss', { anon: '2', file: 0, shmem: '0x0' }, { rss: { anon: 2, file: 0, shmem: 0 } }),
    ).toBe(true);
    expect(holds('rss', { anon: 2 }, { rss: { anon: 2, file: 0, shmem: 0 } })).toBe(false);
    expect(holds('pages', 'zx.', { pages: 'zx.' })).toBe(true);
    expect(holds('pages', 'ZX.', { pages: 'zx.' })).toBe(false);
  });
});
