import { DEFAULT_PROXY_TAGS } from "../../kernel/defaults";
import { checkLabels, type Issues } from "../../kernel/issues";
import { checkNamespaceRef, knownNamespaces } from "../../kernel/namespaces";
import {
  checkDnsLabel,
  checkPort,
  checkPortName,
  checkProtocol,
  checkServiceName,
  checkTag,
  checkTailnetHostname,
} from "../../kernel/rules";
import { perServiceTag, sourceProblem } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";
import { type Expose, ExposeVia } from "./args";
import { defaultHostname } from "./normalize";

function checkHostname(issues: Issues, path: string, e: Expose, hostnames: Map<string, string>) {
  const hostname = e.hostname ?? defaultHostname(e);
  const problem = checkTailnetHostname(hostname);
  if (problem && e.hostname === undefined) {
    issues.add(
      `${path}.hostname`,
      `the default hostname "<namespace>-<service>" is invalid: ${problem}; set hostname`,
    );
  } else issues.check(`${path}.hostname`, problem);
  if (!problem && e.via === ExposeVia.Ingress && hostname !== hostname.toLowerCase()) {
    issues.add(
      `${path}.hostname`,
      `"${hostname}" becomes the Ingress TLS host, which Kubernetes requires in lower case: write "${hostname.toLowerCase()}"`,
    );
  }
  const owner = hostnames.get(hostname.toLowerCase());
  if (owner) {
    issues.add(
      `${path}.hostname`,
      `"${hostname}" is already used by ${owner}: tailnet names must be unique, choose another hostname`,
    );
  }
  hostnames.set(hostname.toLowerCase(), path);
}

function checkPorts(issues: Issues, path: string, e: Expose) {
  if (!e.ports || e.ports.length === 0)
    issues.add(`${path}.ports`, "must list at least one port, e.g. [{port: 80}]");
  const names = new Map<string, number>();
  (e.ports ?? []).forEach((p, j) => {
    issues.check(`${path}.ports[${j}].port`, checkPort(p.port));
    if (p.targetPort !== undefined) issues.check(`${path}.ports[${j}].targetPort`, checkPort(p.targetPort));
    if (p.protocol !== undefined) {
      const allowed = e.via === ExposeVia.Ingress ? ["TCP"] : ["TCP", "UDP"];
      issues.check(`${path}.ports[${j}].protocol`, checkProtocol(p.protocol, allowed));
    }
    if (p.name !== undefined) {
      issues.check(`${path}.ports[${j}].name`, checkPortName(p.name));
      if (names.has(p.name))
        issues.add(
          `${path}.ports[${j}].name`,
          `"${p.name}" is already the name of ports[${names.get(p.name)}]`,
        );
      names.set(p.name, j);
    }
  });
  if (e.via === ExposeVia.Ingress && (e.ports ?? []).length > 1) {
    issues.add(`${path}.ports`, "an Ingress serves one backend port on 443: list exactly one port");
  }
}

/** The tags an exposure's proxy carries of its own: given, or derived for `access` and Funnel. */
export const exposureTags = (e: Expose): string[] =>
  e.tags ??
  ((e.access?.length ?? 0) > 0 || e.funnel ? [perServiceTag(e.hostname ?? defaultHostname(e))] : []);

/**
 * The tags a grant for this exposure would name: its own tags, those no other exposure and no
 * default proxy tag carries. Without one, a grant to this Service would open others too.
 */
function ownTags(spec: ZeroTrustSpec, index: number): string[] {
  const shared = new Set(spec.operator?.proxyTags ?? DEFAULT_PROXY_TAGS);
  (spec.expose ?? []).forEach((other, j) => {
    if (j !== index) for (const t of exposureTags(other)) shared.add(t.toLowerCase());
  });
  return exposureTags(spec.expose![index]).filter((t) => !shared.has(t.toLowerCase()));
}

/** Every problem with `expose`, and with the tailnet settings that name exposures (`access`, Funnel). */
export function checkExposures(issues: Issues, spec: ZeroTrustSpec) {
  const hostnames = new Map<string, string>();
  const services = new Set<string>();
  const namespaces = knownNamespaces(spec);
  (spec.expose ?? []).forEach((e, i) => {
    const path = `expose[${i}]`;
    checkNamespaceRef(issues, `${path}.namespace`, e.namespace, namespaces);
    issues.check(`${path}.service`, checkServiceName(e.service));
    const key = `${e.namespace}/${e.service}`;
    if (services.has(key)) issues.add(path, `exposes "${key}" a second time: merge the two entries`);
    services.add(key);
    checkHostname(issues, path, e, hostnames);
    if (!e.podLabels || Object.keys(e.podLabels).length === 0) {
      issues.add(
        `${path}.podLabels`,
        'is required: the labels of the backend pods, e.g. {"app": "grafana"} (the Service selector and the proxy allow rule)',
      );
    }
    checkLabels(issues, `${path}.podLabels`, e.podLabels);
    checkPorts(issues, path, e);
    (e.tags ?? []).forEach((t, j) => issues.check(`${path}.tags[${j}]`, checkTag(t)));
    if (e.proxyClass !== undefined)
      issues.check(`${path}.proxyClass`, checkDnsLabel(e.proxyClass, "ProxyClass name"));
    if (e.via !== undefined && !Object.values(ExposeVia).includes(e.via)) {
      issues.add(
        `${path}.via`,
        `"${e.via}" is not a way to expose: use one of ${Object.values(ExposeVia).join(", ")}`,
      );
    }
    if (e.patchExisting && e.via === ExposeVia.LoadBalancer) {
      issues.add(
        `${path}.patchExisting`,
        "cannot turn an existing Service into a Tailscale LoadBalancer (its type and loadBalancerClass belong to its owner, and the class is immutable): use via annotation, or create the Service here",
      );
    }
    if (e.proxyGroup !== undefined) checkProxyGroup(issues, path, e, spec);
    if ((e.access?.length ?? 0) > 0 && ownTags(spec, i).length === 0) {
      const tags = (e.tags ?? [perServiceTag(e.hostname ?? defaultHostname(e))]).join(", ");
      issues.add(
        `${path}.tags`,
        `${tags} is shared with another exposure or the default proxy tags, so a grant for this Service would open the others too: give it a tag of its own`,
      );
    }
  });
  checkTailnetAccess(issues, spec);
}

/** An exposure served by a ProxyGroup: an ingress one declared here, a name a Tailscale Service can take. */
function checkProxyGroup(issues: Issues, path: string, e: Expose, spec: ZeroTrustSpec): void {
  const name = e.proxyGroup!;
  const group = spec.proxyGroups?.[name];
  const ingress = Object.entries(spec.proxyGroups ?? {})
    .filter(([, g]) => g?.type === "ingress")
    .map(([n]) => `"${n}"`);
  const known = ingress.length
    ? `: use one of ${ingress.join(", ")}`
    : ': declare one in proxyGroups with type "ingress"';
  if (group === undefined)
    issues.add(`${path}.proxyGroup`, `"${name}" is not a ProxyGroup in proxyGroups${known}`);
  else if (group.type !== "ingress") {
    issues.add(
      `${path}.proxyGroup`,
      `"${name}" is an ${group.type} ProxyGroup; only an ingress ProxyGroup serves Services to the tailnet${known}`,
    );
  }
  const hostname = e.hostname ?? defaultHostname(e);
  if (hostname !== hostname.toLowerCase()) {
    issues.add(
      `${path}.hostname`,
      `"${hostname}" names the Tailscale Service svc:${hostname}, which must be lower case: write "${hostname.toLowerCase()}"`,
    );
  }
  if (e.funnel) {
    issues.add(
      `${path}.funnel`,
      "is not modelled for a Service served by a ProxyGroup: remove funnel, or remove proxyGroup for a dedicated proxy",
    );
  }
}

/** Who may reach a Service, and Funnel's two switches. */
function checkTailnetAccess(issues: Issues, spec: ZeroTrustSpec): void {
  const exposed = new Set((spec.expose ?? []).map((e) => `${e.namespace}/${e.service}`));
  const allowFunnel = new Set(spec.tailnet?.allowFunnel ?? []);
  (spec.expose ?? []).forEach((e, i) => {
    const path = `expose[${i}]`;
    (e.access ?? []).forEach((source, j) => {
      issues.check(`${path}.access[${j}]`, sourceProblem(source));
    });
    if (!e.funnel) return;
    if (e.via !== ExposeVia.Ingress) {
      issues.add(
        `${path}.funnel`,
        `Funnel only works on an Ingress (the operator ignores it on Services): set via to "ingress", or remove funnel`,
      );
    }
    if (!allowFunnel.has(`${e.namespace}/${e.service}`)) {
      issues.add(
        `${path}.funnel`,
        `puts ${e.namespace}/${e.service} on the public internet, which needs a second switch: add "${e.namespace}/${e.service}" to tailnet.allowFunnel`,
      );
    }
  });
  (spec.tailnet?.allowFunnel ?? []).forEach((name, i) => {
    if (!exposed.has(name)) {
      issues.add(
        `tailnet.allowFunnel[${i}]`,
        `"${name}" is not an exposed Service: write "<namespace>/<service>" of an expose entry with funnel: true`,
      );
    }
  });
}
