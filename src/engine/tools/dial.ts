// Open a TCP connection from the learner's machine to a host's port through the world's
// path: the path decides, and the walk goes to the trace.
import { dialFrom, type Dialled } from '../world/connection.ts';
import type { Host } from '../world/world.ts';
import type { ToolContext } from './tool.ts';

export function dial(context: ToolContext, host: Host, port: number): Dialled {
  return dialFrom(context.sim, { kind: 'laptop' }, host, port);
}
