/**
 * The MTE corpus (issue 5).
 * - corpus/mte/*.json: one rule each, expectations taken from a real arm64 kernel. With the QEMU
 *   set-up present (scripts/mte-qemu-setup.sh), every scenario runs on the Debian arm64 kernel
 *   under QEMU with mte=on, all in ONE boot, and must match the engine field by field and its own
 *   `expect`s. Without the set-up each kernel test is skipped with the reason.
 * - corpus/refpage-mte/*.json: refpage_create + MTE (docs/reference/refpage-mte.md A.7). No kernel
 *   has refpage_create, so these are checked against the engine only, each citing its rule.
 * Every scenario of both folders also runs on the engine, set-up or not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/index';
import { loadScenario } from '../../scenario/load';
import { formatKernelReport, type KernelReport, type ScenarioInput } from '../report';
import { verifyOnQemu } from '../qemu/verify';
import { arm64RefusalReason } from './target';
import { findArm64Kernel } from './kernel';
import { readBuiltinLessons } from '../../lessons/node/files';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function load(dir: string): ScenarioInput[] {
  const abs = join(root, 'corpus', dir);
  return readdirSync(abs)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: `corpus/${dir}/${f}`,
      doc: loadScenario(readFileSync(join(abs, f), 'utf8'), f),
    }));
}

const mte = load('mte');
const refpageMte = load('refpage-mte');
/**
 * The built-in arm64 lessons an arm64 kernel can run (issue 12: every lesson a kernel here can
 * run passes faultline verify), in the same boot; those calling refpage_create are checked on the
 * engine only (src/crosscheck/lessons.test.ts).
 */
const lessons: ScenarioInput[] = readBuiltinLessons()
  .filter((l) => l.arch === 'arm64' && arm64RefusalReason(l.doc) === null)
  .map((l) => ({ file: `lesson ${l.id}`, doc: l.doc }));
const onKernel = [...mte, ...lessons];

describe('corpus/mte and corpus/refpage-mte on the engine', () => {
  it('has at least 30 MTE scenarios, one rule each, with notes naming the rule and source', () => {
    expect(mte.length).toBeGreaterThanOrEqual(30);
    for (const { file, doc } of [...mte, ...refpageMte]) {
      expect(doc.notes, file).toMatch(/Rule|rule|Format section/);
      expect(doc.machine?.arch, file).toBe('arm64');
    }
  });

  for (const { file, doc } of [...mte, ...refpageMte]) {
    it(`${file}: the engine meets every expect`, () => {
      const out = runScenario(doc, { keepStates: false });
      expect(out.error, file).toBeNull();
      expect(out.failures, file).toEqual([]);
    });
  }

  it('every corpus/mte scenario can run on the arm64 kernel; every refpage-mte one is refused', () => {
    for (const { file, doc } of mte) expect(arm64RefusalReason(doc), file).toBeNull();
    for (const { file, doc } of refpageMte)
      expect(arm64RefusalReason(doc), file).toMatch(/refpage_create/);
  });
});

const kernel = findArm64Kernel();

describe('corpus/mte and the arm64 lessons on the arm64 kernel under QEMU (one boot)', () => {
  if ('unavailable' in kernel) {
    for (const { file } of onKernel) it.skip(`${file} (${kernel.unavailable})`, () => {});
    return;
  }
  let report: KernelReport;
  beforeAll(async () => {
    report = await verifyOnQemu(onKernel, kernel, { warningsAsErrors: true });
    // The run time, for the issue's closing note.
    console.log(
      `arm64 MTE corpus and lessons: ${onKernel.length} programs, one QEMU boot ${report.bootSeconds?.toFixed(1)} s, compile ${report.compileSeconds.toFixed(1)} s`,
    );
  }, 900_000);

  onKernel.forEach(({ file }, i) => {
    it(`${file} matches the kernel`, () => {
      const s = report.scenarios[i]!;
      const detail = formatKernelReport({ ...report, scenarios: [s] }).join('\n');
      expect(s.status, detail).toBe('match');
      // MTE behaves alike on every line the engine models, so the scenario's expects are judged
      // against this 6.1 kernel too (lines.ts).
      expect(s.expectsJudged, detail).toBe(true);
      expect(s.kernel?.records.length ?? 0, detail).toBeGreaterThan(0);
    });
  });
});
