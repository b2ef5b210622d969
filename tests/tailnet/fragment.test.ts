import assert from "node:assert/strict";
import { generateTailnetPolicy } from "../../sdk/features/exposure/fragment";
import { runPolicyTests, TailnetPolicyError } from "../../sdk/tailnet";
import { grafana, homelab } from "./fixtures";

const clone = <T>(value: T): T => structuredClone(value);

describe("tailnet policy fragment", () => {
  it("homelab: grafana to group:sre on its per-Service tag (the doc's minimal policy, generated)", () => {
    assert.deepEqual(generateTailnetPolicy(homelab), {
      tagOwners: {
        "tag:k8s-operator": [],
        "tag:k8s": ["tag:k8s-operator"],
        "tag:k8s-grafana": ["tag:k8s-operator"],
      },
      grants: [{ src: ["group:sre"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] }],
      tests: [
        { src: "group:sre", proto: "tcp", accept: ["tag:k8s-grafana:80"], deny: ["tag:k8s-grafana:443"] },
        { src: "tag:k8s-operator", proto: "tcp", deny: ["tag:k8s-grafana:80"] },
      ],
    });
  });

  it("passes its own tests, and a mutated fragment fails them", () => {
    const fragment = generateTailnetPolicy(homelab);
    const report = runPolicyTests(fragment);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.unchecked, []);
    assert.equal(report.passed, 3);

    const wrongPort = clone(fragment);
    wrongPort.grants![0].ip = ["tcp:8080"];
    assert.deepEqual(
      runPolicyTests(wrongPort).failures.map((f) => f.destination),
      ["tag:k8s-grafana:80"],
    );

    const tooBroad = clone(fragment);
    tooBroad.grants![0] = { src: ["*"], dst: ["tag:k8s"], ip: ["*"] };
    // grafana's proxy does not carry tag:k8s here, so only the accept is lost...
    assert.equal(runPolicyTests(tooBroad).failures.length, 1);
    tooBroad.grants!.push({ src: ["*"], dst: ["tag:k8s-grafana"], ip: ["tcp:1-1000"] });
    // ...and opening grafana to everyone breaks both deny tests.
    assert.deepEqual(
      runPolicyTests(tooBroad)
        .failures.map((f) => `${f.src} ${f.destination}`)
        .sort(),
      ["group:sre tag:k8s-grafana:443", "tag:k8s-operator tag:k8s-grafana:80"],
    );
  });

  it("grants the Service's own tag, not a tag other proxies share", () => {
    const input = clone(homelab);
    input.exposures[0].tags = ["tag:k8s", "tag:k8s-grafana"];
    input.exposures.push({
      ...clone(grafana),
      hostname: "prometheus",
      service: "prometheus",
      tags: ["tag:k8s", "tag:k8s-prometheus"],
      access: ["alice@example.com", "tag:ci"],
      ports: [
        { port: 9090, protocol: "TCP" },
        { port: 9090, protocol: "TCP" },
        { port: 53, protocol: "UDP" },
      ],
    });
    const policy = generateTailnetPolicy(input);
    assert.deepEqual(policy.grants, [
      { src: ["group:sre"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] },
      { src: ["alice@example.com", "tag:ci"], dst: ["tag:k8s-prometheus"], ip: ["tcp:9090", "udp:53"] },
    ]);
    assert.deepEqual(Object.keys(policy.tagOwners!), [
      "tag:k8s-operator",
      "tag:k8s",
      "tag:k8s-grafana",
      "tag:k8s-prometheus",
    ]);
    // tag:ci can be denied grafana (no user-side selector can cover a tag), alice cannot: she may be in group:sre.
    const tests = Object.fromEntries(policy.tests!.map((t) => [`${t.src} ${t.proto}`, t]));
    assert.deepEqual(tests["tag:ci tcp"].deny, ["tag:k8s-grafana:80", "tag:k8s-prometheus:443"]);
    assert.deepEqual(tests["alice@example.com tcp"].deny, ["tag:k8s-prometheus:443"]);
    assert.deepEqual(tests["alice@example.com udp"].accept, ["tag:k8s-prometheus:53"]);
    assert.deepEqual(runPolicyTests(policy).failures, []);
  });

  it("falls back to all of the exposure's tags when it has none of its own", () => {
    const input = clone(homelab);
    input.exposures[0].tags = ["tag:k8s"];
    const policy = generateTailnetPolicy(input);
    assert.deepEqual(policy.grants![0].dst, ["tag:k8s"]);
    assert.deepEqual(runPolicyTests(policy).failures, []);
  });

  it("gives Funnel only to the funnel Ingress's tag, and no tests or grants to exposures without access", () => {
    const input = clone(homelab);
    input.exposures.push({
      ...clone(grafana),
      hostname: "blog",
      tags: ["tag:k8s-blog"],
      access: [],
      ports: [{ port: 443, protocol: "TCP" }],
      via: "ingress",
      funnel: true,
    });
    const policy = generateTailnetPolicy(input);
    assert.deepEqual(policy.nodeAttrs, [{ target: ["tag:k8s-blog"], attr: ["funnel"] }]);
    assert.equal(policy.grants!.length, 1);
    assert.ok(!policy.tests!.some((t) => t.src === "group:sre" && t.accept?.includes("tag:k8s-blog:443")));
    assert.deepEqual(runPolicyTests(policy).failures, []);
  });

  it("refuses Funnel on an exposure whose tags other proxies share", () => {
    const input = clone(homelab);
    input.exposures.push({
      ...clone(grafana),
      hostname: "blog",
      tags: ["tag:k8s"],
      access: [],
      ports: [{ port: 443, protocol: "TCP" }],
      via: "ingress",
      funnel: true,
    });
    assert.throws(
      () => generateTailnetPolicy(input),
      /^TailnetPolicyError: expose\[1\]\.tags: Funnel needs a tag only this proxy carries, but "tag:k8s" is shared; add one, e.g. "tag:k8s-blog"$/,
    );
  });

  it("writes no tests for autogroup sources, but still grants them", () => {
    const input = clone(homelab);
    input.exposures[0].access = ["autogroup:member"];
    const policy = generateTailnetPolicy(input);
    assert.deepEqual(policy.grants, [
      { src: ["autogroup:member"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] },
    ]);
    assert.deepEqual(policy.tests, [{ src: "tag:k8s-operator", proto: "tcp", deny: ["tag:k8s-grafana:80"] }]);
  });

  it("emits no empty grants section (alone it would read as deny-all)", () => {
    const input = clone(homelab);
    input.exposures[0].access = [];
    assert.equal(generateTailnetPolicy(input).grants, undefined);
  });

  it("is deterministic whatever the input order", () => {
    const a = clone(homelab);
    a.exposures[0].access = ["tag:ci", "group:sre", "alice@example.com"];
    const b = clone(homelab);
    b.exposures[0].access = ["alice@example.com", "tag:ci", "group:sre"];
    assert.equal(JSON.stringify(generateTailnetPolicy(a)), JSON.stringify(generateTailnetPolicy(b)));
  });

  it("refuses bad tags, sources, ports and Funnel settings, listing every problem", () => {
    const input = clone(homelab);
    input.exposures[0].tags = ["k8s-grafana"];
    input.exposures[0].access = ["sre", "*"];
    input.exposures[0].ports = [{ port: 0, protocol: "TCP" }];
    input.exposures[0].funnel = true;
    assert.throws(
      () => generateTailnetPolicy(input),
      (e: Error) => {
        assert.ok(e instanceof TailnetPolicyError);
        const lines = e.message.split("\n");
        assert.match(lines[0], /^expose\[0\]\.tags\[0\]: "k8s-grafana" is not a tag/);
        assert.match(lines[1], /^expose\[0\]\.access\[0\]: "sre"/);
        assert.match(lines[2], /^expose\[0\]\.access\[1\]: "\*"/);
        assert.match(lines[3], /^expose\[0\]\.ports\[0\]: port 0/);
        assert.match(
          lines[4],
          /^expose\[0\]\.funnel: Funnel can only listen on ports 443, 8443, 10000, not 0/,
        );
        assert.match(lines[5], /^expose\[0\]\.funnel: Funnel works only for an Ingress/);
        return true;
      },
    );
    const operatorAsProxy = clone(homelab);
    operatorAsProxy.exposures[0].tags = ["tag:k8s-operator"];
    assert.throws(() => generateTailnetPolicy(operatorAsProxy), /is an operator tag/);
  });
});
