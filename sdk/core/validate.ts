import { checkCidr, cidrStrictlyInside } from "./cidr";
import { DEFAULT_OPERATOR_NAMESPACE } from "./defaults";
import { unknownFields } from "./fields";
import { Issues, type ValidationIssue, ZeroTrustValidationError } from "./issues";
import { defaultHostname } from "./normalize";
import {
  checkDnsLabel,
  checkExactVersion,
  checkLabelKey,
  checkLabelValue,
  checkPort,
  checkProtocol,
  checkServiceName,
  checkTag,
  checkTailnetHostname,
} from "./rules";
import { ExposeVia, type FlowEndpointArgs, type PortArgs, type ZeroTrustSpec } from "./types";
import { checkTailnet } from "./validate-tailnet";

const entries = <T>(o: { [k: string]: T } | undefined) => Object.entries(o ?? {});

function checkLabels(issues: Issues, path: string, labels: { [k: string]: string } | undefined) {
  for (const [key, value] of entries(labels)) {
    issues.check(`${path}["${key}"]`, checkLabelKey(key) ?? checkLabelValue(key, value));
  }
}

function checkCidrWithExcept(issues: Issues, path: string, cidr: string, except: string[] = []) {
  const parsed = checkCidr(cidr);
  if ("error" in parsed) return issues.add(`${path}.cidr`, parsed.error);
  except.forEach((text, i) => {
    const inner = checkCidr(text);
    if ("error" in inner) return issues.add(`${path}.except[${i}]`, inner.error);
    if (!cidrStrictlyInside(parsed.cidr, inner.cidr)) {
      issues.add(
        `${path}.except[${i}]`,
        `"${text}" is not strictly inside cidr "${cidr}": remove it or fix the cidr`,
      );
    }
  });
}

function checkPorts(issues: Issues, path: string, ports: PortArgs[] | undefined) {
  (ports ?? []).forEach((p, i) => {
    issues.check(`${path}[${i}].port`, checkPort(p.port));
    if (p.endPort !== undefined) {
      issues.check(`${path}[${i}].endPort`, checkPort(p.endPort));
      if (p.endPort < p.port) {
        issues.add(
          `${path}[${i}].endPort`,
          `${p.endPort} is below port ${p.port}: a range runs from port up to endPort; swap them`,
        );
      }
    }
    if (p.protocol !== undefined) issues.check(`${path}[${i}].protocol`, checkProtocol(p.protocol));
  });
}

function checkEndpoint(issues: Issues, path: string, ep: FlowEndpointArgs | undefined) {
  if (!ep || (ep.namespace === undefined && ep.cidr === undefined)) {
    return issues.add(path, 'names nothing: give a "namespace" (optionally with "podLabels") or a "cidr"');
  }
  if (ep.cidr !== undefined) {
    if (ep.namespace !== undefined || ep.podLabels !== undefined) {
      issues.add(
        path,
        `mixes cidr "${ep.cidr}" with namespace/podLabels: an endpoint is either a workload or an external network; split it into two flows`,
      );
    }
    return checkCidrWithExcept(issues, path, ep.cidr, ep.except);
  }
  if (ep.except !== undefined) issues.add(`${path}.except`, 'only applies to a "cidr" endpoint: remove it');
  issues.check(`${path}.namespace`, checkDnsLabel(ep.namespace!, "namespace name"));
  checkLabels(issues, `${path}.podLabels`, ep.podLabels);
}

function checkOperator(issues: Issues, spec: ZeroTrustSpec) {
  const op = spec.operator ?? {};
  const install = op.install ?? true;
  if (op.namespace !== undefined)
    issues.check("operator.namespace", checkDnsLabel(op.namespace, "namespace name"));
  if (op.chartVersion !== undefined)
    issues.check("operator.chartVersion", checkExactVersion(op.chartVersion));
  if (op.hostname !== undefined) issues.check("operator.hostname", checkTailnetHostname(op.hostname));
  for (const field of ["operatorTags", "proxyTags"] as const) {
    const tags = op[field];
    if (tags !== undefined && tags.length === 0)
      issues.add(`operator.${field}`, "must name at least one tag");
    (tags ?? []).forEach((t, i) => issues.check(`operator.${field}[${i}]`, checkTag(t)));
  }
  if (install && !spec.tailnet?.createOAuthClient) {
    for (const field of ["oauthClientId", "oauthClientSecret"] as const) {
      if (op[field] === undefined || op[field] === null || op[field] === "") {
        issues.add(
          `operator.${field}`,
          `is required to install the operator: pass it as a secret (cfg.requireSecret("ts${field.slice(5)}")), set tailnet.createOAuthClient, or set operator.install to false if the operator is already installed`,
        );
      }
    }
  }
  (op.apiServer?.cidrs ?? []).forEach((c, i) => {
    const parsed = checkCidr(c);
    if ("error" in parsed) issues.add(`operator.apiServer.cidrs[${i}]`, parsed.error);
  });
  (op.apiServer?.ports ?? []).forEach((p, i) => issues.check(`operator.apiServer.ports[${i}]`, checkPort(p)));
  (op.clusterCidrs ?? []).forEach((c, i) => {
    const parsed = checkCidr(c);
    if ("error" in parsed) issues.add(`operator.clusterCidrs[${i}]`, parsed.error);
  });
  if (op.helmValues?.oauth !== undefined) {
    issues.add(
      "operator.helmValues.oauth",
      "credentials must not go into Helm values (they would be stored in the release): use operator.oauthClientId and operator.oauthClientSecret",
    );
  }
}

function checkExposures(issues: Issues, spec: ZeroTrustSpec) {
  const hostnames = new Map<string, string>();
  const services = new Set<string>();
  (spec.expose ?? []).forEach((e, i) => {
    const path = `expose[${i}]`;
    issues.check(`${path}.namespace`, checkDnsLabel(e.namespace, "namespace name"));
    issues.check(`${path}.service`, checkServiceName(e.service));
    const key = `${e.namespace}/${e.service}`;
    if (services.has(key)) issues.add(path, `exposes "${key}" a second time: merge the two entries`);
    services.add(key);
    const hostname = e.hostname ?? defaultHostname(e);
    const problem = checkTailnetHostname(hostname);
    if (problem && e.hostname === undefined) {
      issues.add(
        `${path}.hostname`,
        `the default hostname "<namespace>-<service>" is invalid: ${problem}; set hostname`,
      );
    } else issues.check(`${path}.hostname`, problem);
    const owner = hostnames.get(hostname.toLowerCase());
    if (owner) {
      issues.add(
        `${path}.hostname`,
        `"${hostname}" is already used by ${owner}: tailnet names must be unique, choose another hostname`,
      );
    }
    hostnames.set(hostname.toLowerCase(), path);
    if (!e.podLabels || Object.keys(e.podLabels).length === 0) {
      issues.add(
        `${path}.podLabels`,
        'is required: the labels of the backend pods, e.g. {"app": "grafana"} (the Service selector and the proxy allow rule)',
      );
    }
    checkLabels(issues, `${path}.podLabels`, e.podLabels);
    if (!e.ports || e.ports.length === 0)
      issues.add(`${path}.ports`, "must list at least one port, e.g. [{port: 80}]");
    (e.ports ?? []).forEach((p, j) => {
      issues.check(`${path}.ports[${j}].port`, checkPort(p.port));
      if (p.targetPort !== undefined) issues.check(`${path}.ports[${j}].targetPort`, checkPort(p.targetPort));
      if (p.protocol !== undefined)
        issues.check(`${path}.ports[${j}].protocol`, checkProtocol(p.protocol, ["TCP", "UDP"]));
    });
    (e.tags ?? []).forEach((t, j) => issues.check(`${path}.tags[${j}]`, checkTag(t)));
    if (e.proxyClass !== undefined)
      issues.check(`${path}.proxyClass`, checkDnsLabel(e.proxyClass, "ProxyClass name"));
    if (e.via !== undefined && !Object.values(ExposeVia).includes(e.via)) {
      issues.add(
        `${path}.via`,
        `"${e.via}" is not a way to expose: use one of ${Object.values(ExposeVia).join(", ")}`,
      );
    }
  });
}

/** Every problem with the declaration, in argument order; empty when it can be planned. */
export { type ValidationIssue, ZeroTrustValidationError };

export function validateSpec(spec: ZeroTrustSpec): ValidationIssue[] {
  const issues = new Issues();
  issues.list.push(...unknownFields(spec));
  checkOperator(issues, spec);
  const operatorNamespace = spec.operator?.namespace ?? DEFAULT_OPERATOR_NAMESPACE;
  for (const [name, ns] of entries(spec.namespaces)) {
    const path = `namespaces.${name}`;
    issues.check(path, checkDnsLabel(name, "namespace name"));
    if (name === operatorNamespace) {
      issues.add(
        path,
        `is the operator namespace, which the operator settings manage: remove it from namespaces`,
      );
    }
    checkLabels(issues, `${path}.labels`, ns?.labels);
  }
  if (spec.clusterDns?.namespace !== undefined) {
    issues.check("clusterDns.namespace", checkDnsLabel(spec.clusterDns.namespace, "namespace name"));
  }
  checkLabels(issues, "clusterDns.podLabels", spec.clusterDns?.podLabels);
  const managedNamespaces = new Set(Object.keys(spec.namespaces ?? {}));
  if (spec.operator?.isolate ?? true) managedNamespaces.add(operatorNamespace);
  const flowNames = new Set<string>();
  (spec.allow ?? []).forEach((flow, i) => {
    const path = `allow[${i}]`;
    issues.check(`${path}.name`, checkDnsLabel(flow.name, "flow name"));
    if (flowNames.has(flow.name))
      issues.add(`${path}.name`, `"${flow.name}" is used twice: flow names must be unique`);
    flowNames.add(flow.name);
    checkEndpoint(issues, `${path}.from`, flow.from);
    checkEndpoint(issues, `${path}.to`, flow.to);
    if (flow.from?.cidr !== undefined && flow.to?.cidr !== undefined) {
      issues.add(path, "connects two external networks: at least one side must be a workload in the cluster");
    }
    checkPorts(issues, `${path}.ports`, flow.ports);
    const managed = (ep?: FlowEndpointArgs) =>
      ep?.namespace !== undefined && managedNamespaces.has(ep.namespace);
    if (flow.from && flow.to && !managed(flow.from) && !managed(flow.to)) {
      issues.add(
        path,
        `neither side is in a managed namespace, so no policy would enforce it: add "${flow.from.namespace ?? flow.to.namespace ?? "its namespace"}" to namespaces`,
      );
    }
  });
  checkExposures(issues, spec);
  checkTailnet(issues, spec);
  return issues.list;
}

/** Throws a ZeroTrustValidationError listing every problem, or returns quietly. */
export function assertValidSpec(spec: ZeroTrustSpec): void {
  const issues = validateSpec(spec);
  if (issues.length > 0) throw new ZeroTrustValidationError(issues);
}
