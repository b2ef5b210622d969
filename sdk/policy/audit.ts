import { firstAndMore } from "../kernel/lists";
import type { K8sObject } from "../reach";
import { RULES } from "./catalog";
import { evaluate, type LevelledFinding, type PackConfig, plainState, settingsOf } from "./evaluate";
import { type Subject, subjectOfObject } from "./subject";
import type { Plain } from "./unknown";

/**
 * The guardrails over objects read from files: a live export (`kubectl get
 * ns,netpol,svc,ing,deploy,sts,ds,pods -A -o yaml`) or a folder of manifests. Pure: the command
 * line (sdk/cli/audit.ts) reads the files and prints.
 */

export interface AuditViolation {
  readonly policy: string;
  /** `Kind namespace/name`, or `stack` for the state as a whole. */
  readonly resource: string;
  readonly message: string;
  readonly enforcementLevel: string;
}

export interface AuditResult {
  readonly violations: AuditViolation[];
  /** Whether a mandatory rule is violated (the command exits 1). */
  readonly mandatory: boolean;
  /**
   * Whether a mandatory rule could not be judged, because a network plugin's own policies were
   * left out of what it judges (the command exits 2: a gate never passes on a partial answer).
   */
  readonly uncheckedMandatory: boolean;
}

/**
 * The rules the reachability engine judges. A network plugin's own policies the engine does not
 * model (Calico, Antrea, Cilium off Cilium) may open or close any connection, so with such
 * policies in the input these rules' verdicts are open: reported as not checked, never as a pass.
 */
export const ENGINE_RULES: readonly string[] = [
  "namespace-default-deny",
  "dns-reachable",
  "operator-isolated",
];

const MAX_NAMED = 5;

function notChecked(policiesLeftOut: readonly string[]): string {
  const n = policiesLeftOut.length;
  const names = firstAndMore(policiesLeftOut, MAX_NAMED);
  return `not checked: ${n} network-plugin polic${n === 1 ? "y" : "ies"} the reachability engine does not model ${n === 1 ? "was" : "were"} left out (${names}); they may open or close any connection, so this rule's verdict is open. Judge them with the plugin's own tools, or disable the rule in --config to accept that.`;
}

const ownerKey = (kind: string, ns: string, name: string) => `${kind} ${ns}/${name}`;

/**
 * Pods a workload of the same input owns are judged through that workload, once: an export holds
 * both a DaemonSet and each of its pods. A pod whose owner is not in the input is judged itself.
 * ReplicaSets are rarely exported: a pod of one counts as its Deployment's when a Deployment's
 * name and a dash start the ReplicaSet's name.
 */
function withoutOwnedPods(objects: readonly K8sObject[]): K8sObject[] {
  const present = new Set(
    objects.map((o) => ownerKey(o.kind ?? "", o.metadata?.namespace ?? "", o.metadata?.name ?? "")),
  );
  const deployments = objects.filter((o) => o.kind === "Deployment");
  const owned = (o: K8sObject) => {
    const ns = o.metadata?.namespace ?? "";
    const owners =
      (o.metadata?.ownerReferences as { kind?: string; name?: string; controller?: boolean }[]) ?? [];
    return owners.some((r) => {
      if (!r.controller || !r.kind || !r.name) return false;
      if (present.has(ownerKey(r.kind, ns, r.name))) return true;
      return (
        r.kind === "ReplicaSet" &&
        deployments.some((d) => d.metadata?.namespace === ns && r.name!.startsWith(`${d.metadata?.name}-`))
      );
    });
  };
  return objects.filter((o) => o.kind !== "Pod" || !owned(o));
}

/** The subjects of objects read from files; documents without a kind are not subjects. */
export function auditSubjects(objects: readonly K8sObject[]): Subject[] {
  return withoutOwnedPods(objects)
    .map((o) => subjectOfObject(o as Plain))
    .filter((s): s is Subject => s !== undefined);
}

/**
 * The guardrails over `objects`. `policiesLeftOut` names the network-plugin policies the reader
 * skipped (`Kind namespace/name`): each enabled engine rule then gets a "not checked" finding.
 */
export function audit(
  objects: readonly K8sObject[],
  config: PackConfig = {},
  policiesLeftOut: readonly string[] = [],
): AuditResult {
  const findings: LevelledFinding[] = evaluate(plainState(auditSubjects(objects)), config);
  const violations = findings.map((f) => ({
    policy: f.policy,
    resource: f.resource ?? "stack",
    message: f.message,
    enforcementLevel: f.enforcementLevel,
  }));
  const open = policiesLeftOut.length
    ? RULES.filter((e) => ENGINE_RULES.includes(e.name))
        .map((e) => ({ name: e.name, level: settingsOf(e, config).level }))
        .filter((r) => r.level !== "disabled")
    : [];
  for (const r of open)
    violations.push({
      policy: r.name,
      resource: "stack",
      message: notChecked(policiesLeftOut),
      enforcementLevel: "advisory",
    });
  return {
    violations,
    mandatory: violations.some((v) => v.enforcementLevel === "mandatory"),
    uncheckedMandatory: open.some((r) => r.level === "mandatory" || r.level === "remediate"),
  };
}
