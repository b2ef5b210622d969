import { checkDeviceTags, checkReplicas } from "../../kernel/checks";
import type { Issues } from "../../kernel/issues";
import { checkDnsLabel } from "../../kernel/rules";
import type { ZeroTrustSpec } from "../args";
import { ProxyGroupType } from "./args";

/** types_proxygroup.go `HostnamePrefix`: `^[a-z0-9][a-z0-9-]{0,61}$`. */
const HOSTNAME_PREFIX = /^[a-z0-9][a-z0-9-]{0,61}$/;

/** Every problem with `proxyGroups`. */
export function checkProxyGroups(issues: Issues, spec: ZeroTrustSpec): void {
  for (const [name, g] of Object.entries(spec.proxyGroups ?? {})) {
    const path = `proxyGroups.${name}`;
    issues.check(path, checkDnsLabel(name, "ProxyGroup name"));
    if (g?.type === undefined) {
      issues.add(
        `${path}.type`,
        'is required: "ingress" (Services to the tailnet) or "egress" (to tailnet services)',
      );
    } else if ((g.type as string) === "kube-apiserver") {
      issues.add(
        `${path}.type`,
        '"kube-apiserver" ProxyGroups come from the API server proxy settings, not from proxyGroups',
      );
    } else if (!Object.values(ProxyGroupType).includes(g.type)) {
      issues.add(`${path}.type`, `"${g.type}" is not a ProxyGroup type: use "ingress" or "egress"`);
    }
    checkReplicas(issues, `${path}.replicas`, g?.replicas);
    checkDeviceTags(issues, `${path}.tags`, g?.tags, spec.operator?.operatorTags);
    if (g?.proxyClass !== undefined)
      issues.check(`${path}.proxyClass`, checkDnsLabel(g.proxyClass, "ProxyClass name"));
    const prefix = g?.hostnamePrefix ?? name;
    if (!HOSTNAME_PREFIX.test(prefix)) {
      issues.add(
        `${path}.hostnamePrefix`,
        `"${prefix}" cannot prefix device names: use 1-62 lower-case letters, digits and "-", not starting with "-"${g?.hostnamePrefix === undefined ? " (the default is the group's name)" : ""}`,
      );
    }
  }
}
