#!/usr/bin/env node
// Runs the compiled CLI when the package has been built, else the TypeScript source through
// ts-node (a dependency of @pulumi/pulumi). Neither path loads the Pulumi SDK.
const fs = require("node:fs");
const path = require("node:path");

const compiled = path.join(__dirname, "..", "dist", "cli", "main.js");
let entry = compiled;
if (!fs.existsSync(compiled)) {
  require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
  entry = path.join(__dirname, "..", "sdk", "cli", "main.ts");
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`tailnet-zerotrust: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  });
