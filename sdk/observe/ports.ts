/**
 * Which end of a packet opened the connection when the log does not say: a SYN+ACK answers and a
 * lone SYN opens; otherwise a packet from a listening port to an ephemeral one is a reply. Linux
 * picks ephemeral ports from 32768-60999 (`net.ipv4.ip_local_port_range`), so a low source port
 * with a high destination port reads as the server answering.
 */

const EPHEMERAL_FROM = 32768;

export interface TcpFlags {
  SYN?: boolean;
  ACK?: boolean;
}

/** Whether a packet is a reply, from its TCP flags or else its ports. */
export function looksLikeReply(sourcePort: number, destinationPort: number, flags?: TcpFlags): boolean {
  if (flags?.SYN) return Boolean(flags.ACK);
  return sourcePort > 0 && sourcePort < EPHEMERAL_FROM && destinationPort >= EPHEMERAL_FROM;
}
