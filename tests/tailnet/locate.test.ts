import assert from "node:assert/strict";
import { mergeFragment } from "../../sdk/pipeline/tailnet";
import { lineOfPath } from "../../sdk/tailnet/locate";

const fragment = {
  tagOwners: { "tag:k8s-operator": [], "tag:k8s-web": ["tag:k8s-operator"] },
  grants: [{ src: ["autogroup:member"], dst: ["tag:k8s-web"], ip: ["tcp:443"] }],
};
const base = `// mine
{
  "Grants": [
    {"src": ["*"], "dst": ["tag:k8s-web"], "ip": ["tcp:80"]},
    {"src": ["*"], "dst": ["tag:k8s-web"], "ip": ["tcp:90-80"]},
  ],
  "ssh": [
    {"action": "accept", "src": ["autogroup:member"], "dst": ["autogroup:self"], "users": ["root"]},
    {"action": "accept", "src": ["autogroup:member"], "dst": ["autogroup:self"]},
  ],
}`;

describe("a refused base policy names the rule and its line", () => {
  it("finds the line of a path, section names matched without case", () => {
    assert.equal(lineOfPath(base, "grants[1].ip[0]"), 5);
    assert.equal(lineOfPath(base, "ssh[1]"), 9);
    // An entry the base does not have (one the merge appended) has no line of the user's.
    assert.equal(lineOfPath(base, "grants[2]"), undefined);
    assert.equal(lineOfPath(base, "nothing here"), undefined);
  });

  it("says rule and line before anything is created: a reversed port range, an ssh rule without users", () => {
    const ports = mergeFragment(fragment, { basePolicy: base, includeTests: true });
    assert.equal(ports.plan, undefined);
    assert.deepEqual(ports.issues, [
      {
        path: "tailnet.basePolicy.grants[1].ip[0]",
        message:
          'line 5: the merged policy would be refused by Tailscale: port range "90-80" is not within 1-65535',
      },
    ]);
    const fixed = base.replace("tcp:90-80", "tcp:80-90");
    const ssh = mergeFragment(fragment, { basePolicy: fixed, includeTests: true });
    assert.equal(ssh.plan, undefined);
    assert.deepEqual(ssh.issues, [
      {
        path: "tailnet.basePolicy.ssh[1]",
        message:
          'line 9: the merged policy would be refused by Tailscale: users must be specified (e.g. ["autogroup:nonroot"])',
      },
    ]);
  });

  it("reports an entry the merge appended under the base as a whole, naming it in the merged policy", () => {
    // The base opens the generated grant's destination to everyone: the generated deny test fails.
    const open = `{"grants": [{"src": ["*"], "dst": ["*"], "ip": ["*"]}]}`;
    const withTest = { ...fragment, tests: [{ src: "tag:k8s-operator", deny: ["tag:k8s-web:443"] }] };
    const { issues } = mergeFragment(withTest, { basePolicy: open, includeTests: true });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["tailnet.basePolicy"],
    );
    assert.match(
      issues[0].message,
      /^the merged policy would be refused by Tailscale: tests\[0\]: test\(s\) failed/,
    );
  });
});
