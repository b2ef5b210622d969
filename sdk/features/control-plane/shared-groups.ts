import type { Issues } from "../../kernel/issues";

/**
 * One impersonation group, one meaning (issue 23): RBAC binds roles to a Kubernetes group, not to
 * an access entry, so entries giving `group:sre` cluster-admin and `group:devs` view through the
 * same group `k8s-users` give devs cluster-admin too. A group used by entries with different roles
 * is refused; when every such entry sets `acknowledgeSharedGroups`, it is a warning naming every
 * source that gains roles it was not given.
 */

interface Entry {
  sources?: string[];
  groups?: string[];
  clusterRoles?: string[];
  namespaceRoles?: { namespace: string; role: string; roleKind?: string }[];
  acknowledgeSharedGroups?: boolean;
}

const rolesOf = (e: Entry): string[] =>
  [
    ...(e.clusterRoles ?? []).map((r) => `ClusterRole ${r} (cluster)`),
    ...(e.namespaceRoles ?? []).map((r) => `${r.roleKind ?? "ClusterRole"} ${r.role} (${r.namespace})`),
  ].sort();

export interface SharedGroup {
  group: string;
  /** Indices of the entries using it. */
  entries: number[];
  acknowledged: boolean;
  /** Each source that gains roles through the group, with the roles it was not given. */
  gains: { source: string; entry: number; roles: string[] }[];
}

/** Groups bound by entries with different roles. */
export function sharedGroups(entries: readonly Entry[]): SharedGroup[] {
  const users = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const g of new Set(e.groups ?? [])) users.set(g, [...(users.get(g) ?? []), i]);
  });
  const out: SharedGroup[] = [];
  for (const [group, idx] of users) {
    const all = [...new Set(idx.flatMap((i) => rolesOf(entries[i])))].sort();
    const gains = idx.flatMap((i) => {
      const own = new Set(rolesOf(entries[i]));
      const roles = all.filter((r) => !own.has(r));
      return roles.length ? (entries[i].sources ?? []).map((source) => ({ source, entry: i, roles })) : [];
    });
    if (gains.length === 0) continue;
    out.push({
      group,
      entries: idx,
      acknowledged: idx.every((i) => entries[i].acknowledgeSharedGroups === true),
      gains,
    });
  }
  return out;
}

const gainsText = (s: SharedGroup) =>
  s.gains.map((g) => `${g.source} (access[${g.entry}]) gains ${g.roles.join(", ")}`).join("; ");

export function checkSharedGroups(issues: Issues, at: string, entries: readonly Entry[]): void {
  for (const s of sharedGroups(entries)) {
    if (s.acknowledged) continue;
    const last = s.entries[s.entries.length - 1];
    const j = (entries[last].groups ?? []).indexOf(s.group);
    issues.add(
      `${at}.access[${last}].groups[${j}]`,
      `"${s.group}" is also the group of ${s.entries
        .slice(0, -1)
        .map((i) => `${at}.access[${i}]`)
        .join(
          ", ",
        )}, with other roles: RBAC binds roles to the group, so every source of these entries gets all of them (${gainsText(s)}); give each set of roles its own group, or set acknowledgeSharedGroups: true on every entry using it`,
    );
  }
}

export function sharedGroupWarnings(at: string, entries: readonly Entry[]): string[] {
  return sharedGroups(entries)
    .filter((s) => s.acknowledged)
    .map(
      (s) =>
        `${at}: the Kubernetes group "${s.group}" is shared by entries with different roles (acknowledged): ${gainsText(s)}`,
    );
}
