import * as assert from "node:assert/strict";
import {
  buildCluster,
  buildClusterFromSources,
  formatCheck,
  formatIp,
  ipBlockMatches,
  type K8sObject,
  parseCheck,
  parseCidr,
  parseIp,
  ReachabilityEngine,
  ReachInputError,
} from "../../sdk/reach";
import { e2e, np, ns, pod } from "./helpers";

/** Parsing: addresses, the check syntax, and objects the apiserver would reject. */

describe("reach: addresses", () => {
  it("parses IPv4 and IPv6, including :: and embedded IPv4, and formats IPv6 shortest", () => {
    assert.equal(formatIp(parseIp("10.1.2.3")!), "10.1.2.3");
    assert.equal(formatIp(parseIp("2001:0db8:0000:0000:0000:0000:0000:0001")!), "2001:db8::1");
    assert.equal(formatIp(parseIp("::ffff:10.0.0.1")!), "::ffff:a00:1");
    assert.equal(formatIp(parseIp("::")!), "::");
    for (const bad of ["10.0.0.256", "10.0.0", "1::2::3", "12345::", "fe80::1%eth0", "x"])
      assert.equal(parseIp(bad), undefined, bad);
  });

  it("parses CIDRs, clears host bits, and tests containment with except", () => {
    assert.equal(parseCidr("10.1.2.3/8")?.text, "10.0.0.0/8");
    assert.equal(parseCidr("2001:db8::1/32")?.text, "2001:db8::/32");
    assert.equal(parseCidr("10.0.0.0/33"), undefined);
    const block = { cidr: parseCidr("10.0.0.0/8")!, except: [parseCidr("10.1.0.0/16")!], key: "k" };
    assert.equal(ipBlockMatches(block, parseIp("10.2.0.1")!), true);
    assert.equal(ipBlockMatches(block, parseIp("10.1.0.1")!), false);
    assert.equal(ipBlockMatches(block, parseIp("::a02:1")!), false, "families never mix");
  });
});

describe("reach: check syntax", () => {
  it("parses pods, IPs, bracketed IPv6, named ports and the default protocol", () => {
    assert.deepEqual(parseCheck("shop/web -> shop/db:5432/TCP"), {
      from: { pod: "shop/web" },
      to: { pod: "shop/db" },
      port: 5432,
      protocol: "TCP",
    });
    assert.deepEqual(parseCheck("x/a->[2001:db8::1]:443/udp"), {
      from: { pod: "x/a" },
      to: { ip: "2001:db8::1" },
      port: 443,
      protocol: "UDP",
    });
    assert.deepEqual(parseCheck(" 10.0.0.1 -> x/b:http "), {
      from: { ip: "10.0.0.1" },
      to: { pod: "x/b" },
      port: "http",
      protocol: "TCP",
    });
    assert.deepEqual(parseCheck("2001:db8::2 -> x/b:80/SCTP").from, { ip: "2001:db8::2" });
    assert.deepEqual(parseCheck("shop/deployment/web -> shop/statefulset/db:5432"), {
      from: { pod: "shop/deployment/web" },
      to: { pod: "shop/statefulset/db" },
      port: 5432,
      protocol: "TCP",
    });
    const q = parseCheck("x/a -> [2001:db8::1]:443/UDP");
    assert.deepEqual(parseCheck(formatCheck(q)), q);
  });

  it("rejects malformed checks with a message that says what was expected", () => {
    const cases: [string, RegExp][] = [
      ["x/a x/b:80", /expected "SRC -> DST:PORT\/PROTO"/],
      ["x/a -> x/b", /needs ":PORT"/],
      ["x/a -> 2001:db8::1:443", /IPv6 destination in brackets/],
      ["x/a -> x/b:80/ICMP", /protocol "ICMP" is not TCP, UDP or SCTP/],
      ["x/a -> x/b:70000", /port 70000 is not 1-65535/],
      ["web -> x/b:80", /source "web" .* is neither namespace\/pod, namespace\/kind\/name nor an IP address/],
      ["x/a -> [10.0.0.1]:80", /brackets must hold an IPv6 address/],
      ["x/a -> x/b -> x/c:80", /malformed check/],
    ];
    for (const [text, message] of cases)
      assert.throws(
        () => parseCheck(text),
        (err: Error) => err instanceof ReachInputError && message.test(err.message),
        text,
      );
  });
});

describe("reach: bad input", () => {
  const invalid = (obj: K8sObject, message: RegExp) =>
    assert.throws(
      () => buildCluster([obj], "cluster.yaml"),
      (err: Error) => err instanceof ReachInputError && message.test(err.message),
      message.source,
    );

  it("names the file, the kind, the object and the field of invalid objects", () => {
    invalid(
      np("shop/bad", { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0" } }] }] }),
      /^cluster\.yaml: NetworkPolicy shop\/bad: spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: invalid CIDR "10\.0\.0\.0"/,
    );
    invalid(
      np("shop/bad", { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["11.0.0.0/16"] } }] }] }),
      /except\[0\]: 11\.0\.0\.0\/16 is not within 10\.0\.0\.0\/8/,
    );
    invalid(
      np("shop/bad", { ingress: [{ from: [{}] }] }),
      /from\[0\]: a peer needs podSelector, namespaceSelector or ipBlock/,
    );
    invalid(
      np("shop/bad", { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} }] }] }),
      /cannot be combined/,
    );
    invalid(
      np("shop/bad", {
        podSelector: { matchExpressions: [{ key: "a", operator: "Equals", values: ["b"] }] },
      }),
      /spec\.podSelector\.matchExpressions\[0\]\.operator: must be In, NotIn, Exists or DoesNotExist/,
    );
    invalid(
      np("shop/bad", { podSelector: { matchExpressions: [{ key: "a", operator: "In", values: [] }] } }),
      /values: must not be empty for In/,
    );
    invalid(
      np("shop/bad", {
        podSelector: { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] },
      }),
      /values: must be empty for Exists/,
    );
    invalid(
      np("shop/bad", { ingress: [{ ports: [{ port: 80, protocol: "tcp" }] }] }),
      /protocol: must be TCP, UDP or SCTP, got "tcp"/,
    );
    invalid(
      np("shop/bad", { ingress: [{ ports: [{ port: "http", endPort: 90 }] }] }),
      /endPort: cannot be used with a named port/,
    );
    invalid(
      np("shop/bad", { ingress: [{ ports: [{ port: 90, endPort: 80 }] }] }),
      /endPort: must be a port number >= port \(90\)/,
    );
    invalid(
      np("shop/bad", { ingress: [{ ports: [{ port: 0 }] }] }),
      /port: must be a port number 1-65535 or a port name/,
    );
    invalid(np("shop/bad", { policyTypes: ["ingress"] }), /policyTypes\[0\]: must be Ingress or Egress/);
    invalid(
      pod("shop/p", {}, { ports: [{ containerPort: 99999 }] }),
      /^cluster\.yaml: Pod shop\/p: spec\.containers\[0\]\.ports\[0\]\.containerPort/,
    );
    invalid(
      pod("shop/p", {}, { ip: "10.0.0.x" }),
      /Pod shop\/p: status\.podIPs: invalid IP address "10\.0\.0\.x"/,
    );
    invalid({ kind: "Namespace", metadata: {} }, /Namespace <no name>: metadata\.name: is required/);
    invalid(
      { kind: "Pod", metadata: { name: "p", labels: { a: 1 } as unknown as Record<string, string> } },
      /Pod default\/p: metadata\.labels: must be a map of strings/,
    );
  });

  it("reads an object defined twice from its later definition, as kubectl apply -R does", () => {
    const c = buildClusterFromSources([
      { source: "a.yaml", objects: [ns("x", { v: "1" })] },
      { source: "b.yaml", objects: [ns("x", { v: "2" })] },
    ]);
    assert.equal(c.namespaces.get("x")?.labels.v, "2");
    assert.equal(
      buildCluster([ns("x", { v: "1" }), ns("x", { v: "3" })], "a.yaml").namespaces.get("x")?.labels.v,
      "3",
    );
  });

  it("ignores other kinds and reads kind: List and typed lists", () => {
    const c = buildCluster([
      { kind: "Service", metadata: { name: "s", namespace: "x" } },
      {
        kind: "List",
        items: [ns("x"), { kind: "PodList", items: [{ metadata: { name: "p", namespace: "x" } }] }, null],
      },
    ]);
    assert.deepEqual([...c.namespaces.keys()], ["x"]);
    assert.deepEqual(
      c.pods.map((p) => p.key),
      ["x/p"],
    );
  });

  it("rejects queries about unknown pods, bad addresses and unresolvable named ports", () => {
    const engine = e2e().engine;
    const check = (text: string) => () => engine.check(parseCheck(text));
    assert.throws(check("x/nope -> x/a:80"), /unknown pod "x\/nope"/);
    assert.throws(check("x/a -> 10.99.0.1:http"), /named port "http" needs a pod destination/);
    assert.throws(check("x/a -> x/b:http"), /pod "x\/b" has no TCP container port named "http"/);
    assert.throws(
      () => engine.check({ from: { ip: "10.0.0.999" }, to: { pod: "x/a" }, port: 80, protocol: "TCP" }),
      ReachInputError,
    );
    assert.throws(
      () => new ReachabilityEngine(buildCluster([])).check(parseCheck("a/b -> a/c:1")),
      ReachInputError,
    );
  });
});
