/**
 * Proof that the policies do what the declaration says: the declared flows as a predicate,
 * representative workloads for a plan, and the comparison against the NetworkPolicy engine.
 */
export * from "./intent";
export * from "./intent-report";
export * from "./plan-check";
export * from "./tailnet-flows";
export * from "./verify";
export * from "./workloads";
