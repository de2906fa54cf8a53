/**
 * The whole corpus on every kernel here (issue 10): this machine's own, Debian's x86_64 6.1 and
 * 6.12 and arm64 6.1 under QEMU, one boot each. Each scenario runs on the kernel of every line it
 * can (a scenario that names its line, on that line only), the engine modelled as that kernel;
 * prints every difference and one summary line per kernel, the figures docs/kernel-versions.md
 * quotes. Too long for every `npm test` (a few minutes a kernel under an emulated CPU); `npm test`
 * runs the scenarios written for other lines (src/crosscheck/x86_64/qemu-corpus.test.ts).
 *
 *   npx tsx scripts/kernel-corpus.ts [--kernel LINE]... [--quiet]
 *
 * Exit 0 when every scenario that ran on every kernel matched.
 */
import { verifyOnLine } from '../src/crosscheck/kernels';
import { formatKernelReport, loadInputs, summaryLine } from '../src/crosscheck/report';
import { KERNEL_VERSIONS, type KernelVersion } from '../src/scenario/types';
import { scenarioFiles } from '../src/crosscheck/corpus-files';

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const asked = args.flatMap((a, i) => (args[i - 1] === '--kernel' ? [a] : []));
for (const a of asked)
  if (!(KERNEL_VERSIONS as readonly string[]).includes(a)) {
    console.error(`--kernel ${a}: one of ${KERNEL_VERSIONS.join(', ')}`);
    process.exit(2);
  }
// 6.6 has no kernel here (docs/kernel-versions.md): asked for, it says so.
const lines = (asked.length ? asked : ['6.18', '6.12', '6.1']) as KernelVersion[];
const { inputs, broken } = loadInputs(scenarioFiles('corpus'));
for (const b of broken) console.error(`${b.file}: ${b.reason}`);
const summaries: string[] = [];
let ok = broken.length === 0;
for (const line of lines) {
  const t0 = Date.now();
  for (const report of await verifyOnLine(inputs, line)) {
    const out = formatKernelReport(report).filter((l) => !quiet || !/^(match|refused) /.test(l));
    for (const l of out) console.log(l);
    summaries.push(`${summaryLine(report)}; ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
    ok &&= !report.scenarios.some((s) => s.status === 'differ' || s.status === 'error');
  }
}
console.log('\n' + summaries.join('\n'));
process.exitCode = ok ? 0 : 1;
