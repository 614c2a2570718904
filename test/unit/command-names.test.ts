import { expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/engine/tools/command-names.ts';
import { commandNames } from '../../src/engine/tools/shell.ts';

it('lists exactly the commands the shell runs', () => {
  expect(COMMAND_NAMES).toEqual(commandNames());
});
