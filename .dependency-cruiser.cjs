// The layering of src/ (README "Repository layout"), checked by `npm test -- layers`:
//
//   views ─► store ─► engine ─► uapi            app (the shell) ─► views, store, …
//                 └─► scenario ─► uapi          cli, crosscheck ─► engine, scenario
//
// Type-only imports count: a cycle made of `import type` is still a knot in the code.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Imports form a ladder, never a circle (design.md habit 15).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'uapi-is-the-bottom',
      comment: 'src/uapi mirrors include/uapi: tables and their parsers, importing nothing else.',
      severity: 'error',
      from: { path: '^src/uapi/' },
      to: { path: '^src/', pathNot: '^src/uapi/' },
    },
    {
      name: 'engine-imports-uapi-and-scenario-types',
      comment:
        'The engine is the kernel: it builds on the uAPI tables and reads the scenario contract ' +
        '(its types, the expressions step fields are written in, and what an expect means), ' +
        'nothing else of faultline.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/engine/',
          '^src/uapi/',
          '^src/scenario/(types|expr|expr-parse|expect-match)[.]ts$',
        ],
      },
    },
    {
      name: 'scenario-imports-uapi-only',
      comment: 'The format contract stands on its own: it never runs the engine.',
      severity: 'error',
      from: { path: '^src/scenario/' },
      to: { path: '^src/', pathNot: ['^src/scenario/', '^src/uapi/'] },
    },
    {
      name: 'lessons-are-scenarios',
      comment: 'Built-in lessons are documents; their Node tests run them through the engine.',
      severity: 'error',
      from: { path: '^src/lessons/' },
      to: {
        path: '^src/',
        pathNot: ['^src/lessons/', '^src/scenario/', '^src/engine/index[.]ts$', '^src/uapi/'],
      },
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
        'Test helpers live under test-support/ folders, and only tests and other helpers use them.',
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
