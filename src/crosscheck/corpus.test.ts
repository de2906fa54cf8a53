/**
 * The corpus against the real kernel (issue 3): every scenario in corpus/ is run on this machine's
 * kernel and must still show what its `expect`s say (the kernel was the judge when they were
 * written), and the engine must match the kernel field by field. Each program is built with
 * warnings as errors (build.ts WARNINGS_AS_ERRORS). Scenarios no kernel here can run
 * (refpage_create, MTE) are skipped with the reason; where userfaultfd is refused to us, the
 * scenarios that need it are skipped, loudly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load';
import { checkKernelExpectations } from './expectations';
import { formatDiffs } from './compare';
import { hostKernel, runOnKernel, usesUserfaultfd } from './kernel';
import { buildRefusal, engineFor } from './lines';
import type { KernelRun } from './kernel-run';
import { X86_64 } from './x86_64/target';
import { userfaultfdAvailability } from './uffd-available';
import { compareRuns } from './compare';
import { scenarioFiles } from './corpus-files';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(root, 'corpus');

/** The engine says so when a scenario uses a call it does not model yet; that is not a mismatch. */
const NOT_MODELLED = /not modelled|not implemented|not supported yet/i;

const uffd = await userfaultfdAvailability();
if (!uffd.ok) {
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!! userfaultfd CROSS-CHECK SKIPPED: ${uffd.reason}\n!! The corpus scenarios that use userfaultfd were NOT verified against the kernel.\n${line}\n`,
  );
}

const runs = new Map<string, Promise<KernelRun>>();
const pending: (() => Promise<KernelRun>)[] = [];

/** Runs fn over items, at most `limit` at a time. */
async function pool(items: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await items[next++]!().catch(() => undefined);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// Compile and run every program up front, in parallel: a cold cache means ~150 compilations.
// About two minutes on an idle machine; the limit leaves room for a machine shared by many.
beforeAll(() => pool(pending, Math.max(2, availableParallelism())), 1_500_000);

describe('corpus on the real kernel', () => {
  for (const file of scenarioFiles(corpus)) {
    const name = relative(corpus, file);
    const doc = loadScenario(readFileSync(file, 'utf8'), file);
    const refused = X86_64.refusal(doc) ?? buildRefusal(doc, hostKernel());
    if (refused) {
      it.skip(`${name}: refused (${refused.split(/[:(]/)[0]!.trim()})`, () => {});
      continue;
    }
    const test = usesUserfaultfd(doc) && !uffd.ok ? it.skip : it;
    const kernelRun = (): Promise<KernelRun> => {
      let run = runs.get(file);
      if (!run) {
        run = runOnKernel(doc, { warningsAsErrors: true });
        runs.set(file, run);
      }
      return run;
    };
    if (!(usesUserfaultfd(doc) && !uffd.ok)) pending.push(kernelRun);

    // The engine modelled as this machine's kernel (its line and build, lines.ts); the scenario's
    // expects where they apply to it, which on its own line is always.
    const { engine, expectsApply } = engineFor(doc, hostKernel());

    test(`${name}: the kernel still shows what the scenario expects`, async () => {
      const run = await kernelRun();
      expect(run.timedOut, 'the kernel run timed out').toBe(false);
      expect(run.error, 'the kernel run stopped on a scenario error').toBeNull();
      if (expectsApply) expect(checkKernelExpectations(doc, run.records)).toEqual([]);
    });

    test(`${name}: the engine matches the kernel`, async (ctx) => {
      if (engine.error && NOT_MODELLED.test(engine.error.message)) ctx.skip();
      const run = await kernelRun();
      const diffs = compareRuns(engine, run);
      expect(formatDiffs(diffs)).toEqual([]);
    });
  }
});
