import type { ZeroTrustSpec } from "../features/args";
import type { Issues } from "../kernel/issues";
import { HujsonSyntaxError, parseHujson } from "../tailnet/hujson";

/**
 * The tailnet side's bad input: a base policy that must parse before anything is merged into it
 * or applied, and the switches that create tailnet objects. (Who may reach what is each feature's.)
 */
export function checkTailnet(issues: Issues, spec: ZeroTrustSpec): void {
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
