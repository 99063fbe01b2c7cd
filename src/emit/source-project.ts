// rnnc's own TypeScript sources, loaded with ts-morph so the emitter can copy from them: the
// runtime's kernels, losses, optimizers, fit loop, data readers and savers, and the program code in
// ./program. Only the syntax and the binder's scopes are needed (which top-level declaration an
// identifier names), so the project loads no libraries and resolves no packages: it is built
// once per process and answers in a second or two.

import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

/**
 * The package's root: the nearest folder above this module with rnnc's sources in src/. This
 * module runs from src/emit/ under tsx and from a chunk in dist/ when built; the package ships
 * src/ beside dist/ for the emitter to read.
 */
export const RNNC_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'runtime'))) return dir;
    if (dirname(dir) === dir) throw new Error(`rnnc's sources (src/runtime) are not found above ${from}`);
  }
}

/** The folders of src/ an emitted program may copy from (src/emit itself only through ./program;
 *  src/interop only its ONNX writer, for rnnc build --onnx). */
const SOURCE_FOLDERS = ['runtime', 'compiler', 'console', 'diagnostics', 'parser', 'source', 'emit/program', 'interop/onnx'];

export interface SourceProject {
  readonly project: Project;
  readonly checker: ts.TypeChecker;
  /** A file by its path from the repository root, with forward slashes: `src/runtime/rng.ts`. */
  file(path: string): ts.SourceFile | undefined;
  /** The path from the repository root of a loaded file. */
  pathOf(file: ts.SourceFile): string;
}

let cached: SourceProject | undefined;

export function sourceProject(): SourceProject {
  if (cached) return cached;
  const project = new Project({
    compilerOptions: { noResolve: true, noLib: true, types: [], allowImportingTsExtensions: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  project.addSourceFilesAtPaths(SOURCE_FOLDERS.map((f) => join(RNNC_ROOT, 'src', f, '**', '*.ts')));
  const program = project.getProgram().compilerObject;
  const byPath = new Map<string, ts.SourceFile>();
  const pathOf = (file: ts.SourceFile) => relative(RNNC_ROOT, file.fileName).split(sep).join('/');
  for (const f of program.getSourceFiles()) byPath.set(pathOf(f), f);
  cached = { project, checker: program.getTypeChecker(), file: (path) => byPath.get(path), pathOf };
  return cached;
}
