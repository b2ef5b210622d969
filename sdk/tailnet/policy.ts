import { isRecord } from "../reach/model/records";
import { issueLine, type ValidationIssue } from "./issues";

/**
 * The shape of a Tailscale policy file (the "tailnet policy", formerly "ACL file"), as far as this
 * package reads or writes it. Field names and shapes follow Tailscale's policy-file syntax page and
 * tailscale-client-go-v2 `policyfile.go`. Sections we never interpret (`ssh`, `postures`, `derpMap`,
 * ...) are carried through untouched by the index signature, because the policy file is saved as a
 * whole and merging must never drop what it does not understand.
 */

/** A grant: `src` may reach `dst` with the network capabilities in `ip` (and/or the app capabilities in `app`). */
export interface TailnetGrant {
  src: string[];
  dst: string[];
  /** Network capabilities: `*`, `443`, `80-443`, `tcp:443`, `udp:53`, `icmp:*`, `47:*`. */
  ip?: string[];
  app?: { [capability: string]: unknown[] };
  srcPosture?: string[];
  via?: string[];
}

/** A legacy ACL rule. `dst` entries are `host:ports`; `users`/`ports` are the pre-2021 names of `src`/`dst`. */
export interface TailnetAcl {
  action: string;
  src?: string[];
  dst?: string[];
  users?: string[];
  ports?: string[];
  proto?: string;
  srcPosture?: string[];
}

/** A node attribute: gives `attr` (e.g. `funnel`) to the devices selected by `target`. */
export interface TailnetNodeAttr {
  target: string[];
  attr?: string[];
  app?: { [capability: string]: unknown[] };
}

/**
 * A policy test, checked by Tailscale every time the policy is saved. `accept`/`deny` entries are
 * `host:port` with exactly one port; without `proto` the test means "TCP or UDP".
 */
export interface TailnetPolicyTest {
  src: string;
  proto?: string;
  accept?: string[];
  deny?: string[];
}

/** A tailnet policy document (or a fragment of one). */
export interface TailnetPolicy {
  /** `tag:name` -> the owners allowed to apply it; `[]` means admins only. */
  tagOwners?: { [tag: string]: string[] };
  groups?: { [group: string]: string[] };
  hosts?: { [alias: string]: string };
  grants?: TailnetGrant[];
  acls?: TailnetAcl[];
  nodeAttrs?: TailnetNodeAttr[];
  tests?: TailnetPolicyTest[];
  autoApprovers?: { [key: string]: unknown };
  [section: string]: unknown;
}

/**
 * Looks a key up case-insensitively. Tailscale decodes the policy with Go's `encoding/json`, whose
 * field matching ignores case, and older documentation wrote `"ACLs"`, `"TagOwners"`, `"Hosts"`:
 * such files are still valid and must be read as such.
 */
export function keyOf(obj: object, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** The value of a key looked up case-insensitively (see {@link keyOf}). */
export function fieldOf(obj: object, name: string): unknown {
  const key = keyOf(obj, name);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

/** Two or more keys of one object that Tailscale reads as one (see {@link keyOf}), and where. */
export interface CaseCollision {
  /** The object's path, as this library writes paths (`grants[1]`; "" for the document itself). */
  path: string;
  /** The keys, equal but for case, in document order; empty when the object is too deep to read. */
  keys: string[];
}

const MAX_COLLISION_DEPTH = 16;

/**
 * Objects under `value` holding keys equal but for case (`dst` and `Dst`). Tailscale decodes the
 * policy with Go's encoding/json, which matches keys without case and keeps the later value, while
 * this library reads the exact spelling first: such a file would be checked as one thing and
 * obeyed as another, so callers refuse it. Depth-capped (a policy is a few levels deep).
 */
export function caseCollisions(value: unknown, path = "", depth = 0): CaseCollision[] {
  if (depth > MAX_COLLISION_DEPTH) return [{ path, keys: [] }];
  if (Array.isArray(value)) return value.flatMap((v, i) => caseCollisions(v, `${path}[${i}]`, depth + 1));
  if (!isRecord(value)) return [];
  const byLower = new Map<string, string[]>();
  for (const key of Object.keys(value)) {
    const lower = key.toLowerCase();
    byLower.set(lower, [...(byLower.get(lower) ?? []), key]);
  }
  const here = [...byLower.values()].filter((keys) => keys.length > 1).map((keys) => ({ path, keys }));
  const below = Object.entries(value).flatMap(([key, v]) =>
    caseCollisions(
      v,
      /^[A-Za-z]\w*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`,
      depth + 1,
    ),
  );
  return [...here, ...below];
}

/** True for a plain JSON object (not an array, not null). */
export const isObject: (value: unknown) => value is Record<string, unknown> = isRecord;

/** A canonical JSON text of a value (object keys sorted), so structurally equal entries compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * A policy that Tailscale would refuse, or that this package refuses to generate or merge. Each
 * problem is an issue with where it is (`grants[2].ip[0]`; "" for the whole document; an argument
 * path such as `expose[1].tags` for a generated fragment); the message is their lines
 * (`grants[2].ip[0]: ...`), one per issue.
 */
export class TailnetPolicyError extends Error {
  readonly issues: ValidationIssue[];
  constructor(path: string, message: string);
  constructor(issues: ValidationIssue[]);
  constructor(pathOrIssues: string | ValidationIssue[], message = "") {
    const issues = typeof pathOrIssues === "string" ? [{ path: pathOrIssues, message }] : pathOrIssues;
    super(issues.map(issueLine).join("\n"));
    this.name = "TailnetPolicyError";
    this.issues = issues;
  }
}
