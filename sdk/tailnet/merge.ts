/**
 * Merges the generated fragment into the user's `basePolicy` (the rest of their tailnet policy:
 * groups, their own grants, SSH rules...), giving a whole file ready to save. The `Acl` resource
 * replaces the entire policy on every save, so the merge must be conservative:
 * - the base's own entries are never dropped, reordered or rewritten; sections the fragment does
 *   not touch (`ssh`, `postures`, `derpMap`, ...) pass through as they are;
 * - list sections (`grants`, `tests`, `nodeAttrs`, legacy `acls`) get the fragment's entries
 *   appended, skipping entries the base already has (compared structurally);
 * - map sections (`tagOwners`, `groups`, ...) are united; a key both sides define must agree. For
 *   `tagOwners` "agree" means the base's owners include the fragment's (so the operator can still
 *   apply the tag); `[]` is read as `["autogroup:admin"]`, its documented meaning. Anything else is
 *   an error naming both sides, because silently picking one would either lock the operator out or
 *   widen who may tag devices;
 * - a base with neither `acls` nor `grants` is refused: it is Tailscale's default allow-all, and
 *   adding any grant to it would silently cut off every path the user relies on (§2.5, §10.1);
 * - section names are matched case-insensitively, as Tailscale's decoder does (older files say
 *   `"ACLs"`, `"TagOwners"`), and the base's spelling is kept.
 * The `text` is plain, indented JSON: the base's comments are not carried over (the parsed base has
 * none to carry); keep the commented original in your repository.
 */
import { parseHujson } from "./hujson";
import { canonicalJson, isObject, keyOf, type TailnetPolicy, TailnetPolicyError } from "./policy";

/** The merged policy, as an object and as the text to save. */
export interface MergedTailnetPolicy {
  policy: TailnetPolicy;
  text: string;
}

const IMPLICIT_OWNERS = ["autogroup:admin", "autogroup:owner", "autogroup:network-admin"];

const normalizedOwners = (owners: unknown): string[] => {
  const list = Array.isArray(owners) ? owners.map((o) => String(o).toLowerCase()) : [];
  return list.length === 0 ? ["autogroup:admin"] : list;
};

function mergeTagOwners(
  base: Record<string, unknown>,
  fragment: Record<string, unknown>,
  errors: string[],
): void {
  for (const [tag, owners] of Object.entries(fragment)) {
    const baseTag = keyOf(base, tag);
    if (baseTag === undefined) {
      base[tag] = owners;
      continue;
    }
    const have = normalizedOwners(base[baseTag]);
    // Owners, admins and network admins may apply every tag anyway ("all tags are implicitly
    // owned" by them, tags page), so a fragment asking for admins only is always satisfied.
    const missing = normalizedOwners(owners).filter((o) => !have.includes(o) && !IMPLICIT_OWNERS.includes(o));
    if (missing.length > 0) {
      errors.push(
        `tagOwners[${JSON.stringify(baseTag)}]: basePolicy says ${JSON.stringify(base[baseTag])}, the generated fragment says ${JSON.stringify(owners)}; add ${missing.map((m) => JSON.stringify(m)).join(", ")} to the base's owners of ${baseTag} (the operator must own every proxy tag, and only admins the operator tags)`,
      );
    }
  }
}

function mergeMap(
  section: string,
  base: Record<string, unknown>,
  fragment: Record<string, unknown>,
  errors: string[],
): void {
  for (const [key, value] of Object.entries(fragment)) {
    const baseKey = keyOf(base, key);
    if (baseKey === undefined) base[key] = value;
    else if (canonicalJson(base[baseKey]) !== canonicalJson(value)) {
      errors.push(
        `${section}[${JSON.stringify(baseKey)}]: basePolicy says ${JSON.stringify(base[baseKey])}, the generated fragment says ${JSON.stringify(value)}`,
      );
    }
  }
}

/**
 * Parses `baseText` (JSON or HuJSON) and merges `fragment` into it.
 * @throws HujsonSyntaxError when the base does not parse (`basePolicy does not parse: line 3, column 7: ...`).
 * @throws TailnetPolicyError when the base is not an object, has neither `acls` nor `grants`, or
 *   conflicts with the fragment (every conflict is listed, one per line).
 */
export function mergeTailnetPolicy(baseText: string, fragment: TailnetPolicy): MergedTailnetPolicy {
  const parsed = parseHujson(baseText, "basePolicy");
  if (!isObject(parsed))
    throw new TailnetPolicyError("basePolicy: expected a JSON object (a whole tailnet policy)");
  if (keyOf(parsed, "acls") === undefined && keyOf(parsed, "grants") === undefined) {
    throw new TailnetPolicyError(
      'basePolicy has neither "acls" nor "grants", so today it is Tailscale\'s default allow-all; adding the generated grants would deny every other connection in the tailnet. Write the access you rely on as grants (for example {"src": ["autogroup:member"], "dst": ["autogroup:self"], "ip": ["*"]} to let members reach their own devices; a "*" to "*" grant would also open every exposed Service and fail the generated tests), or "grants": [] to deny everything else on purpose',
    );
  }
  const merged = structuredClone(parsed) as Record<string, unknown>;
  const errors: string[] = [];
  for (const [section, value] of Object.entries(fragment)) {
    if (value === undefined) continue;
    const baseKey = keyOf(merged, section);
    if (baseKey === undefined) {
      merged[section] = structuredClone(value);
      continue;
    }
    const baseValue = merged[baseKey];
    if (Array.isArray(value)) {
      if (!Array.isArray(baseValue)) {
        errors.push(`basePolicy: ${baseKey} must be a list, like the fragment's ${section}`);
        continue;
      }
      const seen = new Set(baseValue.map(canonicalJson));
      for (const entry of value) {
        const text = canonicalJson(entry);
        if (!seen.has(text)) baseValue.push(structuredClone(entry));
        seen.add(text);
      }
    } else if (isObject(value)) {
      if (!isObject(baseValue)) {
        errors.push(`basePolicy: ${baseKey} must be an object, like the fragment's ${section}`);
      } else if (section.toLowerCase() === "tagowners") {
        mergeTagOwners(baseValue, structuredClone(value), errors);
      } else {
        mergeMap(baseKey, baseValue, structuredClone(value), errors);
      }
    } else if (canonicalJson(baseValue) !== canonicalJson(value)) {
      errors.push(
        `${baseKey}: basePolicy says ${JSON.stringify(baseValue)}, the generated fragment says ${JSON.stringify(value)}`,
      );
    }
  }
  if (errors.length > 0) throw new TailnetPolicyError(errors.join("\n"));
  return { policy: merged as TailnetPolicy, text: `${JSON.stringify(merged, null, 2)}\n` };
}
