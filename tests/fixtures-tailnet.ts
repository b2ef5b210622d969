/** A base tailnet policy as a team keeps it: groups, their own grants, comments and trailing commas. */
export const BASE_POLICY = `{
  // The rest of the tailnet: people, and what they may reach outside the cluster.
  "groups": { "group:sre": ["alice@example.com", "bob@example.com"] },
  "tagOwners": { "tag:ci": ["group:sre"] },
  "grants": [
    { "src": ["group:sre"], "dst": ["tag:ci"], "ip": ["tcp:22"] },
  ],
}`;
