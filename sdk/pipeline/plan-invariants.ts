import type { ValidationIssue } from "../kernel/issues";
import type { PlannedResource } from "../kernel/resources";

/**
 * What must hold of every plan before anything is registered (issue 23): each child's name suffix
 * is unique (`team-a`/`web` and `team`/`a-web` both make `team-a-web`; a namespace named
 * `operator` is the Helm release's suffix), every `dependsOn` names a resource planned earlier (an
 * unknown suffix would become `undefined`, which Pulumi ignores, so the order would silently go),
 * and each Kubernetes object (kind, namespace, name) is planned once (egress `x/a-b` and `x-a/b`
 * sharing one NetworkPolicy name would have one overwrite the other's pod selector).
 */

const describe = (r: PlannedResource) => {
  const meta = (r.object as { metadata?: { name?: string; namespace?: string } }).metadata;
  const name = meta?.name ? ` ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name}` : "";
  return `${r.kind}${name}`;
};

const objectKey = (r: PlannedResource): string | undefined => {
  const o = r.object as {
    kind?: string;
    apiVersion?: string;
    metadata?: { name?: string; namespace?: string };
  };
  if (!o.metadata?.name || r.kind === "NamespacePatch" || r.kind === "ServicePatch") return undefined;
  return `${o.apiVersion ?? ""}/${o.kind ?? r.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
};

export function planInvariantIssues(resources: readonly PlannedResource[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const bySuffix = new Map<string, PlannedResource>();
  const byObject = new Map<string, PlannedResource>();
  for (const r of resources) {
    const same = bySuffix.get(r.suffix);
    if (same)
      issues.push({
        path: "args",
        message: `${describe(r)} and ${describe(same)} would both be the child "<name>-${r.suffix}" (Pulumi names must be unique): rename the namespace, flow or Service whose name runs into the other's`,
      });
    for (const d of r.dependsOn)
      if (!bySuffix.has(d))
        issues.push({
          path: "args",
          message: `${describe(r)} depends on "${d}", which is not planned before it: this is a bug in the plan, please report it`,
        });
    bySuffix.set(r.suffix, r);
    const key = objectKey(r);
    if (key === undefined) continue;
    const twin = byObject.get(key);
    if (twin)
      issues.push({
        path: "args",
        message: `${describe(r)} is planned twice (children "${twin.suffix}" and "${r.suffix}"): one would overwrite the other; rename one of the names that meet in it`,
      });
    byObject.set(key, r);
  }
  return issues;
}
