import { readLabelList } from "./identity";
import {
  type AddressEntity,
  FlowInputError,
  type FlowProtocol,
  type ObservedParty,
  type PodParty,
  type ReadResult,
} from "./model";
import { looksLikeReply, type TcpFlags } from "./ports";

/**
 * Hubble flows (`hubble observe -o json`, one per line, with or without the `{"flow": ...}`
 * wrapper of `GetFlowsResponse`, which the Hubble exporter writes too), following
 * `cilium/cilium api/v1/flow/flow.proto`. The exporter's field mask may drop any field, so every
 * field is optional and a missing one is a reason to skip, never a guess.
 */

interface HubbleEndpoint {
  namespace?: string;
  labels?: string[];
  pod_name?: string;
}

interface HubbleL4Ports {
  source_port?: number;
  destination_port?: number;
  flags?: TcpFlags;
}

interface HubbleFlow {
  time?: string;
  verdict?: string;
  drop_reason_desc?: string;
  IP?: { source?: string; destination?: string };
  l4?: { TCP?: HubbleL4Ports; UDP?: HubbleL4Ports; SCTP?: HubbleL4Ports; ICMPv4?: unknown; ICMPv6?: unknown };
  source?: HubbleEndpoint;
  destination?: HubbleEndpoint;
  is_reply?: boolean;
  reply?: boolean;
  Type?: string;
}

/** Whether a parsed line is Hubble's: a `GetFlowsResponse` or a bare flow. */
export function isHubble(value: { [k: string]: unknown }): boolean {
  if (value.flow !== undefined || value.node_status !== undefined || value.lost_events !== undefined)
    return true;
  return typeof value.verdict === "string" && (value.source !== undefined || value.IP !== undefined);
}

/** Reserved identities the declaration has a name for; `health` and `init` are Cilium's own. */
const RESERVED_ENTITY: { [name: string]: AddressEntity } = {
  world: "world",
  "world-ipv4": "world",
  "world-ipv6": "world",
  host: "host",
  "remote-node": "node",
  "kube-apiserver": "kube-apiserver",
};

/** Which reserved identity names a non-pod endpoint carrying several. */
const ENTITY_ORDER = ["kube-apiserver", "host", "remote-node", "health", "world", "world-ipv4", "world-ipv6"];

/** Verdicts of traffic that really flows today (AUDIT: a policy would drop it, audit mode let it pass). */
const PASSING = new Set(["FORWARDED", "REDIRECTED", "AUDIT", "TRACED", "TRANSLATED"]);
const BLOCKED = new Set(["DROPPED"]);

export class HubbleReader {
  /** Pod identities by their label list: a capture repeats a few hundred identities many times. */
  private readonly pods = new Map<string, PodParty | string>();

  read(value: { [k: string]: unknown }): ReadResult {
    if (value.node_status !== undefined || value.lost_events !== undefined)
      return { skip: "not a flow (Hubble node status or lost-events notice)" };
    const flow = (value.flow ?? value) as HubbleFlow;
    if (typeof flow !== "object" || flow === null) throw new FlowInputError('"flow" is not an object');
    const verdict = flow.verdict ?? "";
    const blocked = BLOCKED.has(verdict);
    if (!blocked && !PASSING.has(verdict))
      return { skip: verdict ? `verdict ${verdict}` : "no verdict (field masked out?)" };
    const l4 = flow.l4;
    if (!l4) return { skip: "no layer-4 header (field masked out?)" };
    const protocol: FlowProtocol | undefined = l4.TCP ? "TCP" : l4.UDP ? "UDP" : l4.SCTP ? "SCTP" : undefined;
    if (!protocol)
      return { skip: l4.ICMPv4 || l4.ICMPv6 ? "ICMP (NetworkPolicy ports cannot name it)" : "no port" };
    const ports = (l4.TCP ?? l4.UDP ?? l4.SCTP)!;
    const sourcePort = ports.source_port ?? 0;
    const port = ports.destination_port ?? 0;
    if (!port) return { skip: "no destination port (field masked out?)" };
    const reply = flow.is_reply ?? flow.reply ?? looksLikeReply(sourcePort, port, ports.flags);
    if (reply) return { skip: "reply (not a new connection)" };
    const src = this.party(flow.source, flow.IP?.source);
    if (typeof src === "string") return { skip: `source ${src}` };
    const dst = this.party(flow.destination, flow.IP?.destination);
    if (typeof dst === "string") return { skip: `destination ${dst}` };
    const time = flow.time ? Date.parse(flow.time) : Number.NaN;
    const ip = flow.IP;
    return {
      src,
      dst,
      protocol,
      port,
      blocked,
      ...(blocked && flow.drop_reason_desc ? { dropReason: flow.drop_reason_desc } : {}),
      count: 1,
      ...(Number.isNaN(time) ? {} : { time }),
      ...(ip?.source && ip.destination && sourcePort
        ? { tuple: `${protocol} ${ip.source}:${sourcePort} ${ip.destination}:${port}` }
        : {}),
    };
  }

  /** An endpoint as a party, or why it cannot be one. */
  private party(ep: HubbleEndpoint | undefined, ip: string | undefined): ObservedParty | string {
    const labels = ep?.labels;
    if (!labels || labels.length === 0) return "has no labels (field masked out?)";
    if (!labels.some((l) => l.startsWith("k8s:"))) {
      // Not a pod: a reserved identity (the host may also carry kube-apiserver), or a CIDR/FQDN one.
      const reserved = labels.filter((l) => l.startsWith("reserved:")).map((l) => l.slice(9));
      const name = ENTITY_ORDER.find((n) => reserved.includes(n)) ?? reserved[0];
      // Cilium's L7 proxy reports a pod it did not resolve as `world` while naming the pod.
      if (ep?.pod_name) return `is a pod the L7 proxy did not resolve (reserved:${name ?? "?"})`;
      if (name === "health") return "is Cilium's health endpoint (its own checks, not workload traffic)";
      const entity: AddressEntity | undefined = name === undefined ? "world" : RESERVED_ENTITY[name];
      if (!entity) return `is Cilium's reserved:${name} identity`;
      return { kind: "address", entity, ...(ip ? { ip } : {}) };
    }
    const key = `${ep?.namespace ?? ""}\n${labels.join("\n")}`;
    let pod = this.pods.get(key);
    if (pod === undefined) {
      const read = readLabelList(labels);
      const namespace = ep?.namespace || read.namespace;
      const reserved = read.reserved.find((r) => RESERVED_ENTITY[r] === undefined);
      pod = reserved
        ? `is Cilium's reserved:${reserved} identity`
        : namespace
          ? {
              kind: "pod",
              namespace,
              labels: read.labels,
              ...(read.namespaceLabels ? { namespaceLabels: read.namespaceLabels } : {}),
            }
          : "has no namespace, neither a field nor a k8s:io.kubernetes.pod.namespace label";
      this.pods.set(key, pod);
    }
    return pod;
  }
}
