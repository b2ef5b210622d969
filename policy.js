// The entry of `require("tailnet-zerotrust/policy")`: the guardrails as CrossGuard policies.
// As index.js: in a checkout (tsconfig.json beside package.json) the TypeScript sources, in the npm
// package the compiled dist/. A policy pack runs in its own Node process, which has no TypeScript
// loader of its own when its entry is JavaScript (policy-pack/index.js), so the checkout registers
// this repository's (tools/register.js) when none is registered yet.
const fs = require("node:fs");
const path = require("node:path");

const checkout = fs.existsSync(path.join(__dirname, "tsconfig.json"));
if (checkout && !require.extensions[".ts"]) require("./tools/register.js");
// Two literal require() calls, as in index.js, so Node's CommonJS export detection sees the names.
if (checkout) module.exports = require(`./sdk/policy/${"index.ts"}`);
else module.exports = require("./dist/policy/index.js");
