import assert from "node:assert/strict";
import { checkSpec, planZeroTrust, validateSpec, ZeroTrustValidationError } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { homelab } from "../fixtures";

/**
 * The tailnet policy's problems reach the declaration's report as issues at the field they are
 * about: inside `tailnet.basePolicy` (with the line) when the user's base has the entry, at the
 * argument a generated part came from otherwise. No message is parsed to find the path.
 */

/** The homelab with Grafana granted to the SRE group, merged into a base whose parts are given. */
function withBase(base: { [section: string]: unknown }): ZeroTrustSpec {
  const spec = homelab();
  spec.expose![0].access = ["group:sre"];
  const policy = {
    groups: { "group:sre": ["alice@example.com"] },
    tagOwners: { "tag:ci": ["group:sre"] },
    grants: [{ src: ["group:sre"], dst: ["tag:ci"], ip: ["tcp:22"] }],
    ...base,
  };
  spec.tailnet = { basePolicy: JSON.stringify(policy, null, 2) };
  return spec;
}

/** The one issue validation reports, checked to be the one planning throws too. */
function onlyIssue(spec: ZeroTrustSpec) {
  const issues = validateSpec(spec);
  assert.equal(issues.length, 1, JSON.stringify(issues));
  assert.throws(
    () => planZeroTrust(spec),
    (err: unknown) => err instanceof ZeroTrustValidationError && err.issues[0].path === issues[0].path,
  );
  return issues[0];
}

describe("tailnet policy problems reach the report at their path", () => {
  it("a grant of the base: its own path and line", () => {
    const issue = onlyIssue(
      withBase({ grants: [{ src: ["group:sre"], dst: ["tag:ci"], ip: ["tcp:90-80"] }] }),
    );
    assert.equal(issue.path, "tailnet.basePolicy.grants[0].ip[0]");
    assert.match(
      issue.message,
      /^line \d+: the merged policy would be refused by Tailscale: port range "90-80"/,
    );
  });

  it("keys equal but for case, which Tailscale reads as one key (the later winning)", () => {
    // Checked here, `grants` would deny; obeyed by Tailscale, `Grants` opens everything.
    const section = onlyIssue(withBase({ Grants: [{ src: ["*"], dst: ["*"], ip: ["*"] }] }));
    assert.equal(section.path, "tailnet.basePolicy.grants");
    assert.match(section.message, /^line 12: has the keys "grants" and "Grants", equal but for case/);
    const field = onlyIssue(
      withBase({ grants: [{ src: ["group:sre"], dst: ["tag:ci"], Dst: ["*"], ip: ["tcp:22"] }] }),
    );
    assert.equal(field.path, "tailnet.basePolicy.grants[0]");
    assert.match(field.message, /has the keys "dst" and "Dst", equal but for case/);
  });

  it("a tagOwners entry of the base that takes the tag from the operator", () => {
    const issue = onlyIssue(
      withBase({ tagOwners: { "tag:ci": ["group:sre"], "tag:k8s-grafana": ["group:sre"] } }),
    );
    assert.equal(issue.path, 'tailnet.basePolicy.tagOwners["tag:k8s-grafana"]');
    assert.match(
      issue.message,
      /basePolicy says \["group:sre"\], the generated fragment says \["tag:k8s-operator"\]/,
    );
  });

  it("a test of the base that fails, and an undefined group a test names", () => {
    const failing = onlyIssue(withBase({ tests: [{ src: "bob@example.com", accept: ["tag:ci:22"] }] }));
    assert.equal(failing.path, "tailnet.basePolicy.tests[0]");
    assert.match(
      failing.message,
      /test\(s\) failed for bob@example.com: address "tag:ci:22": want: Accept, got: Drop/,
    );
    const group = validateSpec(withBase({ tests: [{ src: "group:ops", accept: ["tag:ci:22"] }] }));
    assert.deepEqual(
      group.map((i) => i.path),
      ["tailnet.basePolicy.tests[0].src", "tailnet.basePolicy.tests[0]"],
    );
    assert.match(group[0].message, /group not found: "group:ops"; define it in groups$/);
  });

  it("a generated test the base defeats: under the base as a whole, naming the merged policy's test", () => {
    const issues = validateSpec(
      withBase({ grants: [{ src: ["autogroup:member"], dst: ["tag:k8s-grafana"], ip: ["*"] }] }),
    );
    assert.ok(issues.length > 0);
    for (const issue of issues) {
      assert.equal(issue.path, "tailnet.basePolicy");
      assert.match(
        issue.message,
        /^the merged policy would be refused by Tailscale: tests\[\d+\] \(generated for expose\): test\(s\) failed/,
      );
    }
  });

  it("a group a generated grant names but the base does not define: the base, naming the grant's origin", () => {
    const issues = validateSpec(withBase({ groups: {}, tagOwners: {}, grants: [] }));
    assert.deepEqual(issues, [
      {
        path: "tailnet.basePolicy",
        message:
          'the merged policy would be refused by Tailscale: grants[0].src[0] (generated for expose): group not found: "group:sre"; define it in groups',
      },
      {
        path: "tailnet.basePolicy",
        message:
          'the merged policy would be refused by Tailscale: tests[0].src (generated for expose): group not found: "group:sre"; define it in groups',
      },
    ]);
  });

  it("an ssh rule of the base Tailscale refuses, and a failing sshTest", () => {
    const rule = { action: "accept", src: ["group:sre"], dst: ["tag:ci"] };
    const refused = onlyIssue(withBase({ ssh: [rule] }));
    assert.equal(refused.path, "tailnet.basePolicy.ssh[0]");
    assert.match(refused.message, /users must be specified/);
    const failing = onlyIssue(
      withBase({
        ssh: [{ ...rule, users: ["autogroup:nonroot"] }],
        sshTests: [{ src: "alice@example.com", dst: ["tag:ci"], accept: ["root"] }],
      }),
    );
    assert.equal(failing.path, "tailnet.basePolicy.sshTests[0]");
    assert.match(failing.message, /ssh to tag:ci as "root": want: Accept, got: Deny/);
  });

  it("a base that does not parse: the base as a whole, with line and column", () => {
    const spec = withBase({});
    spec.tailnet!.basePolicy = '{\n  "grants": []\n  "groups": {}\n}';
    const issue = onlyIssue(spec);
    assert.equal(issue.path, "tailnet.basePolicy");
    assert.match(issue.message, /^basePolicy does not parse: line 3, column 3: /);
  });

  it("a generated part's problem: the argument it came from", () => {
    const funnel = homelab();
    funnel.expose![0] = { ...funnel.expose![0], via: "ingress" as never, funnel: true, tags: ["tag:k8s"] };
    funnel.tailnet = { allowFunnel: ["monitoring/grafana"] };
    const issue = onlyIssue(funnel);
    assert.equal(issue.path, "expose[0].tags");
    assert.match(issue.message, /^Funnel needs a tag only this proxy carries/);
  });

  it("a proxy tag that is an operator tag: where it was written, with or without an exposure", () => {
    const spec = homelab();
    spec.operator!.proxyTags = ["tag:k8s-operator"];
    assert.equal(onlyIssue(spec).path, "operator.proxyTags[0]");
    spec.expose = [];
    assert.equal(onlyIssue(spec).path, "operator.proxyTags[0]");
    const inherited = homelab();
    inherited.operator!.operatorTags = ["tag:k8s"];
    const issue = onlyIssue(inherited);
    assert.equal(issue.path, "operator.operatorTags[0]");
    assert.match(issue.message, /^"tag:k8s" is the default proxy tag/);
  });
});

describe("the tailnet policy's tests in the same pass as every other problem", () => {
  const failingTest = { tests: [{ src: "bob@example.com", accept: ["tag:ci:22"] }] };

  it("reports a bad port and a failing tailnet policy test together", () => {
    const spec = withBase(failingTest);
    spec.allow![0].ports = [{ port: 70000 }];
    assert.deepEqual(
      validateSpec(spec).map((i) => i.path),
      ["allow[0].ports[0].port", "tailnet.basePolicy.tests[0]"],
    );
    assert.deepEqual(checkSpec(spec).unchecked, []);
  });

  it("says the tests were not run when a field the policy is built from has a problem", () => {
    const spec = withBase(failingTest);
    spec.expose![0].tags = ["k8s"];
    const checked = checkSpec(spec);
    assert.deepEqual(
      checked.issues.map((i) => i.path),
      ["expose[0].tags[0]"],
    );
    assert.equal(checked.unchecked.length, 1);
    assert.match(
      checked.unchecked[0],
      /^the tailnet policy: it is built from expose\[0\]\.tags\[0\], .*were not run/,
    );
    assert.throws(
      () => planZeroTrust(spec),
      (err: unknown) =>
        err instanceof ZeroTrustValidationError &&
        /\nNot checked \(unchecked, not passed\):\n {2}- the tailnet policy: it is built from expose\[0\]\.tags\[0\]/.test(
          err.message,
        ),
    );
  });
});
