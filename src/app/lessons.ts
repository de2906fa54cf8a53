/**
 * The built-in lessons: every exported scenario document under src/lessons/, found at build time,
 * the default scenario first. A lesson is any export shaped as a document (faultline + steps), so
 * a new lesson file needs no registration here.
 */
import { defaultScenario } from '../lessons/default';
import type { ScenarioDocument } from '../store/engine';

const mods = import.meta.glob<Record<string, unknown>>('../lessons/*.ts', { eager: true });

function isDoc(v: unknown): v is ScenarioDocument {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ScenarioDocument).faultline === 'number' &&
    Array.isArray((v as ScenarioDocument).steps)
  );
}

export interface Lesson {
  id: string;
  doc: ScenarioDocument;
}

function collect(): Lesson[] {
  const out: Lesson[] = [{ id: 'default', doc: defaultScenario }];
  const seen = new Set<unknown>([defaultScenario]);
  for (const [path, mod] of Object.entries(mods).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith('.test.ts')) continue;
    for (const [name, v] of Object.entries(mod)) {
      const list = Array.isArray(v) ? v : [v];
      list.forEach((d, i) => {
        if (!isDoc(d) || seen.has(d)) return;
        seen.add(d);
        out.push({
          id: `${path.replace(/^.*\//, '').replace(/\.ts$/, '')}/${name}${Array.isArray(v) ? `/${i}` : ''}`,
          doc: d,
        });
      });
    }
  }
  return out;
}

export const LESSONS: Lesson[] = collect();
