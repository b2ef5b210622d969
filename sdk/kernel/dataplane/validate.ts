import { parseCidr, parseIp } from "../../reach/model/cidr";
import { checkLabels, type Issues } from "../issues";
import type { CoreSpec } from "../types";
import { parseVersion, semanticsFor } from "./profiles";
import { CiliumPolicyCidrMatchMode, Cni } from "./types";

/** The most single ports a range may expand into where `endPort` is not enforced (EKS caps a rule at 24 port combinations, so beyond this a range wants rethinking anyway). */
export const MAX_EXPANDED_PORTS = 128;

function oneOf(value: unknown, allowed: readonly string[], what: string): string | undefined {
  if (allowed.includes(value as string)) return undefined;
  const lower = String(value).toLowerCase();
  const close = allowed.find((a) => a === lower || a.replace(/-/g, "") === lower.replace(/[-_ ]/g, ""));
  return `"${value}" is not ${what}: ${close ? `write "${close}"` : `use one of ${allowed.join(", ")}`}`;
}

function checkAddress(value: string, example: string): string | undefined {
  if (parseIp(String(value))) return undefined;
  const cidr = parseCidr(String(value));
  if (cidr && String(value).includes("/"))
    return `"${value}" is a CIDR: write the address alone, e.g. "${String(value).split("/")[0]}"`;
  return `"${value}" is not an IP address: write one such as "${example}"`;
}

/** The dataplane's bad input, and the settings a dataplane makes necessary. */
export function checkDataplane(issues: Issues, spec: CoreSpec): void {
  const dp = spec.dataplane;
  if (!dp) return;
  const cnis = Object.values(Cni) as string[];
  const modes = Object.values(CiliumPolicyCidrMatchMode) as string[];
  if (dp.cni !== undefined) issues.check("dataplane.cni", oneOf(dp.cni, cnis, "a known CNI"));
  if (dp.version !== undefined && !parseVersion(String(dp.version))) {
    issues.add(
      "dataplane.version",
      `"${dp.version}" is not a version: write the CNI's version as "1.15.6" or "1.16" (cilium version, or the azure-npm image tag)`,
    );
  }
  const cilium = dp.cni === Cni.Cilium;
  if (dp.ciliumPolicyCidrMatchMode !== undefined) {
    issues.check(
      "dataplane.ciliumPolicyCidrMatchMode",
      oneOf(dp.ciliumPolicyCidrMatchMode, modes, "a policyCIDRMatchMode") ??
        (cilium ? undefined : `applies to Cilium only: set dataplane.cni to "cilium", or remove it`),
    );
  }
  const op = spec.operator ?? {};
  const isolate = op.isolate ?? true;
  if (
    cilium &&
    dp.ciliumPolicyCidrMatchMode === CiliumPolicyCidrMatchMode.Nodes &&
    isolate &&
    !op.apiServer?.cidrs?.length
  ) {
    issues.add(
      "operator.apiServer.cidrs",
      "is required with ciliumPolicyCidrMatchMode nodes: a 0.0.0.0/0 rule does not match nodes even in that mode (cilium#47827); list the API server endpoints (kubectl get endpoints kubernetes -n default)",
    );
  }
  if (dp.nodeLocalDns?.address !== undefined)
    issues.check("dataplane.nodeLocalDns.address", checkAddress(dp.nodeLocalDns.address, "169.254.20.10"));
  checkLabels(issues, "dataplane.nodeLocalDns.podLabels", dp.nodeLocalDns?.podLabels);
  if (dp.kubernetesServiceIp !== undefined)
    issues.check("dataplane.kubernetesServiceIp", checkAddress(dp.kubernetesServiceIp, "10.100.0.1"));
  if (!cnis.includes(dp.cni ?? Cni.Upstream)) return;
  const semantics = semanticsFor(dp);
  // Where ipBlock sees pods and nodes, the operator's internet rule reaches every one it does not except.
  if (
    dp.cni !== undefined &&
    dp.cni !== Cni.Upstream &&
    semantics.ipBlockMatchesPods &&
    isolate &&
    !op.clusterCidrs?.length
  ) {
    const pods =
      dp.cni === Cni.AwsVpcCni || dp.cni === Cni.AzureNpm
        ? " (on EKS and Azure CNI the pod ranges are the VPC or VNet subnets)"
        : "";
    issues.add(
      "operator.clusterCidrs",
      `is required on ${dp.cni}: its ipBlock rules match pod and node addresses, so the operator's internet egress would reach every pod and node it does not except; list the pod, Service and node ranges${pods}`,
    );
  }
  if (!semantics.endPort) {
    (spec.allow ?? []).forEach((flow, i) =>
      (flow.ports ?? []).forEach((p, j) => {
        const size = p.endPort !== undefined ? p.endPort - p.port + 1 : 1;
        if (size > MAX_EXPANDED_PORTS) {
          issues.add(
            `allow[${i}].ports[${j}].endPort`,
            `${semantics.name} does not enforce endPort, so the range ${p.port}-${p.endPort} would become ${size} single ports: narrow it to at most ${MAX_EXPANDED_PORTS} ports, or set dataplane.version to a version that enforces endPort`,
          );
        }
      }),
    );
  }
}
