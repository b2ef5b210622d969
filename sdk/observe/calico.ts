import { readLabelList } from "./identity";
import { FlowInputError, type FlowProtocol, type ObservedParty, type ReadResult } from "./model";

/**
 * Calico's open-source flow logs (3.30+): Goldmane's `Flow` (`goldmane/proto/api.proto`: a `Key`
 * with names, namespaces, types, port, protocol, reporter and action, plus `source_labels`/
 * `dest_labels` lists and connection counters), as JSON with proto or JSON names, and the
 * flattened `FlowResponse` of Whisker's `/flows` API (`whisker-backend/pkg/apis/v1/flows.go`:
 * labels joined with " | "). One flow per line; a Whisker stream's `data: ` prefix is accepted.
 * Calico aggregates: names are prefixes such as `checkoutservice-598d5b586d-*`, so only the
 * labels identify a workload, and there are no addresses.
 */

type Json = { [k: string]: unknown };

/** Whether a parsed line is a Goldmane flow or a Whisker flow response. */
export function isCalico(value: Json): boolean {
  if (typeof value.Key === "object" || typeof value.key === "object") return true;
  // Goldmane's List and Stream results wrap the flow: {"id": ..., "flow": {"Key": ...}}.
  if (typeof value.flow === "object" && value.flow !== null && "Key" in value.flow) return true;
  const action = value.action ?? value.Action;
  return typeof action === "string" && ("source_namespace" in value || "sourceNamespace" in value);
}

/** A field under its proto name (`source_namespace`) or its JSON name (`sourceNamespace`). */
function field(o: Json, name: string): unknown {
  if (name in o) return o[name];
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return o[camel];
}

const text = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

/** Seconds (Goldmane's int64, a number or a string in JSON) or an RFC 3339 time (Whisker). */
function timeOf(v: unknown): number | undefined {
  if (typeof v === "number") return v * 1000;
  if (typeof v !== "string" || v === "") return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Goldmane: `Network` (public `pub` / private `pvt`), `HostEndpoint`, `NetworkSet`, `WorkloadEndpoint`. */
function party(name: string, namespace: string, type: string, labels: unknown): ObservedParty | string {
  const t = type.toLowerCase();
  const ns = namespace === "-" ? "" : namespace;
  if (t === "network" || t === "net" || ((name === "pub" || name === "pvt") && !ns)) {
    // Calico names the network, not the address: `pub` is the internet, `pvt` a private range.
    if (name === "pvt") return "is a private network Calico gives no address for";
    return { kind: "address", entity: "world" };
  }
  if (t === "hostendpoint" || t === "hep") return "is a host endpoint Calico gives no address for";
  if (t === "networkset" || t === "ns") return `is the network set ${name} (no address in the log)`;
  const list = Array.isArray(labels)
    ? labels.map(text)
    : text(labels)
        .split("|")
        .map((l) => l.trim())
        .filter(Boolean);
  const read = readLabelList(list);
  const namespaceOf = ns || read.namespace;
  if (!namespaceOf) return "has no namespace";
  return { kind: "pod", namespace: namespaceOf, labels: read.labels };
}

export function readCalico(line: Json): ReadResult {
  const value = typeof line.flow === "object" && line.flow !== null ? (line.flow as Json) : line;
  const key = (value.Key ?? value.key ?? value) as Json;
  if (typeof key !== "object" || key === null) throw new FlowInputError('"Key" is not an object');
  const action = text(field(key, "action")).toLowerCase();
  if (action !== "allow" && action !== "deny") return { skip: `action ${action || "missing"}` };
  const protocolText = text(field(key, "proto") || field(key, "protocol")).toUpperCase();
  if (protocolText !== "TCP" && protocolText !== "UDP" && protocolText !== "SCTP")
    return { skip: protocolText ? `protocol ${protocolText} (no port)` : "no protocol" };
  const port = Number(field(key, "dest_port"));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { skip: "no destination port" };
  const src = party(
    text(field(key, "source_name")),
    text(field(key, "source_namespace")),
    text(field(key, "source_type")),
    field(value, "source_labels"),
  );
  if (typeof src === "string") return { skip: `source ${src}` };
  const dst = party(
    text(field(key, "dest_name")),
    text(field(key, "dest_namespace")),
    text(field(key, "dest_type")),
    field(value, "dest_labels"),
  );
  if (typeof dst === "string") return { skip: `destination ${dst}` };
  // Both ends report a connection between two Calico workloads: count the source's report, the
  // destination's only when the source is a network (no source report exists) or it denied.
  const reporter = text(field(key, "reporter")).toLowerCase();
  if (reporter === "dst" && src.kind === "pod" && action === "allow")
    return { skip: "the destination's report of a connection its source reported too" };
  const started = Number(field(value, "num_connections_started") ?? 0);
  const time = timeOf(field(value, "start_time"));
  // Both ends are Calico pods: the source's Allow and the destination's Deny pair up (aggregate.ts).
  const side: "src-allow" | "dst-deny" | undefined =
    src.kind === "pod" && dst.kind === "pod"
      ? reporter === "src" && action === "allow"
        ? "src-allow"
        : reporter === "dst" && action === "deny"
          ? "dst-deny"
          : undefined
      : undefined;
  const report = side && {
    side,
    key: JSON.stringify([text(field(value, "start_time")), src, dst, protocolText, port]),
  };
  return {
    src,
    dst,
    protocol: protocolText as FlowProtocol,
    port,
    blocked: action === "deny",
    ...(action === "deny" ? { dropReason: `denied (reported by ${reporter || "?"})` } : {}),
    // An aggregate with no new connection still shows a live one.
    count: Number.isFinite(started) && started > 0 ? started : 1,
    ...(time === undefined ? {} : { time }),
    ...(report ? { report } : {}),
  };
}
