// `rnnc build --project DIR`: the emitted program as a folder that runs where it is written —
// `npm install && node MODEL.js` in an empty folder, with no rnnc and no TypeScript tooling:
//   MODEL.ts       the program, as `rnnc build` writes it
//   MODEL.js       the same program with its types erased (TypeScript's transpileModule), for node
//   package.json   the two TensorFlow.js packages at the exact versions rnnc runs on
//   tsconfig.json  what `npm run build` (tsc) needs to compile MODEL.ts again after an edit

import { ts } from 'ts-morph';
import { RNNC_VERSION } from '../runtime/save/version.ts';
import { tfjsVersions } from '../runtime/tfjs-versions.ts';

/** Written into a project's package.json, so that a later build knows the folder is its own. */
export const PROJECT_MARK = 'written by `rnnc build --project`';

export interface ProjectFile {
  readonly name: string;
  readonly text: string;
}

/** The files of the folder for a program named `${model}.ts`, in the order they are written:
 *  package.json last, so that a folder with one is whole. */
export function projectFiles(modelName: string, program: string, rnnFile: string): readonly ProjectFile[] {
  const ts_ = `${modelName}.ts`;
  const js = `${modelName}.js`;
  const packageJson = {
    name: npmName(modelName),
    version: '0.0.0',
    private: true,
    description: `Trains the model ${modelName} of ${rnnFile}: ${PROJECT_MARK} (rnnc ${RNNC_VERSION})`,
    type: 'module',
    engines: { node: '>=20' },
    scripts: { start: `node ${js}`, build: 'tsc', typecheck: 'tsc --noEmit' },
    dependencies: { ...tfjsVersions(), ...(readsNpz(program) ? { fflate: FFLATE_VERSION } : {}), ...(writesOnnx(program) ? { protobufjs: PROTOBUFJS_VERSION } : {}) },
    // The TypeScript rnnc's tests compile emitted programs with (ts-morph's own may be newer).
    devDependencies: { typescript: '^5.9.3', '@types/node': '^20' },
  };
  const tsconfig = {
    compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: true, types: ['node'] },
    files: [ts_],
  };
  return [
    { name: ts_, text: program },
    { name: js, text: toJavaScript(program, ts_) },
    { name: 'tsconfig.json', text: JSON.stringify(tsconfig, null, 2) + '\n' },
    { name: 'package.json', text: JSON.stringify(packageJson, null, 2) + '\n' },
  ];
}

/** The zip reader of .npz archives, which a program carries only when its train block names one. */
export const FFLATE_VERSION = '^0.8.2';
const readsNpz = (program: string) => /from 'fflate'/.test(program);

/** The ONNX writer's protobuf encoder, which a program carries only when built with --onnx. */
export const PROTOBUFJS_VERSION = '^8.8.1';
const writesOnnx = (program: string) => /from 'protobufjs\/light\.js'/.test(program);

/** The program with its types erased, comments kept: what `tsc` would emit for it. */
function toJavaScript(program: string, fileName: string): string {
  const out = ts.transpileModule(program, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, removeComments: false },
  });
  return out.outputText;
}

/** npm's rules: lower case, no leading dot or underscore, URL-safe. Model names are identifiers. */
function npmName(modelName: string): string {
  const name = modelName.toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[._]+/, '');
  return `${name || 'model'}-training`;
}
