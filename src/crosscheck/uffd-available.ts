/**
 * Whether this process may use userfaultfd(2) here. Asked of the kernel itself, by a tiny C
 * probe: root, vm.unprivileged_userfaultfd, a seccomp filter or a kernel built without it all
 * decide, and only the syscall knows them all.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildC } from './build';

const run = promisify(execFile);

const PROBE_C = String.raw`#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#ifndef SYS_userfaultfd
#define SYS_userfaultfd 323
#endif
int main(void) {
  long fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  printf("%d\n", fd < 0 ? errno : 0);
  return 0;
}
`;

export interface UffdAvailability {
  ok: boolean;
  reason: string;
}

let cached: Promise<UffdAvailability> | undefined;

async function probe(): Promise<UffdAvailability> {
  const binary = await buildC(PROBE_C);
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
