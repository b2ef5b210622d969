import { DEFAULT_OPERATOR_TAGS } from "../kernel/defaults";
import { checkLabels, Issues } from "../kernel/issues";
import { checkDnsLabel, checkPort } from "../kernel/rules";
import { quoteValue } from "../kernel/secrets";
import { isRecord } from "../reach/model/records";
import { exposureOwnTag, findExposure, linkPorts, prefixOf } from "./expand";
import type { FleetSpec, Link } from "./types";

/**
 * The fleet's own bad input, found before any cluster is planned: the shape of `clusters`, `links`
 * and `tailnet`, links to unknown clusters or to Services nobody exposes, and per-cluster tailnet
 * switches that belong to the fleet. Each issue names the field, quotes the value, says the fix.
 */

const FLEET_FIELDS = ["clusters", "links", "tailnet"];
const TAILNET_FIELDS = ["basePolicy", "manage", "createOAuthClient", "domain", "includeTests"];
const LINK_FIELDS = ["name", "from", "to", "ports"];
/** Per-cluster tailnet fields the fleet decides once for every cluster. */
const FLEET_ONLY = ["manage", "basePolicy", "createOAuthClient", "domain", "includeTests"];
const MAGICDNS_DOMAIN = /^[a-zA-Z0-9-]+\.ts\.net$/;

const isObject = isRecord;

function unknownKeys(issues: Issues, path: string, value: unknown, known: string[]) {
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      issues.add(path ? `${path}.${key}` : key, `is not a known field: known fields are ${known.join(", ")}`);
    }
  }
}

const quote = (v: unknown) => quoteValue(v);

function checkLink(issues: Issues, spec: FleetSpec, link: Link, at: string, names: Map<string, string>) {
  unknownKeys(issues, at, link, LINK_FIELDS);
  issues.check(`${at}.name`, checkDnsLabel(link.name, "link name"));
  if (names.has(link.name)) {
    issues.add(
      `${at}.name`,
      `${quote(link.name)} is also ${names.get(link.name)}: link names name egress Services and tags, so they must be unique; rename one`,
    );
  }
  names.set(link.name, `${at}.name`);
  const known = Object.keys(spec.clusters).join(", ");
  for (const side of ["from", "to"] as const) {
    const cluster = link[side]?.cluster;
    if (!isObject(link[side])) {
      issues.add(
        `${at}.${side}`,
        `is missing: give { cluster, namespace${side === "to" ? ", service" : ""} }`,
      );
      return;
    }
    if (!(cluster in spec.clusters)) {
      issues.add(
        `${at}.${side}.cluster`,
        `${quote(cluster)} is not a cluster of this fleet: use one of ${known}`,
      );
    }
  }
  issues.check(`${at}.from.namespace`, checkDnsLabel(link.from.namespace, "namespace"));
  checkLabels(issues, `${at}.from.podLabels`, link.from.podLabels);
  if (link.from.cluster === link.to.cluster) {
    issues.add(
      `${at}.to.cluster`,
      `${quote(link.to.cluster)} is the source cluster too: a flow inside one cluster belongs in its allow list, not in links`,
    );
  }
  const target = spec.clusters[link.to.cluster];
  if (!target) return;
  const index = findExposure(target, link.to);
  if (index < 0) {
    const exposed = (target.expose ?? []).map((e) => `${e.namespace}/${e.service}`);
    issues.add(
      `${at}.to.service`,
      `${quote(`${link.to.namespace}/${link.to.service}`)} is not exposed by cluster ${link.to.cluster}: add it to clusters.${link.to.cluster}.expose${exposed.length ? ` or use one of ${exposed.join(", ")}` : ""}`,
    );
    return;
  }
  const exposure = target.expose![index];
  if (exposure.proxyGroup !== undefined) {
    issues.add(
      `${at}.to.service`,
      `${quote(`${link.to.namespace}/${link.to.service}`)} is served by the ProxyGroup ${quote(exposure.proxyGroup)} (a Tailscale Service), which links do not reach yet: expose it with a proxy of its own for the link`,
    );
    return;
  }
  if (exposureOwnTag(target, prefixOf(link.to.cluster, target), exposure) === undefined) {
    issues.add(
      `clusters.${link.to.cluster}.expose[${index}].tags`,
      `${quote(exposure.tags)} has no tag of its own, so a grant for ${at} would open every proxy sharing them: add one, or remove tags for the default`,
    );
  }
  const served = linkPorts({ ...link, ports: undefined }, exposure);
  (link.ports ?? []).forEach((p, i) => {
    issues.check(`${at}.ports[${i}].port`, checkPort(p.port));
    const protocol = p.protocol ?? "TCP";
    if (protocol !== "TCP" && protocol !== "UDP") {
      issues.add(`${at}.ports[${i}].protocol`, `${quote(protocol)} is not "TCP" or "UDP"`);
    } else if (!served.some((s) => s.port === p.port && s.protocol === protocol)) {
      issues.add(
        `${at}.ports[${i}]`,
        `${protocol}/${p.port} is not served by ${link.to.cluster}/${link.to.namespace}/${link.to.service}: use one of ${served.map((s) => `${s.protocol}/${s.port}`).join(", ")}`,
      );
    }
  });
}

/**
 * The API server proxy's grant names the operator's tags. Two clusters using it with one operator
 * tag (the default `tag:k8s-operator` for all) would each grant its sources the other's groups:
 * edge's `group:sre -> edge-admins` would hold on core's API server proxy too.
 */
function checkProxyOperatorTags(issues: Issues, spec: FleetSpec) {
  const byTag = new Map<string, string>();
  for (const [name, cluster] of Object.entries(spec.clusters)) {
    if (!isObject(cluster) || !(cluster.apiServerProxy?.access?.length ?? 0)) continue;
    for (const tag of cluster.operator?.operatorTags ?? DEFAULT_OPERATOR_TAGS) {
      const other = byTag.get(tag.toLowerCase());
      if (other !== undefined && other !== name)
        issues.add(
          `clusters.${name}.operator.operatorTags`,
          `${quote(tag)} is also the operator tag of cluster ${other}, and both use apiServerProxy.access: each grant names the operator tag, so either cluster's sources would get the other's groups on its API server proxy; give each cluster operator tags of its own, e.g. ["tag:k8s-${name}-operator"]`,
        );
      else byTag.set(tag.toLowerCase(), name);
    }
  }
}

/** Every problem with the fleet's own fields (each cluster's args are checked when it is planned). */
export function validateFleet(spec: FleetSpec): Issues {
  const issues = new Issues();
  if (!isObject(spec)) {
    issues.add("", "expected a mapping with clusters, links and tailnet");
    return issues;
  }
  unknownKeys(issues, "", spec, FLEET_FIELDS);
  if (!isObject(spec.clusters) || Object.keys(spec.clusters).length === 0) {
    issues.add("clusters", "names no cluster: give at least one, e.g. { homelab: { ... } }");
    return issues;
  }
  for (const [name, cluster] of Object.entries(spec.clusters)) {
    issues.check(`clusters.${name}`, checkDnsLabel(name, "cluster name"));
    if (!isObject(cluster)) {
      issues.add(`clusters.${name}`, "must be a mapping of ZeroTrustCluster args");
      continue;
    }
    if (cluster.prefix !== undefined && cluster.prefix !== "") {
      issues.check(`clusters.${name}.prefix`, checkDnsLabel(String(cluster.prefix), "prefix"));
    }
    for (const field of FLEET_ONLY) {
      if ((cluster.tailnet as { [k: string]: unknown } | undefined)?.[field] !== undefined) {
        issues.add(
          `clusters.${name}.tailnet.${field}`,
          `is decided once for the fleet: move it to the fleet's tailnet.${field}`,
        );
      }
    }
  }
  checkProxyOperatorTags(issues, spec);
  unknownKeys(issues, "tailnet", spec.tailnet, TAILNET_FIELDS);
  const tailnet = spec.tailnet ?? {};
  if (tailnet.manage && tailnet.basePolicy === undefined) {
    issues.add(
      "tailnet.manage",
      "needs tailnet.basePolicy: the one Acl owns the WHOLE policy file, and the fragments alone would cut the rest of the tailnet off",
    );
  }
  const links = spec.links ?? [];
  if (!Array.isArray(links)) {
    issues.add("links", "must be a list of { name, from, to, ports }");
    return issues;
  }
  if (links.length > 0 && (tailnet.domain === undefined || !MAGICDNS_DOMAIN.test(tailnet.domain))) {
    issues.add(
      "tailnet.domain",
      `${tailnet.domain === undefined ? "is required with links" : `${quote(tailnet.domain)} is not a MagicDNS domain`}: the egress Services name the destination as <hostname>.<domain>; give your tailnet's, e.g. "tail1234.ts.net"`,
    );
  }
  const names = new Map<string, string>();
  links.forEach((link, i) => checkLink(issues, spec, link, `links[${i}]`, names));
  return issues;
}
