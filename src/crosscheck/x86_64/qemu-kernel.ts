/**
 * The x86_64 kernels of other lines the cross-check boots: Debian's 6.1 and 6.12 under QEMU
 * (scripts/x86-qemu-setup.sh installs them; docs/kernel-versions.md says how each was checked).
 */
import { join } from 'node:path';
import type { KernelVersion } from '../../scenario/types';
import { pruneBuildCache } from '../qemu/boot';
import type { QemuKernel } from '../qemu/verify';
import { compileX86Static, x86Vm } from './qemu';
import { findX86Setup, type X86Setup } from './qemu-setup';
import { X86_64_QEMU } from './qemu-target';

export function x86QemuKernel(setup: X86Setup, line: KernelVersion): QemuKernel | null {
  const kernel = setup.kernels.find((k) => k.line === line);
  if (!kernel) return null;
  return {
    label: `x86_64 Linux ${line}`,
    line,
    // Debian builds every line with CONFIG_MEMORY_FAILURE (docs/kernel-versions.md row 8).
    memoryFailure: true,
    target: X86_64_QEMU,
    kernelPackage: kernel.package,
    qemuVersion: setup.qemuVersion,
    compile: (source, opts) => compileX86Static(setup, source, opts),
    vm: () => x86Vm(setup, kernel),
    prune: () => pruneBuildCache(join(setup.cacheDir, 'build')),
  };
}

/** The x86_64 kernel of `line` under QEMU, or why there is none. */
export function findX86QemuKernel(
  line: KernelVersion,
): QemuKernel | { unavailable: string; label: string } {
  const label = `x86_64 Linux ${line}`;
  const found = findX86Setup();
  if (!found.ok) return { unavailable: found.reason, label };
  const kernel = x86QemuKernel(found.setup, line);
  if (!kernel)
    return {
      unavailable: `scripts/x86-qemu-setup.sh installed no Linux ${line} (it has ${found.setup.kernels.map((k) => k.line).join(', ')})`,
      label,
    };
  return kernel;
}
