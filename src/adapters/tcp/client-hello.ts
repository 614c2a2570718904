// What a TLS ClientHello offers (RFC 8446 §4.1.2), read from the octets the socket holds
// before the handshake, for the parameters OpenSSL will pick as a server. Node reports the
// negotiated key exchange only on client sockets (tlsSocket.getEphemeralKeyInfo()), so the
// server's choice is derived from the offer the same way OpenSSL 3.0 makes it. Defensive: any
// octets, of any length, give an answer or null, never an exception.

export interface ClientHelloOffer {
  /** key_share (51): the groups the client sent a share for, in its order. */
  readonly keyShareGroups: readonly number[];
  /** supported_groups (10), in the client's order. */
  readonly supportedGroups: readonly number[];
  /** signature_algorithms (13), in the client's order. */
  readonly signatureAlgorithms: readonly number[];
}

const HANDSHAKE = 22;
const CLIENT_HELLO = 1;

/** The ClientHello in the first handshake record(s), or null if it is not (all) there. */
export function readClientHello(octets: Uint8Array): ClientHelloOffer | null {
  // Reassemble the handshake message from consecutive records (it may span several).
  const body: number[] = [];
  let at = 0;
  while (at + 5 <= octets.length && octets[at] === HANDSHAKE) {
    const length = (octets[at + 3]! << 8) | octets[at + 4]!;
    const end = Math.min(at + 5 + length, octets.length);
    for (let i = at + 5; i < end; i++) body.push(octets[i]!);
    at += 5 + length;
    if (body.length >= 4 && body.length >= 4 + readUint(body, 1, 3)) break;
    if (body.length > 1 << 16) return null; // nothing sane is this large
  }
  if (body.length < 4 || body[0] !== CLIENT_HELLO) return null;
  const end = 4 + readUint(body, 1, 3);
  if (body.length < end) return null;
  // legacy_version (2), random (32), session id, cipher suites, compression methods
  let p = 4 + 2 + 32;
  p += 1 + (body[p] ?? 0);
  p += 2 + readUint(body, p, 2);
  p += 1 + (body[p] ?? 0);
  if (p + 2 > end) return null;
  const extensionsEnd = Math.min(end, p + 2 + readUint(body, p, 2));
  p += 2;
  const offer = {
    keyShareGroups: [] as number[],
    supportedGroups: [] as number[],
    signatureAlgorithms: [] as number[],
  };
  while (p + 4 <= extensionsEnd) {
    const type = readUint(body, p, 2);
    const length = readUint(body, p + 2, 2);
    const data = p + 4;
    if (data + length > extensionsEnd) break;
    if (type === 10) offer.supportedGroups = uint16List(body, data + 2, data + length);
    if (type === 13) offer.signatureAlgorithms = uint16List(body, data + 2, data + length);
    if (type === 51) offer.keyShareGroups = keyShareGroups(body, data + 2, data + length);
    p = data + length;
  }
  return offer;
}

function readUint(bytes: readonly number[], at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

function uint16List(bytes: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i + 2 <= to; i += 2) out.push(readUint(bytes, i, 2));
  return out;
}

/** KeyShareEntry: group (2), key_exchange length (2), key_exchange. */
function keyShareGroups(bytes: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i + 4 <= to; i += 4 + readUint(bytes, i + 2, 2))
    out.push(readUint(bytes, i, 2));
  return out;
}

/** The server's groups, Node's ecdhCurve "auto" under OpenSSL 3.0, by IANA code point, with
 * the names Postfix logs for them (tls_misc.c: "X25519", or "ECDHE (<curve>)"). */
const SERVER_GROUPS = new Map<number, string>([
  [0x001d, 'X25519'],
  [0x0017, 'ECDHE (prime256v1)'],
  [0x001e, 'X448'],
  [0x0019, 'ECDHE (secp521r1)'],
  [0x0018, 'ECDHE (secp384r1)'],
]);

/** OpenSSL 3.0's TLS 1.3 server (tls_parse_ctos_key_share): the first share the client sent
 * in a group the server supports; with none, a HelloRetryRequest for the first group both
 * support, in the client's order. */
export function keyExchangeOf(offer: ClientHelloOffer): string | null {
  const pick = (groups: readonly number[]) => groups.find((g) => SERVER_GROUPS.has(g));
  const group = pick(offer.keyShareGroups) ?? pick(offer.supportedGroups);
  return group === undefined ? null : SERVER_GROUPS.get(group)!;
}

/** rsa_pss_rsae_sha256/384/512: with an RSA certificate in TLS 1.3, the first of these the
 * client lists is the server's signature (tls_choose_sigalg()). */
const RSA_PSS_DIGESTS = new Map<number, string>([
  [0x0804, 'SHA256'],
  [0x0805, 'SHA384'],
  [0x0806, 'SHA512'],
]);

export function rsaPssDigestOf(offer: ClientHelloOffer): string {
  const scheme = offer.signatureAlgorithms.find((s) => RSA_PSS_DIGESTS.has(s));
  return scheme === undefined ? 'SHA256' : RSA_PSS_DIGESTS.get(scheme)!;
}
