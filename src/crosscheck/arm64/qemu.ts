/**
 * Building the arm64 programs, and the guest they all run in, in ONE boot of a stock Debian arm64
 * kernel under QEMU with emulated MTE (docs/reference/refpage-mte.md section C; the boot itself is
 * ../qemu/boot.ts).
 */
import { join } from 'node:path';
import { cFile } from '#crosscheck/c-files';
import type { Arm64Setup } from './setup';
import { compileCached, CompileError, WARNINGS_AS_ERRORS } from '../build';
import type { QemuVm } from '../qemu/boot';
import { ARM64 } from './target';

export class Arm64CompileError extends Error {
  constructor(readonly output: string) {
    super(`the aarch64 C compiler failed:\n${output}`);
    this.name = 'Arm64CompileError';
  }
}

/**
 * Compiles (or finds compiled, by a hash of source and flags) a static aarch64 program, with
 * WARNINGS_AS_ERRORS when asked (`npm test`).
 */
export async function compileArm64(
  setup: Pick<Arm64Setup, 'cc' | 'cacheDir'>,
  source: string,
  opts: { warningsAsErrors?: boolean } = {},
): Promise<string> {
  const flags = [...ARM64.ccFlags, ...(opts.warningsAsErrors ? WARNINGS_AS_ERRORS : [])];
  try {
    const { path } = await compileCached(setup.cc, flags, join(setup.cacheDir, 'build'), source);
    return path;
  } catch (err) {
    if (err instanceof CompileError) throw new Arm64CompileError(err.output);
    throw err;
  }
}

/** The QEMU command line of docs/reference/refpage-mte.md section C. */
export function qemuArgs(setup: Arm64Setup, initrd: string): string[] {
  return [
    '-machine',
    'virt,mte=on',
    // pauth-impdef: QEMU's fast pointer-authentication algorithm; the same CPU features as plain
    // `max`, but TCG boots the kernel in about half the time.
    '-cpu',
    'max,pauth-impdef=on',
    '-smp',
    '1',
    '-m',
    '512M',
    '-accel',
    'tcg',
    '-nographic',
    '-no-reboot',
    '-nic',
    'none',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-kernel',
    setup.kernel,
    '-initrd',
    initrd,
    '-append',
    'console=ttyAMA0 panic=-1 quiet rdinit=/init',
  ];
}

/** The arm64 guest: Debian's arm64 kernel with emulated MTE, and /init built for it. */
export async function arm64Vm(setup: Arm64Setup): Promise<QemuVm> {
  return {
    qemu: setup.qemu,
    args: (initrd) => qemuArgs(setup, initrd),
    // virt has one UART: records share the console (quiet keeps the kernel's messages few).
    recordPort: null,
    init: await compileArm64(setup, cFile('qemu/init.c')),
    workDir: join(setup.cacheDir, 'boot'),
  };
}
