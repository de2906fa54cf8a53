/**
 * `npx tsx scripts/fuzz-kernel.ts [--uffd] [--seed N] [--runs N] [--out DIR]`
 *
 * Differential fuzzing: random scenarios (src/crosscheck/fuzz.ts) run by the engine and by this
 * machine's kernel; every scenario where they differ is written to DIR (default
 * test-results/fuzz) with its differences, to be minimised into a corpus scenario.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzScenarios, fuzzUffdScenarios } from '../src/crosscheck/fuzz';
import { verifyDocument } from '../src/crosscheck/verify';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const seed = Number(arg('seed', '1'));
const runs = Number(arg('runs', '30'));
const out = arg('out', 'test-results/fuzz');
mkdirSync(out, { recursive: true });

let differ = 0;
// --uffd: userfaultfd ioctls (fuzzUffdScenarios) instead of the memory calls.
const docs = process.argv.includes('--uffd')
  ? fuzzUffdScenarios(seed, runs)
  : fuzzScenarios(seed, runs);
for (const [i, doc] of docs.entries()) {
  const r = await verifyDocument(doc);
  if (r.status === 'match') continue;
  if (r.status !== 'differ') {
    console.log(`#${i}: ${r.status}${'reason' in r && r.reason ? `: ${String(r.reason)}` : ''}`);
    continue;
  }
  differ++;
  const file = join(out, `seed${seed}-${i}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 1) + '\n');
  console.log(`#${i}: ${r.diffs.length} differences → ${file}`);
  for (const d of r.diffs.slice(0, 6)) {
    console.log(
      `  #${d.seq} ${d.path} ${d.field}: engine ${JSON.stringify(d.engine)}, kernel ${JSON.stringify(d.kernel)}`,
    );
  }
}
console.log(`${runs - differ} of ${runs} scenarios match the kernel (seed ${seed})`);
process.exitCode = differ ? 1 : 0;
