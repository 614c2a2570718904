// The lazily loaded part of the page: the shell with every tool, the simulation and the
// SMTP engine (about three quarters of the JavaScript). It loads when the learner first types.
import { Shell } from '../engine/tools/shell.ts';
import type { ShellFactory } from './lab.svelte.ts';

export const createShell: ShellFactory = (world, onOutput, startedAt, options) =>
  new Shell(world, onOutput, startedAt, options);
