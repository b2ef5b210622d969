import { FieldError } from "./errors";

/**
 * NetworkPolicy ports (R27-R33): numeric, named (resolved on the destination pod's container port
 * with that name AND protocol) and ranged (`endPort`), for TCP, UDP and SCTP, which never stand in
 * for one another.
 */

export type Protocol = "TCP" | "UDP" | "SCTP";

export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

/** A port a container declares; named ports of policies resolve against these. */
export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * One entry of a policy rule's `ports` (NetworkPolicy, or an admin tier's or a CNI's port read into
 * the same shape). `port` undefined matches every port of the protocol (R28).
 */
export interface PolicyPort {
  readonly protocol: Protocol;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** Parses a protocol name, case-insensitively; `undefined` when it is not one of the three. */
export function parseProtocol(text: string): Protocol | undefined {
  const upper = text.toUpperCase();
  return (PROTOCOLS as readonly string[]).includes(upper) ? (upper as Protocol) : undefined;
}

export function isPortNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** Reads an int-or-string port: numbers and all-digit strings are numbers, other strings are names. */
function parsePortValue(raw: unknown, path: string): number | string {
  if (typeof raw === "string" && /^\d+$/.test(raw)) return parsePortValue(Number(raw), path);
  if (isPortNumber(raw)) return raw;
  if (typeof raw === "string" && /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(raw) && /[a-z]/.test(raw))
    return raw;
  throw new FieldError(path, `must be a port number 1-65535 or a port name, got ${JSON.stringify(raw)}`);
}

function protocolAt(raw: unknown, path: string): Protocol {
  if (raw === undefined || raw === null) return "TCP"; // R27: protocol defaults to TCP
  const protocol = typeof raw === "string" ? parseProtocol(raw) : undefined;
  if (!protocol || raw !== protocol)
    throw new FieldError(path, `must be TCP, UDP or SCTP, got ${JSON.stringify(raw)}`);
  return protocol;
}

/** Parses one entry of a rule's `ports` list. */
export function parsePolicyPort(raw: unknown, path: string): PolicyPort {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new FieldError(path, "must be an object");
  const { protocol: rawProtocol, port: rawPort, endPort: rawEnd } = raw as Record<string, unknown>;
  const protocol = protocolAt(rawProtocol, `${path}.protocol`);
  if (rawPort === undefined || rawPort === null) {
    if (rawEnd !== undefined && rawEnd !== null) throw new FieldError(`${path}.endPort`, "requires port");
    return { protocol };
  }
  const port = parsePortValue(rawPort, `${path}.port`);
  if (rawEnd === undefined || rawEnd === null) return { protocol, port };
  if (typeof port === "string") throw new FieldError(`${path}.endPort`, "cannot be used with a named port");
  if (!isPortNumber(rawEnd) || rawEnd < port) {
    throw new FieldError(
      `${path}.endPort`,
      `must be a port number >= port (${port}), got ${JSON.stringify(rawEnd)}`,
    );
  }
  return { protocol, port, endPort: rawEnd };
}

/** Parses one entry of a container's `ports` list. */
export function parseContainerPort(raw: unknown, path: string): ContainerPort {
  if (typeof raw !== "object" || raw === null) throw new FieldError(path, "must be an object");
  const { name, containerPort, protocol } = raw as Record<string, unknown>;
  if (!isPortNumber(containerPort)) {
    throw new FieldError(`${path}.containerPort`, `must be 1-65535, got ${JSON.stringify(containerPort)}`);
  }
  if (name !== undefined && name !== null && typeof name !== "string") {
    throw new FieldError(`${path}.name`, "must be a string");
  }
  const parsed = { port: containerPort, protocol: protocolAt(protocol, `${path}.protocol`) };
  return typeof name === "string" && name !== "" ? { ...parsed, name } : parsed;
}

/**
 * Whether a port rule admits a connection to `port`/`protocol`. `destinationPorts` are the
 * destination pod's container ports, or `undefined` for an external destination, on which a named
 * port never matches (R30).
 */
export function policyPortMatches(
  rule: PolicyPort,
  port: number,
  protocol: Protocol,
  destinationPorts: readonly ContainerPort[] | undefined,
): boolean {
  if (rule.protocol !== protocol) return false; // R32, R33
  if (rule.port === undefined) return true; // R28
  if (typeof rule.port === "number") return port >= rule.port && port <= (rule.endPort ?? rule.port); // R31
  return (destinationPorts ?? []).some(
    (c) => c.name === rule.port && c.protocol === protocol && c.port === port,
  ); // R29
}

/** Whether any of the rules (or their absence: every port) admits the connection. */
export function portsMatch(
  rules: readonly PolicyPort[] | undefined,
  port: number,
  protocol: Protocol,
  destinationPorts: readonly ContainerPort[] | undefined,
): boolean {
  return rules === undefined || rules.some((r) => policyPortMatches(r, port, protocol, destinationPorts));
}

/** `80/TCP`, `8000-8080/TCP`, `http/TCP`, `*\/UDP`. */
export function formatPolicyPort(rule: PolicyPort): string {
  const port =
    rule.port === undefined ? "*" : rule.endPort ? `${rule.port}-${rule.endPort}` : String(rule.port);
  return `${port}/${rule.protocol}`;
}
