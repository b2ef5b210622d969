import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { configOf, RULES, type RuleEntry } from "./catalog";
import type { DesiredState, Reporter } from "./rule";
import { funnelOn, withoutFunnel } from "./rules/exposure";
import { type Subject, subjectOfPulumi } from "./subject";
import { type Plain, Unknown } from "./unknown";

/**
 * The thin Pulumi shell: each rule of the catalog as an `@pulumi/policy` policy. Inputs are copied
 * out of the engine's unknown-checking proxy into plain data first, so a rule judges what is known
 * and names what is not; what it could not check is raised at the end as the engine's own
 * "unknown during preview" error, which the engine reports as an advisory with our reason,
 * after any violation found in the known part.
 */

// The sentinel UnknownValueError's constructor needs; the class is public, its sentinels are not.
const UNKNOWN_STRING: string = require("@pulumi/policy/proxy").unknownStringValue;
// The class ships without its declaration (the package strips `@internal` members).
const UnknownBase = UnknownValueError as unknown as new (sentinel: string, path: string[]) => Error;

/** Raised when part of a rule waits for the update; the policy engine reports it as an advisory. */
export class CannotCheckUntilUpdate extends UnknownBase {
  constructor(reasons: readonly string[]) {
    super(UNKNOWN_STRING, []);
    this.message = `cannot check until update: ${reasons.join("; ")}`;
    this.name = "CannotCheckUntilUpdate";
  }
}

/** Copies inputs out of the unknown-checking proxy, with an {@link Unknown} for each unknown value. */
export function plainInputs(props: unknown, path = ""): unknown {
  if (props === null || typeof props !== "object") return props;
  const read = (key: string | number, where: string) => {
    try {
      return plainInputs((props as any)[key], where);
    } catch (err) {
      if (err instanceof UnknownValueError) return new Unknown(where);
      throw err;
    }
  };
  if (Array.isArray(props)) return Array.from({ length: props.length }, (_, i) => read(i, `${path}[${i}]`));
  const out: Plain = {};
  for (const key of Object.keys(props)) out[key] = read(key, path ? `${path}.${key}` : key);
  return out;
}

/** Collects unchecked reasons; `finish` raises them once, after the violations were reported. */
function reporterFor(report: ReportViolation, urnOf: (s?: Subject) => string | undefined) {
  const unchecked: string[] = [];
  const reporter: Reporter = {
    violation: (message, subject) => report(message, urnOf(subject)),
    unchecked: (reason) => unchecked.push(reason),
  };
  const finish = () => {
    if (unchecked.length > 0) throw new CannotCheckUntilUpdate(unchecked);
  };
  return { reporter, finish };
}

const metadataOf = (entry: RuleEntry) => ({
  name: entry.name,
  description: entry.description,
  enforcementLevel: entry.enforcementLevel,
  severity: entry.severity,
  remediationSteps: entry.remediationSteps,
  tags: ["kubernetes", "network", "tailscale"],
  configSchema: { properties: entry.config as any },
});

function resourcePolicy(entry: RuleEntry & { rule: { resource: any } }): ResourceValidationPolicy {
  const rule = entry.rule.resource;
  const subjectOf = (args: ResourceValidationArgs) => {
    const s = subjectOfPulumi(args.type, plainInputs(args.props) as Plain, args.name);
    return s && rule.kinds.includes(s.kind) ? s : undefined;
  };
  const policy: ResourceValidationPolicy = {
    ...metadataOf(entry),
    validateResource: (args, report) => {
      const s = subjectOf(args);
      if (!s) return;
      const { reporter, finish } = reporterFor(report, () => undefined);
      rule.check(s, configOf(entry, args.getConfig<Record<string, unknown>>()), reporter);
      finish();
    },
  };
  if (entry.name === "no-funnel")
    policy.remediateResource = (args) => {
      const s = subjectOf(args);
      if (!s || funnelOn(s) !== true) return undefined;
      const found: string[] = [];
      rule.check(s, configOf(entry, args.getConfig<Record<string, unknown>>()), {
        violation: (m: string) => found.push(m),
        unchecked: () => {},
      });
      return found.length > 0 ? withoutFunnel(args.props) : undefined;
    };
  return policy;
}

/** The desired state of a stack: its Kubernetes resources, NetworkPolicies linked to the Namespaces they depend on. */
export function stackState(resources: readonly PolicyResource[]): {
  state: DesiredState;
  urns: Map<Subject, string>;
} {
  const subjects: Subject[] = [];
  const urns = new Map<Subject, string>();
  const byUrn = new Map<string, Subject>();
  for (const r of resources) {
    const s = subjectOfPulumi(r.type, plainInputs(r.props) as Plain, r.name);
    if (!s) continue;
    subjects.push(s);
    urns.set(s, r.urn);
    byUrn.set(r.urn, s);
  }
  const namespaceOf = new Map<Subject, Subject>();
  for (const r of resources) {
    const s = byUrn.get(r.urn);
    if (!s) continue;
    const ns = (r.propertyDependencies?.metadata ?? [])
      .map((d) => byUrn.get(d.urn))
      .find((d) => d?.kind === "Namespace");
    if (ns) namespaceOf.set(s, ns);
  }
  return { state: { subjects, namespaceOf }, urns };
}

function stackPolicy(entry: RuleEntry & { rule: { stack: any } }): StackValidationPolicy {
  return {
    ...metadataOf(entry),
    validateStack: (args: StackValidationArgs, report) => {
      const { state, urns } = stackState(args.resources);
      const { reporter, finish } = reporterFor(report, (s) => (s ? urns.get(s) : undefined));
      entry.rule.stack.check(state, configOf(entry, args.getConfig<Record<string, unknown>>()), reporter);
      finish();
    },
  };
}

/** The policies of the pack, in catalog order. */
export function makePolicies(): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return RULES.map((entry) =>
    "resource" in entry.rule ? resourcePolicy(entry as any) : stackPolicy(entry as any),
  );
}
