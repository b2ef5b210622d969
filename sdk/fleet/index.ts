/**
 * A fleet of clusters on one tailnet, as pure functions (no Pulumi): validation, expansion of links
 * into both clusters' declarations, one merged tailnet policy, and the cross-cluster proof.
 */
export * from "./collisions";
export * from "./expand";
export * from "./export";
export * from "./plan";
export * from "./proof";
export * from "./prove";
export * from "./types";
export * from "./validate";
