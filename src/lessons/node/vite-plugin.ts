/**
 * A Vite plugin that reads a lesson file at build time: `import doc from 'x.fl?doc'` gives the
 * validated scenario document as JSON. The first view's lesson (default.ts) comes in this way, so
 * the text-form parser stays out of the first view's JavaScript (issue 9's ≤ 200 KB gzipped) and a
 * broken default lesson fails the build, with the loader's message naming the line.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { loadScenario } from '../../scenario/load';

export function lessonDocuments(): Plugin {
  return {
    name: 'faultline-lesson-documents',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?');
      if (query !== 'doc' || !file?.endsWith('.fl')) return null;
      this.addWatchFile(file);
      const doc = loadScenario(readFileSync(file, 'utf8'), file);
      // JSON.parse of a string literal is faster to start than the same object literal (V8).
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`;
    },
  };
}
