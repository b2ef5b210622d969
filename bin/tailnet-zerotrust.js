#!/usr/bin/env node
// In a checkout (tsconfig.json beside package.json, as in index.js) the tool runs the TypeScript
// sources through tools/register.js, so an edited source runs on the next start and a dist/ left by
// `npm run build` is never picked up stale. The npm package ships no tsconfig.json nor tools/: it
// runs the compiled dist/. Neither path loads the Pulumi SDK.
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
let entry = path.join(root, "dist", "cli", "main.js");
if (fs.existsSync(path.join(root, "tsconfig.json"))) {
  require(path.join(root, "tools", "register.js"));
  entry = path.join(root, "sdk", "cli", "main.ts");
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`tailnet-zerotrust: ${err?.stack ?? err}\n`);
    process.exitCode = 2;
  });
