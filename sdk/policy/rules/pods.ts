import { namespaceText, type ResourceRule } from "../rule";
import type { Subject } from "../subject";
import { at, isUnknown, type Unknown } from "../unknown";

/** Pods on the node's network: NetworkPolicies do not select them, so default-deny does not hold them. */

/** Where each kind keeps its pod spec. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export interface HostNetworkConfig {
  /** Namespaces whose pods may use the node's network (CNI, node-local DNS, ingress daemons). */
  allowedNamespaces: string[];
}

/** What in a pod spec uses the node's network: `hostNetwork`, and each container's `hostPort`. */
function hostUses(spec: unknown): { uses: string[]; unknown?: Unknown } {
  const uses: string[] = [];
  const hostNetwork = at(spec, "hostNetwork");
  if (isUnknown(hostNetwork)) return { uses, unknown: hostNetwork };
  if (hostNetwork === true) uses.push("hostNetwork: true");
  for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
    const containers = at(spec, list);
    if (isUnknown(containers)) return { uses, unknown: containers };
    for (const c of Array.isArray(containers) ? containers : []) {
      const ports = at(c, "ports");
      if (isUnknown(ports)) return { uses, unknown: ports };
      for (const p of Array.isArray(ports) ? ports : []) {
        const hostPort = at(p, "hostPort");
        if (isUnknown(hostPort)) return { uses, unknown: hostPort };
        if (typeof hostPort === "number" && hostPort > 0)
          uses.push(`hostPort ${hostPort} on container ${String(at(c, "name") ?? "?")}`);
      }
    }
  }
  return { uses };
}

export const noHostNetwork: ResourceRule<HostNetworkConfig> = {
  name: "no-host-network",
  kinds: Object.keys(POD_SPEC_PATH),
  check(s: Subject, config, report) {
    const spec = at(s.object, ...POD_SPEC_PATH[s.kind]);
    const { uses, unknown } = hostUses(spec);
    if (uses.length === 0 && !unknown) return;
    const ns = namespaceText(s);
    if (!isUnknown(ns) && config.allowedNamespaces.includes(ns)) return;
    if (unknown || isUnknown(ns)) {
      const what = unknown ? unknown.path : (ns as Unknown).path;
      return report.unchecked(`${s.ref}: ${what} is unknown until the update`, s);
    }
    report.violation(
      `${s.ref} uses the node's network (${uses.join(", ")}): no NetworkPolicy selects such pods, so default-deny does not hold them, and the node's address is exposed. Fix: remove hostNetwork/hostPort and reach the pods through a Service, or add "${ns}" to the allowedNamespaces of no-host-network.`,
      s,
    );
  },
};
