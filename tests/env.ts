/**
 * The tests' environment does not leak in: the Tailscale provider reads TAILSCALE_API_KEY,
 * TAILSCALE_OAUTH_CLIENT_ID, TAILSCALE_IDENTITY_TOKEN and friends, and a developer's shell that
 * sets one would make "needs a Tailscale provider" tests pass or fail by machine. Imported by the
 * harness, so every component test starts without them.
 */
export function clearTailscaleEnv(): void {
  for (const key of Object.keys(process.env)) if (key.startsWith("TAILSCALE_")) delete process.env[key];
}

clearTailscaleEnv();
