/**
 * The resolving ioctls (mm/userfaultfd.c): UFFDIO_COPY, ZEROPAGE, CONTINUE, POISON, MOVE and
 * WRITEPROTECT, and what their output fields hold afterwards, as Linux 6.18 gives them (each
 * scenario checked with `faultline verify`). Records are looked up by the step's index.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import type { Step } from '../../scenario/types';
import {
  MINOR,
  MISSING,
  WP,
  ioctl,
  load,
  memfd,
  mmap,
  pagemap,
  read,
  register,
  store,
  uffd,
  wp,
} from '../test-support/uffd_steps';

type Out = ReturnType<typeof run>;

/** The record of steps[i] (not a resumption). */
function at(out: Out, i: number): Record<string, unknown> {
  const r = out.records.find((x) => x.path === `steps/${i}` && !x.resumed);
  if (!r) throw new Error(`no record for steps/${i}`);
  return { ...r };
}

function resumedAt(out: Out, i: number): Record<string, unknown> | undefined {
  return out.records.find((x) => x.path === `steps/${i}` && x.resumed) as
    Record<string, unknown> | undefined;
}

/** Runs steps and returns the run with a lookup by step: `r(step)` is that step's record. */
function go(steps: Step[]) {
  const out = run(steps);
  return {
    out,
    r: (s: Step) => at(out, steps.indexOf(s)),
    resumed: (s: Step) => resumedAt(out, steps.indexOf(s)),
  };
}

const copy = (dst: string, src: string, len: string, extra: Record<string, unknown> = {}) =>
  ioctl('UFFDIO_COPY', { dst, src, len, ...extra });
const zeropage = (start: string, len: string, extra: Record<string, unknown> = {}) =>
  ioctl('UFFDIO_ZEROPAGE', { start, len, ...extra });
const move = (dst: string, src: string, len: string, extra: Record<string, unknown> = {}) =>
  ioctl('UFFDIO_MOVE', { dst, src, len, ...extra });

describe('UFFDIO_COPY (mfill_atomic_copy)', () => {
  it('copies a page, wakes the fault, and the `copy` field holds the bytes copied or the negative errno', () => {
    const fault = load('p', { thread: 'T1' });
    const ok = copy('p', 'src', 'PAGE');
    const again = copy('p', 'src', 'PAGE');
    const { r, resumed } = go([
      ...uffd(),
      mmap(1, 'src'),
      { do: 'store', addr: 'src', fill: '5a', length: 'PAGE' },
      mmap(4, 'p'),
      register('p', 4, MISSING),
      fault,
      read(),
      ok,
      again,
    ]);
    expect(r(ok)).toMatchObject({ ret: 0, errno: null, out: { copy: 4096 } });
    expect(r(ok).events).toContainEqual(
      expect.objectContaining({ kind: 'uffd_filled', fn: 'mfill_atomic_copy', op: 'copy' }),
    );
    expect(resumed(fault)).toMatchObject({ value: '5a' });
    expect(r(again)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { copy: -17 } });
  });

  it('a partial copy writes the bytes done and fails with EAGAIN', () => {
    const partial = copy('p', 'src', '3*PAGE');
    const srcHole = copy('p+3*PAGE', 's2', '2*PAGE');
    const { r } = go([
      ...uffd(),
      mmap(4, 'src'),
      mmap(8, 'p'),
      register('p', 8, MISSING),
      copy('p+PAGE', 'src', 'PAGE'),
      partial,
      mmap(2, 's2'),
      store('s2'),
      { do: 'munmap', addr: 's2+PAGE', length: 'PAGE' },
      srcHole,
      pagemap('p', 8),
    ]);
    expect(r(partial)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { copy: 4096 } });
    expect(r(srcHole)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { copy: 4096 } });
  });

  it('which failures write `copy` and which leave it as preset', () => {
    const steps: Step[] = [
      ...uffd(),
      mmap(2, 'src'),
      mmap(4, 'p'),
      register('p', 3, MISSING),
      mmap(1, 'pn', { prot: 'PROT_NONE' }),
      mmap(1, 'u'),
      /* 7 */ copy('p+1', 'src', 'PAGE', { copy: 5 }),
      /* 8 */ copy('p', 'src', 'PAGE+1', { copy: 5 }),
      /* 9 */ copy('p', 'src', '0', { copy: 5 }),
      /* 10 */ copy('p', 'src', 'PAGE', { mode: 4, copy: 5 }),
      /* 11 */ copy('p', '-4096', 'PAGE', { copy: 5 }),
      /* 12 */ copy('p', 'src', 'PAGE', { mode: 'UFFDIO_COPY_MODE_WP', copy: 5 }),
      /* 13 */ copy('p', '0x100000000', 'PAGE', { copy: 5 }),
      /* 14 */ copy('p', 'pn', 'PAGE', { copy: 5 }),
      /* 15 */ copy('p+2*PAGE', 'src', '2*PAGE', { copy: 5 }),
      /* 16 */ copy('u', 'src', 'PAGE', { copy: 5 }),
      /* 17 */ copy('p+1', 'src+1', 'PAGE', { copy: 5 }),
      /* 18 */ copy('p', 'src+1', 'PAGE', { copy: 5 }),
    ];
    const { out } = go(steps);
    const rec = (i: number) => at(out, i);
    for (const i of [7, 8, 9, 10, 11, 17])
      expect(rec(i)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { copy: 5 } });
    expect(rec(12)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { copy: -22 } });
    expect(rec(13)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { copy: -14 } });
    expect(rec(14)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { copy: -14 } });
    expect(rec(15)).toMatchObject({ ret: -1, errno: 'ENOENT', out: { copy: -2 } });
    expect(rec(16)).toMatchObject({ ret: -1, errno: 'ENOENT', out: { copy: -2 } });
    // src needs no alignment.
    expect(rec(18)).toMatchObject({ ret: 0, errno: null, out: { copy: 4096 } });
  });

  it('MODE_WP maps the page write-protected; a read-only VMA gets a read-only page', () => {
    const mp = pagemap('p', 2);
    const wr = store('rd');
    const { r } = go([
      ...uffd(),
      mmap(1, 'src'),
      mmap(2, 'p'),
      register('p', 2, `${MISSING}|${WP}`),
      copy('p', 'src', 'PAGE', { mode: 'UFFDIO_COPY_MODE_WP' }),
      copy('p+PAGE', 'src', 'PAGE'),
      mp,
      mmap(1, 'rd', { prot: 'PROT_READ' }),
      register('rd', 1, MISSING),
      copy('rd', 'src', 'PAGE'),
      wr,
    ]);
    expect(r(mp)).toMatchObject({ pages: 'xx', uffd_wp: 'w-' });
    expect(r(wr)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
  });

  it('any context of the process may fill any registered range', () => {
    const c = copy('p', 'src', 'PAGE', {});
    const { r } = go([
      ...uffd(),
      ...uffd(undefined, 'O_NONBLOCK', 'u2'),
      mmap(1, 'src'),
      mmap(1, 'p'),
      register('p', 1, MISSING, { fd: 'u2' }),
      c,
    ]);
    expect(r(c)).toMatchObject({ ret: 0, out: { copy: 4096 } });
  });

  it('replaces a uffd-wp marker or a poison marker (pte_none_mostly)', () => {
    const mp = pagemap('p', 2);
    const { r } = go([
      ...uffd('UFFD_FEATURE_WP_UNPOPULATED'),
      mmap(2, 'src'),
      mmap(2, 'p'),
      register('p', 2, `${MISSING}|${WP}`),
      wp('p', 1, 1),
      ioctl('UFFDIO_POISON', { start: 'p+PAGE', len: 'PAGE' }),
      copy('p', 'src', '2*PAGE'),
      mp,
    ]);
    expect(r(mp)).toMatchObject({ pages: 'xx', uffd_wp: '--' });
  });

  it('shmem: the copy goes into the page cache; a cached page is EEXIST; past EOF is EFAULT', () => {
    const cached = copy('ms', 'src', 'PAGE');
    const ok = copy('ms+PAGE', 'src', 'PAGE');
    const crossing = copy('ms+2*PAGE', 'src', '2*PAGE');
    const past = copy('ms+3*PAGE', 'src', 'PAGE');
    const zpPast = zeropage('ms+3*PAGE', 'PAGE');
    const mp = pagemap('ms', 4);
    const { r } = go([
      ...uffd(),
      ...memfd('m', 3),
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'ms',
      },
      mmap(3, 'src'),
      store('src', '09'),
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'other',
      },
      store('other'),
      register('ms', 4, MISSING),
      cached,
      ok,
      crossing,
      past,
      zpPast,
      mp,
      { do: 'rss' },
    ]);
    expect(r(cached)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { copy: -17 } });
    expect(r(ok)).toMatchObject({ ret: 0, out: { copy: 4096 } });
    expect(r(crossing)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { copy: 4096 } });
    expect(r(past)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { copy: -14 } });
    expect(r(zpPast)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { zeropage: -14 } });
    expect(r(mp)).toMatchObject({ pages: '.xx.' });
  });

  it('a source the kernel must fault in through a registered range blocks the COPY until it is resolved', () => {
    const c = copy('p', 'r', 'PAGE', {});
    const rd = read();
    const blocked = { ...c, thread: 'T1' } as Step;
    const { r, resumed } = go([
      ...uffd('UFFD_FEATURE_THREAD_ID'),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      mmap(1, 'r'),
      register('r', 1, MISSING),
      blocked,
      rd,
      zeropage('r', 'PAGE'),
    ]);
    expect(r(blocked)).toMatchObject({ blocked: true });
    expect(r(rd).msgs).toEqual([
      { event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'r', ptid: 'T1' },
    ]);
    expect(resumed(blocked)).toMatchObject({ ret: 0, errno: null, out: { copy: 4096 } });
  });

  it('with UFFD_USER_MODE_ONLY or UFFD_FEATURE_SIGBUS that kernel fault is EFAULT instead', () => {
    const a = copy('b', 'a', 'PAGE');
    const b = ioctl('UFFDIO_COPY', { dst: 'b', src: 'a', len: 'PAGE' }, 'u2');
    const { r } = go([
      ...uffd(undefined, 'O_NONBLOCK|UFFD_USER_MODE_ONLY'),
      ...uffd('UFFD_FEATURE_SIGBUS', 'O_NONBLOCK', 'u2'),
      mmap(1, 'a'),
      register('a', 1, MISSING),
      mmap(1, 'b'),
      register('b', 1, MISSING),
      a,
      ioctl('UFFDIO_UNREGISTER', { start: 'a', len: 'PAGE' }),
      register('a', 1, MISSING, { fd: 'u2' }),
      b,
    ]);
    expect(r(a)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { copy: -14 } });
    expect(r(b)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { copy: -14 } });
  });

  it('DONTWAKE leaves the thread asleep until UFFDIO_WAKE', () => {
    const fault = load('p', { thread: 'T1' });
    const wake = ioctl('UFFDIO_WAKE', { start: 'p', len: 'PAGE' });
    const { out } = go([
      ...uffd(),
      mmap(1, 'src'),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      fault,
      copy('p', 'src', 'PAGE', { mode: 'UFFDIO_COPY_MODE_DONTWAKE' }),
      wake,
    ]);
    const i = out.records.findIndex((x) => x.resumed);
    expect(out.records[i - 1]!.path).toBe('steps/7');
  });
});

describe('UFFDIO_ZEROPAGE (mfill_atomic_zeropage)', () => {
  it('maps the zero page in private memory, a zeroed page-cache page in shmem; a marker is EEXIST', () => {
    const z1 = zeropage('p', 'PAGE');
    const z2 = zeropage('p', 'PAGE');
    const bad = zeropage('p+PAGE', 'PAGE', { mode: 2, zeropage: 9 });
    const onMarker = zeropage('p+PAGE', 'PAGE');
    const zs = zeropage('s', 'PAGE');
    const mp = pagemap('p', 2);
    const ms = pagemap('s', 1);
    const { r } = go([
      ...uffd('UFFD_FEATURE_WP_UNPOPULATED'),
      mmap(2, 'p'),
      register('p', 2, `${MISSING}|${WP}`),
      z1,
      z2,
      bad,
      wp('p+PAGE', 1, 1),
      onMarker,
      mp,
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED|MAP_ANONYMOUS',
        as: 's',
      },
      register('s', 1, MISSING),
      zs,
      ms,
    ]);
    expect(r(z1)).toMatchObject({ ret: 0, out: { zeropage: 4096 } });
    expect(r(z2)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { zeropage: -17 } });
    expect(r(bad)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { zeropage: 9 } });
    expect(r(onMarker)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { zeropage: -17 } });
    expect(r(mp)).toMatchObject({ pages: 'z.', uffd_wp: '-w' });
    expect(r(ms)).toMatchObject({ pages: 'x' });
  });
});

describe('UFFDIO_CONTINUE (mfill_atomic_continue)', () => {
  it('maps the page already in the page cache for a MINOR fault', () => {
    const fault = load('m2', { thread: 'T1' });
    const ok = ioctl('UFFDIO_CONTINUE', { start: 'm2', len: 'PAGE' });
    const again = ioctl('UFFDIO_CONTINUE', { start: 'm2', len: 'PAGE' });
    const hole = ioctl('UFFDIO_CONTINUE', { start: 'm2+2*PAGE', len: 'PAGE' });
    const partial = ioctl('UFFDIO_CONTINUE', { start: 'm2+PAGE', len: '2*PAGE' });
    const modeWp = ioctl('UFFDIO_CONTINUE', {
      start: 'm2+3*PAGE',
      len: 'PAGE',
      mode: 'UFFDIO_CONTINUE_MODE_WP',
    });
    const anon = ioctl('UFFDIO_CONTINUE', { start: 'pa', len: 'PAGE' });
    const { r, resumed } = go([
      ...uffd(),
      ...memfd('m', 4),
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm1',
      },
      store('m1', '11'),
      store('m1+PAGE', '22'),
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm2',
      },
      register('m2', 4, MINOR),
      fault,
      read(),
      ok,
      again,
      hole,
      partial,
      modeWp,
      mmap(1, 'pa'),
      register('pa', 1, MISSING),
      anon,
    ]);
    expect(r(ok)).toMatchObject({ ret: 0, out: { mapped: 4096 } });
    expect(resumed(fault)).toMatchObject({ value: '11' });
    expect(r(again)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { mapped: -17 } });
    expect(r(hole)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { mapped: -14 } });
    expect(r(partial)).toMatchObject({ ret: -1, errno: 'EAGAIN', out: { mapped: 4096 } });
    expect(r(modeWp)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { mapped: -22 } });
    expect(r(anon)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { mapped: -22 } });
  });

  it('in a private mapping the cache page is mapped read-only: the retried write copies it', () => {
    const fault = store('m3', '77', { thread: 'T1' });
    const rd = read();
    const mp = pagemap('m3', 1);
    const l1 = load('m1');
    const l3 = load('m3');
    const { r } = go([
      ...uffd(),
      ...memfd('m', 1),
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'm1',
      },
      store('m1', '11'),
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE',
        fd: 'm',
        as: 'm3',
      },
      register('m3', 1, MINOR),
      fault,
      rd,
      ioctl('UFFDIO_CONTINUE', { start: 'm3', len: 'PAGE' }),
      mp,
      l1,
      l3,
    ]);
    expect(r(rd).msgs).toEqual([
      {
        event: 'UFFD_EVENT_PAGEFAULT',
        flags: 'UFFD_PAGEFAULT_FLAG_WRITE|UFFD_PAGEFAULT_FLAG_MINOR',
        address: 'm3',
      },
    ]);
    expect(r(mp).pages).toBe('x');
    expect(r(l1).value).toBe('11');
    expect(r(l3).value).toBe('77');
  });
});

describe('UFFDIO_POISON (mfill_atomic_poison)', () => {
  it('installs a poison marker: touching it is SIGBUS/BUS_ADRERR, MADV_POPULATE_* EHWPOISON', () => {
    const ok = ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE' });
    const again = ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE' });
    const present = ioctl('UFFDIO_POISON', { start: 'p+PAGE', len: 'PAGE' });
    const unreg = ioctl('UFFDIO_POISON', { start: 'u', len: 'PAGE' });
    const touch = load('p');
    const pop = { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_POPULATE_READ' } as Step;
    const mp = pagemap('p', 2);
    const child = pagemap('p', 2, { proc: 'c' });
    const after = pagemap('p', 2);
    const { r } = go([
      ...uffd(),
      mmap(2, 'p'),
      store('p+PAGE'),
      register('p', 2, MISSING),
      ok,
      again,
      present,
      mmap(1, 'u'),
      unreg,
      touch,
      pop,
      mp,
      { do: 'fork', as: 'c' },
      child,
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
      after,
    ]);
    expect(r(ok)).toMatchObject({ ret: 0, out: { updated: 4096 } });
    expect(r(ok).events).toContainEqual(expect.objectContaining({ fn: 'mfill_atomic_poison' }));
    expect(r(again)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { updated: -17 } });
    expect(r(present)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { updated: -17 } });
    expect(r(unreg)).toMatchObject({ ret: -1, errno: 'ENOENT', out: { updated: -2 } });
    expect(r(touch)).toMatchObject({ signal: 'SIGBUS', si_code: 'BUS_ADRERR' });
    expect(r(pop)).toMatchObject({ ret: -1, errno: 'EHWPOISON' });
    expect(r(mp).pages).toBe('px');
    expect(r(child).pages).toBe('ps');
    // The child still maps the second page: it is shared.
    expect(r(after).pages).toBe('.s');
  });

  it('wakes the fault it resolves, which then takes SIGBUS', () => {
    const fault = load('p', { thread: 'T1' });
    const { resumed } = go([
      ...uffd(),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      fault,
      ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE' }),
    ]);
    expect(resumed(fault)).toMatchObject({ signal: 'SIGBUS', si_code: 'BUS_ADRERR' });
  });
});

describe('UFFDIO_MOVE (move_pages)', () => {
  it('moves the page itself and empties the source; errors per page in the kernel order', () => {
    const ok = move('d', 's', 'PAGE');
    const dstPresent = move('d', 's+PAGE', 'PAGE');
    const hole = move('d+PAGE', 's', 'PAGE');
    const holeOk = move('d+PAGE', 's', 'PAGE', { mode: 'UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES' });
    const three = move('d+PAGE', 's+PAGE', '3*PAGE');
    const zero = move('d+4*PAGE', 's+4*PAGE', 'PAGE');
    const ms = pagemap('s', 8);
    const md = pagemap('d', 8);
    const l = load('d+2*PAGE');
    const { r } = go([
      ...uffd(),
      mmap(8, 's'),
      store('s', '10'),
      store('s+PAGE', '11'),
      store('s+2*PAGE', '12'),
      store('s+3*PAGE', '13'),
      load('s+4*PAGE'),
      mmap(8, 'd'),
      register('d', 8, MISSING),
      ok,
      dstPresent,
      hole,
      holeOk,
      three,
      zero,
      ms,
      md,
      l,
    ]);
    expect(r(ok)).toMatchObject({ ret: 0, out: { move: 4096 } });
    expect(r(ok).events).toContainEqual(
      expect.objectContaining({ kind: 'page_moved', fn: 'move_pages' }),
    );
    expect(r(dstPresent)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { move: -17 } });
    expect(r(hole)).toMatchObject({ ret: -1, errno: 'ENOENT', out: { move: -2 } });
    expect(r(holeOk)).toMatchObject({ ret: 0, out: { move: 4096 } });
    expect(r(three)).toMatchObject({ ret: 0, out: { move: 12288 } });
    expect(r(zero)).toMatchObject({ ret: 0, out: { move: 4096 } });
    expect(r(ms).pages).toBe('........');
    expect(r(md).pages).toBe('xxxxz...');
    expect(r(l).value).toBe('12');
  });

  it('EINVAL for shared, read-only or unregistered VMAs and ranges past a VMA; ENOENT without a VMA', () => {
    const steps: Step[] = [
      ...uffd(),
      ...uffd(undefined, 'O_NONBLOCK', 'u2'),
      mmap(2, 's'),
      store('s'),
      mmap(2, 'd'),
      register('d', 2, MISSING),
      /* 8 */ move('d', 's', 'PAGE', { mode: 4, move: 3 }),
      /* 9 */ move('d+1', 's', 'PAGE', { move: 3 }),
      mmap(2, 'u'),
      /* 11 */ move('u', 's', 'PAGE'),
      /* 12 */ move('0x100000000', 's', 'PAGE'),
      /* 13 */ move('d', '0x100000000', 'PAGE', { mode: 'UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES' }),
      /* 14 */ move('d+PAGE', 's', '2*PAGE'),
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED|MAP_ANONYMOUS',
        as: 'sh',
      },
      store('sh'),
      /* 17 */ move('d', 'sh', 'PAGE'),
      mmap(1, 'ro', { prot: 'PROT_READ' }),
      load('ro'),
      /* 20 */ move('d', 'ro', 'PAGE'),
      mmap(1, 'o'),
      register('o', 1, MISSING, { fd: 'u2' }),
      /* 23 */ move('o', 's', 'PAGE'),
    ];
    const { out } = go(steps);
    expect(at(out, 8)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { move: 3 } });
    expect(at(out, 9)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { move: 3 } });
    for (const i of [11, 14, 17, 20, 23])
      expect(at(out, i)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { move: -22 } });
    for (const i of [12, 13])
      expect(at(out, i)).toMatchObject({ ret: -1, errno: 'ENOENT', out: { move: -2 } });
  });

  it('EBUSY for a page fork shared, even after the child is gone, until the parent writes it', () => {
    const shared = move('d', 's', 'PAGE');
    const gone = move('d', 's', 'PAGE');
    const written = move('d', 's', 'PAGE');
    const { r } = go([
      ...uffd(),
      mmap(1, 's'),
      store('s'),
      mmap(1, 'd'),
      register('d', 1, MISSING),
      { do: 'fork', as: 'c' },
      shared,
      { do: 'exit', proc: 'c' },
      gone,
      store('s', '02'),
      written,
    ]);
    expect(r(shared)).toMatchObject({ ret: -1, errno: 'EBUSY', out: { move: -16 } });
    expect(r(gone)).toMatchObject({ ret: -1, errno: 'EBUSY', out: { move: -16 } });
    expect(r(written)).toMatchObject({ ret: 0, out: { move: 4096 } });
  });

  it('a marker at the destination is EEXIST, at the source EFAULT; the moved page loses uffd-wp', () => {
    const onMarker = move('x', 's', 'PAGE');
    const wpSrc = move('z', 'y', 'PAGE');
    const markerSrc = move('z+PAGE', 'x', 'PAGE');
    const mz = pagemap('z', 2);
    const { r } = go([
      ...uffd('UFFD_FEATURE_WP_UNPOPULATED'),
      mmap(1, 'x'),
      register('x', 1, `${MISSING}|${WP}`),
      wp('x', 1, 1),
      mmap(1, 's'),
      store('s'),
      onMarker,
      mmap(1, 'y'),
      store('y'),
      register('y', 1, `${MISSING}|${WP}`),
      wp('y', 1, 1),
      mmap(2, 'z'),
      register('z', 2, `${MISSING}|${WP}`),
      wpSrc,
      mz,
      markerSrc,
    ]);
    expect(r(onMarker)).toMatchObject({ ret: -1, errno: 'EEXIST', out: { move: -17 } });
    expect(r(wpSrc)).toMatchObject({ ret: 0, out: { move: 4096 } });
    expect(r(mz)).toMatchObject({ pages: 'x.', uffd_wp: '--' });
    expect(r(markerSrc)).toMatchObject({ ret: -1, errno: 'EFAULT', out: { move: -14 } });
  });

  it('wakes the destination unless DONTWAKE; overlapping ranges move page after page', () => {
    const fault = store('w', '09', { thread: 'T1' });
    const mo = pagemap('o', 4);
    const { r, resumed } = go([
      ...uffd(),
      mmap(1, 's'),
      store('s', '42'),
      mmap(1, 'w'),
      register('w', 1, MISSING),
      fault,
      move('w', 's', 'PAGE'),
      mmap(4, 'o'),
      store('o'),
      register('o', 4, MISSING),
      move('o+PAGE', 'o', '2*PAGE'),
      mo,
    ]);
    expect(resumed(fault)).toMatchObject({ resumed: true });
    expect(r(mo).pages).toBe('..x.');
  });
});

describe('UFFDIO_WRITEPROTECT (mwriteprotect_range)', () => {
  it('protects present pages only, unless WP_UNPOPULATED; a write blocks with WRITE|WP; clearing wakes', () => {
    const after = pagemap('p', 6);
    const bad = wp('p', 6, 'UFFDIO_WRITEPROTECT_MODE_WP|UFFDIO_WRITEPROTECT_MODE_DONTWAKE');
    const w1 = store('p', '02', { thread: 'T1' });
    const rd = read(4);
    const dontwake = wp('p', 1, 'UFFDIO_WRITEPROTECT_MODE_DONTWAKE');
    const cleared = pagemap('p', 6);
    const wake = wp('p', 1, 0);
    const { r, resumed, out } = go([
      ...uffd(),
      mmap(6, 'p'),
      store('p'),
      load('p+PAGE'),
      register('p', 6, WP),
      wp('p', 6, 'UFFDIO_WRITEPROTECT_MODE_WP'),
      after,
      bad,
      w1,
      rd,
      dontwake,
      cleared,
      wake,
    ]);
    expect(r(after)).toMatchObject({ pages: 'xz....', uffd_wp: 'ww----' });
    expect(r(bad)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(r(w1)).toMatchObject({ blocked: true });
    expect(r(rd).msgs).toEqual([
      {
        event: 'UFFD_EVENT_PAGEFAULT',
        flags: 'UFFD_PAGEFAULT_FLAG_WRITE|UFFD_PAGEFAULT_FLAG_WP',
        address: 'p',
      },
    ]);
    expect(r(cleared)).toMatchObject({ uffd_wp: '-w----' });
    expect(resumed(w1)).toBeDefined();
    expect(out.records.findIndex((x) => x.resumed)).toBeGreaterThan(
      out.records.indexOf(r(wake) as never),
    );
    expect(r(wake).events).toContainEqual(
      expect.objectContaining({ kind: 'uffd_wp_changed', fn: 'mwriteprotect_range' }),
    );
  });

  it('ENOENT without WP registration or VMA, EINVAL for a bad range or mode', () => {
    const steps: Step[] = [
      ...uffd(),
      mmap(2, 'q'),
      register('q', 2, MISSING),
      wp('q', 2, 1),
      mmap(1, 'u'),
      wp('u', 1, 1),
      wp('0x100000000', 1, 1),
      ioctl('UFFDIO_WRITEPROTECT', { start: 'q+1', len: 'PAGE', mode: 1 }),
      wp('q', 1, 4),
    ];
    const { out } = go(steps);
    for (const i of [4, 6, 7]) expect(at(out, i)).toMatchObject({ ret: -1, errno: 'ENOENT' });
    for (const i of [8, 9]) expect(at(out, i)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('WP_UNPOPULATED installs markers: a read maps the zero page protected, a write faults', () => {
    const marked = pagemap('r', 4);
    const w2 = store('r+2*PAGE', '01', { thread: 'T1' });
    const during = pagemap('r', 4);
    const none = pagemap('r', 4);
    const { r } = go([
      ...uffd('UFFD_FEATURE_WP_UNPOPULATED'),
      mmap(4, 'r'),
      store('r'),
      load('r+PAGE'),
      register('r', 4, WP),
      wp('r', 4, 1),
      marked,
      load('r+3*PAGE'),
      w2,
      during,
      wp('r', 4, 0),
      none,
    ]);
    expect(r(marked)).toMatchObject({ pages: 'xz..', uffd_wp: 'wwww' });
    expect(r(w2)).toMatchObject({ blocked: true });
    expect(r(during)).toMatchObject({ pages: 'xzxz', uffd_wp: 'wwww' });
    expect(r(none)).toMatchObject({ pages: 'xzxz', uffd_wp: '----' });
  });

  it('WP_ASYNC resolves write faults itself: no message, the protection is dropped', () => {
    const after = pagemap('s', 4);
    const rd = read();
    const { r } = go([
      ...uffd('UFFD_FEATURE_WP_ASYNC'),
      mmap(4, 's'),
      store('s'),
      load('s+PAGE'),
      register('s', 4, WP),
      wp('s', 4, 1),
      store('s'),
      store('s+PAGE'),
      store('s+2*PAGE'),
      load('s+3*PAGE'),
      after,
      rd,
    ]);
    expect(r(after)).toMatchObject({ pages: 'xxxz', uffd_wp: '---w' });
    expect(r(rd)).toMatchObject({ ret: -1, errno: 'EAGAIN' });
  });

  it('WP_ASYNC: one fault per write, in do_wp_page, not a userfault and a retry', () => {
    // mm/memory.c do_wp_page (6.18): with userfaultfd_wp_async() it clears the uffd-wp bit and
    // goes on to reuse or copy in the same fault; handle_userfault is never called.
    const w = store('s');
    const { out, r } = go([
      ...uffd('UFFD_FEATURE_WP_ASYNC'),
      mmap(1, 's'),
      store('s'),
      register('s', 1, WP),
      wp('s', 1, 1),
      w,
    ]);
    const events = r(w).events as { kind: string; fn: string }[];
    const kinds = events.map((e) => `${e.kind}:${e.fn}`);
    expect(kinds).toEqual([
      'fault:do_user_addr_fault',
      'uffd_wp_changed:do_wp_page',
      'page_reused:wp_page_reuse',
    ]);
    expect(out.stats.faults.userfault ?? 0).toBe(0);
  });

  it('shmem always gets markers, and MADV_DONTNEED keeps the protection as markers', () => {
    const marked = pagemap('ms', 4);
    const zapped = pagemap('ms', 4);
    const { r } = go([
      ...uffd(),
      ...memfd('m', 4),
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'm',
        as: 'ms',
      },
      store('ms'),
      register('ms', 4, WP),
      wp('ms', 2, 1),
      marked,
      { do: 'madvise', addr: 'ms', length: '4*PAGE', advice: 'MADV_DONTNEED' },
      zapped,
    ]);
    expect(r(marked)).toMatchObject({ pages: 'x...', uffd_wp: 'ww--' });
    expect(r(zapped)).toMatchObject({ pages: '....', uffd_wp: 'ww--' });
  });

  it('mprotect does not make a write-protected page writable', () => {
    const w = store('p', '01', { thread: 'T1' });
    const { r } = go([
      ...uffd(),
      mmap(1, 'p'),
      store('p'),
      register('p', 1, WP),
      wp('p', 1, 1),
      { do: 'mprotect', addr: 'p', length: 'PAGE', prot: 'PROT_READ' },
      { do: 'mprotect', addr: 'p', length: 'PAGE', prot: 'PROT_READ|PROT_WRITE' },
      w,
    ]);
    expect(r(w)).toMatchObject({ blocked: true });
  });
});
