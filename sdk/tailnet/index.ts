/**
 * The tailnet side of the zero-trust declaration, as pure functions (no Pulumi): parse the user's
 * policy, generate the fragment for the exposed Services, merge the two, and prove the result with
 * an offline evaluator of grants, legacy acls and the policy's own tests.
 */
// The exposure feature's fragment generator, exported here as before the features moved into folders.
export * from "../features/exposure/fragment";
export * from "./addresses";
export * from "./combine";
export * from "./evaluator";
export * from "./hujson";
export * from "./identity";
export * from "./kubernetes-cap";
export * from "./merge";
export * from "./policy";
export * from "./policy-tests";
export * from "./ports";
export * from "./selectors";
export * from "./ssh";
export * from "./ssh-tests";
export * from "./verify";
