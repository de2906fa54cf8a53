/**
 * The kernels here, by line (issue 10): `faultline verify --kernel LINE FILE...` runs each
 * scenario on the kernel of that line for its architecture. x86_64: this machine's own kernel
 * when it is of that line, else Debian's kernel of that line under QEMU (scripts/x86-qemu-setup.sh:
 * 6.1, 6.12). arm64: Debian's arm64 kernel under QEMU with MTE (scripts/mte-qemu-setup.sh: 6.1).
 * A line with no kernel here (6.6) is reported as such, never silently run on another.
 */
import type { KernelVersion } from '../scenario/types';
import { findArm64Kernel } from './arm64/kernel';
import { hostKernel } from './kernel';
import { verifyOnQemu } from './qemu/verify';
import { notRun, type KernelReport, type ScenarioInput } from './report';
import { verifyOnHost } from './verify';
import { findX86QemuKernel } from './x86_64/qemu-kernel';

export interface VerifyLineOptions {
  warningsAsErrors?: boolean;
}

/** One report per kernel that had scenarios to run: x86_64 first, then arm64. */
export async function verifyOnLine(
  inputs: readonly ScenarioInput[],
  line: KernelVersion,
  opts: VerifyLineOptions = {},
): Promise<KernelReport[]> {
  const byArch = { x86_64: [] as ScenarioInput[], arm64: [] as ScenarioInput[] };
  for (const input of inputs) byArch[input.doc.machine?.arch ?? 'x86_64'].push(input);
  const reports: KernelReport[] = [];
  if (byArch.x86_64.length) {
    reports.push(
      hostKernel().line === line
        ? await verifyOnHost(byArch.x86_64, opts)
        : await verifyOnQemu(byArch.x86_64, findX86QemuKernel(line), opts),
    );
  }
  if (byArch.arm64.length) {
    const arm64 = findArm64Kernel();
    if ('unavailable' in arm64 || arm64.line === line) {
      reports.push(await verifyOnQemu(byArch.arm64, arm64, opts));
    } else {
      const why = `no arm64 Linux ${line} here (the arm64 kernel under QEMU is ${arm64.line})`;
      reports.push({
        label: `arm64 Linux ${line}`,
        ok: false,
        unavailable: why,
        bootSeconds: null,
        compileSeconds: 0,
        scenarios: byArch.arm64.map((input) => notRun(input, 'refused', why)),
      });
    }
  }
  return reports;
}
