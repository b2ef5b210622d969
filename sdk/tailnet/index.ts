/**
 * The tailnet side of the zero-trust declaration, as pure functions (no Pulumi): parse the user's
 * policy, merge a generated fragment into it (the features generate their parts), and prove the result with
 * an offline evaluator of grants, legacy acls and the policy's own tests.
 */
export * from "./addresses";
export * from "./combine";
export * from "./evaluator";
export * from "./hujson";
export * from "./identity";
export * from "./issues";
export * from "./kubernetes-cap";
export * from "./merge";
export * from "./policy";
export * from "./policy-tests";
export * from "./ports";
export * from "./selectors";
export * from "./ssh";
export * from "./ssh-tests";
export * from "./verify";
