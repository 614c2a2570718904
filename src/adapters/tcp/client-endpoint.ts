// How Postfix names the peer in logs and Received: headers: "hostname[address]".
import type { Socket } from 'node:net';
import type { ClientEndpoint } from '../../engine/smtp/types.ts';

export function clientEndpointOf(socket: Socket): ClientEndpoint {
  // An IPv4 client on a dual-stack listener shows up as ::ffff:a.b.c.d.
  const address = (socket.remoteAddress ?? 'unknown').replace(
    /^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/,
    '',
  );
  // The adapter does no reverse DNS: loopback resolves to "localhost" as on the recorded
  // server, anything else is "unknown" as Postfix says when the PTR lookup fails.
  const loopback = address === '::1' || address.startsWith('127.');
  return { hostname: loopback ? 'localhost' : 'unknown', address };
}
