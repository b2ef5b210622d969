import {
  DEFAULT_OPERATOR_HOSTNAME,
  DEFAULT_OPERATOR_NAMESPACE,
  DEFAULT_OPERATOR_TAGS,
} from "../../kernel/defaults";
import type { Issues } from "../../kernel/issues";
import { checkDnsLabel, checkTag, checkTailnetHostname } from "../../kernel/rules";
import { HujsonSyntaxError, parseHujson } from "../../tailnet/hujson";
import { fieldOf, isObject } from "../../tailnet/policy";
import { perServiceTag, sourceProblem } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";
import { defaultHostname } from "../exposure/normalize";
import { DEFAULT_PROXY_GROUP_HOSTNAME, DEFAULT_RECORDER_TAGS } from "./normalize";
import { bindingName } from "./rbac";
import { checkSharedGroups } from "./shared-groups";
import { type ApiServerProxy, ApiServerProxyMode, type Recorder, RoleKind } from "./types";

const AT = "apiServerProxy";
/** The ProxyGroup CRD's hostname pattern (types_proxygroup.go: lower case only). */
const PG_HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** RBAC object names are path segments: no "/", "%" or whitespace, not "." or "..". */
const ROLE_NAME = /^(?!\.{1,2}$)[^/%\s]{1,253}$/;

function checkRoleName(issues: Issues, path: string, role: string) {
  if (!ROLE_NAME.test(role))
    issues.add(
      path,
      `${JSON.stringify(role)} is not a role name: use the name of an existing (Cluster)Role, e.g. "view"`,
    );
}

function checkGroupName(issues: Issues, path: string, group: string) {
  if (typeof group !== "string" || group.trim() === "" || /\s/.test(group)) {
    issues.add(
      path,
      `${JSON.stringify(group)} is not a Kubernetes group name: use a name without spaces, e.g. "sre"`,
    );
  } else if (group.toLowerCase().startsWith("system:")) {
    issues.add(
      path,
      `"${group}" is a Kubernetes system group (system:masters bypasses RBAC altogether, so nothing here could limit it): impersonate a group of your own and bind the role you mean, e.g. groups ["sre"] with clusterRoles ["cluster-admin"]`,
    );
  }
}

/** Tags the operator can put on a device it creates: any tag but its own, which only admins own. */
function checkAssignableTags(
  issues: Issues,
  path: string,
  tags: string[] | undefined,
  spec: ZeroTrustSpec,
  fix: string,
) {
  if (tags === undefined) return;
  if (tags.length === 0) issues.add(path, `must name at least one tag the operator can assign, e.g. ${fix}`);
  const operatorTags = spec.operator?.operatorTags ?? DEFAULT_OPERATOR_TAGS;
  tags.forEach((t, j) => {
    issues.check(`${path}[${j}]`, checkTag(t));
    if (operatorTags.some((o) => o.toLowerCase() === t.toLowerCase()))
      issues.add(
        `${path}[${j}]`,
        `"${t}" is the operator's own tag, which only admins own, so the operator cannot assign it: use a tag of its own, e.g. ${fix}`,
      );
  });
}

/** A tag the base policy already defines must list the operator's tags among its owners, or the device never comes up. */
function checkBaseOwners(issues: Issues, path: string, tags: string[], spec: ZeroTrustSpec) {
  const text = spec.tailnet?.basePolicy;
  if (text === undefined) return;
  let base: unknown;
  try {
    base = parseHujson(text, "basePolicy");
  } catch (err) {
    if (err instanceof HujsonSyntaxError) return; // reported under tailnet.basePolicy
    throw err;
  }
  const owners = isObject(base) ? fieldOf(base, "tagOwners") : undefined;
  if (!isObject(owners)) return;
  const operatorTags = (spec.operator?.operatorTags ?? DEFAULT_OPERATOR_TAGS).map((t) => t.toLowerCase());
  tags.forEach((t, j) => {
    const listed = fieldOf(owners, t);
    if (!Array.isArray(listed)) return;
    const lower = listed.map((o) => String(o).toLowerCase());
    if (!operatorTags.some((o) => lower.includes(o)))
      issues.add(
        `${path}[${j}]`,
        `"${t}" is owned by ${JSON.stringify(listed)} in tailnet.basePolicy, so the operator cannot assign it: add "${operatorTags[0]}" to its tagOwners there`,
      );
  });
}

function checkRecorder(issues: Issues, rec: Recorder, spec: ZeroTrustSpec) {
  const path = `${AT}.recorder`;
  const fix = `["${DEFAULT_RECORDER_TAGS[0]}"]`;
  checkAssignableTags(issues, `${path}.tags`, rec.tags, spec, fix);
  checkBaseOwners(issues, `${path}.tags`, rec.tags ?? DEFAULT_RECORDER_TAGS, spec);
  // The capability names the recorder by one tag (kube/kubetypes/grants.go 21-22 at v1.102.2:
  // "This list must not contain more than one tag"), and that tag is the recorder's.
  if ((rec.tags?.length ?? 0) > 1)
    issues.add(
      `${path}.tags`,
      `${JSON.stringify(rec.tags)}: the tailscale.com/cap/kubernetes capability names the recorder by one tag only (the operator's grants.go: "must not contain more than one tag"): keep one, e.g. ["${rec.tags![0]}"]`,
    );
  if (rec.enableUI === false && rec.s3 === undefined)
    issues.add(
      `${path}.enableUI`,
      "is false and no s3 storage is set, so recordings would sit on a local volume nobody can read: set s3, or leave enableUI on",
    );
  if (rec.s3)
    for (const field of ["endpoint", "bucket", "credentialsSecret"] as const)
      if (!rec.s3[field]) issues.add(`${path}.s3.${field}`, "is required for S3 storage");
  if (rec.s3?.credentialsSecret)
    issues.check(`${path}.s3.credentialsSecret`, checkDnsLabel(rec.s3.credentialsSecret, "Secret name"));
}

function checkHostname(issues: Issues, args: ApiServerProxy, spec: ZeroTrustSpec) {
  const operatorHostname = spec.operator?.hostname ?? DEFAULT_OPERATOR_HOSTNAME;
  if (!args.proxyGroup) {
    if (args.hostname !== undefined && args.hostname !== operatorHostname)
      issues.add(
        `${AT}.hostname`,
        `"${args.hostname}" cannot name the in-process proxy: it is the operator device, named by operator.hostname ("${operatorHostname}"); remove hostname, or add proxyGroup: {} to serve the proxy under its own name`,
      );
    return;
  }
  const hostname = args.hostname ?? DEFAULT_PROXY_GROUP_HOSTNAME;
  const problem = checkTailnetHostname(hostname);
  if (problem) return issues.add(`${AT}.hostname`, problem);
  if (!PG_HOSTNAME.test(hostname))
    return issues.add(
      `${AT}.hostname`,
      `"${hostname}" must be lower case for a ProxyGroup: write "${hostname.toLowerCase()}"`,
    );
  const taken = [operatorHostname, ...(spec.expose ?? []).map((e) => e.hostname ?? defaultHostname(e))];
  if (taken.some((h) => h.toLowerCase() === hostname))
    issues.add(
      `${AT}.hostname`,
      `"${hostname}" is already a device of this cluster: tailnet names must be unique, choose another`,
    );
  else if (Object.hasOwn(spec.proxyGroups ?? {}, hostname))
    issues.add(
      `${AT}.hostname`,
      `"${hostname}" names the ProxyGroup serving the API proxy, and proxyGroups.${hostname} already has that name (ProxyGroups are cluster-wide): choose another hostname`,
    );
}

function checkProxyGroup(issues: Issues, args: ApiServerProxy, spec: ZeroTrustSpec) {
  const pg = args.proxyGroup;
  if (!pg) return;
  const path = `${AT}.proxyGroup`;
  if (pg.replicas !== undefined && (!Number.isInteger(pg.replicas) || pg.replicas < 1))
    issues.add(
      `${path}.replicas`,
      `${JSON.stringify(pg.replicas)} is not a replica count: use a whole number of at least 1`,
    );
  if (pg.proxyClass !== undefined)
    issues.check(`${path}.proxyClass`, checkDnsLabel(pg.proxyClass, "ProxyClass name"));
  const own = perServiceTag(args.hostname ?? DEFAULT_PROXY_GROUP_HOSTNAME);
  checkAssignableTags(issues, `${path}.tags`, pg.tags, spec, `["${own}"]`);
  // The grant names these tags: shared with a Service's proxy, it would open that proxy's port 443 too.
  const shared = new Set((spec.operator?.proxyTags ?? ["tag:k8s"]).map((t) => t.toLowerCase()));
  for (const e of spec.expose ?? []) for (const t of e.tags ?? []) shared.add(t.toLowerCase());
  for (const [name, g] of Object.entries(spec.proxyGroups ?? {}))
    for (const t of g?.tags ?? [perServiceTag(name)]) shared.add(t.toLowerCase());
  (pg.tags ?? [own]).forEach((t, j) => {
    if (shared.has(t.toLowerCase()))
      issues.add(
        `${path}.tags[${j}]`,
        `"${t}" is shared with other proxies, so the API grant would reach them too: use a tag of its own, e.g. "${own}"`,
      );
  });
}

/** Refusals for `apiServerProxy`, each naming the field, quoting the value and saying what to do. */
export function checkApiServerProxy(issues: Issues, spec: ZeroTrustSpec, args: ApiServerProxy | undefined) {
  if (!args) return;
  const mode = args.mode ?? ApiServerProxyMode.Auth;
  if (!Object.values(ApiServerProxyMode).includes(mode))
    issues.add(`${AT}.mode`, `"${mode}" is not a mode: use "auth" (impersonate the caller) or "noauth"`);
  if (spec.operator?.helmValues?.apiServerProxyConfig !== undefined)
    issues.add(
      "operator.helmValues.apiServerProxyConfig",
      "is set by the component from apiServerProxy (the grant, the RBAC and the chart must agree): remove it and declare apiServerProxy instead",
    );
  checkHostname(issues, args, spec);
  checkProxyGroup(issues, args, spec);
  const operatorNamespace = spec.operator?.namespace ?? DEFAULT_OPERATOR_NAMESPACE;
  const namespaces = new Set(Object.keys(spec.namespaces ?? {}));
  if (spec.operator?.install ?? true) namespaces.add(operatorNamespace);
  const rolesOf = new Map<string, number>();
  const groupsAt = new Map<string, string>();
  const bindings = new Map<string, string>();
  if (mode !== ApiServerProxyMode.NoAuth) checkSharedGroups(issues, AT, args.access ?? []);
  (args.access ?? []).forEach((entry, i) => {
    const path = `${AT}.access[${i}]`;
    if (!entry.sources || entry.sources.length === 0)
      issues.add(`${path}.sources`, 'must name at least one tailnet source, e.g. ["group:sre"]');
    (entry.sources ?? []).forEach((s, j) => {
      issues.check(`${path}.sources[${j}]`, sourceProblem(s));
    });
    const groups = entry.groups ?? [];
    const roleCount = (entry.clusterRoles?.length ?? 0) + (entry.namespaceRoles?.length ?? 0);
    if (mode === ApiServerProxyMode.NoAuth) {
      if (groups.length > 0 || roleCount > 0)
        issues.add(
          `${path}.groups`,
          `${JSON.stringify(groups)}: noauth mode impersonates nobody, so no group or role here would ever apply: remove groups and roles (callers bring their own credentials), or set mode to "auth"`,
        );
      return;
    }
    if (groups.length === 0)
      issues.add(
        `${path}.groups`,
        'is empty: in auth mode a caller only gets what its groups are bound to; name the groups, e.g. ["sre"], with the roles they get',
      );
    groups.forEach((g, j) => {
      checkGroupName(issues, `${path}.groups[${j}]`, g);
      rolesOf.set(g, (rolesOf.get(g) ?? 0) + roleCount);
      if (!groupsAt.has(g)) groupsAt.set(g, `${path}.groups[${j}]`);
    });
    (entry.clusterRoles ?? []).forEach((r, j) => checkRoleName(issues, `${path}.clusterRoles[${j}]`, r));
    (entry.namespaceRoles ?? []).forEach((r, j) => {
      const at = `${path}.namespaceRoles[${j}]`;
      checkRoleName(issues, `${at}.role`, r.role);
      if (r.roleKind !== undefined && !Object.values(RoleKind).includes(r.roleKind))
        issues.add(`${at}.roleKind`, `"${r.roleKind}" is not a role kind: use "ClusterRole" or "Role"`);
      if (!namespaces.has(r.namespace))
        issues.add(
          `${at}.namespace`,
          `"${r.namespace}" is not declared in namespaces, so the binding would land in a namespace nobody manages: add it to namespaces (with create: false to adopt an existing one)`,
        );
      for (const g of groups) {
        const key = `${r.namespace}/${bindingName(g, r.role)}`;
        const other = bindings.get(key);
        const what = `${r.roleKind ?? RoleKind.ClusterRole} ${r.role}`;
        if (other !== undefined && other !== what)
          issues.add(
            `${at}.role`,
            `binds group "${g}" to ${what} and to ${other} in "${r.namespace}" under one name: bind one of them`,
          );
        bindings.set(key, what);
      }
    });
  });
  for (const [group, count] of rolesOf)
    if (count === 0)
      issues.add(
        groupsAt.get(group)!,
        `"${group}" is bound to no role, so impersonating it grants nothing: add clusterRoles (e.g. ["view"]) or namespaceRoles to an entry with this group, or remove it`,
      );
  if (args.recorder) checkRecorder(issues, args.recorder, spec);
}
