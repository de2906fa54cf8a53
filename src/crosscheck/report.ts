/**
 * What verifying scenarios on one kernel found, whichever kernel it was (this machine's, or one
 * booted under QEMU): per scenario, the engine against the kernel field by field (compare.ts) and
 * the scenario's own `expect`s where they apply to that kernel (lines.ts); and the lines that
 * `faultline verify --kernel` prints.
 */
import { readFileSync } from 'node:fs';
import type { ExpectationFailure, RunOutput, StepResult } from '../engine/index';
import { loadScenario } from '../scenario/load';
import { ScenarioError, type ScenarioDocument } from '../scenario/types';
import { compareRuns, type FieldDiff } from './compare';
import { checkKernelExpectations, type KernelExpectationFailure } from './expectations';
import type { KernelRun } from './kernel-run';
import { engineFor, rssComparable, type KernelBuild } from './lines';

export type VerifyStatus = 'match' | 'differ' | 'refused' | 'error';

export interface ScenarioReport {
  file: string;
  title?: string;
  status: VerifyStatus;
  /** Why refused, or what went wrong (a compile error, a program that never finished). */
  reason?: string;
  /** Engine against kernel, field by field. */
  diffs: FieldDiff[];
  /** Fields left uncompared on this kernel, and why (lines.ts: 6.1's RSS). */
  uncompared?: { field: string; why: string; records: number };
  /** Whether the scenario's `expect`s were judged on this kernel (lines.ts). */
  expectsJudged: boolean;
  /** The scenario's `expect`s against the kernel's records. */
  kernelExpectFailures: KernelExpectationFailure[];
  /** The scenario's `expect`s against the engine's records (modelled as this kernel). */
  engineExpectFailures: ExpectationFailure[];
  kernel?: KernelRun;
  engine?: { records: StepResult[]; error: RunOutput['error'] };
}

export interface KernelReport {
  /** `x86_64 Linux 6.1`. */
  label: string;
  /** Every scenario that ran matched, kernel and engine and expects (refused ones don't count). */
  ok: boolean;
  /** Set when nothing could run at all (no set-up): every scenario is then `refused`. */
  unavailable?: string;
  /** Seconds for the one QEMU boot that ran every program, or null (none ran, or no QEMU). */
  bootSeconds: number | null;
  /** Seconds for compiling (cached binaries cost nothing). */
  compileSeconds: number;
  /** How the kernel ran: `QEMU 10.0.2, linux-image-6.1.0-57-amd64_…`, or this machine's release. */
  how?: string;
  scenarios: ScenarioReport[];
}

export interface ScenarioInput {
  file: string;
  doc: ScenarioDocument;
}

export const NO_FINDINGS = {
  diffs: [],
  expectsJudged: false,
  kernelExpectFailures: [],
  engineExpectFailures: [],
};

/** Loads files; one that does not load is an `error` entry naming where. */
export function loadInputs(files: readonly string[]): {
  inputs: ScenarioInput[];
  broken: ScenarioReport[];
} {
  const inputs: ScenarioInput[] = [];
  const broken: ScenarioReport[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, doc: loadScenario(readFileSync(file, 'utf8'), file) });
    } catch (err) {
      const msg = err instanceof ScenarioError ? err.message : (err as Error).message;
      broken.push({ file, status: 'error', reason: msg, ...NO_FINDINGS });
    }
  }
  return { inputs, broken };
}

/** An entry for a scenario that did not run on the kernel. */
export function notRun(
  input: ScenarioInput,
  status: 'refused' | 'error',
  reason: string,
): ScenarioReport {
  return { file: input.file, title: input.doc.title, status, reason, ...NO_FINDINGS };
}

const ROW_19 = 'Linux 6.1 folds RSS into the mm lazily (docs/kernel-versions.md row 19)';

/** The engine, modelled as the kernel, against the kernel's run of the scenario. */
export function judge(input: ScenarioInput, kernelRun: KernelRun, k: KernelBuild): ScenarioReport {
  const { engine, expectsApply } = engineFor(input.doc, k);
  let diffs = compareRuns(engine, kernelRun);
  let kernelExpectFailures = expectsApply
    ? checkKernelExpectations(input.doc, kernelRun.records)
    : [];
  let uncompared: ScenarioReport['uncompared'];
  const rssRecords = kernelRun.records.filter((r) => r.rss !== undefined).length;
  if (!rssComparable(k.line) && rssRecords) {
    diffs = diffs.filter((d) => d.field !== 'rss');
    kernelExpectFailures = kernelExpectFailures.filter((f) => f.field !== 'rss');
    uncompared = { field: 'rss', why: ROW_19, records: rssRecords };
  }
  const engineExpectFailures = expectsApply ? engine.failures : [];
  const ok =
    diffs.length === 0 && kernelExpectFailures.length === 0 && engineExpectFailures.length === 0;
  return {
    file: input.file,
    title: input.doc.title,
    status: ok ? 'match' : 'differ',
    diffs,
    expectsJudged: expectsApply,
    ...(uncompared ? { uncompared } : {}),
    kernelExpectFailures,
    engineExpectFailures,
    kernel: kernelRun,
    engine: { records: engine.records, error: engine.error },
  };
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Human-readable lines for a report (what `faultline verify --kernel` prints). */
export function formatKernelReport(report: KernelReport): string[] {
  const lines: string[] = [];
  for (const s of report.scenarios) {
    lines.push(`${s.status.padEnd(7)} ${s.file}${s.reason ? `: ${s.reason.split('\n')[0]}` : ''}`);
    // An error's reason may carry the console's last lines: shown indented.
    if (s.status === 'error' && s.reason?.includes('\n'))
      for (const l of s.reason.split('\n').slice(1)) lines.push(`    ${l}`);
    if (s.uncompared)
      lines.push(
        `  ${s.uncompared.field} not compared in ${s.uncompared.records} record(s): ${s.uncompared.why}`,
      );
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
  lines.push(summaryLine(report));
  return lines;
}

/** `x86_64 Linux 6.1: 140 match, 0 differ, 0 error, 10 refused; one QEMU boot, 95.2 s (…)`. */
export function summaryLine(report: KernelReport): string {
  const n = (st: VerifyStatus): number => report.scenarios.filter((s) => s.status === st).length;
  const boot =
    report.bootSeconds === null
      ? report.unavailable
        ? `not run: ${report.unavailable}`
        : (report.how ?? 'nothing ran')
      : `one QEMU boot, ${report.bootSeconds.toFixed(1)} s (${report.how})`;
  const rss = report.scenarios.filter((s) => s.uncompared).length;
  const uncompared = rss ? ` (rss not compared in ${rss})` : '';
  return `${report.label}: ${n('match')} match${uncompared}, ${n('differ')} differ, ${n('error')} error, ${n('refused')} refused; ${boot}`;
}
