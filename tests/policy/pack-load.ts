/**
 * A Node script that runs a policy pack's entry with PolicyPack replaced by a recorder (the real
 * constructor starts the analyzer's gRPC server) and prints what the pack was built with. Used on
 * the checkout's policy-pack/ and on the one in the installed npm package.
 */
export const RECORD_PACK = `const Module = require("node:module");
const load = Module._load;
let built;
Module._load = function (request, ...rest) {
  const m = load.call(this, request, ...rest);
  if (request !== "@pulumi/policy") return m;
  return { ...m, PolicyPack: class { constructor(name, args) { built = { name, args }; } } };
};
require(process.argv[1]);
const { name, args } = built;
const tsLoaded = Object.keys(require.cache).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
process.stdout.write(JSON.stringify({
  name,
  policies: args.policies.map((p) => ({ name: p.name, level: p.enforcementLevel, stack: typeof p.validateStack === "function", schema: Object.keys(p.configSchema.properties) })),
  // The package's policy.js: the one with the pack folder beside it.
  entry: Object.keys(require.cache).find((f) => f.endsWith("policy.js") && fs.existsSync(path.join(f, "..", "policy-pack"))),
  tsLoaded: tsLoaded.length,
}));
`;

/** The policy names, a contract (docs/guardrails.md, users' pack configs). */
export const POLICY_NAMES = [
  "namespace-default-deny",
  "dns-reachable",
  "no-public-service",
  "no-public-ingress",
  "no-funnel",
  "no-oauth-secret-in-values",
  "no-world-ingress",
  "no-host-network",
  "no-allow-all",
  "operator-isolated",
];
