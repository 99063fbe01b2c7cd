import { CODES, codeInfo } from '../../diagnostics/codes.ts';
import { suggest } from '../../compiler/suggest.ts';
import { EXIT, RnncError } from '../io.ts';

export function runExplain(code: string | undefined, options: { list?: boolean }): number {
  if (options.list || code === undefined) {
    for (const [c, info] of Object.entries(CODES)) process.stdout.write(`${c}  ${info.severity.padEnd(7)}  ${info.title}\n`);
    return EXIT.ok;
  }
  const normalized = code.trim().toUpperCase();
  const info = codeInfo(normalized);
  if (!info) {
    const [best] = suggest(normalized, Object.keys(CODES));
    throw new RnncError('E0704', `there is no diagnostic code \`${code}\``, { context: `rnnc explain ${code}` }, best ? `did you mean \`${best}\`? \`rnnc explain --list\` lists every code` : '`rnnc explain --list` lists every code');
  }
  process.stdout.write(`${normalized}: ${info.title} (${info.severity})\n\n${info.explanation}\n`);
  return EXIT.ok;
}
