// The package entry for `require("tailnet-zerotrust")`.
// - In a checkout (a git clone, `pulumi package add`, this repository's tests and examples) the
//   TypeScript project is here (tsconfig.json beside package.json): load the source, through the
//   TypeScript loader already registered (ts-node in the Pulumi runtime, tools/register.js in the
//   test runner and the checkout's bin).
// - The npm package ships no TypeScript project, only the compiled JavaScript and declarations in
//   dist/ (npm always adds the `main` file, sdk/index.ts, but nothing loads it): nothing in
//   node_modules needs ts-node.
const fs = require("node:fs");
const path = require("node:path");

const checkout = fs.existsSync(path.join(__dirname, "tsconfig.json"));
// Two literal require() calls, not a ternary: Node's CommonJS export detection must see the
// compiled entry for ESM programs (`import { ZeroTrustCluster } from "tailnet-zerotrust"`).
if (checkout) module.exports = require(`./sdk/${"index.ts"}`);
else module.exports = require("./dist/index.js");
