/**
 * Where the QEMU set-up scripts (scripts/mte-qemu-setup.sh, scripts/x86-qemu-setup.sh) leave what
 * they install, outside the repository: the directory an environment variable names, then
 * /var/cache/NAME (CI, root), then the user's cache directory. Shared by the arm64 and x86_64 finders.
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The directories to look in, in order, for a set-up called `name` (faultline-mte, faultline-x86). */
export function cacheDirs(name: string, envVar: string): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env[envVar];
  if (fromEnv) dirs.push(fromEnv);
  dirs.push(join('/var/cache', name));
  dirs.push(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), name));
  return dirs;
}

export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
