import assert from "node:assert/strict";
import { perServiceTag, validateSource, validateTag } from "../../sdk/tailnet";

describe("tailnet selector validation", () => {
  it("accepts tags that follow tailcfg.CheckTag", () => {
    for (const tag of ["tag:k8s", "tag:k8s-operator", "tag:k8s-grafana", "tag:A1-b2"]) {
      assert.equal(validateTag(tag, "tags[0]"), undefined, tag);
    }
  });

  it("rejects tags Tailscale refuses, quoting the value and suggesting a fix", () => {
    assert.equal(
      validateTag("k8s", "expose[0].tags[0]"),
      'expose[0].tags[0]: "k8s" is not a tag: tags start with "tag:"; write "tag:k8s"',
    );
    assert.match(
      validateTag("tag:1x", "t")!,
      /^t: "tag:1x" is not a valid tag: tag names must start with a letter/,
    );
    assert.match(validateTag("tag:a_b", "t")!, /only contain numbers, letters, or dashes .*"tag:a-b"/);
    assert.match(validateTag("tag:a.b", "t")!, /"tag:a-b"/);
    assert.match(validateTag("tag:my tag", "t")!, /"tag:my tag" contains spaces; write "tag:mytag"/);
    assert.match(validateTag(" tag:prod", "t")!, /" tag:prod" contains spaces; write "tag:prod"/);
    assert.match(validateTag("tag:", "t")!, /empty name/);
    assert.match(validateTag("Tag:k8s", "t")!, /lowercase "tag:"; write "tag:k8s"/);
    assert.match(validateTag("", "t")!, /the tag is empty/);
    assert.match(validateTag(3, "t")!, /expected a tag string/);
  });

  it("accepts users, groups, tags and source autogroups", () => {
    for (const source of [
      "alice@example.com",
      "alice@github",
      "user:*@example.com",
      "group:sre",
      "group:sre@example.com",
      "tag:ci",
      "autogroup:member",
      "autogroup:tagged",
      "autogroup:admin",
      "autogroup:shared",
    ]) {
      assert.equal(validateSource(source, "expose[0].access[0]"), undefined, source);
    }
  });

  it("rejects other sources with the field path, the value and a suggestion", () => {
    assert.equal(
      validateSource("sre", "expose[0].access[1]"),
      'expose[0].access[1]: "sre" is not a tailnet source: did you mean "group:sre" or "tag:sre"? Use a user ("alice@example.com"), a group ("group:sre"), a tag ("tag:ci") or an autogroup ("autogroup:member")',
    );
    assert.match(validateSource("*", "a")!, /^a: "\*" selects every device .*"autogroup:member"/);
    assert.match(validateSource("100.64.0.1", "a")!, /"100.64.0.1" is an address, not an identity/);
    assert.match(validateSource("10.0.0.0/8", "a")!, /is an address/);
    assert.match(validateSource("autogroup:self", "a")!, /only valid as a destination/);
    assert.match(validateSource("autogroup:internet", "a")!, /only valid as a destination/);
    assert.match(validateSource("autogroup:danger-all", "a")!, /outside the tailnet/);
    assert.match(validateSource("autogroup:everyone", "a")!, /not an autogroup a source can use; use one of/);
    assert.match(validateSource("group:", "a")!, /is not a valid group/);
    assert.match(validateSource("Group:sre", "a")!, /write "group:sre"/);
    assert.match(validateSource("alice @example.com", "a")!, /contains spaces/);
    assert.match(
      validateSource("tag:a_b", "expose[2].access[0]")!,
      /^expose\[2\]\.access\[0\]: "tag:a_b" is not a valid tag/,
    );
    assert.match(validateSource("", "a")!, /the source is empty/);
  });

  it("derives a per-Service tag from the hostname without doubling the k8s- prefix", () => {
    assert.equal(perServiceTag("grafana"), "tag:k8s-grafana");
    assert.equal(perServiceTag("k8s-grafana"), "tag:k8s-grafana");
    assert.equal(perServiceTag("1password"), "tag:k8s-1password");
    assert.equal(validateTag(perServiceTag("1password"), "t"), undefined);
  });
});
