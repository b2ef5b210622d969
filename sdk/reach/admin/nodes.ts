import { type IpAddress, parseIp } from "../model/cidr";
import { FieldError } from "../model/errors";
import type { K8sObject, NodeInfo, SkippedObjects } from "../model/model";
import { isRecord, listAt } from "../model/parse";
import { ADMIN_KINDS } from "./load";

/** Node objects, which `nodes` peers of admin policies select (A19). */

export function parseNode(obj: K8sObject): NodeInfo {
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") throw new FieldError("metadata.name", "is required");
  const labels = obj.metadata?.labels ?? {};
  if (!isRecord(labels)) throw new FieldError("metadata.labels", "must be a map of strings");
  const addresses: IpAddress[] = [];
  const status = isRecord(obj.status) ? obj.status : {};
  listAt(status.addresses, "status.addresses").forEach((a, i) => {
    if (!isRecord(a) || (a.type !== "InternalIP" && a.type !== "ExternalIP")) return;
    const ip = typeof a.address === "string" ? parseIp(a.address) : undefined;
    if (!ip)
      throw new FieldError(
        `status.addresses[${i}].address`,
        `invalid IP address ${JSON.stringify(a.address)}`,
      );
    if (!addresses.some((x) => x.family === ip.family && x.value === ip.value)) addresses.push(ip);
  });
  return { name, labels: labels as Record<string, string>, addresses };
}

/**
 * Admin policies with `nodes` peers when the input holds no Node: those peers then match nothing
 * (A19), which the user should hear about, grouped like the kinds that are not modelled.
 */
export function nodesPeersWithoutNodes(
  sources: readonly { source: string; objects: readonly K8sObject[] }[],
): SkippedObjects[] {
  const objects = sources.flatMap(({ objects }) => objects);
  if (objects.some((o) => o.kind === "Node")) return [];
  const named = sources.flatMap(({ source, objects }) =>
    objects
      .filter((o) => ADMIN_KINDS.has(o.kind ?? "") && o.kind !== "Node" && isRecord(o.spec))
      .filter((o) =>
        (Array.isArray(o.spec.egress) ? (o.spec.egress as unknown[]) : []).some(
          (r) =>
            isRecord(r) && Array.isArray(r.to) && r.to.some((p: unknown) => isRecord(p) && p.nodes != null),
        ),
      )
      .map((o) => `${source}: ${o.metadata?.name}`),
  );
  if (named.length === 0) return [];
  return [
    {
      what: "admin policy with nodes peers and no Node in the input",
      objects: named,
      leavesOut:
        "the nodes those peers select (export them too: kubectl get nodes -o yaml); the peers match no address, so connections to nodes they deny may show as allowed and ones they allow as denied",
      partly: true,
    },
  ];
}
