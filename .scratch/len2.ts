import { deflateSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { LESSONS } from '/work/wt/lessons/src/lessons/index.ts';
import { legacyLessonDoc } from '/work/wt/lessons/src/lessons/legacy.ts';
import { printText } from '/work/wt/lessons/src/scenario/text-print.ts';
const b64 = (n: number) => Math.ceil(n * 4 / 3);
// a generic dictionary: not the lessons themselves
const dictText = [readFileSync('src/store/selectors/explain.ts','utf8'), readFileSync('docs/scenario-format.md','utf8').slice(0, 12000)].join('\n');
const dict = strToU8(dictText.slice(-32768));
for (const l of LESSONS) {
  const doc = legacyLessonDoc(l);
  const json = JSON.stringify({doc, semantics:'f1-e1'});
  const text = printText(doc);
  const a = deflateSync(strToU8(json), {level: 9}).length;
  const t = deflateSync(strToU8(text), {level: 9}).length;
  const td = deflateSync(strToU8(text), {level: 9, dictionary: dict}).length;
  const jd = deflateSync(strToU8(json), {level: 9, dictionary: dict}).length;
  console.log(l.id.padEnd(26), 'json', b64(a), 'text', b64(t), 'json+dict', b64(jd), 'text+dict', b64(td));
}
