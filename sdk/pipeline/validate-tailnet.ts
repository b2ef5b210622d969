import type { ZeroTrustSpec } from "../features/args";
import { DEFAULT_OPERATOR_TAGS, DEFAULT_PROXY_TAGS } from "../kernel/defaults";
import type { Issues, ValidationIssue } from "../kernel/issues";
import { firstAndMore } from "../kernel/lists";
import type { NormalizedSpec } from "../kernel/normalize";
import { HujsonSyntaxError, parseHujson } from "../tailnet/hujson";
import { normalizeSpec } from "./normalize";
import { FEATURES } from "./registry";
import { planTailnet, type TailnetPlan } from "./tailnet";

/**
 * The tailnet side's bad input: a base policy that must parse before anything is merged into it
 * or applied, and the switches that create tailnet objects. (Who may reach what is each feature's.)
 */
export function checkTailnet(issues: Issues, spec: ZeroTrustSpec): void {
  checkProxyTagOwners(issues, spec);
  const tailnet = spec.tailnet ?? {};
  if (tailnet.basePolicy !== undefined) {
    try {
      parseHujson(tailnet.basePolicy, "basePolicy");
    } catch (err) {
      if (!(err instanceof HujsonSyntaxError)) throw err;
      issues.add("tailnet.basePolicy", err.message);
    }
  }
  if (tailnet.manage && tailnet.basePolicy === undefined) {
    issues.add(
      "tailnet.manage",
      "needs tailnet.basePolicy: the Acl resource owns the WHOLE policy file, and a policy with grants denies everything it does not grant, so applying the fragment alone would cut the rest of the tailnet off",
    );
  }
  if (tailnet.createOAuthClient) {
    if (spec.operator?.install === false) {
      issues.add(
        "tailnet.createOAuthClient",
        "only feeds an operator this component installs: remove it, or set operator.install to true",
      );
    }
    if (spec.operator?.oauthClientId !== undefined || spec.operator?.oauthClientSecret !== undefined) {
      issues.add(
        "tailnet.createOAuthClient",
        "conflicts with operator.oauthClientId/oauthClientSecret: use either the created client or your own credentials",
      );
    }
  }
}

/** A proxy tag that is an operator tag, at the field that says so. */
function checkProxyTagOwners(issues: Issues, spec: ZeroTrustSpec): void {
  // The operator's tags own every proxy tag: one of them as a proxy tag would own itself. Reported
  // where it was written (the default proxy tag is not), not at each exposure inheriting it.
  const op = spec.operator ?? {};
  const operatorTags = op.operatorTags ?? DEFAULT_OPERATOR_TAGS;
  const proxyTags = op.proxyTags ?? DEFAULT_PROXY_TAGS;
  proxyTags.forEach((t, i) => {
    if (!operatorTags.includes(t)) return;
    if (op.proxyTags !== undefined)
      issues.add(
        `operator.proxyTags[${i}]`,
        `${JSON.stringify(t)} is an operator tag; a proxy tag must be owned by it, not be it`,
      );
    else
      issues.add(
        `operator.operatorTags[${operatorTags.indexOf(t)}]`,
        `${JSON.stringify(t)} is the default proxy tag (operator.proxyTags); a proxy tag must be owned by an operator tag, not be one: use another operator tag, or set operator.proxyTags`,
      );
  });
}

/** The fields the tailnet policy is built from (a feature with a tailnet part: its own fields). */
const tailnetInputs = () => [
  "tailnet",
  "operator.operatorTags",
  "operator.proxyTags",
  "operator.namespace",
  ...FEATURES.filter((f) => f.tailnet).flatMap((f) => Object.keys(f.fields)),
];

/** True when `path` is `field` or under it (`expose[0].ports` under `expose`; everything under ""). */
const under = (path: string, field: string) =>
  field === "" || path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

/** A problem at `path` touches `field` when either holds the other (`operator` holds `operator.proxyTags`). */
const touches = (path: string, field: string) => under(path, field) || under(field, path);

/** The report's note for a tailnet policy that could not be built: its checks were not run. */
function notChecked(blockers: ValidationIssue[]): string {
  const paths = [...new Set(blockers.map((i) => i.path || "the declaration"))];
  const named = firstAndMore(paths, 3);
  const many = paths.length > 1;
  return `the tailnet policy: it is built from ${named}, which ${many ? "have problems" : "has a problem"} listed above, so its checks (the merge into tailnet.basePolicy, the tags and groups it uses, its tests and sshTests) were not run; fix ${many ? "them" : "it"} and run again`;
}

/**
 * The tailnet policy's problems (the merge into `basePolicy`, the offline check, the policy's
 * `tests` and `sshTests`) in the same pass as the declaration's other problems: the policy is
 * built whenever the fields it is built from are sound, whatever else is wrong. When they are not,
 * `unchecked` says its checks were not run (never a pass). With no problem at all, the normalized
 * spec and the tailnet plan are returned, so planning does not build them a second time.
 * @param input the declaration; `parsed` is what of it has the right shape; `found` its other problems.
 */
export function checkTailnetPolicy(
  input: ZeroTrustSpec,
  parsed: ZeroTrustSpec,
  found: ValidationIssue[],
): { issues: ValidationIssue[]; unchecked: string[]; spec?: NormalizedSpec; tailnet?: TailnetPlan } {
  const inputs = tailnetInputs();
  const blockers = found.filter((i) => inputs.some((field) => touches(i.path, field)));
  if (blockers.length) return { issues: [], unchecked: [notChecked(blockers)] };
  let spec: NormalizedSpec;
  let tailnet: ReturnType<typeof planTailnet>;
  try {
    spec = normalizeSpec(found.length ? parsed : input);
    tailnet = planTailnet(spec);
  } catch (err) {
    // Defaults are applied to a valid declaration; one with problems elsewhere may not get this far.
    if (found.length === 0) throw err;
    return { issues: [], unchecked: [notChecked(found)] };
  }
  return { issues: tailnet.issues, unchecked: [], spec, ...(tailnet.plan ? { tailnet: tailnet.plan } : {}) };
}
