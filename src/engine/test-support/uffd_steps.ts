/**
 * Step builders for the userfaultfd unit tests (plain scenario steps, format section 3), so that a
 * test reads like the C program it stands for. Every behaviour these tests assert was checked
 * against Linux 6.18 with `faultline verify` on the same steps.
 */
import type { Step } from '../../scenario/types';

export const RW = 'PROT_READ|PROT_WRITE';
export const PA = 'MAP_PRIVATE|MAP_ANONYMOUS';
export const SA = 'MAP_SHARED|MAP_ANONYMOUS';
export const MISSING = 'UFFDIO_REGISTER_MODE_MISSING';
export const WP = 'UFFDIO_REGISTER_MODE_WP';
export const MINOR = 'UFFDIO_REGISTER_MODE_MINOR';

type Extra = Record<string, unknown>;

/** userfaultfd(flags) as `name`, then UFFDIO_API asking for `features`. */
export function uffd(features?: string, flags = 'O_CLOEXEC|O_NONBLOCK', name = 'uffd'): Step[] {
  const api: Extra = { do: 'ioctl', fd: name, request: 'UFFDIO_API', api: '0xAA' };
  if (features) api.features = features;
  return [{ do: 'userfaultfd', flags, as: name }, api as Step];
}

export function mmap(pages: number | string, as: string, extra: Extra = {}): Step {
  return { do: 'mmap', length: `${pages}*PAGE`, prot: RW, flags: PA, as, ...extra } as Step;
}

/** A memfd `as` of `pages` pages. */
export function memfd(as: string, pages: number): Step[] {
  return [
    { do: 'memfd_create', name: as, as },
    { do: 'ftruncate', fd: as, length: `${pages}*PAGE` },
  ];
}

export function ioctl(request: string, fields: Extra = {}, fd = 'uffd'): Step {
  return { do: 'ioctl', fd, request, ...fields } as Step;
}

export function register(
  start: string,
  pages: number,
  mode: string | number,
  extra: Extra = {},
): Step {
  const { fd = 'uffd', ...rest } = extra;
  return ioctl('UFFDIO_REGISTER', { start, len: `${pages}*PAGE`, mode, ...rest }, fd as string);
}

export function wp(start: string, pages: number, mode: string | number, fd = 'uffd'): Step {
  return ioctl('UFFDIO_WRITEPROTECT', { start, len: `${pages}*PAGE`, mode }, fd);
}

export function read(count = 1, extra: Extra = {}): Step {
  return { do: 'read', fd: 'uffd', count, ...extra } as Step;
}

export function pagemap(addr: string, pages: number, extra: Extra = {}): Step {
  return { do: 'pagemap', addr, length: `${pages}*PAGE`, ...extra } as Step;
}

export function load(addr: string, extra: Extra = {}): Step {
  return { do: 'load', addr, ...extra } as Step;
}

export function store(addr: string, bytes = '01', extra: Extra = {}): Step {
  return { do: 'store', addr, bytes, ...extra } as Step;
}
