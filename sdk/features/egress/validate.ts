import { DEFAULT_OPERATOR_TAGS, DEFAULT_PROXY_TAGS } from "../../kernel/defaults";
import { checkLabels, type Issues } from "../../kernel/issues";
import { checkNamespaceRef, knownNamespaces } from "../../kernel/namespaces";
import {
  checkDnsLabel,
  checkPort,
  checkPortName,
  checkProtocol,
  checkServiceName,
  checkTag,
} from "../../kernel/rules";
import { parseCidr, parseIp } from "../../reach/model/cidr";
import { parseHujson } from "../../tailnet/hujson";
import { fieldOf, isObject } from "../../tailnet/policy";
import type { ZeroTrustSpec } from "../args";
import { exposureTags } from "../exposure/validate";
import type { Egress } from "./args";
import { defaultEgressTag } from "./normalize";
import { checkSharedProxyGroups } from "./shared-groups";

/** The operator's own check of `tailscale.com/tailnet-fqdn` (operator.go `isMagicDNSName`). */
const MAGICDNS_NAME = /^[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+\.ts\.net\.?$/;
const HOST_ALIAS = /^[a-z0-9][a-z0-9.-]*$/i;

/** The `hosts` a parseable base policy defines, lower-cased (an unparseable one is the core's error). */
function baseHosts(spec: ZeroTrustSpec): Set<string> {
  try {
    const base = spec.tailnet?.basePolicy;
    const parsed = base === undefined ? undefined : parseHujson(base, "basePolicy");
    const hosts = isObject(parsed) ? fieldOf(parsed, "hosts") : undefined;
    return new Set(isObject(hosts) ? Object.keys(hosts).map((h) => h.toLowerCase()) : []);
  } catch {
    return new Set();
  }
}

function checkTarget(issues: Issues, path: string, e: Egress, hosts: Set<string>) {
  if (e.tailnetFqdn !== undefined && e.tailnetIp !== undefined) {
    issues.add(path, "gives both tailnetFqdn and tailnetIp, which the operator refuses: keep one");
  } else if (e.tailnetFqdn === undefined && e.tailnetIp === undefined) {
    issues.add(path, 'names no target: give tailnetIp ("100.64.0.50") or tailnetFqdn ("db.tail1234.ts.net")');
  }
  if (e.tailnetFqdn !== undefined && !MAGICDNS_NAME.test(e.tailnetFqdn)) {
    issues.add(
      `${path}.tailnetFqdn`,
      `"${e.tailnetFqdn}" is not a MagicDNS name, which the operator requires: write "<device>.<tailnet>.ts.net", e.g. "db.tail1234.ts.net"`,
    );
  }
  if (e.tailnetIp !== undefined && !parseIp(e.tailnetIp)) {
    issues.add(
      `${path}.tailnetIp`,
      `"${e.tailnetIp}" is not one IP address (the operator takes no ranges): write e.g. "100.64.0.50"`,
    );
  }
  const dst = e.grantDst;
  if (dst === undefined) {
    if (e.tailnetFqdn !== undefined && e.tailnetIp === undefined) {
      issues.add(
        `${path}.grantDst`,
        `is required with tailnetFqdn (a grant cannot name "${e.tailnetFqdn}"): give the target's tag ("tag:db"), its IP, or a hosts alias of tailnet.basePolicy`,
      );
    }
    return;
  }
  if (dst.startsWith("tag:")) return issues.check(`${path}.grantDst`, checkTag(dst));
  if (dst.startsWith("svc:")) {
    return issues.add(
      `${path}.grantDst`,
      `"${dst}": Tailscale Service destinations cannot be proven offline yet: name the target by tag or IP`,
    );
  }
  if (/^[0-9.]+(\/\d+)?$/.test(dst) || dst.includes(":")) {
    if (!parseCidr(dst))
      issues.add(`${path}.grantDst`, `"${dst}" is not an IP address or CIDR: write e.g. "100.64.0.50"`);
    return;
  }
  if (!HOST_ALIAS.test(dst) || !hosts.has(dst.toLowerCase())) {
    issues.add(
      `${path}.grantDst`,
      `"${dst}" is neither a tag, an IP address nor a hosts alias of tailnet.basePolicy (Tailscale refuses a grant to an unknown host): define it under "hosts", or write the tag or IP`,
    );
  }
}

function checkPorts(issues: Issues, path: string, e: Egress) {
  if (!e.ports || e.ports.length === 0)
    issues.add(`${path}.ports`, "must list at least one port, e.g. [{port: 5432}]");
  const seen = new Map<string, number>();
  (e.ports ?? []).forEach((p, j) => {
    issues.check(`${path}.ports[${j}].port`, checkPort(p.port));
    if (p.protocol !== undefined)
      issues.check(`${path}.ports[${j}].protocol`, checkProtocol(p.protocol, ["TCP", "UDP"]));
    if (p.name !== undefined) issues.check(`${path}.ports[${j}].name`, checkPortName(p.name));
    const key = `${p.protocol ?? "TCP"}/${p.port}`;
    if (seen.has(key)) issues.add(`${path}.ports[${j}]`, `${key} is already ports[${seen.get(key)}]`);
    seen.set(key, j);
  });
}

/**
 * The tags only this egress proxy carries: not the operator's, not the default proxy tags, not
 * another egress's or exposure's. The grant names the proxy's tags as its source, so a shared tag
 * would let other proxies reach the target too.
 */
function checkTags(issues: Issues, path: string, spec: ZeroTrustSpec, index: number) {
  const e = spec.egress![index];
  (e.tags ?? []).forEach((t, j) => issues.check(`${path}.tags[${j}]`, checkTag(t)));
  if (e.tags !== undefined && e.tags.length === 0) issues.add(`${path}.tags`, "must name at least one tag");
  const group = e.proxyGroup !== undefined ? spec.proxyGroups?.[e.proxyGroup] : undefined;
  if (group !== undefined) {
    if (group.type !== "egress") {
      issues.add(
        `${path}.proxyGroup`,
        `"${e.proxyGroup}" is an ${group.type} ProxyGroup: name one of type "egress", or leave proxyGroup out for a proxy of its own`,
      );
    }
    const defaults = new Set(
      [
        ...(spec.operator?.proxyTags ?? DEFAULT_PROXY_TAGS),
        ...(spec.operator?.operatorTags ?? DEFAULT_OPERATOR_TAGS),
      ].map((t) => t.toLowerCase()),
    );
    if ((group.tags ?? []).length > 0 && group.tags!.every((t) => defaults.has(t.toLowerCase()))) {
      issues.add(
        `${path}.proxyGroup`,
        `ProxyGroup "${e.proxyGroup}" carries only the default proxy or operator tags, so a grant from it would let every proxy reach the target: give proxyGroups.${e.proxyGroup}.tags a tag of its own`,
      );
    }
    if (e.tags !== undefined) {
      issues.add(
        `${path}.tags`,
        `does not apply with proxyGroup "${e.proxyGroup}": its proxies carry the group's tags; set proxyGroups.${e.proxyGroup}.tags instead`,
      );
    }
    return;
  }
  if (e.proxyGroup !== undefined && e.tags === undefined) {
    issues.add(
      `${path}.tags`,
      `is required with a proxyGroup not declared in proxyGroups: name the tags of ProxyGroup "${e.proxyGroup}" (its proxies carry them, and the grant names them), one of them its own`,
    );
    return;
  }
  const shared = new Set(
    [
      ...(spec.operator?.proxyTags ?? DEFAULT_PROXY_TAGS),
      ...(spec.operator?.operatorTags ?? DEFAULT_OPERATOR_TAGS),
      ...(spec.expose ?? []).flatMap(exposureTags),
      ...(spec.egress ?? [])
        .filter(
          (other, j) => j !== index && (other.proxyGroup === undefined || other.proxyGroup !== e.proxyGroup),
        )
        .flatMap((other) => other.tags ?? [defaultEgressTag(other)]),
    ].map((t) => t.toLowerCase()),
  );
  const tags = e.tags ?? [defaultEgressTag(e)];
  if (tags.every((t) => shared.has(t.toLowerCase()))) {
    issues.add(
      `${path}.tags`,
      `${tags.join(", ")} ${tags.length > 1 ? "are" : "is"} carried by other proxies or the operator too, so the grant to the target would let them through as well: give this proxy a tag of its own, e.g. "${defaultEgressTag(e)}"`,
    );
  }
}

/** Every problem with `egress`, before anything is created. */
export function checkEgress(issues: Issues, spec: ZeroTrustSpec): void {
  const hosts = baseHosts(spec);
  const services = new Set(
    (spec.expose ?? []).filter((x) => !x.patchExisting).map((x) => `${x.namespace}/${x.service}`),
  );
  const namespaces = knownNamespaces(spec);
  (spec.egress ?? []).forEach((e, i) => {
    const path = `egress[${i}]`;
    issues.check(`${path}.name`, checkServiceName(e.name));
    checkNamespaceRef(issues, `${path}.namespace`, e.namespace, namespaces);
    const key = `${e.namespace}/${e.name}`;
    if (services.has(key))
      issues.add(`${path}.name`, `"${key}" is already a Service of expose or egress: choose another name`);
    services.add(key);
    checkTarget(issues, path, e, hosts);
    checkPorts(issues, path, e);
    (e.from ?? []).forEach((c, j) => {
      if (c.namespace !== undefined)
        checkNamespaceRef(issues, `${path}.from[${j}].namespace`, c.namespace, namespaces);
      checkLabels(issues, `${path}.from[${j}].podLabels`, c.podLabels);
    });
    checkTags(issues, path, spec, i);
    if (e.proxyGroup !== undefined)
      issues.check(`${path}.proxyGroup`, checkDnsLabel(e.proxyGroup, "ProxyGroup name"));
    if (e.proxyClass !== undefined) {
      issues.check(`${path}.proxyClass`, checkDnsLabel(e.proxyClass, "ProxyClass name"));
      if (e.proxyGroup !== undefined)
        issues.add(
          `${path}.proxyClass`,
          "does not apply with proxyGroup (the ProxyGroup's own proxyClass does): remove it",
        );
    }
  });
  checkSharedProxyGroups(issues, spec);
}
