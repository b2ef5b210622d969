import { HujsonSyntaxError, parseHujson } from "../tailnet/hujson";
import { validateSource } from "../tailnet/selectors";
import { type Issues, withoutPath } from "./issues";
import { ExposeVia, type ZeroTrustSpec } from "./types";

/**
 * The tailnet side's bad input: who may reach a Service, Funnel's two switches, and a base policy
 * that must parse before anything is merged into it or applied.
 */
export function checkTailnet(issues: Issues, spec: ZeroTrustSpec): void {
  const tailnet = spec.tailnet ?? {};
  const exposed = new Set((spec.expose ?? []).map((e) => `${e.namespace}/${e.service}`));
  const allowFunnel = new Set(tailnet.allowFunnel ?? []);
  (spec.expose ?? []).forEach((e, i) => {
    const path = `expose[${i}]`;
    (e.access ?? []).forEach((source, j) => {
      const problem = validateSource(source, `${path}.access[${j}]`);
      if (problem) issues.add(`${path}.access[${j}]`, withoutPath(problem, `${path}.access[${j}]`));
    });
    if (!e.funnel) return;
    if (e.via !== ExposeVia.Ingress) {
      issues.add(
        `${path}.funnel`,
        `Funnel only works on an Ingress (the operator ignores it on Services): set via to "ingress", or remove funnel`,
      );
    }
    if (!allowFunnel.has(`${e.namespace}/${e.service}`)) {
      issues.add(
        `${path}.funnel`,
        `puts ${e.namespace}/${e.service} on the public internet, which needs a second switch: add "${e.namespace}/${e.service}" to tailnet.allowFunnel`,
      );
    }
  });
  (tailnet.allowFunnel ?? []).forEach((name, i) => {
    if (!exposed.has(name)) {
      issues.add(
        `tailnet.allowFunnel[${i}]`,
        `"${name}" is not an exposed Service: write "<namespace>/<service>" of an expose entry with funnel: true`,
      );
    }
  });
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
