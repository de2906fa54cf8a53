/**
 * Whether this process may use userfaultfd(2) here. Asked of the kernel itself, by a tiny C
 * probe: root, vm.unprivileged_userfaultfd, a seccomp filter or a kernel built without it all
 * decide, and only the syscall knows them all.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cFile } from '#crosscheck/c-files';
import { buildC } from './build';

const run = promisify(execFile);

export interface UffdAvailability {
  ok: boolean;
  reason: string;
}

let cached: Promise<UffdAvailability> | undefined;

async function probe(): Promise<UffdAvailability> {
  const binary = await buildC(cFile('x86_64/uffd-probe.c'));
  const { stdout } = await run(binary, []);
  const err = Number(stdout.trim());
  if (err === 0) return { ok: true, reason: '' };
  if (err === 38) return { ok: false, reason: 'this kernel has no userfaultfd(2) (ENOSYS)' };
  if (err === 1) {
    return {
      ok: false,
      reason:
        'userfaultfd(2) is refused to this user (EPERM): run as root, or set vm.unprivileged_userfaultfd=1',
    };
  }
  return { ok: false, reason: `userfaultfd(2) failed with errno ${err}` };
}

export function userfaultfdAvailability(): Promise<UffdAvailability> {
  cached ??= probe().catch((err: Error) => ({
    ok: false,
    reason: `cannot probe userfaultfd: ${err.message}`,
  }));
  return cached;
}
