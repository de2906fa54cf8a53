/** `import doc from 'lesson.fl?doc'`: the lesson's document, read at build time (node/vite-plugin.ts). */
declare module '*.fl?doc' {
  const doc: import('../scenario/types').ScenarioDocument;
  export default doc;
}
