/**
 * The client's address behind reverse proxies. `X-Forwarded-For` is written by whoever sends
 * the request, so it is read only through proxies we trust: each trusted proxy appends the
 * address it was connected from, and the client is the right-most address that is not one of
 * ours. Without trusted proxies the socket address is the client, whatever the header says.
 */
import { BlockList, isIP } from 'node:net';

export type TrustedProxies =
  /** no proxy in front: the socket address is the client */
  | { kind: 'none' }
  /** this many proxies in front of the server, whatever their addresses */
  | { kind: 'hops'; hops: number }
  /** the proxies' addresses and ranges */
  | { kind: 'list'; list: BlockList };

/**
 * The `TRUSTED_PROXIES` setting: empty (none), a hop count ("1"), or a comma list of
 * addresses and CIDR ranges ("127.0.0.1, 10.0.0.0/8, ::1"). Throws, naming the entry, on
 * anything else, so a typo stops the server instead of trusting the wrong hop.
 */
export function parseTrustedProxies(setting: string | undefined): TrustedProxies {
  const value = (setting ?? '').trim();
  if (value === '') return { kind: 'none' };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 20) throw new Error(`TRUSTED_PROXIES: a hop count is 1 to 20, not ${value}`);
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim())) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= max))) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address, a CIDR range or a hop count`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return { kind: 'list', list };
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) → `1.2.3.4`; other values trimmed. */
function normalize(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

function trustedBy(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: `socketAddress` is the peer of the TCP connection, `forwardedFor` the
 * X-Forwarded-For header (several headers joined with ", "). Entries that are not addresses
 * end the walk: the last proxy-written address before them is used.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | null | undefined, trusted: TrustedProxies): string {
  const socket = normalize(socketAddress);
  if (trusted.kind === 'none' || !forwardedFor || isIP(socket) === 0) return socket;
  // Nearest hop last: [..., what the first proxy saw, socket].
  const chain = [...forwardedFor.split(',').map(normalize), socket];
  if (trusted.kind === 'hops') {
    // The proxy nearest to us is the socket; each trusted hop vouches for the entry to its left.
    for (let i = chain.length - 1, hops = 0; i >= 0; i--, hops++) {
      if (isIP(chain[i]) === 0) return chain[i + 1];
      if (hops === trusted.hops || i === 0) return chain[i];
    }
    return socket;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (isIP(hop) === 0) return chain[i + 1];
    if (!trustedBy(trusted.list, hop) || i === 0) return hop;
  }
  return socket;
}
