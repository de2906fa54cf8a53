/**
 * Verifying scenarios on a kernel booted under QEMU: each scenario's C program for the kernel's
 * target, built static, runs in ONE boot with all the others (boot.ts), and is judged as on any
 * kernel (../report.ts). The kernels: Debian's arm64 6.1 with MTE (../arm64/kernel.ts) and
 * Debian's x86_64 6.1 and 6.12 (../x86_64/qemu-kernel.ts).
 */
import { generateC } from '../generate';
import { buildRefusal, type KernelBuild } from '../lines';
import { CrosscheckRefusal } from '../refuse';
import {
  judge,
  notRun,
  type KernelReport,
  type ScenarioInput,
  type ScenarioReport,
} from '../report';
import type { Target } from '../target';
import { bootPrograms, compileLimit, pool, type BootRun, type QemuVm } from './boot';

/** A kernel the cross-check boots: what runs on it and how its programs are built. */
export interface QemuKernel extends KernelBuild {
  /** `x86_64 Linux 6.1`, for reports. */
  label: string;
  target: Target;
  /** The Debian package of the kernel, and QEMU's version, for reports. */
  kernelPackage: string;
  qemuVersion: string;
  compile(source: string, opts: { warningsAsErrors?: boolean }): Promise<string>;
  vm(): Promise<QemuVm>;
  /** Removes old cached binaries. */
  prune(): void;
}

function programName(i: number, file: string): string {
  const base = file
    .split('/')
    .pop()!
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${String(i).padStart(3, '0')}-${base}`.slice(0, 100);
}

/**
 * Verifies loaded documents on one kernel: one QEMU boot for all of them. Without a set-up
 * (`unavailable` says why), every scenario is refused with that reason.
 */
export async function verifyOnQemu(
  inputs: readonly ScenarioInput[],
  kernel: QemuKernel | { unavailable: string; label: string },
  opts: { warningsAsErrors?: boolean } = {},
): Promise<KernelReport> {
  const scenarios: ScenarioReport[] = new Array<ScenarioReport>(inputs.length);
  const runnable: { i: number; name: string; source: string }[] = [];
  const refuse = (i: number, reason: string): void => {
    scenarios[i] = notRun(inputs[i]!, 'refused', reason);
  };
  const fail = (i: number, reason: string): void => {
    scenarios[i] = notRun(inputs[i]!, 'error', reason);
  };
  if ('unavailable' in kernel) {
    inputs.forEach((_, i) => refuse(i, kernel.unavailable));
    return {
      label: kernel.label,
      ok: false,
      unavailable: kernel.unavailable,
      bootSeconds: null,
      compileSeconds: 0,
      scenarios,
    };
  }
  inputs.forEach((input, i) => {
    const refused = kernel.target.refusal(input.doc) ?? buildRefusal(input.doc, kernel);
    if (refused) return refuse(i, refused);
    try {
      runnable.push({
        i,
        name: programName(i, input.file),
        source: generateC(input.doc, kernel.target),
      });
    } catch (err) {
      if (err instanceof CrosscheckRefusal) refuse(i, err.reason);
      else fail(i, (err as Error).message);
    }
  });
  const t0 = Date.now();
  const built = await pool(runnable, compileLimit(), async (r) => {
    try {
      return { ...r, binary: await kernel.compile(r.source, opts) };
    } catch (err) {
      fail(r.i, (err as Error).message);
      return null;
    }
  });
  const compileSeconds = (Date.now() - t0) / 1000;
  const programs = built.filter((b): b is NonNullable<typeof b> => b !== null);
  let boot: BootRun | null = null;
  if (programs.length) {
    const vm = await kernel.vm();
    boot = await bootPrograms(vm, programs);
    // A guest that died before /init ran (an emulated CPU starved by a busy machine) is booted
    // once more; its first console is kept in the report if the second fails too.
    if (!boot.booted && !boot.timedOut) {
      const first = boot.console;
      boot = await bootPrograms(vm, programs);
      if (!boot.booted)
        boot.console = `${first.slice(-1500)}\n--- booted again ---\n${boot.console}`;
    }
  }
  kernel.prune();
  for (const p of programs) {
    const run = boot!.programs.get(p.name);
    if (!run) {
      const why = boot!.timedOut
        ? 'QEMU timed out before this program ran'
        : boot!.booted
          ? 'the program never ran'
          : 'the guest did not boot';
      fail(p.i, `${why}\n${boot!.console.slice(-1500)}`);
      continue;
    }
    scenarios[p.i] = judge(inputs[p.i]!, run, kernel);
  }
  const ran = scenarios.filter((s) => s.status !== 'refused');
  return {
    label: kernel.label,
    ok: ran.length > 0 && ran.every((s) => s.status === 'match'),
    bootSeconds: boot?.seconds ?? null,
    compileSeconds,
    how: `QEMU ${kernel.qemuVersion}, ${kernel.kernelPackage}`,
    scenarios,
  };
}
