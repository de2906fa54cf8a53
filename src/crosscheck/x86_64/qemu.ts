/**
 * Building the x86_64 programs static, and the guest they all run in: a Debian x86_64 kernel of
 * another line under QEMU (TCG: KVM may exist here without working nested virtualisation, and a
 * Debian kernel boots in about 5 s under TCG anyway). The boot itself is ../qemu/boot.ts.
 */
import { join } from 'node:path';
import { cFile } from '#crosscheck/c-files';
import { compileCached, WARNINGS_AS_ERRORS } from '../build';
import type { QemuVm } from '../qemu/boot';
import type { X86Kernel, X86Setup } from './qemu-setup';
import { X86_64_QEMU } from './qemu-target';

/** Compiles (or finds compiled) a static x86_64 program; WARNINGS_AS_ERRORS when asked. */
export async function compileX86Static(
  setup: Pick<X86Setup, 'cc' | 'cacheDir'>,
  source: string,
  opts: { warningsAsErrors?: boolean } = {},
): Promise<string> {
  const flags = [...X86_64_QEMU.ccFlags, ...(opts.warningsAsErrors ? WARNINGS_AS_ERRORS : [])];
  const { path } = await compileCached(setup.cc, flags, join(setup.cacheDir, 'build'), source);
  return path;
}

export function x86QemuArgs(kernel: X86Kernel, initrd: string, records: string): string[] {
  return [
    // la57=off: four-level page tables, as on the machine faultline models (and on this one).
    '-cpu',
    'max,la57=off',
    '-smp',
    '1',
    '-m',
    '1G',
    '-accel',
    'tcg',
    '-nographic',
    '-no-reboot',
    '-nic',
    'none',
    '-monitor',
    'none',
    // ttyS0 is the console; ttyS1 the record port (../qemu/boot.ts), written to a file.
    '-serial',
    'stdio',
    '-serial',
    `file:${records}`,
    '-kernel',
    kernel.vmlinuz,
    '-initrd',
    initrd,
    '-append',
    // no_timer_check: on a machine shared by many, the emulated CPU can be too slow for the boot's
    // IO-APIC timer check, and the kernel then panics before /init.
    'console=ttyS0 panic=-1 quiet no_timer_check rdinit=/init',
  ];
}

/** The guest of one kernel line, and /init built for it. */
export async function x86Vm(setup: X86Setup, kernel: X86Kernel): Promise<QemuVm> {
  return {
    qemu: setup.qemu,
    args: (initrd, records) => x86QemuArgs(kernel, initrd, records!),
    recordPort: { major: 4, minor: 65 },
    init: await compileX86Static(setup, cFile('qemu/init.c')),
    workDir: join(setup.cacheDir, 'boot'),
  };
}
