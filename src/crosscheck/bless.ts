/**
 * Developer tool: run corpus scenarios on this machine's kernel and write each step's outcome
 * into its `expect` (the kernel is the judge). Review the diff before committing: a blessed
 * expectation is a claim about Linux.
 *
 *   npx tsx src/crosscheck/bless.ts corpus/uffd/copy-eexist.json ...
 *   npx tsx src/crosscheck/bless.ts --kernel 6.1 corpus/linux-6.1/*.json   (under QEMU, one boot)
 *
 * A step inside a repeat gets an expectation only when every iteration agrees. With --kernel, the
 * scenarios must name that line (machine.kernel): the kernel of their line is the judge.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../scenario/load';
import {
  KERNEL_VERSIONS,
  type KernelVersion,
  type ScenarioDocument,
  type Step,
} from '../scenario/types';
import { canonicalJson } from './compare';
import { corpusJson } from './corpus-json';
import { runOnKernel, whyNotRunnable } from './kernel';
import type { KernelRun } from './kernel-run';
import { verifyOnLine } from './kernels';
import { loadInputs } from './report';

const IDENTITY = new Set(['seq', 'path', 'do', 'proc', 'thread']);

async function blessOnHost(file: string): Promise<void> {
  const doc = loadScenario(readFileSync(file, 'utf8'), file);
  const not = await whyNotRunnable(doc);
  if (not) throw new Error(`${file}: ${not.status}: ${not.reason}`);
  bless(file, doc, await runOnKernel(doc));
}

function bless(file: string, doc: ScenarioDocument, run: KernelRun): void {
  if (run.error)
    throw new Error(`${file}: the kernel run stopped: ${run.error.path}: ${run.error.message}`);
  if (run.timedOut) throw new Error(`${file}: the kernel run timed out`);
  // the outcome of each executed step: its record merged with its resumption
  const bySeq = new Map<number, Record<string, unknown>>();
  for (const r of run.records) {
    const prev = bySeq.get(r.seq);
    bySeq.set(r.seq, prev ? { ...prev, ...r, blocked: prev.blocked ?? r.blocked } : { ...r });
  }
  const byPath = new Map<string, string[]>();
  const outcome = new Map<string, Record<string, unknown>>();
  for (const rec of bySeq.values()) {
    const fields = Object.fromEntries(Object.entries(rec).filter(([k]) => !IDENTITY.has(k)));
    const path = rec.path as string;
    byPath.set(path, [...(byPath.get(path) ?? []), canonicalJson(fields)]);
    outcome.set(path, fields);
  }
  const visit = (steps: Step[], prefix: string): void => {
    steps.forEach((s, i) => {
      const path = `${prefix}/${i}`;
      if (s.do === 'repeat') return visit(s.steps, `${path}/steps`);
      const seen = new Set(byPath.get(path) ?? []);
      delete s.expect;
      const fields = outcome.get(path);
      if (seen.size === 1 && fields && Object.keys(fields).length) s.expect = fields;
    });
  };
  visit(doc.steps, 'steps');
  writeFileSync(file, corpusJson(doc));
  console.log(`${file}: ${run.records.length} records blessed`);
}

async function blessOnLine(files: string[], line: KernelVersion): Promise<void> {
  const { inputs, broken } = loadInputs(files);
  for (const b of broken) throw new Error(`${b.file}: ${b.reason}`);
  for (const { file, doc } of inputs)
    if (doc.machine?.kernel !== line)
      throw new Error(`${file}: blessing on ${line} needs "kernel": "${line}" in its machine`);
  for (const report of await verifyOnLine(inputs, line)) {
    for (const s of report.scenarios) {
      if (!s.kernel) throw new Error(`${s.file}: ${s.status}: ${s.reason ?? ''}`);
      const input = inputs.find((i) => i.file === s.file)!;
      bless(s.file, input.doc, s.kernel);
    }
  }
}

const args = process.argv.slice(2);
const k = args.indexOf('--kernel');
const fail = (err: unknown): void => {
  console.error((err as Error).message);
  process.exitCode = 1;
};
if (k >= 0) {
  const line = args[k + 1] as KernelVersion;
  if (!KERNEL_VERSIONS.includes(line))
    fail(new Error(`--kernel: one of ${KERNEL_VERSIONS.join(', ')}`));
  else
    await blessOnLine(
      args.filter((_, i) => i !== k && i !== k + 1),
      line,
    ).catch(fail);
} else {
  for (const file of args) await blessOnHost(file).catch(fail);
}
