/**
 * The corpus scenarios written for another kernel line (machine.kernel: corpus/linux-6.1/,
 * corpus/linux-6.12/) on Debian's x86_64 kernel of that line under QEMU, one boot per line
 * (scripts/x86-qemu-setup.sh installs them): the kernel must meet each scenario's `expect`s and
 * the engine, modelled as that line, must match the kernel field by field. Without the set-up,
 * each is skipped with the reason. The whole corpus on every kernel here is
 * scripts/kernel-corpus.ts (its figures are in docs/kernel-versions.md): it takes too long for
 * every `npm test`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load';
import type { KernelVersion } from '../../scenario/types';
import { hostKernel } from '../kernel';
import { verifyOnQemu } from '../qemu/verify';
import { formatKernelReport, type KernelReport, type ScenarioInput } from '../report';
import { findX86QemuKernel } from './qemu-kernel';
import { scenarioFiles } from '../corpus-files';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const byLine = new Map<KernelVersion, ScenarioInput[]>();
for (const file of scenarioFiles(join(root, 'corpus'))) {
  const doc = loadScenario(readFileSync(file, 'utf8'), file);
  const line = doc.machine?.kernel;
  if (!line || line === hostKernel().line || (doc.machine?.arch ?? 'x86_64') !== 'x86_64') continue;
  byLine.set(line, [...(byLine.get(line) ?? []), { file: relative(root, file), doc }]);
}

describe('the corpus scenarios of other lines exist', () => {
  it('for 6.1 and 6.12, the lines with a Debian kernel here', () => {
    expect(byLine.get('6.1')?.length ?? 0).toBeGreaterThan(0);
    expect(byLine.get('6.12')?.length ?? 0).toBeGreaterThan(0);
  });
});

for (const [line, inputs] of [...byLine].sort()) {
  describe(`corpus scenarios of Linux ${line} on Debian's x86_64 ${line} under QEMU (one boot)`, () => {
    const kernel = findX86QemuKernel(line);
    if ('unavailable' in kernel) {
      for (const { file } of inputs) it.skip(`${file} (${kernel.unavailable})`, () => {});
      return;
    }
    let report: KernelReport;
    beforeAll(async () => {
      report = await verifyOnQemu(inputs, kernel, { warningsAsErrors: true });
      console.log(
        `x86_64 ${line}: ${inputs.length} programs, one QEMU boot ${report.bootSeconds?.toFixed(1)} s, compile ${report.compileSeconds.toFixed(1)} s`,
      );
    }, 900_000);

    inputs.forEach(({ file }, i) => {
      it(`${file} matches the kernel and its expects`, () => {
        const s = report.scenarios[i]!;
        const detail = formatKernelReport({ ...report, scenarios: [s] }).join('\n');
        expect(s.status, detail).toBe('match');
        expect(s.expectsJudged, detail).toBe(true);
        expect(s.kernel?.records.length ?? 0, detail).toBeGreaterThan(0);
      });
    });
  });
}
