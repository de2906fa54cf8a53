/**
 * The app's first view: the refpage_create(2) manual page example (seed 000), the lesson in
 * lessons/refpage-manual-example.fl. Its text is bundled with the first view (a few KiB); every
 * other lesson is loaded on demand (bundle.ts). Node scripts read the file itself.
 */
import text from '../../lessons/refpage-manual-example.fl?raw';
import { loadScenario } from '../scenario/load';
import type { ScenarioDocument } from '../scenario/types';

export const DEFAULT_LESSON_ID = 'refpage-manual-example';
export const DEFAULT_LESSON_PATH = `lessons/${DEFAULT_LESSON_ID}.fl`;

export const defaultLesson: ScenarioDocument = loadScenario(text, DEFAULT_LESSON_PATH);
