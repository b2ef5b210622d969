import assert from "node:assert/strict";
import { generateTailnetPolicy } from "../../sdk/features/exposure/fragment";
import {
  HujsonSyntaxError,
  issueLine,
  mergeTailnetPolicy,
  parseHujson,
  TailnetPolicyError,
  verifyTailnetPolicy,
} from "../../sdk/tailnet";
import { homelab } from "./fixtures";

const fragment = generateTailnetPolicy(homelab);

const base = `{
  // the rest of the homelab tailnet
  "groups": {"group:sre": ["alice@example.com", "bob@example.com"]},
  "tagOwners": {"tag:server": ["group:sre"], "tag:k8s": ["tag:k8s-operator", "alice@example.com"]},
  "grants": [
    {"src": ["autogroup:member"], "dst": ["autogroup:self"], "ip": ["*"]},
    {"src": ["group:sre"], "dst": ["tag:k8s-grafana"], "ip": ["tcp:80"]}, // already written by hand
  ],
  "ssh": [{"action": "check", "src": ["autogroup:member"], "dst": ["autogroup:self"], "users": ["autogroup:nonroot"]}],
  "tests": [{"src": "alice@example.com", "accept": ["tag:server:22"]}],
}`;

describe("tailnet policy merge", () => {
  it("keeps every base entry as written and appends the fragment's, skipping exact duplicates", () => {
    const baseWithServerGrant = base.replace(
      '"grants": [',
      '"grants": [\n    {"src": ["group:sre"], "dst": ["tag:server"], "ip": ["tcp:22"]},',
    );
    const { policy, text } = mergeTailnetPolicy(baseWithServerGrant, fragment);
    assert.deepEqual(policy.groups, { "group:sre": ["alice@example.com", "bob@example.com"] });
    assert.deepEqual(policy.tagOwners, {
      "tag:server": ["group:sre"],
      "tag:k8s": ["tag:k8s-operator", "alice@example.com"], // a superset of the fragment's owners: kept
      "tag:k8s-operator": [],
      "tag:k8s-grafana": ["tag:k8s-operator"],
    });
    assert.equal(policy.grants!.length, 3, "the fragment's grant was already in the base");
    assert.deepEqual(policy.grants![0], { src: ["group:sre"], dst: ["tag:server"], ip: ["tcp:22"] });
    assert.equal((policy.ssh as unknown[]).length, 1);
    assert.deepEqual(policy.tests![0], { src: "alice@example.com", accept: ["tag:server:22"] });
    assert.deepEqual(policy.tests!.slice(1), fragment.tests);
    assert.deepEqual(parseHujson(text), policy);
    assert.deepEqual(verifyTailnetPolicy(policy), { issues: [], unchecked: [] });
  });

  it("names both sides of a conflicting tag owner", () => {
    const conflicting = `{"grants": [], "tagOwners": {"tag:k8s-grafana": ["group:sre"]}}`;
    assert.throws(
      () => mergeTailnetPolicy(conflicting, fragment),
      (e: Error) =>
        e instanceof TailnetPolicyError &&
        e.message.startsWith(
          'tagOwners["tag:k8s-grafana"]: basePolicy says ["group:sre"], the generated fragment says ["tag:k8s-operator"]; add "tag:k8s-operator"',
        ) &&
        e.issues.length === 1 &&
        e.issues[0].path === 'tagOwners["tag:k8s-grafana"]',
    );
    // [] means admins only, and admins implicitly own every tag ("All tags are implicitly owned by
    // Owners, Admins, and Network admins"): any base owners satisfy it (a real policy owns the
    // operator tag by itself, ironicbadger/infra in the corpus).
    assert.doesNotThrow(() =>
      mergeTailnetPolicy(`{"grants": [], "TagOwners": {"TAG:K8S-OPERATOR": ["tag:k8s-operator"]}}`, fragment),
    );
    assert.doesNotThrow(() =>
      mergeTailnetPolicy(`{"grants": [], "tagOwners": {"tag:k8s-operator": ["autogroup:admin"]}}`, fragment),
    );
  });

  it("keeps a legacy acls base as it is (the two sections add up) and reads old key spellings", () => {
    const legacy = `{
      "ACLs": [{"action": "accept", "src": ["alice@example.com"], "dst": ["tag:server:22"]}],
      "Groups": {"group:sre": ["alice@example.com"]},
      "TagOwners": {"tag:server": []},
    }`;
    const { policy } = mergeTailnetPolicy(legacy, fragment);
    assert.deepEqual(policy.ACLs, [{ action: "accept", src: ["alice@example.com"], dst: ["tag:server:22"] }]);
    assert.equal(policy.acls, undefined);
    assert.deepEqual(Object.keys(policy.TagOwners as object), [
      "tag:server",
      "tag:k8s-operator",
      "tag:k8s",
      "tag:k8s-grafana",
    ]);
    assert.deepEqual(policy.grants, fragment.grants);
    assert.deepEqual(verifyTailnetPolicy(policy).issues, []);
  });

  it("refuses a base with neither acls nor grants: merging would close an allow-all tailnet", () => {
    assert.throws(
      () => mergeTailnetPolicy(`{"groups": {}}`, fragment),
      /basePolicy has neither "acls" nor "grants", so today it is Tailscale's default allow-all/,
    );
  });

  it("reports a base that does not parse with line and column", () => {
    assert.throws(
      () => mergeTailnetPolicy('{\n  "grants": []\n  "groups": {}\n}', fragment),
      (e: Error) =>
        e instanceof HujsonSyntaxError &&
        e.message === "basePolicy does not parse: line 3, column 3: unexpected '\"', expected ',' or '}'",
    );
    assert.throws(() => mergeTailnetPolicy("[]", fragment), /basePolicy: expected a JSON object/);
  });

  it("the merged policy's offline check finds a base rule that defeats 'nobody else'", () => {
    const open = `{"grants": [{"src": ["*"], "dst": ["*"], "ip": ["*"]}], "groups": {"group:sre": ["alice@example.com"]}}`;
    const { policy } = mergeTailnetPolicy(open, fragment);
    const errors = verifyTailnetPolicy(policy).issues.map(issueLine);
    assert.equal(errors.length, 2);
    assert.ok(
      errors.every((e) => e.includes('grants[0] {"src":["*"],"dst":["*"],"ip":["*"]}')),
      errors.join("\n"),
    );
  });

  it("the offline check finds tags and groups the policy does not define", () => {
    const { issues } = verifyTailnetPolicy({
      tagOwners: { "tag:k8s": ["tag:k8s-operator"] },
      grants: [{ src: ["group:sre", "group:ops@example.com", "tag:ci"], dst: ["tag:k8s"], ip: ["tcp:80"] }],
    });
    assert.deepEqual(issues, [
      { path: "grants[0].src[0]", message: 'group not found: "group:sre"; define it in groups' },
      { path: "grants[0].src[2]", message: 'tag not found: "tag:ci"; define it in tagOwners' },
      {
        path: 'tagOwners["tag:k8s"][0]',
        message: 'tag not found: "tag:k8s-operator"; define it in tagOwners',
      },
    ]);
  });
});
