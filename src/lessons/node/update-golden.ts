/**
 * `npm run golden:update`: rewrites src/lessons/golden/<id>.jsonl for every built-in lesson.
 *
 * A lesson that stops with an error, or whose expectations fail, is still written (the trace shows
 * what the engine did) but makes the command exit 1, since lessons.test.ts will fail too. Traces
 * of lessons that no longer exist are removed, and so are the -changed files a failed test left
 * for review (golden.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GOLDEN_DIR, goldenText, isChangedFile } from './golden';
import { lessonGoldenPath, runLesson } from './lesson-run';
import { readBuiltinLessons } from './files';

mkdirSync(GOLDEN_DIR, { recursive: true });
let bad = 0;
const kept = new Set<string>();
for (const lesson of readBuiltinLessons()) {
  const file = lessonGoldenPath(lesson);
  kept.add(path.basename(file));
  const out = runLesson(lesson);
  const text = goldenText(out);
  const old = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (old !== text) writeFileSync(file, text);
  const state = old === null ? 'new     ' : old === text ? 'same    ' : 'changed ';
  const problems = [
    out.error ? `error: ${out.error.message}` : '',
    out.failures.length ? `${out.failures.length} expectation(s) failed` : '',
  ].filter(Boolean);
  if (problems.length) bad++;
  console.log(
    `${state} ${path.relative(process.cwd(), file)} (${out.records.length} records)${problems.length ? ` — ${problems.join('; ')}` : ''}`,
  );
}
for (const name of readdirSync(GOLDEN_DIR)) {
  if (!name.endsWith('.jsonl') || kept.has(name)) continue;
  rmSync(path.join(GOLDEN_DIR, name));
  console.log(
    isChangedFile(name) ? `removed  ${name} (reviewed)` : `removed  ${name} (no such lesson)`,
  );
}
if (bad) {
  console.error(`${bad} lesson(s) ran with errors or failed expectations`);
  process.exitCode = 1;
}
