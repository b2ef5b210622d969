import type { ResourceRule } from "../rule";
import type { Subject } from "../subject";
import { at, isUnknown } from "../unknown";

/**
 * Tailscale credentials in Helm values. Helm keeps a release's values in its release Secret, and
 * Pulumi keeps a Release's or Chart's inputs in the stack state: an OAuth client secret or an
 * auth key there is a second copy of it outside the Secret it belongs in. The component puts them
 * in the `operator-oauth` Secret, which the chart mounts.
 */

/** Every Tailscale credential starts so (auth keys, OAuth client secrets, API keys). */
const CREDENTIAL_PREFIX = /^tskey-(auth|client|api|scim|webhook)-/;
/** Keys that hold credentials in Tailscale charts' values (`oauth.clientSecret`, `authKey`...). */
const CREDENTIAL_KEY =
  /^(clientsecret|client_secret|authkey|auth_key|ts_authkey|ts_auth_key|oauthclientsecret)$/i;

export interface OAuthValuesConfig {
  /** Chart names whose credential-named values are judged (any chart is judged for `tskey-` values). */
  charts: string[];
}

/** Where the chart name of a Release or Chart sits. */
function chartName(s: Subject): string {
  const chart = at(s.object, "chart");
  return typeof chart === "string" ? (chart.split("/").pop() ?? chart) : "";
}

/** The paths of credentials in values; `unknownPaths` where a credential key holds an unknown value. */
export function credentialPaths(
  values: unknown,
  byKey: boolean,
): { found: string[]; unknownPaths: string[] } {
  const found: string[] = [];
  const unknownPaths: string[] = [];
  const visit = (v: unknown, path: string, key: string) => {
    if (isUnknown(v)) {
      if (byKey && CREDENTIAL_KEY.test(key)) unknownPaths.push(path);
    } else if (typeof v === "string") {
      if (CREDENTIAL_PREFIX.test(v) || (byKey && CREDENTIAL_KEY.test(key) && v !== "")) found.push(path);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, `${path}[${i}]`, key));
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k, k);
    }
  };
  visit(values, "", "");
  return { found, unknownPaths };
}

export const noOAuthSecretInValues: ResourceRule<OAuthValuesConfig> = {
  name: "no-oauth-secret-in-values",
  kinds: ["Release", "Chart"],
  check(s, config, report) {
    const values = at(s.object, "values");
    if (isUnknown(values)) return report.unchecked(`${s.ref}: values are unknown until the update`, s);
    const chart = chartName(s);
    const byKey = config.charts.includes(chart);
    const { found, unknownPaths } = credentialPaths(values, byKey);
    // Paths only: policies see secrets in plaintext, and a message must never carry one.
    if (found.length > 0)
      report.violation(
        `${s.ref} (chart ${chart || "?"}) has a Tailscale credential in its Helm values at ${found.map((p) => `values.${p}`).join(", ")}: Helm stores values in its release Secret and Pulumi in the stack state, a copy outside the Secret it belongs in. Fix: create the Secret "operator-oauth" (keys client_id, client_secret) in the operator's namespace, as ZeroTrustCluster does, and leave oauth.clientSecret out of the values; rotate the credential if the values were ever applied.`,
        s,
      );
    if (unknownPaths.length > 0)
      report.unchecked(
        `${s.ref}: ${unknownPaths.map((p) => `values.${p}`).join(", ")} is unknown until the update (an output of another resource): whether it holds a credential is checked at update`,
        s,
      );
  },
};
