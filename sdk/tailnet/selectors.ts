/**
 * Validation of the tailnet selectors users write in `expose[].access` and `expose[].tags`.
 *
 * Tailscale refuses a whole policy file for one bad selector, and the refusal arrives only at
 * `pulumi up`, as a bare `400`. Checking here turns that into an error before anything is created,
 * naming the argument path and suggesting the fix. The rules are Tailscale's own (see
 * docs/tailnet-policy.md §2.2 and §5); where Tailscale accepts more than this component should
 * generate, the narrowing is explained at the constant that does it.
 */

/** Autogroups that may be a grant `src` and that this component accepts in `access`. */
export const SOURCE_AUTOGROUPS: readonly string[] = [
  "autogroup:admin",
  "autogroup:auditor",
  "autogroup:billing-admin",
  "autogroup:it-admin",
  "autogroup:member",
  "autogroup:members", // legacy spelling of autogroup:member, still accepted by Tailscale
  "autogroup:network-admin",
  "autogroup:owner",
  "autogroup:shared",
  "autogroup:tagged",
];

/**
 * Autogroups Tailscale knows but that are not a meaningful `access` source, with the reason.
 * `autogroup:danger-all` is a valid src but selects devices outside the tailnet too; exposing a
 * Service "to the tailnet" with it would contradict the component's promise.
 */
const REFUSED_AUTOGROUPS: Record<string, string> = {
  "autogroup:self": 'is only valid as a destination ("not valid on the src side of a rule")',
  "autogroup:internet": "selects the public internet through exit nodes; it is only valid as a destination",
  "autogroup:danger-all":
    'selects everything, including devices outside the tailnet; use "autogroup:member" for every member\'s devices',
};

const TAG_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const USER = /^[^\s@:*]+@[^\s@:*]+$/;
const USER_DOMAIN = /^user:\*@[^\s@:*]+$/;
const GROUP = /^group:[^\s@:*]+(@[^\s@:*]+)?$/;

const SOURCE_FORMS =
  'a user ("alice@example.com"), a group ("group:sre"), a tag ("tag:ci") or an autogroup ("autogroup:member")';

/**
 * Checks a tag against Tailscale's rule (`tailcfg.CheckTag`): `tag:` followed by a non-empty name
 * that starts with an ASCII letter and contains only ASCII letters, digits and `-`.
 * @param value the tag as written.
 * @returns what is wrong and the fix, or undefined when the tag is valid.
 */
export function tagProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `expected a tag string such as "tag:k8s", got ${typeof value}`;
  const quoted = JSON.stringify(value);
  if (/\s/.test(value) && value.trim() !== "") {
    // The operator splits tag lists on "," without trimming: " tag:b" reaches the API as is.
    const fixed = value.replace(/\s+/g, "");
    return `${quoted} contains spaces; write ${JSON.stringify(fixed.startsWith("tag:") ? fixed : `tag:${fixed}`)} (no spaces anywhere in tags)`;
  }
  if (!value.startsWith("tag:")) {
    if (value.toLowerCase().startsWith("tag:")) {
      return `${quoted} is not a tag: the prefix is lowercase "tag:"; write "tag:${value.slice(4)}"`;
    }
    const name = value.trim();
    return name === ""
      ? `the tag is empty; a tag is "tag:" followed by a name, e.g. "tag:k8s"`
      : `${quoted} is not a tag: tags start with "tag:"; write ${JSON.stringify(`tag:${name}`)}`;
  }
  const name = value.slice(4);
  if (name === "") return `${quoted} has an empty name; write a name after "tag:", e.g. "tag:k8s"`;
  if (TAG_NAME.test(name)) return undefined;
  const why = /^[A-Za-z]/.test(name)
    ? "tag names can only contain numbers, letters, or dashes"
    : "tag names must start with a letter";
  let fixed = name.replace(/[^A-Za-z0-9-]/g, "-");
  if (!/^[A-Za-z]/.test(fixed)) fixed = `t${fixed}`;
  return `${quoted} is not a valid tag: ${why} (Tailscale refuses it); for example ${JSON.stringify(`tag:${fixed}`)}`;
}

/**
 * Checks a tailnet source for `expose[].access`: a user (`alice@example.com`, `alice@github`),
 * `user:*@domain`, a policy or IdP group (`group:sre`, `group:sre@example.com`), a tag, or an
 * autogroup that may be a grant source. `*`, IP addresses, CIDRs and `hosts` aliases are refused:
 * they name addresses, not identities, and a zero-trust rule should say who.
 * @param value the source as written.
 * @returns what is wrong and the fix, or undefined when the source is valid.
 */
export function sourceProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `expected a tailnet source string, got ${typeof value}`;
  const quoted = JSON.stringify(value);
  if (value.trim() === "") return `the source is empty; use ${SOURCE_FORMS}`;
  if (value !== value.trim() || /\s/.test(value)) {
    return `${quoted} contains spaces; remove them (selectors never contain whitespace)`;
  }
  const lower = value.toLowerCase();
  if (lower.startsWith("tag:")) return tagProblem(value);
  if (lower.startsWith("autogroup:")) {
    if (SOURCE_AUTOGROUPS.includes(value)) return undefined;
    if (Object.hasOwn(REFUSED_AUTOGROUPS, lower)) return `${quoted} ${REFUSED_AUTOGROUPS[lower]}`;
    return `${quoted} is not an autogroup a source can use; use one of ${SOURCE_AUTOGROUPS.filter((a) => a !== "autogroup:members").join(", ")}`;
  }
  if (lower.startsWith("group:")) {
    if (!value.startsWith("group:"))
      return `${quoted}: the prefix is lowercase; write "group:${value.slice(6)}"`;
    if (GROUP.test(value)) return undefined;
    return `${quoted} is not a valid group: write "group:" followed by the group's name, e.g. "group:sre"`;
  }
  if (lower.startsWith("user:")) {
    if (USER_DOMAIN.test(value)) return undefined;
    return `${quoted} is not a valid user selector: write a login ("alice@example.com") or every user of a domain ("user:*@example.com")`;
  }
  if (USER.test(value)) return undefined;
  if (value === "*") {
    return `"*" selects every device by address, tagged or not; use "autogroup:member" (every member's own devices) and/or "autogroup:tagged"`;
  }
  if (/^[0-9.]+(\/[0-9]+)?$/.test(value) || value.includes("::") || value.includes("/")) {
    return `${quoted} is an address, not an identity; tag the device (e.g. "tag:ci") and use the tag`;
  }
  if (/^[A-Za-z][A-Za-z0-9-]*$/.test(value)) {
    return `${quoted} is not a tailnet source: did you mean ${JSON.stringify(`group:${value}`)} or ${JSON.stringify(`tag:${value}`)}? Use ${SOURCE_FORMS}`;
  }
  return `${quoted} is not a tailnet source; use ${SOURCE_FORMS}`;
}

/**
 * The per-Service tag derived from an exposed Service's tailnet hostname, so a grant can name one
 * Service's proxy rather than every proxy sharing `tag:k8s`: `grafana` and `k8s-grafana` both give
 * `tag:k8s-grafana` (the `k8s-` prefix is added once, never doubled). A DNS-label hostname always
 * yields a valid tag, because the prefix supplies the leading letter; the result is lowercased
 * because Tailscale reads tag names case-insensitively.
 */
export function perServiceTag(hostname: string): string {
  const name = hostname.toLowerCase();
  return name.startsWith("k8s-") ? `tag:${name}` : `tag:k8s-${name}`;
}
