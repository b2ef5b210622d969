import assert from "node:assert/strict";
import { mergeFragment } from "../../sdk/pipeline/tailnet";
import { lineOfMessage } from "../../sdk/tailnet/locate";

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
    assert.equal(lineOfMessage(base, "grants[1].ip[0]: port range"), 5);
    assert.equal(lineOfMessage(base, "ssh[1]: users must be specified"), 9);
    assert.equal(lineOfMessage(base, "nothing here"), undefined);
  });

  it("says rule and line before anything is created: a reversed port range, an ssh rule without users", () => {
    const ports = mergeFragment(fragment, { basePolicy: base, includeTests: true });
    assert.equal(ports.plan, undefined);
    assert.match(ports.issues[0].message, /grants\[1\]\.ip\[0\] \(line 5\): port range "90-80"/);
    const fixed = base.replace("tcp:90-80", "tcp:80-90");
    const ssh = mergeFragment(fragment, { basePolicy: fixed, includeTests: true });
    assert.equal(ssh.plan, undefined);
    assert.match(ssh.issues[0].message, /refused by Tailscale: ssh\[1\] \(line 9\): users must be specified/);
  });
});
