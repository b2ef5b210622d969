import { canonicalJson, isObject, type TailnetPolicy } from "./policy";

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Appends `entries` to `list`, skipping those already in it (compared structurally). */
function appendUnique<T>(list: T[], entries: readonly T[] | undefined): void {
  const seen = new Set(list.map((e) => canonicalJson(e)));
  for (const entry of entries ?? []) {
    const key = canonicalJson(entry);
    if (!seen.has(key)) list.push(entry);
    seen.add(key);
  }
}

/** Unites two maps of lists (`autoApprovers.routes`, `.services`), owners sorted. */
function uniteLists(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...new Set([...a, ...b])].sort();
  if (isObject(a) && isObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? uniteLists(out[k], v) : v;
    return out;
  }
  return b ?? a;
}

/**
 * Unites the fragment parts the features contribute into one fragment: `tagOwners` by tag (owners
 * united; tags nobody but admins own first, as the operator's, then the rest, each sorted),
 * `autoApprovers` by key, and `grants`, `nodeAttrs`, `tests` appended in feature order without
 * duplicates. One part comes back as it is, so the text only changes when a feature adds to it.
 */
export function combineFragments(all: readonly TailnetPolicy[]): TailnetPolicy {
  // A feature with nothing to say adds an empty part; it must not change the text.
  const parts = all.filter((p) => Object.keys(p).length > 0);
  if (parts.length === 1) return parts[0];
  const owners = new Map<string, Set<string>>();
  const grants: NonNullable<TailnetPolicy["grants"]> = [];
  const nodeAttrs: NonNullable<TailnetPolicy["nodeAttrs"]> = [];
  const tests: NonNullable<TailnetPolicy["tests"]> = [];
  let autoApprovers: TailnetPolicy["autoApprovers"];
  for (const part of parts) {
    for (const [tag, list] of Object.entries(part.tagOwners ?? {})) {
      const set = owners.get(tag) ?? new Set<string>();
      for (const o of list) set.add(o);
      owners.set(tag, set);
    }
    appendUnique(grants, part.grants);
    appendUnique(nodeAttrs, part.nodeAttrs);
    appendUnique(tests, part.tests);
    if (part.autoApprovers)
      autoApprovers = uniteLists(autoApprovers ?? {}, part.autoApprovers) as TailnetPolicy["autoApprovers"];
  }
  const tags = [...owners.keys()].sort(
    (a, b) => Number(owners.get(a)!.size > 0) - Number(owners.get(b)!.size > 0) || byText(a, b),
  );
  const policy: TailnetPolicy = {
    tagOwners: Object.fromEntries(tags.map((t) => [t, [...owners.get(t)!].sort(byText)])),
  };
  if (grants.length) policy.grants = grants;
  if (nodeAttrs.length) policy.nodeAttrs = nodeAttrs;
  if (autoApprovers) policy.autoApprovers = autoApprovers;
  if (tests.length) policy.tests = tests;
  return policy;
}
