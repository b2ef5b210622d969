import type { ZeroTrustSpec } from "../features/args";
import { checkPorts } from "../kernel/checks";
import { checkCidr, cidrStrictlyInside } from "../kernel/cidr";
import { checkClusterOverlap } from "../kernel/cidr-overlap";
import { checkDataplane } from "../kernel/dataplane/validate";
import { DEFAULT_OPERATOR_NAMESPACE } from "../kernel/defaults";
import {
  checkLabels,
  Issues,
  redactIssue,
  type ValidationIssue,
  ZeroTrustValidationError,
} from "../kernel/issues";
import { describeNamespaceLabels, selectedNamespaces } from "../kernel/namespace-selectors";
import {
  BUILT_IN_NAMESPACES,
  checkNamespaceRef,
  type KnownNamespaces,
  knownNamespaces,
} from "../kernel/namespaces";
import type { NormalizedSpec } from "../kernel/normalize";
import {
  checkDnsLabel,
  checkExactVersion,
  checkPort,
  checkTag,
  checkTailnetHostname,
  checkYamlString,
} from "../kernel/rules";
import { checkNoSecrets } from "../kernel/secret-check";
import { checkTagCase } from "../kernel/tag-case";
import type { FlowEndpoint } from "../kernel/types";
import { checkShape, declarationShape } from "./fields";
import { FEATURES } from "./registry";
import type { TailnetPlan } from "./tailnet";
import { checkTailnet, checkTailnetPolicy } from "./validate-tailnet";

const entries = <T>(o: { [k: string]: T } | undefined) => Object.entries(o ?? {});

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

function checkEndpoint(
  issues: Issues,
  path: string,
  ep: FlowEndpoint | undefined,
  namespaces: KnownNamespaces,
  spec: ZeroTrustSpec,
) {
  if (!ep || (ep.namespace === undefined && ep.cidr === undefined && ep.namespaceLabels === undefined)) {
    return issues.add(
      path,
      'names nothing: give a "namespace" or "namespaceLabels" (optionally with "podLabels"), or a "cidr"',
    );
  }
  if (ep.namespaceLabels !== undefined) return checkSelectingEndpoint(issues, path, ep, spec);
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
  checkNamespaceRef(issues, `${path}.namespace`, ep.namespace, namespaces);
  checkLabels(issues, `${path}.podLabels`, ep.podLabels);
}

/** A `namespaceLabels` endpoint: alone (no namespace, no cidr), valid labels, and some namespace it selects. */
function checkSelectingEndpoint(issues: Issues, path: string, ep: FlowEndpoint, spec: ZeroTrustSpec) {
  for (const field of ["namespace", "cidr", "except"] as const) {
    if (ep[field] !== undefined)
      issues.add(
        `${path}.${field}`,
        `does not go with namespaceLabels, which selects the namespaces itself: remove one of them`,
      );
  }
  checkLabels(issues, `${path}.namespaceLabels`, ep.namespaceLabels);
  checkLabels(issues, `${path}.podLabels`, ep.podLabels);
  const selector = ep.namespaceLabels!;
  if (selectedNamespaces(spec, selector).length === 0) {
    const labelled = Object.entries(spec.namespaces ?? {})
      .filter(([, ns]) => Object.keys(ns?.labels ?? {}).length > 0)
      .map(([name, ns]) => `${name} (${describeNamespaceLabels(ns!.labels!)})`);
    issues.add(
      `${path}.namespaceLabels`,
      `${describeNamespaceLabels(selector)} selects no namespace of namespaces, so the flow would allow nothing: label the namespaces it is for (namespaces.<name>.labels) or fix the selector; ${labelled.length ? `labelled now: ${labelled.join(", ")}` : "no namespace has labels yet"}`,
    );
  }
}

function checkOperator(issues: Issues, spec: ZeroTrustSpec) {
  const op = spec.operator ?? {};
  const install = op.install ?? true;
  if (op.namespace !== undefined)
    issues.check("operator.namespace", checkDnsLabel(op.namespace, "namespace name"));
  if (op.chartVersion !== undefined)
    issues.check("operator.chartVersion", checkExactVersion(op.chartVersion));
  if (op.hostname !== undefined)
    issues.check(
      "operator.hostname",
      checkTailnetHostname(op.hostname) ??
        checkYamlString(op.hostname, "operator hostname (OPERATOR_HOSTNAME)"),
    );
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
  const owned: [string, string][] = [
    ["operatorConfig.defaultTags", "operator.operatorTags"],
    ["proxyConfig.defaultTags", "operator.proxyTags"],
    ["operatorConfig.hostname", "operator.hostname"],
  ];
  for (const [key, field] of owned) {
    const [section, name] = key.split(".");
    if (op.helmValues?.[section]?.[name] !== undefined) {
      issues.add(
        `operator.helmValues.${key}`,
        `is set by the component from ${field} (the tailnet policy and OAuth client must agree with it, and the chart wants a different type for each tag list): set ${field} instead`,
      );
    }
  }
  // The operator reads its credentials from the mounted operator-oauth Secret: these would mount
  // another volume (oauthSecretVolume), or make newer charts look for "<fullname>-oauth".
  for (const key of ["oauthSecretVolume", "nameOverride", "fullnameOverride"]) {
    if (op.helmValues?.[key] !== undefined) {
      issues.add(
        `operator.helmValues.${key}`,
        `would detach the operator from the "operator-oauth" Secret this component fills with the credentials (the operator would not start): remove it`,
      );
    }
  }
  if (op.helmValues?.oauth !== undefined) {
    issues.add(
      "operator.helmValues.oauth",
      "credentials must not go into Helm values (they would be stored in the release): use operator.oauthClientId and operator.oauthClientSecret",
    );
  }
}

/** `unmanagedNamespaces`: valid names, none also managed here. */
function checkUnmanaged(issues: Issues, spec: ZeroTrustSpec, operatorNamespace: string) {
  (spec.unmanagedNamespaces ?? []).forEach((name, i) => {
    const path = `unmanagedNamespaces[${i}]`;
    issues.check(path, checkDnsLabel(name, "namespace name"));
    if (name in (spec.namespaces ?? {}) || (name === operatorNamespace && (spec.operator?.isolate ?? true)))
      issues.add(path, `"${name}" is managed by this declaration: remove it from unmanagedNamespaces`);
  });
}

export { type ValidationIssue, ZeroTrustValidationError };

/** Every problem with the declaration, in argument order; empty when it can be planned. */
export function validateSpec(input: ZeroTrustSpec): ValidationIssue[] {
  return checkSpec(input).issues;
}

/**
 * Every problem with the declaration, what those problems kept from being checked (`unchecked`:
 * the tailnet policy when the fields it is built from have problems), and, when there is no
 * problem, its normalized spec and tailnet plan (built while checking, so planning does not build
 * them again).
 */
export function checkSpec(input: ZeroTrustSpec): {
  issues: ValidationIssue[];
  unchecked: string[];
  spec?: NormalizedSpec;
  tailnet?: TailnetPlan;
} {
  // Every problem at once: the shape problems, then the semantic ones of whatever parsed (the
  // finer rules assume the types are right, so they see the declaration without the bad fields),
  // then the tailnet policy's own (its merge, its tests) wherever the fields it is built from are sound.
  const shape = checkShape(input);
  const spec = shape.parsed as ZeroTrustSpec;
  const issues = new Issues();
  checkSemantics(issues, spec);
  checkNoSecrets(issues, spec, declarationShape());
  checkTagCase(issues, spec);
  const found = [...shape.issues, ...withoutShapeProblems(issues.list, shape.issues)];
  const tailnet = checkTailnetPolicy(input, spec, found);
  return { ...tailnet, issues: [...found, ...tailnet.issues].map(redactIssue) };
}

/**
 * A field left out for its shape must not be reported again as missing (`podLabels is required`
 * after `podLabels must be a map`): semantic issues at or under a shape problem's path are dropped.
 */
function withoutShapeProblems(issues: ValidationIssue[], shape: ValidationIssue[]): ValidationIssue[] {
  const paths = shape.map((i) => i.path);
  const under = (path: string, p: string) =>
    path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`);
  return issues.filter((i) => !paths.some((p) => under(i.path, p)));
}

function checkSemantics(issues: Issues, spec: ZeroTrustSpec) {
  checkOperator(issues, spec);
  const operatorNamespace = spec.operator?.namespace ?? DEFAULT_OPERATOR_NAMESPACE;
  for (const [name, ns] of entries(spec.namespaces)) {
    const path = `namespaces.${name}`;
    issues.check(path, checkDnsLabel(name, "namespace name"));
    if (BUILT_IN_NAMESPACES.includes(name) && ns?.create !== false) {
      issues.add(path, `exists in every cluster and cannot be created: adopt it with { create: false }`);
    }
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
  checkUnmanaged(issues, spec, operatorNamespace);
  const namespaces = knownNamespaces(spec);
  const flowNames = new Set<string>();
  (spec.allow ?? []).forEach((flow, i) => {
    const path = `allow[${i}]`;
    issues.check(`${path}.name`, checkDnsLabel(flow.name, "flow name"));
    if (flowNames.has(flow.name))
      issues.add(`${path}.name`, `"${flow.name}" is used twice: flow names must be unique`);
    flowNames.add(flow.name);
    checkEndpoint(issues, `${path}.from`, flow.from, namespaces, spec);
    checkEndpoint(issues, `${path}.to`, flow.to, namespaces, spec);
    if (flow.from?.cidr !== undefined && flow.to?.cidr !== undefined) {
      issues.add(path, "connects two external networks: at least one side must be a workload in the cluster");
    }
    checkPorts(issues, `${path}.ports`, flow.ports);
    const managed = (ep?: FlowEndpoint) =>
      ep?.namespaceLabels !== undefined ||
      (ep?.namespace !== undefined && managedNamespaces.has(ep.namespace));
    if (flow.from && flow.to && !managed(flow.from) && !managed(flow.to)) {
      issues.add(
        path,
        `neither side is in a managed namespace, so no policy would enforce it: add "${flow.from.namespace ?? flow.to.namespace ?? "its namespace"}" to namespaces`,
      );
    }
  });
  checkClusterOverlap(issues, spec);
  for (const feature of FEATURES) feature.validate(spec, issues);
  checkTailnet(issues, spec);
  checkDataplane(issues, spec);
}

/** Throws a ZeroTrustValidationError listing every problem, or returns quietly. */
export function assertValidSpec(spec: ZeroTrustSpec): void {
  const { issues, unchecked } = checkSpec(spec);
  if (issues.length > 0) throw new ZeroTrustValidationError(issues, "ZeroTrustCluster", unchecked);
}
