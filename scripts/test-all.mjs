#!/usr/bin/env node
// `npm test`: lint, format check, type check, layering, dead code, unit + property tests, browser
// tests, in that order.
// Each tool streams its own output; the summary at the end comes from the tools' JSON reports and
// ends with the plain line `N passed, N failed[, N skipped]`. Exit 0 only when nothing failed.
//
// `npm test -- vitest playwright` runs only the named suites (eslint, prettier, typecheck, layers,
// knip, vitest, playwright).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
const CHROMIUM = '/usr/bin/chromium';

/** Runs a command with inherited stdio; resolves to its exit code (127 when it cannot start). */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('error', (err) => {
      console.error(`test-all: cannot start ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readJson(file) {
  try {
    return { data: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (err) {
    return { error: existsSync(file) ? `unreadable (${err.message})` : 'missing' };
  }
}

function banner(title) {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);
}

/**
 * One pass/fail check: the whole tool counts as one test. Every step runs even after a failure.
 * A step may carry `hint(code)`: what to do about that exit code, printed under the tool's output.
 */
async function check(steps) {
  const notes = [];
  for (const [cmd, args, hint] of steps) {
    const code = await run(cmd, args);
    if (code === 0) continue;
    const text = hint?.(code);
    if (text) console.log(`\n${text}`);
    notes.push(
      `${path.basename(cmd)} ${args.at(-1)} exited ${code}${text ? ' (what to do: above)' : ''}`,
    );
  }
  return notes.length
    ? { passed: 0, failed: 1, skipped: 0, note: notes.join('; ') }
    : { passed: 1, failed: 0, skipped: 0 };
}

async function vitest() {
  const report = path.join(resultsDir, 'vitest.json');
  rmSync(report, { force: true });
  // NO_COLOR only here: set globally it makes Playwright's web server warn (toolchain.md).
  const code = await run(bin('vitest'), ['run'], { NO_COLOR: '1' });
  const { data, error } = readJson(report);
  if (!data) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `report test-results/vitest.json ${error} (vitest exited ${code}); counted as 1 failure`,
    };
  }
  // A file that fails to import has no test results of its own: count it as one failure.
  const brokenFiles = (data.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  const r = {
    passed: data.numPassedTests ?? 0,
    failed: (data.numFailedTests ?? 0) + brokenFiles.length,
    skipped: (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0),
  };
  const notes = brokenFiles.map(
    (f) => `${path.relative(root, f.name)} failed to run: ${(f.message ?? '').split('\n')[0]}`,
  );
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    notes.push(`vitest exited ${code} with no failing test in its report (unhandled error?)`);
  }
  if (notes.length) r.note = notes.join('\n    ');
  return r;
}

async function playwright() {
  if (!existsSync(CHROMIUM)) {
    console.log(`${CHROMIUM} is missing, so the browser tests cannot run. Install it with:`);
    console.log('');
    console.log('    apt-get update && apt-get install -y chromium');
    console.log('');
    console.log('(never `npx playwright install`: see README.md)');
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `${CHROMIUM} missing: apt-get update && apt-get install -y chromium`,
    };
  }
  const report = path.join(resultsDir, 'playwright.json');
  rmSync(report, { force: true });
  const code = await run(bin('playwright'), ['test']);
  const { data, error } = readJson(report);
  if (!data) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `report test-results/playwright.json ${error} (playwright exited ${code}); counted as 1 failure`,
    };
  }
  const s = data.stats ?? {};
  const r = {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: s.unexpected ?? 0,
    skipped: s.skipped ?? 0,
  };
  const notes = (data.errors ?? []).map((e) => (e.message ?? String(e)).split('\n')[0]);
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    notes.unshift(`playwright exited ${code} with no failing test in its report`);
  }
  if (notes.length) r.note = notes.join('\n    ');
  return r;
}

const LAYERS_HINT = `The imports above break the layering (README "Repository layout"; the rules and
why each exists are in .dependency-cruiser.cjs). Move the code, not the rule:
  - a cycle: find the edge that points back up (the kernel's way is a typed continuation, an
    operations table, or work deferred until after the call returns, as kernel/sched/ does);
  - a lower layer importing a higher one: move what both need down (a type into the engine or
    scenario, a table into uapi/), or pass it in as an argument;
  - production code importing test-support/: move the helper out of test-support/ if the app needs
    it, otherwise import it only from tests.
Change a rule only when the layering itself changes, and the README's layout section with it.`;

const KNIP_HINT = `knip found code nothing uses (no test, entry point, bench or script reaches it). For each:
  - an unused export: delete it, or drop \`export\` if its own file still uses it;
  - an unused file: delete it; if it is a program run by hand (\`npx tsx path/to/tool.ts\`), add
    it to "entry" in knip.jsonc;
  - an export kept for a caller that is not on main yet, or part of a deliberate API: put a
    \`/** @public <who uses it> */\` comment on it;
  - an unused or unlisted dependency: remove it from package.json, or add it (npm install -D).
Run it alone with \`npm test -- knip\`; \`npx knip --fix --fix-type exports,types\` deletes the
unused exports for you.`;

const suites = [
  {
    name: 'eslint',
    run: () => check([[bin('eslint'), ['--cache', '--cache-location', '.cache/eslint/', '.']]]),
  },
  {
    name: 'prettier',
    run: () =>
      check([
        [bin('prettier'), ['--check', '--cache', '--cache-location', '.cache/prettier', '.']],
      ]),
  },
  {
    name: 'typecheck',
    run: () =>
      check([
        [bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
        [bin('tsc'), ['--noEmit', '-p', 'tsconfig.engine.json']],
      ]),
  },
  {
    // Import layering and cycles under src/ (.dependency-cruiser.cjs). err-long prints each broken
    // rule's comment, which says what the rule keeps apart.
    name: 'layers',
    run: () =>
      check([
        [
          bin('depcruise'),
          ['--config', '.dependency-cruiser.cjs', '--output-type', 'err-long', 'src'],
          () => LAYERS_HINT,
        ],
      ]),
  },
  {
    // Unused files, exports and dependencies (knip.jsonc: tests, entry points, bench and scripts
    // count as users). knip exits 1 when it found something, 2 when it could not run.
    name: 'knip',
    run: () =>
      check([
        [
          bin('knip'),
          ['--no-progress'],
          (code) =>
            code === 1 ? KNIP_HINT : 'knip could not run: see its message above and knip.jsonc.',
        ],
      ]),
  },
  { name: 'vitest', run: vitest },
  { name: 'playwright', run: playwright },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
if (unknown.length) {
  console.error(
    `test-all: unknown suite ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;

mkdirSync(resultsDir, { recursive: true });
const started = Date.now();
const results = [];
for (const suite of selected) {
  banner(suite.name);
  const t0 = Date.now();
  let r;
  try {
    r = await suite.run();
  } catch (err) {
    r = { passed: 0, failed: 1, skipped: 0, note: `test-all crashed: ${err?.stack ?? err}` };
  }
  results.push({ name: suite.name, seconds: (Date.now() - t0) / 1000, ...r });
}

const total = { passed: 0, failed: 0, skipped: 0 };
banner('summary');
for (const r of results) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  const status = r.failed ? 'FAIL' : 'ok  ';
  const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
  console.log(`  ${status} ${r.name.padEnd(11)} ${counts.padEnd(34)} ${r.seconds.toFixed(1)}s`);
  if (r.note) console.log(`    ${r.note}`);
}
console.log(`  total time ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log('');
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exitCode = total.failed === 0 ? 0 : 1;
