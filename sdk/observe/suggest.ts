import { stringify } from "yaml";
import type { ZeroTrustSpec } from "../features/args";
import { describeFlow } from "../kernel/flows";
import { knownNamespaces } from "../kernel/namespaces";
import { slug } from "../kernel/rules";
import type { Flow, FlowEndpoint } from "../kernel/types";
import { type Plan, planZeroTrust } from "../pipeline/plan";
import { ZeroTrustValidationError } from "../pipeline/validate";
import { assertPlanHolds, IntentViolationError } from "../verify/plan-check";
import type { ConnectionGroup } from "./aggregate";
import { judge } from "./judge";
import { type ObserveReport, type ReportEndpoint, reportEndpointText } from "./report";

/**
 * Least-privilege `allow` entries for the connections a declaration would block: one per pair of
 * workloads (or workload and address), their ports merged, workloads by stable labels, addresses
 * as the narrowest CIDR the log supports. They are proven before they are printed: planned
 * together with the declaration, the policies do exactly what the flows say (the plan's own
 * proof), no observed connection is blocked any more, and the only flows that open are these.
 */

export interface Suggestion {
  allow: Flow[];
  /** Namespaces the entries name that the declaration neither manages nor acknowledges yet. */
  unmanagedNamespaces: string[];
  proof: {
    /** Whether all three checks passed. */
    holds: boolean;
    /** Observed connections still blocked with the suggestions (should be 0). */
    blockedAfter: number;
    /** Flows the suggestions open, as `describeFlow` lines (should be exactly the suggestions). */
    opened: string[];
    /** What failed, in words. */
    problems: string[];
  };
}

const endpointArgs = (e: ReportEndpoint): FlowEndpoint =>
  "cidr" in e
    ? { cidr: e.cidr }
    : {
        namespace: e.namespace,
        ...(Object.keys(e.podLabels).length ? { podLabels: { ...e.podLabels } } : {}),
      };

const shortName = (e: ReportEndpoint) =>
  "cidr" in e
    ? e.cidr.endsWith("/0")
      ? "internet"
      : e.cidr.replace(/\/\d+$/, "")
    : Object.values(e.podLabels).join("-") || e.namespace;

/** The entries, one per (from, to) pair in the order of the report, with unique DNS-label names. */
export function suggestedFlows(report: ObserveReport, taken: ReadonlySet<string>): Flow[] {
  const pairs = new Map<string, Flow>();
  const used = new Set(taken);
  for (const row of report.blocked) {
    const key = `${reportEndpointText(row.from)} ${reportEndpointText(row.to)}`;
    let flow = pairs.get(key);
    if (!flow) {
      const base = slug(`observed-${shortName(row.from)}-to-${shortName(row.to)}`, 45);
      let name = base;
      for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
      used.add(name);
      flow = { name, from: endpointArgs(row.from), to: endpointArgs(row.to), ports: [] };
      pairs.set(key, flow);
    }
    if (!flow.ports!.some((p) => p.port === row.port && p.protocol === row.protocol))
      flow.ports!.push({ port: row.port, protocol: row.protocol });
  }
  for (const flow of pairs.values())
    flow.ports!.sort((a, b) => a.protocol!.localeCompare(b.protocol!) || a.port - b.port);
  return [...pairs.values()];
}

/** Namespaces (outside the cluster's built-in ones) the flows name that the declaration does not know. */
function newNamespaces(spec: ZeroTrustSpec, allow: readonly Flow[]): string[] {
  const { known } = knownNamespaces(spec);
  const named = allow.flatMap((f) => [f.from.namespace, f.to.namespace]).filter((n) => n !== undefined);
  return [...new Set(named)].filter((n) => !known.has(n)).sort();
}

/** The declaration with the suggested entries added. */
export function withSuggestion(
  spec: ZeroTrustSpec,
  s: Pick<Suggestion, "allow" | "unmanagedNamespaces">,
): ZeroTrustSpec {
  return {
    ...spec,
    ...(s.unmanagedNamespaces.length
      ? { unmanagedNamespaces: [...(spec.unmanagedNamespaces ?? []), ...s.unmanagedNamespaces] }
      : {}),
    allow: [...(spec.allow ?? []), ...s.allow],
  };
}

/** Plans the declaration with the suggestions and checks the three promises. */
export function proveSuggestion(
  spec: ZeroTrustSpec,
  before: Plan,
  allow: Flow[],
  groups: readonly ConnectionGroup[],
): Suggestion {
  const problems: string[] = [];
  const unmanagedNamespaces = newNamespaces(spec, allow);
  let after: Plan;
  try {
    after = planZeroTrust(withSuggestion(spec, { allow, unmanagedNamespaces }));
    assertPlanHolds(after);
  } catch (err) {
    if (!(err instanceof ZeroTrustValidationError || err instanceof IntentViolationError)) throw err;
    return {
      allow,
      unmanagedNamespaces,
      proof: { holds: false, blockedAfter: -1, opened: [], problems: [err.message] },
    };
  }
  const blockedAfter = judge(after, groups)
    .filter((j) => j.judgement.kind === "blocked")
    .reduce((n, j) => n + j.group.count, 0);
  if (blockedAfter > 0)
    problems.push(
      `${blockedAfter} observed connection(s) are still blocked with the suggestions (the dataplane cannot express them as flows)`,
    );
  const old = new Set(before.flows.map(describeFlow));
  const opened = after.flows.map(describeFlow).filter((line) => !old.has(line));
  const expected = new Set(allow.map((f) => f.name));
  const extra = after.flows.filter(
    (f) => !old.has(describeFlow(f)) && !(f.kind === "declared" && expected.has(f.name)),
  );
  if (extra.length) problems.push(`the suggestions also open: ${extra.map(describeFlow).join("; ")}`);
  const closed = before.flows
    .map(describeFlow)
    .filter((line) => !new Set(after.flows.map(describeFlow)).has(line));
  if (closed.length) problems.push(`the suggestions close: ${closed.join("; ")}`);
  return {
    allow,
    unmanagedNamespaces,
    proof: { holds: problems.length === 0, blockedAfter, opened, problems },
  };
}

/** The suggestion for the report's blocked connections, and how to print it. */
export function suggestFlows(
  spec: ZeroTrustSpec,
  before: Plan,
  report: ObserveReport,
  groups: readonly ConnectionGroup[],
): { suggestion: Suggestion; text: string } {
  const allow = suggestedFlows(report, new Set((spec.allow ?? []).map((f) => f.name)));
  const suggestion =
    allow.length === 0
      ? { allow, unmanagedNamespaces: [], proof: { holds: true, blockedAfter: 0, opened: [], problems: [] } }
      : proveSuggestion(spec, before, allow, groups);
  if (allow.length === 0)
    return { suggestion, text: "\nNothing to suggest: no observed connection would be blocked.\n" };
  const head = suggestion.proof.holds
    ? `\nSuggested flows (proven: with them no observed connection is blocked, and only these ${allow.length} flow(s) open):\n\n`
    : `\nSuggested flows, NOT proven:\n${suggestion.proof.problems.map((p) => `  - ${p}`).join("\n")}\n\n`;
  const fragment = suggestion.unmanagedNamespaces.length
    ? { unmanagedNamespaces: suggestion.unmanagedNamespaces, allow }
    : { allow };
  return { suggestion, text: head + stringify(fragment) };
}
