import assert from "node:assert/strict";
import { perServiceTag, sourceProblem, tagProblem } from "../../sdk/tailnet";

describe("tailnet selector validation", () => {
  it("accepts tags that follow tailcfg.CheckTag", () => {
    for (const tag of ["tag:k8s", "tag:k8s-operator", "tag:k8s-grafana", "tag:A1-b2"]) {
      assert.equal(tagProblem(tag), undefined, tag);
    }
  });

  it("rejects tags Tailscale refuses, quoting the value and suggesting a fix", () => {
    assert.equal(tagProblem("k8s"), '"k8s" is not a tag: tags start with "tag:"; write "tag:k8s"');
    assert.match(tagProblem("tag:1x")!, /^"tag:1x" is not a valid tag: tag names must start with a letter/);
    assert.match(tagProblem("tag:a_b")!, /only contain numbers, letters, or dashes .*"tag:a-b"/);
    assert.match(tagProblem("tag:a.b")!, /"tag:a-b"/);
    assert.match(tagProblem("tag:my tag")!, /"tag:my tag" contains spaces; write "tag:mytag"/);
    assert.match(tagProblem(" tag:prod")!, /" tag:prod" contains spaces; write "tag:prod"/);
    assert.match(tagProblem("tag:")!, /empty name/);
    assert.match(tagProblem("Tag:k8s")!, /lowercase "tag:"; write "tag:k8s"/);
    assert.match(tagProblem("")!, /the tag is empty/);
    assert.match(tagProblem(3)!, /expected a tag string/);
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
      assert.equal(sourceProblem(source), undefined, source);
    }
  });

  it("rejects other sources with the field path, the value and a suggestion", () => {
    assert.equal(
      sourceProblem("sre"),
      '"sre" is not a tailnet source: did you mean "group:sre" or "tag:sre"? Use a user ("alice@example.com"), a group ("group:sre"), a tag ("tag:ci") or an autogroup ("autogroup:member")',
    );
    assert.match(sourceProblem("*")!, /^"\*" selects every device .*"autogroup:member"/);
    assert.match(sourceProblem("100.64.0.1")!, /"100.64.0.1" is an address, not an identity/);
    assert.match(sourceProblem("10.0.0.0/8")!, /is an address/);
    assert.match(sourceProblem("autogroup:self")!, /only valid as a destination/);
    assert.match(sourceProblem("autogroup:internet")!, /only valid as a destination/);
    assert.match(sourceProblem("autogroup:danger-all")!, /outside the tailnet/);
    assert.match(sourceProblem("autogroup:everyone")!, /not an autogroup a source can use; use one of/);
    assert.match(sourceProblem("group:")!, /is not a valid group/);
    assert.match(sourceProblem("Group:sre")!, /write "group:sre"/);
    assert.match(sourceProblem("alice @example.com")!, /contains spaces/);
    assert.match(sourceProblem("tag:a_b")!, /^"tag:a_b" is not a valid tag/);
    assert.match(sourceProblem("")!, /the source is empty/);
  });

  it("derives a per-Service tag from the hostname without doubling the k8s- prefix", () => {
    assert.equal(perServiceTag("grafana"), "tag:k8s-grafana");
    assert.equal(perServiceTag("k8s-grafana"), "tag:k8s-grafana");
    assert.equal(perServiceTag("1password"), "tag:k8s-1password");
    assert.equal(tagProblem(perServiceTag("1password")), undefined);
  });
});
