/**
 * Finding the QEMU arm64 set-up that scripts/mte-qemu-setup.sh makes: its cache directory (outside
 * the repository) holds `vmlinuz` and an `env` file naming qemu-system-aarch64, the cross compiler
 * and the kernel. Without it, the MTE cross-check says so and what to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirs, executable } from '../qemu/cache';

export const SETUP_MISSING = 'QEMU arm64 set-up missing: run scripts/mte-qemu-setup.sh';
/**
 * Bookworm's QEMU 7.2 stores MTE tags wrongly under TCG (docs/reference/refpage-mte.md section C):
 * never trust it.
 */
export const QEMU_MIN_MAJOR = 8;

export interface Arm64Setup {
  cacheDir: string;
  qemu: string;
  qemuVersion: string;
  cc: string;
  kernel: string;
  kernelPackage: string;
}

export type SetupLookup = { ok: true; setup: Arm64Setup } | { ok: false; reason: string };

export function findArm64Setup(): SetupLookup {
  for (const dir of cacheDirs('faultline-mte', 'FAULTLINE_MTE_CACHE')) {
    const envFile = join(dir, 'env');
    if (!existsSync(envFile)) continue;
    const env: Record<string, string> = {};
    for (const line of readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]!] = m[2]!;
    }
    const setup: Arm64Setup = {
      cacheDir: dir,
      qemu: env.QEMU ?? '',
      qemuVersion: env.QEMU_VERSION ?? '',
      cc: env.CC ?? '',
      kernel: env.KERNEL ?? join(dir, 'vmlinuz'),
      kernelPackage: env.KERNEL_PACKAGE ?? 'unknown',
    };
    if (!executable(setup.qemu) || !executable(setup.cc) || !existsSync(setup.kernel)) {
      return { ok: false, reason: `${SETUP_MISSING} (${envFile} names a file that is gone)` };
    }
    const major = Number(/^(\d+)\./.exec(setup.qemuVersion)?.[1] ?? 0);
    if (major < QEMU_MIN_MAJOR) {
      return {
        ok: false,
        reason: `${SETUP_MISSING}: QEMU ${setup.qemuVersion} stores MTE tags wrongly; need ${QEMU_MIN_MAJOR} or later`,
      };
    }
    return { ok: true, setup };
  }
  return { ok: false, reason: SETUP_MISSING };
}
