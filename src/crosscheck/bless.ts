/**
 * Developer tool: run corpus scenarios on this machine's kernel and write each step's outcome
 * into its `expect` (the kernel is the judge). Review the diff before committing: a blessed
 * expectation is a claim about Linux.
 *
 *   npx tsx src/crosscheck/bless.ts corpus/uffd/copy-eexist.json ...
 *
 * A step inside a repeat gets an expectation only when every iteration agrees.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../scenario/load';
import type { Step } from '../scenario/types';
import { canonicalJson } from './compare';
import { corpusJson } from './corpus-json';
import { runOnKernel, whyNotRunnable } from './kernel';

const IDENTITY = new Set(['seq', 'path', 'do', 'proc', 'thread']);

async function bless(file: string): Promise<void> {
  const doc = loadScenario(readFileSync(file, 'utf8'), file);
  const not = await whyNotRunnable(doc);
  if (not) throw new Error(`${file}: ${not.status}: ${not.reason}`);
  const run = await runOnKernel(doc);
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

for (const file of process.argv.slice(2)) {
  try {
    await bless(file);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
