/**
 * The x86_64 target under QEMU: the same calls as on this machine's kernel (target.ts), run on a
 * stock Debian x86_64 kernel of another line (6.1, 6.12; docs/kernel-versions.md) booted by
 * qemu.ts. The programs are static (the initramfs has no libraries) and mark their records with a
 * prefix, as the kernel prints on the same console.
 */
import type { Target } from '../target';
import { X86_64 } from './target';

export const X86_64_QEMU: Target = {
  ...X86_64,
  headers: ['x86_64/qemu-target.h', 'x86_64/uffd.h'],
  ccFlags: ['-static', ...X86_64.ccFlags],
  howToRun: [
    'Build: cc -static -O1 -std=gnu11 -pthread -fwrapv prog.c -o prog; run as root on an x86_64',
    'kernel (faultline boots Debian kernels of other lines under QEMU, src/crosscheck/x86_64/',
    'qemu.ts). Records are the lines that start with "@@R ".',
  ],
};
