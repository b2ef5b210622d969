import * as pulumi from "@pulumi/pulumi";

const isTailscale = (p: unknown) =>
  (p as { getPackage?: () => string } | undefined)?.getPackage?.() === "tailscale";

/**
 * Whether the Tailscale resources this component would create can find credentials: a
 * `tailscale` provider in the options (or inherited from the parent), `tailscale:*` stack config,
 * or the provider's environment variables. Without any, `pulumi up` would fail half-way, after the
 * Kubernetes side was changed, so the component refuses up front.
 */
export function tailscaleProviderConfigured(opts: pulumi.ComponentResourceOptions | undefined): boolean {
  const providers = opts?.providers;
  const listed = Array.isArray(providers) ? providers : Object.values(providers ?? {});
  if (isTailscale(opts?.provider) || listed.some(isTailscale)) return true;
  if (!Array.isArray(providers) && providers && "tailscale" in providers) return true;
  const inherited = (opts?.parent as unknown as { __providers?: { [pkg: string]: unknown } } | undefined)
    ?.__providers;
  if (inherited?.tailscale) return true;
  const config = new pulumi.Config("tailscale");
  if (["apiKey", "oauthClientId", "identityToken"].some((key) => config.get(key) !== undefined)) return true;
  return ["TAILSCALE_API_KEY", "TAILSCALE_OAUTH_CLIENT_ID", "TAILSCALE_IDENTITY_TOKEN"].some(
    (v) => !!process.env[v],
  );
}
