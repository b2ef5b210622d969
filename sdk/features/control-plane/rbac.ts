import { MANAGED_BY_LABEL } from "../../kernel/defaults";
import { type ClusterRoleBinding, type GroupSubject, RBAC_API, type RoleBinding } from "../../kernel/kube";
import { slug } from "../../kernel/rules";
import type { NormalizedControlPlane } from "./normalize";
import { RoleKind } from "./types";

/**
 * The RBAC the impersonated groups get: one binding per (group, role, namespace), so adding a
 * group or a role creates a binding and never rewrites another. Names are a contract
 * (`tailnet-<group>-<role>`, lower-cased, other characters as "-"): renaming one replaces a live
 * binding.
 */

/** The stable name of a group's binding to a role. */
export const bindingName = (group: string, role: string) => `tailnet-${slug(group, 100)}-${slug(role, 100)}`;

/** The role a cluster-wide binding would make the group cluster administrators with. */
export const CLUSTER_ADMIN = "cluster-admin";

/** Every binding the declaration asks for, deduplicated, in a stable order. */
export function planBindings(cp: NormalizedControlPlane): {
  clusterRoleBindings: ClusterRoleBinding[];
  roleBindings: RoleBinding[];
} {
  const crbs = new Map<string, ClusterRoleBinding>();
  const rbs = new Map<string, RoleBinding>();
  const subject = (name: string): GroupSubject => ({ kind: "Group", apiGroup: RBAC_API, name });
  for (const entry of cp.access) {
    for (const group of entry.groups) {
      for (const role of entry.clusterRoles) {
        const name = bindingName(group, role);
        crbs.set(name, {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name, labels: { ...MANAGED_BY_LABEL } },
          subjects: [subject(group)],
          roleRef: { apiGroup: RBAC_API, kind: "ClusterRole", name: role },
        });
      }
      for (const r of entry.namespaceRoles) {
        const name = bindingName(group, r.role);
        rbs.set(`${r.namespace}/${name}`, {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: { name, namespace: r.namespace, labels: { ...MANAGED_BY_LABEL } },
          subjects: [subject(group)],
          roleRef: {
            apiGroup: RBAC_API,
            kind: r.roleKind === RoleKind.Role ? "Role" : "ClusterRole",
            name: r.role,
          },
        });
      }
    }
  }
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  return { clusterRoleBindings: sorted(crbs), roleBindings: sorted(rbs) };
}

/** What a set of groups may do through the planned bindings: `ClusterRole view (cluster)`, `Role deploy (apps)`. */
export function rolesOfGroups(
  groups: readonly string[],
  bindings: ReturnType<typeof planBindings>,
): string[] {
  const has = (b: { subjects: GroupSubject[] }) => b.subjects.some((s) => groups.includes(s.name));
  const cluster = bindings.clusterRoleBindings
    .filter(has)
    .map((b) => `ClusterRole ${b.roleRef.name} (cluster)`);
  const namespaced = bindings.roleBindings
    .filter(has)
    .map((b) => ({
      ns: b.metadata.namespace,
      text: `${b.roleRef.kind} ${b.roleRef.name} (${b.metadata.namespace})`,
    }))
    .sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.text < b.text ? -1 : 1))
    .map((x) => x.text);
  return [...new Set([...cluster.sort(), ...namespaced])];
}
