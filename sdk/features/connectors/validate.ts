import { checkDeviceTags, checkPorts, checkReplicas } from "../../kernel/checks";
import { checkCidr } from "../../kernel/cidr";
import { checkLabels, type Issues } from "../../kernel/issues";
import { checkNamespaceRef, knownNamespaces } from "../../kernel/namespaces";
import { checkDnsLabel } from "../../kernel/rules";
import { sourceProblem } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";

/** types_connector.go `Hostname`: `^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$`. */
const CONNECTOR_HOSTNAME = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/** Every problem with `connectors`. */
export function checkConnectors(issues: Issues, spec: ZeroTrustSpec): void {
  for (const [name, c] of Object.entries(spec.connectors ?? {})) {
    const path = `connectors.${name}`;
    issues.check(path, checkDnsLabel(name, "Connector name"));
    const routes = c?.routes ?? [];
    if (routes.length === 0 && !c?.exitNode && !c?.appConnector) {
      issues.add(
        path,
        "does nothing: give it routes (a subnet router), exitNode: true or appConnector: true",
      );
    }
    if (c?.appConnector && c.exitNode) {
      issues.add(
        `${path}.appConnector`,
        "an app connector cannot also be an exit node: split it into two connectors",
      );
    }
    routes.forEach((r, i) => {
      const parsed = checkCidr(r);
      if ("error" in parsed) issues.add(`${path}.routes[${i}]`, parsed.error);
      else if (parsed.cidr.prefix === 0)
        issues.add(`${path}.routes[${i}]`, `"${r}" is every address: for the internet use exitNode: true`);
    });
    checkReplicas(issues, `${path}.replicas`, c?.replicas);
    checkDeviceTags(issues, `${path}.tags`, c?.tags, spec.operator?.operatorTags);
    if (c?.proxyClass !== undefined)
      issues.check(`${path}.proxyClass`, checkDnsLabel(c.proxyClass, "ProxyClass name"));
    const hostname = c?.hostname ?? `${name}-connector`;
    if (!CONNECTOR_HOSTNAME.test(hostname)) {
      issues.add(
        `${path}.hostname`,
        `"${hostname}" is not a connector device name: use 2-63 lower-case letters, digits and "-", starting and ending alphanumeric${c?.hostname === undefined ? ' (the default is "<name>-connector"; set hostname)' : ""}`,
      );
    }
    if (c?.hostname !== undefined && (c.replicas ?? 1) > 1) {
      issues.add(
        `${path}.hostname`,
        "names one device, but replicas is above 1: remove hostname (devices are named by the operator)",
      );
    }
    (c?.access ?? []).forEach((a, j) => {
      const at = `${path}.access[${j}]`;
      if (!a.sources?.length)
        issues.add(`${at}.sources`, 'must name at least one tailnet source, e.g. ["group:sre"]');
      (a.sources ?? []).forEach((s, k) => {
        issues.check(`${at}.sources[${k}]`, sourceProblem(s));
      });
      checkPorts(issues, `${at}.ports`, a.ports, ["TCP", "UDP"]);
    });
    (c?.reach ?? []).forEach((r, j) => {
      const at = `${path}.reach[${j}]`;
      checkNamespaceRef(issues, `${at}.namespace`, r.namespace, knownNamespaces(spec));
      checkLabels(issues, `${at}.podLabels`, r.podLabels);
      checkPorts(issues, `${at}.ports`, r.ports);
    });
  }
}
