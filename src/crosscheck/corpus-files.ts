/** The scenario files under a directory (corpus/), recursively, sorted: what the corpus tests run. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function scenarioFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? scenarioFiles(join(dir, e.name))
        : e.name.endsWith('.json')
          ? [join(dir, e.name)]
          : [],
    )
    .sort();
}
