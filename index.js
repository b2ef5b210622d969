// The package entry for `require("tailnet-zerotrust")`.
// - In a checkout (a git clone, `pulumi package add`, this repository's tests and examples) the
//   TypeScript project is here (tsconfig.json beside package.json): load the source, through the
//   ts-node that the Pulumi runtime and the test runner register.
// - The npm package ships no TypeScript project, only the compiled JavaScript and declarations in
//   dist/ (npm always adds the `main` file, sdk/index.ts, but nothing loads it): nothing in
//   node_modules needs ts-node.
const fs = require("node:fs");
const path = require("node:path");

const checkout = fs.existsSync(path.join(__dirname, "tsconfig.json"));
module.exports = require(checkout ? "./sdk/index.ts" : "./dist/index.js");
