// Open a TCP connection from the laptop to a host's port through the world's path: the
// path decides, and the walk goes to the trace.
import type { PathVerdict } from '../net/path.ts';
import { walkPath } from '../net/path.ts';
import type { ServerProfile } from '../smtp/profile.ts';
import type { Host } from '../world/world.ts';
import type { ToolContext } from './tool.ts';

export function dial(
  context: ToolContext,
  host: Host,
  port: number,
): { verdict: PathVerdict; profile: ServerProfile | undefined } {
  const profile = host.services[port];
  const { verdict, events } = walkPath(
    { hops: context.world.pathTo(host), listening: profile !== undefined },
    port,
    context.attempt,
  );
  events.forEach((event) => context.io.trace(event));
  return { verdict, profile };
}
