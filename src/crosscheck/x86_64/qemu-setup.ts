/**
 * Finding the x86_64 QEMU set-up that scripts/x86-qemu-setup.sh makes: a cache directory (outside
 * the repository) with `<line>/vmlinuz` for each kernel line it installed and an `env` file naming
 * qemu-system-x86_64, the compiler and each kernel with its Debian package. Without it, the
 * cross-check on those lines says so and what to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelVersion } from '../../scenario/types';
import { cacheDirs, executable } from '../qemu/cache';

export const X86_SETUP_MISSING = 'QEMU x86_64 set-up missing: run scripts/x86-qemu-setup.sh';

export interface X86Kernel {
  line: KernelVersion;
  vmlinuz: string;
  /** The Debian package it came from (`linux-image-6.1.0-57-amd64_6.1.192-3_amd64.deb`). */
  package: string;
}

export interface X86Setup {
  cacheDir: string;
  qemu: string;
  qemuVersion: string;
  cc: string;
  kernels: X86Kernel[];
}

/** A static x86_64 program needs glibc's libc.a (libc6-dev). */
export const LIBC_A = '/usr/lib/x86_64-linux-gnu/libc.a';

export type X86SetupLookup = { ok: true; setup: X86Setup } | { ok: false; reason: string };

export function findX86Setup(): X86SetupLookup {
  for (const dir of cacheDirs('faultline-x86', 'FAULTLINE_X86_CACHE')) {
    const envFile = join(dir, 'env');
    if (!existsSync(envFile)) continue;
    const env: Record<string, string> = {};
    for (const line of readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]!] = m[2]!;
    }
    const kernels = (env.LINES ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((line) => {
        const key = line.replace('.', '_');
        return {
          line: line as KernelVersion,
          vmlinuz: env[`KERNEL_${key}`] ?? join(dir, line, 'vmlinuz'),
          package: env[`PACKAGE_${key}`] ?? 'unknown',
        };
      });
    const setup: X86Setup = {
      cacheDir: dir,
      qemu: env.QEMU ?? '',
      qemuVersion: env.QEMU_VERSION ?? '',
      cc: env.CC ?? '',
      kernels,
    };
    if (
      !executable(setup.qemu) ||
      !executable(setup.cc) ||
      !existsSync(LIBC_A) ||
      kernels.some((k) => !existsSync(k.vmlinuz))
    )
      return { ok: false, reason: `${X86_SETUP_MISSING} (${envFile} names a file that is gone)` };
    return { ok: true, setup };
  }
  return { ok: false, reason: X86_SETUP_MISSING };
}
