import ipaddr from 'ipaddr.js';

/**
 * The part of a client's address that names one client, for per-address limits: an IPv4 address
 * as it is (also when mapped into IPv6), an IPv6 address by its /64 network, the least a single
 * subscriber is given (a client changing the rest would otherwise escape every limit).
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `${network.toString()}/64`;
}
