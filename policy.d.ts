// Declarations of `tailnet-zerotrust/policy` for TypeScript's older "node" module resolution, which
// does not read package.json "exports" (node16 and bundler resolution use exports' "types").
export * from "./dist/policy/index";
