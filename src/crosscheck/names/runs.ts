/**
 * Every event the corpus and the built-in lessons produce, each with where it happened: what the
 * tests of this folder check names and sentences over. Runs in Node.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadScenario } from '../../scenario/load';
import { runScenario, type EngineEvent } from '../../engine';
import { DEFAULT_KERNEL } from '../../scenario/types';
import { readBuiltinLessons } from '../../lessons/node/files';
import { scenarioFiles } from '../corpus-files';

type Doc = Parameters<typeof runScenario>[0];

export interface SeenEvent {
  e: EngineEvent;
  /** `corpus/x.json steps/3`, `lesson fork-cow steps/7`. */
  where: string;
  /** The kernel line the run modelled (its machine.kernel, else the default). */
  kernel: string;
}

export function corpusAndLessonEvents(root: string): { runs: number; events: SeenEvent[] } {
  const runs: [string, Doc][] = [
    ...scenarioFiles(join(root, 'corpus')).map(
      (f) => [relative(root, f), loadScenario(readFileSync(f, 'utf8'), f)] as [string, Doc],
    ),
    ...readBuiltinLessons().map((l) => [`lesson ${l.id}`, l.doc] as [string, Doc]),
  ];
  const events: SeenEvent[] = [];
  for (const [name, doc] of runs) {
    const kernel = doc.machine?.kernel ?? DEFAULT_KERNEL;
    const out = runScenario(doc, { keepStates: false });
    for (const r of out.records)
      for (const e of r.events) events.push({ e, where: `${name} ${r.path} ${e.kind}`, kernel });
  }
  return { runs: runs.length, events };
}
