/**
 * One feature, one folder. A feature (exposing Services, egress to the tailnet, ProxyGroups...)
 * lives in `sdk/features/<feature>/` and contributes to every stage through the {@link Feature}
 * interface below; `sdk/pipeline/registry.ts` lists the features in order, and the validator, the planner, the
 * proof and the tailnet side iterate over that list. Nothing outside the folder knows the feature,
 * except one line in the registry and its args field in `features/args.ts` ({@link FeatureArgs}).
 *
 * Writing a feature, step by step:
 * 1. `args.ts`: its args interfaces (schema-friendly: interfaces and enums only, no unions, no
 *    callbacks; TSDoc with `@default` on every field), and one field for them in
 *    `sdk/features/args.ts`. Both `ZeroTrustSpec` and the component's args extend that interface.
 * 2. `fields`: the same shape for the unknown-field and type check of args files (YAML/JSON,
 *    other languages), e.g. `{ egress: { each: { name: "string", ports: { each: {...} } } } }`.
 * 3. `validate`: every problem, with the field path as the user wrote it (`egress[0].ports[1].port`),
 *    quoting the value and saying the fix. It runs on the raw args after the shape check and before
 *    anything is planned. Reuse `kernel/rules.ts` checks and `kernel/issues.ts`.
 * 4. `normalize`: the args with every default applied (a plain value of the feature's own type,
 *    `N`). Every later hook receives it as `own`; the core never looks inside.
 * 5. The plan: `flows` (both halves of each connection become NetworkPolicies automatically, in the
 *    source's namespace and the destination's, where they are managed), `resources` (everything
 *    else: Services, custom resources...), `tailnet` (the policy fragment part), `warnings`.
 * 6. The proof: `workloads` (the pods the operator creates for this feature, so the NetworkPolicy
 *    engine can judge them) and `tailnetPaths` (end-to-end paths through the tailnet, each proven by
 *    the grants evaluator and the NetworkPolicy engine; a path that is not allowed fails construction).
 *
 * Rules every hook follows: pure (no Pulumi import, no I/O), deterministic (same args, same
 * output, sorted where order is not meaningful), and stable names: resource suffixes and policy
 * names are a contract, renaming one replaces a live object.
 */

import type { PlannedFlow } from "../kernel/flows";
import type { Issues } from "../kernel/issues";
import type { Labels } from "../kernel/kube";
import type { NormalizedCore, NormalizedSpec } from "../kernel/normalize";
import type { TailnetFlow } from "../kernel/proof";
import type { PlannedResource } from "../kernel/resources";
import type { Shape } from "../kernel/shape";
import type { TailnetPlan } from "../kernel/tailnet-plan";
import type { AccessDecision, AccessQuery, CapabilityDecision, TailnetIdentity } from "../tailnet/evaluator";
import type { TailnetPolicy } from "../tailnet/policy";
import type { ZeroTrustSpec } from "./args";

export type { FeatureArgs } from "./args";

/** What the planner knows when a feature plans its resources. */
export interface PlanContext {
  /** The whole declaration with defaults applied (the core's fields and every feature's `own`). */
  spec: NormalizedSpec;
  /** Namespaces under default-deny (the managed ones, and the operator's with `isolate`). */
  managedNamespaces: ReadonlySet<string>;
  /** `[suffix]` of the Namespace resource when this component creates `namespace`, else `[]`: depend on it. */
  inNamespace(namespace: string): string[];
  /**
   * Suffixes of the NetworkPolicies planned for flows with this `policyName` (the egress half and
   * the ingress half, each where its namespace is managed). Depend on them so a path is open
   * before the object that uses it exists.
   */
  policiesFor(policyName: string): string[];
  /**
   * `[suffix]` of the operator's Helm release when this component installs it, else `[]`. Objects
   * the operator reconciles (they carry its finalizer) depend on it, so they go first on destroy.
   */
  operator: string[];
}

/** A pod the operator creates for a feature, as the proof represents it (one pod per label set). */
export interface WorkloadPod {
  namespace: string;
  labels: Labels;
}

/** One side of a connection the proof asks the NetworkPolicy engine about. */
export interface ProofEndpoint {
  namespace: string;
  /** The representative pod whose labels include these ({} = any pod of the namespace). */
  podLabels: Labels;
}

/** The verdict of one hop. */
export interface HopVerdict {
  allowed: boolean;
  /** The engine's explanation when it is not allowed (or that no representative pod fits). */
  reason: string;
}

/** The two engines a feature proves its tailnet paths with. */
export interface ProofContext {
  /** The plan being proven: its `tailnet.policy` is what the grants evaluator reads. */
  plan: { operatorNamespace: string; tailnet: TailnetPlan; spec: NormalizedSpec };
  /**
   * The NetworkPolicy engine over the planned policies and the representative workloads: may a
   * pod of `from` open a connection to a pod of `to` (or to an external `ip`) on `port`?
   */
  cluster(
    from: ProofEndpoint,
    to: ProofEndpoint | { ip: string },
    port: number,
    protocol: "TCP" | "UDP" | "SCTP",
  ): HopVerdict;
  /** The grants evaluator over the planned tailnet policy (`plan.tailnet.policy`). */
  tailnet(query: AccessQuery): AccessDecision;
  /** The application capability `name` that `src` holds at `dst` under the planned policy (all grants add up). */
  capability(src: TailnetIdentity, dst: TailnetIdentity, name: string): CapabilityDecision;
}

/**
 * A feature of the declaration. `N` is its normalized args (whatever the feature needs later; the
 * core stores it under `spec.features[id]` and hands it back as `own`). Every hook but `validate`
 * and `normalize` is optional: implement the stages the feature takes part in.
 */
export interface Feature<N = unknown> {
  /** A unique id, also the key under `NormalizedSpec.features` (e.g. `"egress"`). */
  readonly id: string;
  /**
   * The feature's top-level args fields and their shape, for the unknown-field and type check
   * (`kernel/shape.ts` `Shape`). Fields named here are also recognised as paths of tailnet errors.
   */
  readonly fields: Shape;
  /**
   * Adds every problem with the feature's raw args to `issues` (path, quoted value, fix). Runs
   * after the shape check passed (types are right), before anything is planned.
   */
  validate(spec: ZeroTrustSpec, issues: Issues): void;
  /** Applies defaults. Called only on args `validate` accepted; `core` has the core's defaults applied. */
  normalize(spec: ZeroTrustSpec, core: NormalizedCore): N;
  /**
   * Allowed connections, one `PlannedFlow` per (source, destination, ports). The core turns each
   * into an `<policyName>-egress` policy in the source namespace and an `<policyName>-ingress`
   * policy in the destination namespace (where managed), lists it in the `flows` output, and the
   * proof checks that exactly these are open. `kind` names the feature in the `flows` lines
   * (`egress db: apps/app=backend -> tailscale/proxy(apps/db) on TCP/5432`); flows sharing a
   * `policyName` in one namespace become rules of one policy, so they must select the same pods.
   */
  flows?(own: N, spec: NormalizedSpec): PlannedFlow[];
  /**
   * Objects besides NetworkPolicies, in creation order, after the core's (namespaces, policies,
   * the operator). Suffixes must be unique and stable; use kind `CustomResource` for
   * `tailscale.com/v1alpha1` objects, and `ignoreChanges` for fields the operator rewrites once the
   * object exists (an egress Service's `spec.externalName`).
   */
  resources?(own: N, ctx: PlanContext): PlannedResource[];
  /**
   * The feature's part of the tailnet policy fragment: `tagOwners` (owned by the operator's tags),
   * `grants`, `nodeAttrs`, `autoApprovers` and the policy `tests` that prove them. Parts are united
   * (tagOwners and autoApprovers by key, lists appended without duplicates), merged into the base
   * policy and checked offline. Throw `TailnetPolicyError` with an issue per problem only visible
   * here, each at its argument path (`expose[1].tags`, `operator.operatorTags[0]`).
   */
  tailnet?(own: N, spec: NormalizedSpec): TailnetPolicy;
  /**
   * Chart values the feature needs from the operator's Helm release: deep-merged under the core's
   * own values (the core's win on a shared key) and under the user's `operator.helmValues` (the
   * user's win over both: `kernel/operator.ts` `helmValues`), so refuse user values for the
   * feature's keys in `validate`.
   * Ignored when the operator is installed elsewhere: say what to set there in `warnings`.
   */
  helmValues?(own: N, spec: NormalizedSpec): { [key: string]: any };
  /** Warnings: things that work but deserve a look (printed by the CLI, logged by the component). */
  warnings?(own: N, spec: NormalizedSpec): string[];
  /**
   * Labels of the pods this feature makes the operator create in its namespace that need none of
   * the namespace's egress (DNS, the API server, the internet): the core's egress policies there
   * leave pods with any of these labels out (a `NotIn` per key, policy names unchanged), so they
   * send only what the feature's own flows open. One value per key across features.
   */
  quietPods?(own: N, spec: NormalizedSpec): Labels;
  /**
   * Pods the operator creates for this feature (proxies, connectors...), added to the
   * representative cluster the proof evaluates; the pods of the flows' endpoints are added anyway.
   */
  workloads?(own: N, spec: NormalizedSpec): WorkloadPod[];
  /**
   * The `tailnetFlows` lines: every end-to-end path through the tailnet this feature declares,
   * each judged by both engines (`ctx.tailnet` for the grants, `ctx.cluster` for the pods). A path
   * with `allowed: false` fails construction with its `reason`.
   */
  tailnetPaths?(own: N, ctx: ProofContext): TailnetFlow[];
  /** Entries of the `hostnames` output (`namespace/name` -> tailnet name and URL). */
  hostnames?(
    own: N,
    spec: NormalizedSpec,
  ): { [key: string]: { hostname: string; address: string; url?: string } };
}

/** A feature with its normalized args typed away, as the registry holds it. */
export type AnyFeature = Feature<any>;

/** The feature's normalized args from a spec (what its hooks receive as `own`). */
export const ownOf = <N>(feature: Feature<N>, spec: NormalizedSpec): N => spec.features[feature.id] as N;
