// The tailnet-zerotrust guardrails as a ready CrossGuard policy pack:
//   pulumi preview --policy-pack node_modules/tailnet-zerotrust/policy-pack
// (optionally --policy-pack-config config.json; rule names, levels and settings in docs/guardrails.md).
// Plain JavaScript, so the pack runs without a TypeScript loader; the rules live in
// tailnet-zerotrust/policy, shared with `tailnet-zerotrust audit`. The PolicyPack constructor starts
// the analyzer's gRPC server: nothing else may require this file.
const fs = require("node:fs");
const path = require("node:path");
const { PolicyPack } = require("@pulumi/policy");

// In the package (installed, or a checkout) the pack takes the policies of the package it ships in;
// a copy of this folder elsewhere takes them from the installed tailnet-zerotrust.
const sibling = path.join(__dirname, "..", "policy.js");
const { policies } = fs.existsSync(sibling) ? require(sibling) : require("tailnet-zerotrust/policy");

new PolicyPack("tailnet-zerotrust", {
  policies,
  displayName: "tailnet-zerotrust guardrails",
  description:
    "Default-deny that holds (judged by a reachability engine), DNS under it, an isolated Tailscale operator, nothing public outside the tailnet, and no Tailscale credentials in Helm values.",
  provider: "kubernetes",
  tags: ["kubernetes", "network", "tailscale"],
});
