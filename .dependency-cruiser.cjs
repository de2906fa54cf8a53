// The layering of src/ (README "Repository layout"), checked by `npm test -- layers`:
//
//   views ─► store ─► engine ─► uapi            app (the shell) ─► views, store, …
//                 └─► scenario ─► uapi          cli, crosscheck ─► engine, scenario
//
// Type-only imports count: a cycle made of `import type` is still a knot in the code.
// Each rule's comment is printed with its violations (err-long): say there what to do instead.
// When a rule changes, the README's paragraph under the layout changes with it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'Imports form a ladder, never a circle. Break the circle as the kernel does: a thread that ' +
        'waits holds a typed continuation (engine/kernel/sched/), a file calls through its ' +
        'operations table (kernel/file_operations.ts), work that must follow a call runs after it ' +
        'returns; or move what both files need into a third file below them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'uapi-is-the-bottom',
      comment:
        'src/uapi mirrors include/uapi: tables and their parsers, importing nothing else. What ' +
        'needs more than a table belongs in the engine or the scenario module.',
      severity: 'error',
      from: { path: '^src/uapi/' },
      to: { path: '^src/', pathNot: '^src/uapi/' },
    },
    {
      name: 'engine-imports-uapi-and-scenario-types',
      comment:
        'The engine is the kernel: it builds on the uAPI tables (src/uapi/) and reads three files ' +
        'of the scenario contract (scenario/types.ts: the document and its steps; scenario/expr.ts: ' +
        'the expressions step fields are written in; scenario/expect-match.ts: what an expect ' +
        'means), nothing else of faultline. Give the engine what it needs as an argument, or move ' +
        'a table into src/uapi/.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: {
        path: '^src/',
        pathNot: ['^src/engine/', '^src/uapi/', '^src/scenario/(types|expr|expect-match)[.]ts$'],
      },
    },
    {
      name: 'scenario-imports-uapi-only',
      comment:
        'The format contract stands on its own: it never runs the engine and imports only ' +
        'src/uapi/. Code that needs both belongs in the store, lessons/node/, the CLI or crosscheck.',
      severity: 'error',
      from: { path: '^src/scenario/' },
      to: { path: '^src/', pathNot: ['^src/scenario/', '^src/uapi/'] },
    },
    {
      name: 'lessons-are-scenarios',
      comment:
        'Built-in lessons are documents (scenario types, uAPI names); what runs them (lessons/node/, ' +
        "compare.ts) goes through the engine's public surface, src/engine/index.ts, only.",
      severity: 'error',
      from: { path: '^src/lessons/' },
      to: {
        path: '^src/',
        pathNot: ['^src/lessons/', '^src/scenario/', '^src/engine/index[.]ts$', '^src/uapi/'],
      },
    },
    {
      name: 'views-through-the-store',
      comment:
        'Views read the engine through the store (store/engine.ts re-exports what they use), so ' +
        'a change in the engine is absorbed in one file. Re-export it there, or derive it in a ' +
        'selector. Tests of views may run the engine.',
      severity: 'error',
      from: { path: '^src/views/', pathNot: '[.]test[.]tsx?$' },
      to: { path: '^src/(engine|app|cli|crosscheck|lessons)/' },
    },
    {
      name: 'store-below-the-ui',
      comment: 'The store serves the views; it never reaches up into them, the shell or the CLI.',
      severity: 'error',
      from: { path: '^src/store/', pathNot: '[.]test[.]tsx?$' },
      to: { path: '^src/(views|app|cli|crosscheck)/' },
    },
    {
      name: 'cli-and-crosscheck-without-ui',
      comment: 'The command line and the kernel cross-check use the engine and scenarios, no UI.',
      severity: 'error',
      from: { path: '^src/(cli|crosscheck)/' },
      to: { path: '^src/(views|store|app)/' },
    },
    {
      name: 'test-support-only-for-tests',
      comment:
        'Test helpers live under test-support/ folders, and only tests and other helpers use ' +
        'them. If the app needs the helper, move it out of test-support/ into the module it serves.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['[.]test[.]tsx?$', '/test-support/'] },
      to: { path: '/test-support/' },
    },
    {
      name: 'nothing-imports-views',
      comment: 'Views are leaves of the UI: only the app shell puts them on the page.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/views/', '^src/app/', '^src/main[.]tsx$'] },
      to: { path: '^src/views/' },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    exclude: { path: '[.]css$' },
  },
};
