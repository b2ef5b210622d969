/**
 * The pure core: validation, defaults and planning over plain data. Nothing here imports Pulumi,
 * so the command-line tool and the tests use it without loading the Pulumi SDK.
 */
export * from "./cidr";
export * from "./defaults";
export * from "./exposure";
export * from "./flows";
export * from "./kube";
export * from "./normalize";
export * from "./operator";
export * from "./plan";
export * from "./policies";
export * from "./proxies";
export * from "./rules";
export * from "./types";
export * from "./validate";
