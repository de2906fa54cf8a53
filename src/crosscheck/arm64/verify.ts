/**
 * Verifying arm64 MTE scenarios (issue 5): each scenario's C program (../generate.ts for the
 * ARM64 target), built with the aarch64 cross compiler, runs on a stock Debian arm64 kernel under
 * QEMU with `mte=on`, all of them in ONE boot; the kernel's run is compared with the engine's
 * (../compare.ts, the comparison both targets share) and with the scenario's own `expect`s.
 *
 * For scripts/mte-verify.ts: `verifyArm64(files)` → Report; `formatArm64Report(report)` → lines.
 */
import { readFileSync } from 'node:fs';
import { runScenario } from '../../engine/index';
import type { ExpectationFailure, RunOutput, StepResult } from '../../engine/index';
import { loadScenario } from '../../scenario/load';
import { ScenarioError, type ScenarioDocument } from '../../scenario/types';
import { compareRuns, type FieldDiff } from '../compare';
import { checkKernelExpectations, type KernelExpectationFailure } from '../expectations';
import { generateC } from '../generate';
import { CrosscheckRefusal } from '../refuse';
import { ARM64, arm64RefusalReason } from './target';
import {
  bootPrograms,
  compileArm64,
  compileLimit,
  pool,
  pruneBuildCache,
  type BootRun,
  type ProgramRun,
} from './qemu';
import { findArm64Setup, type Arm64Setup } from './setup';

export type Arm64Status = 'match' | 'differ' | 'refused' | 'error';

export interface Arm64ScenarioReport {
  file: string;
  title?: string;
  status: Arm64Status;
  /** Why refused, or what went wrong (a compile error, a program that never finished). */
  reason?: string;
  /** Engine against kernel, field by field. */
  diffs: FieldDiff[];
  /** The scenario's `expect`s against the kernel's records. */
  kernelExpectFailures: KernelExpectationFailure[];
  /** The scenario's `expect`s against the engine's records. */
  engineExpectFailures: ExpectationFailure[];
  kernel?: ProgramRun;
  engine?: { records: StepResult[]; error: RunOutput['error'] };
}

export interface Report {
  /** Every scenario that ran matched, kernel and engine and expects (refused ones don't count). */
  ok: boolean;
  /** Set when nothing could run at all (no QEMU set-up): every scenario is then `refused`. */
  unavailable?: string;
  /** Seconds for the one QEMU boot that ran every program, or null when none ran. */
  bootSeconds: number | null;
  /** Seconds for compiling (cached binaries cost nothing). */
  compileSeconds: number;
  qemu?: string;
  kernelPackage?: string;
  scenarios: Arm64ScenarioReport[];
}

export interface Arm64Input {
  file: string;
  doc: ScenarioDocument;
}

/** Loads, then verifies. A file that does not load is an `error` entry naming where. */
export async function verifyArm64(files: readonly string[]): Promise<Report> {
  const inputs: Arm64Input[] = [];
  const broken: Arm64ScenarioReport[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, doc: loadScenario(readFileSync(file, 'utf8'), file) });
    } catch (err) {
      const msg = err instanceof ScenarioError ? err.message : (err as Error).message;
      broken.push({
        file,
        status: 'error',
        reason: msg,
        diffs: [],
        kernelExpectFailures: [],
        engineExpectFailures: [],
      });
    }
  }
  const report = await verifyArm64Docs(inputs);
  report.scenarios.push(...broken);
  report.ok &&= broken.length === 0;
  return report;
}

function programName(i: number, file: string): string {
  const base = file
    .split('/')
    .pop()!
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${String(i).padStart(3, '0')}-${base}`.slice(0, 100);
}

function judge(input: Arm64Input, kernel: ProgramRun, engine: RunOutput): Arm64ScenarioReport {
  const diffs = compareRuns(engine, kernel);
  const kernelExpectFailures = checkKernelExpectations(input.doc, kernel.records);
  const ok =
    diffs.length === 0 && kernelExpectFailures.length === 0 && engine.failures.length === 0;
  return {
    file: input.file,
    title: input.doc.title,
    status: ok ? 'match' : 'differ',
    diffs,
    kernelExpectFailures,
    engineExpectFailures: engine.failures,
    kernel,
    engine: { records: engine.records, error: engine.error },
  };
}

/** Verifies loaded documents: one QEMU boot for all of them. */
export async function verifyArm64Docs(
  inputs: readonly Arm64Input[],
  opts: { setup?: Arm64Setup; warningsAsErrors?: boolean } = {},
): Promise<Report> {
  const scenarios: Arm64ScenarioReport[] = new Array<Arm64ScenarioReport>(inputs.length);
  const empty = { diffs: [], kernelExpectFailures: [], engineExpectFailures: [] };
  const runnable: { i: number; name: string; source: string }[] = [];
  inputs.forEach((input, i) => {
    const base = { file: input.file, title: input.doc.title, ...empty };
    const refused = arm64RefusalReason(input.doc);
    if (refused) {
      scenarios[i] = { ...base, status: 'refused', reason: refused };
      return;
    }
    try {
      runnable.push({ i, name: programName(i, input.file), source: generateC(input.doc, ARM64) });
    } catch (err) {
      if (err instanceof CrosscheckRefusal)
        scenarios[i] = { ...base, status: 'refused', reason: err.reason };
      else scenarios[i] = { ...base, status: 'error', reason: (err as Error).message };
    }
  });
  const found = opts.setup ? ({ ok: true, setup: opts.setup } as const) : findArm64Setup();
  if (!found.ok) {
    for (const r of runnable) {
      const input = inputs[r.i]!;
      scenarios[r.i] = {
        file: input.file,
        title: input.doc.title,
        status: 'refused',
        reason: found.reason,
        ...empty,
      };
    }
    return {
      ok: false,
      unavailable: found.reason,
      bootSeconds: null,
      compileSeconds: 0,
      scenarios,
    };
  }
  const setup = found.setup;
  const t0 = Date.now();
  const built = await pool(runnable, compileLimit(), async (r) => {
    try {
      return { ...r, binary: await compileArm64(setup, r.source, opts) };
    } catch (err) {
      const input = inputs[r.i]!;
      scenarios[r.i] = {
        file: input.file,
        title: input.doc.title,
        status: 'error',
        reason: (err as Error).message,
        ...empty,
      };
      return null;
    }
  });
  const compileSeconds = (Date.now() - t0) / 1000;
  const programs = built.filter((b): b is NonNullable<typeof b> => b !== null);
  let boot: BootRun | null = null;
  if (programs.length) boot = await bootPrograms(setup, programs);
  pruneBuildCache(setup);
  for (const p of programs) {
    const input = inputs[p.i]!;
    const run = boot!.programs.get(p.name);
    const engine = runScenario(input.doc, { keepStates: false });
    if (!run) {
      const why = boot!.timedOut
        ? 'QEMU timed out before this program ran'
        : boot!.booted
          ? 'the program never ran'
          : 'the guest did not boot';
      scenarios[p.i] = {
        file: input.file,
        title: input.doc.title,
        status: 'error',
        reason: `${why}\n${boot!.console.slice(-1500)}`,
        ...empty,
      };
      continue;
    }
    scenarios[p.i] = judge(input, run, engine);
  }
  const ran = scenarios.filter((s) => s.status !== 'refused');
  return {
    ok: ran.length > 0 && ran.every((s) => s.status === 'match'),
    bootSeconds: boot?.seconds ?? null,
    compileSeconds,
    qemu: setup.qemuVersion,
    kernelPackage: setup.kernelPackage,
    scenarios,
  };
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Human-readable lines for a report (what `faultline verify` prints). */
export function formatArm64Report(report: Report): string[] {
  const lines: string[] = [];
  for (const s of report.scenarios) {
    lines.push(`${s.status.padEnd(7)} ${s.file}${s.reason ? `: ${s.reason.split('\n')[0]}` : ''}`);
    for (const d of s.diffs)
      lines.push(
        `  #${d.seq} ${d.path} ${d.field}: engine ${show(d.engine)}, kernel ${show(d.kernel)}`,
      );
    for (const f of s.kernelExpectFailures)
      lines.push(
        `  #${f.seq} ${f.path} expect ${f.field}: expected ${show(f.expected)}, kernel ${show(f.actual)}`,
      );
    for (const f of s.engineExpectFailures)
      lines.push(
        `  #${f.seq} ${f.path} expect ${f.field}: expected ${show(f.expected)}, engine ${show(f.actual)}`,
      );
  }
  const n = (st: Arm64Status): number => report.scenarios.filter((s) => s.status === st).length;
  const boot =
    report.bootSeconds === null
      ? 'no boot'
      : `one QEMU boot, ${report.bootSeconds.toFixed(1)} s (QEMU ${report.qemu}, ${report.kernelPackage})`;
  lines.push(
    `arm64: ${n('match')} match, ${n('differ')} differ, ${n('error')} error, ${n('refused')} refused; ${boot}`,
  );
  return lines;
}
