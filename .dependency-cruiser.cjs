// The import rules of ARCHITECTURE.md, for dependency-cruiser. test/architecture.test.ts runs
// them over src/ (`npx depcruise src` prints the same report). Type-only imports count: a cycle
// of types is still two modules that cannot be understood one without the other.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles in src/: shared types and functions live below both of their users.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'chevrotain-in-parser',
      comment: 'Rule 2: the CST stays in the parser; nothing outside src/parser imports chevrotain.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/parser/' },
      to: { path: '(^|/)node_modules/chevrotain/|^chevrotain$' },
    },
    {
      name: 'backends-read-the-ir',
      comment: 'Rule 3: the runtime, the emitter, the summary and the console read the IR, never the AST.',
      severity: 'error',
      from: { path: '^src/(runtime|emit|interop|console)/|^src/compiler/summary\\.ts$' },
      to: { path: '^src/parser/' },
    },
    {
      name: 'tfjs-in-runtime',
      comment: 'Rule 5: only src/runtime imports TensorFlow.js.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/runtime/' },
      to: { path: '(^|/)node_modules/@tensorflow/' },
    },
    {
      name: 'world-at-the-edges',
      comment: 'Rule 5: only the edges import the file system, child processes and process.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|console|lsp|runtime|emit)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|process)$' },
    },
    {
      name: 'front-end-below-back-ends',
      comment: 'The parser, the checker, the diagnostics and the formatter know nothing of what reads them.',
      severity: 'error',
      from: { path: '^src/(source|parser|compiler|diagnostics|format)/' },
      to: { path: '^src/(cli|console|runtime|emit|interop|lsp)/' },
    },
    {
      name: 'parser-below-compiler',
      severity: 'error',
      from: { path: '^src/parser/' },
      to: { path: '^src/compiler/' },
    },
    {
      name: 'diagnostics-below-parser',
      comment: 'Diagnostics take ranges from src/source, not from the parser, which reports through them.',
      severity: 'error',
      from: { path: '^src/diagnostics/' },
      to: { path: '^src/(parser|compiler)/' },
    },
    {
      name: 'source-at-the-bottom',
      comment: 'src/source (Range, SourceText) imports nothing of rnnc.',
      severity: 'error',
      from: { path: '^src/source/' },
      to: { path: '^src/', pathNot: '^src/source/' },
    },
    {
      name: 'only-the-command-line-imports-it',
      comment: 'src/cli is the top: the emitter, the runtime and the language server share nothing through it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
