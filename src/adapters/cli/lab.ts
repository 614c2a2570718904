// `npm run lab -- --scenario <id>`: the lab's shell in a terminal. With a terminal it
// prompts; with piped input it reads line by line, prints what the browser would print
// (commands echoed after "$ "), and exits at the end of the input.
import { createInterface } from 'node:readline';
import { Shell, type ShellOutput } from '../../engine/tools/shell.ts';
import { referenceWorld } from '../../engine/world/reference-world.ts';
import { renderOutput } from './render-output.ts';
import { loadScenarios } from './scenario-files.ts';

const SCENARIOS = loadScenarios();

const USAGE = `usage: npm run lab -- [--scenario <${[...SCENARIOS.keys()].join('|')}>]`;

function scenarioFrom(argv: readonly string[]): string | Error {
  let scenario = 'datacenter-direct';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--scenario') scenario = argv[++i] ?? '';
    else if (arg === '--help' || arg === '-h') return new Error(USAGE);
    else return new Error(`lab: unknown argument ${arg}\n${USAGE}`);
  }
  if (!SCENARIOS.has(scenario)) {
    return new Error(
      `lab: no scenario "${scenario}"; there are: ${[...SCENARIOS.keys()].join(', ')}`,
    );
  }
  return scenario;
}

function show(output: ShellOutput): void {
  process.stdout.write(renderOutput(output, process.stdout.isTTY === true));
}

const scenario = scenarioFrom(process.argv.slice(2));
if (scenario instanceof Error) {
  process.stderr.write(`${scenario.message}\n`);
  process.exit(scenario.message === USAGE ? 0 : 2);
}
const shell = new Shell(referenceWorld(SCENARIOS.get(scenario)), show);
const interactive = process.stdin.isTTY === true;
const lines = createInterface({ input: process.stdin, terminal: interactive });
const prompt = () => {
  if (interactive) {
    lines.setPrompt(shell.busy ? '' : '$ ');
    lines.prompt();
  }
};
lines.on('line', (line) => {
  if (!interactive) process.stdout.write(shell.busy ? `${line}\n` : `$ ${line}\n`);
  shell.run(line);
  prompt();
});
// End of input (Ctrl-D, or the end of a piped script): a tool reading up to it (curl -T -)
// finishes, then the lab exits.
lines.on('close', () => {
  if (shell.busy) shell.endOfInput();
});
lines.on('SIGINT', () => {
  if (shell.busy) shell.interrupt();
  else lines.close();
  prompt();
});
prompt();
