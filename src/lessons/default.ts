/**
 * The app's first view: the refpage_create(2) manual page example (seed 000), the lesson in
 * lessons/refpage-manual-example.fl. Its document is read and validated at build time
 * (node/vite-plugin.ts), so the first view carries no text parser; every other lesson is loaded on
 * demand (bundle.ts). Node scripts read the file itself.
 */
import doc from '../../lessons/refpage-manual-example.fl?doc';
import type { ScenarioDocument } from '../scenario/types';

export const DEFAULT_LESSON_ID = 'refpage-manual-example';

export const defaultLesson: ScenarioDocument = doc;
