import type { K8sObject } from "../reach";
import { evaluate, type LevelledFinding, type PackConfig, plainState } from "./evaluate";
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

export function audit(objects: readonly K8sObject[], config: PackConfig = {}): AuditResult {
  const findings: LevelledFinding[] = evaluate(plainState(auditSubjects(objects)), config);
  const violations = findings.map((f) => ({
    policy: f.policy,
    resource: f.resource ?? "stack",
    message: f.message,
    enforcementLevel: f.enforcementLevel,
  }));
  return { violations, mandatory: violations.some((v) => v.enforcementLevel === "mandatory") };
}
