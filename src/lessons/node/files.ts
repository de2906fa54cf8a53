/**
 * The built-in lessons read from disk (tests, the CLI, `npm run golden:update`): lessons/*.fl at
 * the repository's root and lessons/order.txt, assembled as the app assembles them (builtin.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleLessons, type LessonFile } from '../builtin';
import { LESSONS_DIR, ORDER_FILE, type BuiltinLesson } from '../catalog';

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

export function lessonFiles(root = REPO_ROOT): LessonFile[] {
  const dir = path.join(root, LESSONS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.fl'))
    .sort()
    .map((f) => ({
      path: `${LESSONS_DIR}/${f}`,
      text: readFileSync(path.join(dir, f), 'utf8'),
    }));
}

export function readBuiltinLessons(root = REPO_ROOT): BuiltinLesson[] {
  const order = path.join(root, ORDER_FILE);
  return assembleLessons(lessonFiles(root), existsSync(order) ? readFileSync(order, 'utf8') : '');
}
