import { formatIp, parseIp } from "../../reach/model/cidr";
import { type NormalizedDataplane, semanticsFor } from "./profiles";
import { CiliumPolicyCidrMatchMode, Cni, type Dataplane } from "./types";

/** NodeLocal DNSCache's default link-local address (kubernetes cluster/addons/dns/nodelocaldns). */
export const DEFAULT_NODE_LOCAL_DNS_ADDRESS = "169.254.20.10";
export const DEFAULT_NODE_LOCAL_DNS_LABELS = { "k8s-app": "node-local-dns" };

/** The canonical text of an address (`2001:DB8:0::1` -> `2001:db8::1`); call on validated input. */
const canonicalIp = (text: string) => {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : text;
};

/** Applies the dataplane's defaults. Call only on args `checkDataplane` accepted. */
export function normalizeDataplane(args: Dataplane | undefined): NormalizedDataplane {
  const a = args ?? {};
  const cni = a.cni ?? Cni.Upstream;
  const local = a.nodeLocalDns;
  return {
    cni,
    ...(a.version !== undefined ? { version: a.version } : {}),
    ciliumNodesMode: a.ciliumPolicyCidrMatchMode === CiliumPolicyCidrMatchMode.Nodes,
    ...(local
      ? {
          nodeLocalDns: {
            address: canonicalIp(local.address ?? DEFAULT_NODE_LOCAL_DNS_ADDRESS),
            podLabels: { ...(local.podLabels ?? DEFAULT_NODE_LOCAL_DNS_LABELS) },
          },
        }
      : {}),
    ...(a.kubernetesServiceIp !== undefined
      ? { kubernetesServiceIp: canonicalIp(a.kubernetesServiceIp) }
      : {}),
    semantics: semanticsFor(a),
  };
}

/** `/32` or `/128`: the single-address CIDR of an address. */
export const hostCidr = (address: string) => `${address}/${address.includes(":") ? 128 : 32}`;
