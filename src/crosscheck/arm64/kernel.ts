/**
 * The arm64 kernel the cross-check boots: Debian's arm64 Linux 6.1 under QEMU with emulated MTE
 * (scripts/mte-qemu-setup.sh installs it), for the MTE scenarios (corpus/mte).
 */
import { lineOfRelease } from '../lines';
import type { QemuKernel } from '../qemu/verify';
import { pruneBuildCache } from '../qemu/boot';
import { join } from 'node:path';
import { arm64Vm, compileArm64 } from './qemu';
import { findArm64Setup, type Arm64Setup } from './setup';
import { ARM64 } from './target';

/** `linux-image-6.1.0-57-arm64_6.1.192-3_arm64.deb` → its line. */
function packageLine(pkg: string): QemuKernel['line'] {
  return lineOfRelease(/linux-image-([\d.]+)/.exec(pkg)?.[1] ?? '') ?? '6.1';
}

export function arm64Kernel(setup: Arm64Setup): QemuKernel {
  const line = packageLine(setup.kernelPackage);
  return {
    label: `arm64 Linux ${line}`,
    line,
    // Debian builds it with CONFIG_MEMORY_FAILURE (and arm64 reports hardware poison the same way
    // without it: docs/kernel-versions.md row 8).
    memoryFailure: true,
    target: ARM64,
    kernelPackage: setup.kernelPackage,
    qemuVersion: setup.qemuVersion,
    compile: (source, opts) => compileArm64(setup, source, opts),
    vm: () => arm64Vm(setup),
    prune: () => pruneBuildCache(join(setup.cacheDir, 'build')),
  };
}

/** The arm64 kernel here, or why there is none. */
export function findArm64Kernel(): QemuKernel | { unavailable: string; label: string } {
  const found = findArm64Setup();
  return found.ok ? arm64Kernel(found.setup) : { unavailable: found.reason, label: 'arm64' };
}
