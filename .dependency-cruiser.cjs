// The architecture, machine-checked (`npm run lint`). sdk/ is layered, each layer importing only
// the ones below it:
//
//   surface    sdk/component and sdk/policy (the only Pulumi code: the component, the guardrail
//              pack), sdk/cli, sdk/index.ts, sdk/inputs.ts, sdk/core/index.ts (public faces)
//   apps       sdk/fleet (many clusters, one tailnet), sdk/observe (observed flows against the
//              declaration): independent of each other
//   proof      sdk/verify: proves a plan (representative workloads, the features' tailnet paths)
//   pipeline   sdk/pipeline: the feature registry, and validate / normalize / plan by iterating it
//   features   sdk/features/<name>/, one folder per feature behind the `Feature` contract
//              (sdk/features/feature.ts) and its args (sdk/features/args.ts)
//   kernel     sdk/kernel (Kubernetes types, rules, issues, defaults, CIDR, the flow and policy
//              compiler, the dataplane profile it consults, the proof's vocabulary) and
//              sdk/tailnet (the tailnet policy: types, evaluator, merge)
//   engine     sdk/reach (the NetworkPolicy reachability engine), sdk/render (text views)
//
// No cycle between folders, by construction: every layer imports only downward, and inside a
// layer the direction is fixed too: sdk/tailnet never imports sdk/kernel, sdk/render imports
// nothing, the CLI and the component never import each other. Inside features: a feature's
// schema file (`args.ts`; control-plane's `types.ts`) imports only the kernel; the features root
// (`args.ts`, the aggregate of the schemas, and `feature.ts`, the contract) imports only schema
// files; a feature folder imports the root, any schema file, and the features it builds on along
// FEATURE_DEPENDENCIES below, which must stay acyclic (checked when this file loads).
// Inside sdk/reach the sub-folders are layered too, along REACH_DEPENDENCIES below (acyclic,
// checked when this file loads): model/ (the plain model, queries, CIDR, ports, selectors, the
// admin tiers' and dataplane switches' types, the field readers) at the bottom; dataplane/,
// admin/ (loading AdminNetworkPolicies and Nodes) and render/ (the text of a check) over it;
// netpol/ (the engine, including how the admin tiers are evaluated in it, and the verdicts'
// explanations) and load/ on top; sdk/reach/index.ts, the public face, over all of them. Every
// reach folder has an index.ts: sdk/reach/index.ts re-exports through them; the folders above a
// folder import its files directly (the faces are for the root and readers, not a rule).
//
// No cycle between FILES either (`no-file-cycle`, over all of sdk/): two files that import each
// other are one unit in two places. A type-only import counts (tsPreCompilationDeps), although it
// makes no runtime cycle: the shared type moves to a file both sides import (e.g.
// reach/netpol/matrix-result.ts, verify/intent-report.ts) instead; there is no exception today.

/** Which features a feature may import (besides every feature's schema file). Keep it acyclic. */
const FEATURE_DEPENDENCIES = {
  // Ingress ProxyGroups serve exposures: the Tailscale Services they advertise come from them.
  "proxy-groups": ["exposure"],
  // Egress through a ProxyGroup; tags shared with the exposures' checks.
  egress: ["proxy-groups", "exposure"],
  // The API server proxy's hostname rules and HA replicas follow the exposures' and groups'.
  "control-plane": ["exposure", "proxy-groups"],
  // Who may scrape which proxies: the exposures' proxies among them.
  metrics: ["exposure"],
};

/** Which sdk/reach sub-folders a sub-folder may import (besides itself). Keep it acyclic. */
const REACH_DEPENDENCIES = {
  model: [],
  dataplane: ["model"],
  admin: ["model"],
  // The text of a check; the verdicts' explanations are the engine's (netpol/explain.ts).
  render: ["model"],
  netpol: ["model", "dataplane"],
  // Loading builds the cluster: the admin tiers, the dataplane's CNI policies.
  load: ["model", "dataplane", "admin"],
};

// Both tables must be DAGs: a cycle would make two features (or two reach folders) one.
const assertAcyclic = (table, label) => {
  const visit = (name, path = []) => {
    if (path.includes(name)) throw new Error(`${label} has a cycle: ${[...path, name].join(" -> ")}`);
    for (const next of table[name] ?? []) visit(next, [...path, name]);
  };
  for (const name of Object.keys(table)) visit(name);
};
assertAcyclic(FEATURE_DEPENDENCIES, "FEATURE_DEPENDENCIES");
assertAcyclic(REACH_DEPENDENCIES, "REACH_DEPENDENCIES");

const FEATURE_SCHEMA = "^sdk/features/[^/]+/(args|types)\\.ts$";

/** Per feature folder: it imports only itself, the features it builds on, and schema files. */
const featureRules = () =>
  require("node:fs")
    .readdirSync(require("node:path").join(__dirname, "sdk", "features"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) => ({
      name: `feature-${name}-imports-declared-features-only`,
      comment: "A feature imports another only along FEATURE_DEPENDENCIES (or its schema file).",
      severity: "error",
      from: { path: `^sdk/features/${name}/` },
      to: {
        path: `^sdk/features/(?!(?:${[name, ...(FEATURE_DEPENDENCIES[name] ?? [])].join("|")})/)[^/]+/`,
        pathNot: FEATURE_SCHEMA,
      },
    }));
/** Per sdk/reach sub-folder: it imports only itself and the sub-folders below it (never the root index). */
const reachRules = () => {
  const folders = require("node:fs")
    .readdirSync(require("node:path").join(__dirname, "sdk", "reach"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) => name);
  const unlisted = folders.filter((name) => !(name in REACH_DEPENDENCIES));
  if (unlisted.length > 0) throw new Error(`sdk/reach sub-folders missing from REACH_DEPENDENCIES: ${unlisted.join(", ")}`);
  return folders.map((name) => ({
    name: `reach-${name}-imports-lower-folders-only`,
    comment: "sdk/reach's sub-folders import only downward, along REACH_DEPENDENCIES.",
    severity: "error",
    from: { path: `^sdk/reach/${name}/` },
    to: { path: `^sdk/reach/(?!(?:${[name, ...REACH_DEPENDENCIES[name]].join("|")})/)` },
  }));
};
const upward = (name, from, to, comment) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: { path: to },
});

const ENGINE = "^sdk/(reach|render)/";
const KERNEL = "^sdk/(kernel|tailnet)/";
const FEATURES = "^sdk/features/";
const PIPELINE = "^sdk/pipeline/";
const PROOF = "^sdk/verify/";
const FLEET = "^sdk/(fleet|observe)/";
const SURFACE = "^sdk/(component/|policy/|cli/|core/|index\\.ts$|inputs\\.ts$)";

module.exports = {
  forbidden: [
    {
      name: "no-file-cycle",
      comment: "No two files of sdk/ import each other, directly or around a loop, type-only imports included.",
      severity: "error",
      from: { path: "^sdk/" },
      to: { circular: true },
    },
    upward("engine-imports-only-engine", ENGINE, "^sdk/(?!reach/|render/)", "The engine is a library over plain Kubernetes objects."),
    upward("kernel-no-upward", KERNEL, `${FEATURES}|${PIPELINE}|${PROOF}|${FLEET}|${SURFACE}`, "The kernel imports no feature and no stage."),
    upward("features-no-upward", FEATURES, `${PIPELINE}|${PROOF}|${FLEET}|${SURFACE}`, "A feature plugs into the pipeline through the registry; it never calls it."),
    upward("pipeline-no-upward", PIPELINE, `${PROOF}|${FLEET}|${SURFACE}`, "The pipeline plans; the proof and the fleet build on it."),
    upward("proof-no-upward", PROOF, `${FLEET}|${SURFACE}`, "The proof is used by the fleet, observe and the surface."),
    upward("apps-no-upward", FLEET, SURFACE, "The fleet and observe are used by the surface."),
    upward("fleet-not-observe", "^sdk/fleet/", "^sdk/observe/", "Independent applications of the pipeline."),
    upward("observe-not-fleet", "^sdk/observe/", "^sdk/fleet/", "Independent applications of the pipeline."),
    upward("cli-not-component", "^sdk/cli/", "^sdk/component/", "The CLI never loads Pulumi."),
    upward("component-not-cli", "^sdk/component/", "^sdk/cli/", "The component does not run commands."),
    upward("tailnet-below-kernel", "^sdk/tailnet/", "^sdk/kernel/", "The tailnet policy library knows no Kubernetes."),
    upward("render-is-a-leaf", "^sdk/render/", "^sdk/(?!render/)", "Text views over plain data."),
    upward("schema-imports-only-kernel", FEATURE_SCHEMA, `^sdk/(?!kernel/|tailnet/|reach/)`, "A feature's args are plain interfaces over the kernel's."),
    {
      name: "features-root-imports-only-schemas",
      comment: "The contract and the args aggregate sit below the feature folders, above their schema files.",
      severity: "error",
      from: { path: "^sdk/features/[^/]+\\.ts$" },
      to: { path: "^sdk/features/[^/]+/", pathNot: FEATURE_SCHEMA },
    },
    {
      name: "pulumi-only-in-component",
      comment: "A pure core, a thin Pulumi shell: only sdk/component, sdk/policy (and the package entry) import Pulumi.",
      severity: "error",
      from: { path: "^sdk/", pathNot: "^sdk/(component/|policy/|index\\.ts$)" },
      to: { path: "^@pulumi/|node_modules/@pulumi/" },
    },
    ...featureRules(),
    ...reachRules(),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
