/**
 * Runs arm64 MTE scenarios on the QEMU arm64 kernel (one boot for all) and on the engine, and
 * prints the report: `npx tsx scripts/mte-verify.ts corpus/mte/*.json`. Needs the set-up of
 * scripts/mte-qemu-setup.sh. Exit 0 when every scenario that ran matched.
 */
import { formatArm64Report, verifyArm64 } from '../src/crosscheck/arm64/verify';

const files = process.argv.slice(2);
const t0 = Date.now();
const report = await verifyArm64(files);
for (const line of formatArm64Report(report)) console.log(line);
console.log(
  `total ${((Date.now() - t0) / 1000).toFixed(1)} s (compile ${report.compileSeconds.toFixed(1)} s)`,
);
process.exitCode = report.ok ? 0 : 1;
