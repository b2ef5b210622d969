import * as assert from "node:assert/strict";
import { anp, assertMatrixAgrees, banp, inNs, node, podIn, rule } from "./admin-helpers";
import { e2e, e2eObjects, Fixture, np, nsOf, pod } from "./helpers";

/** A13-A25 of docs/admin-network-policy.md: subjects, peers, ports and what the loader refuses. */

const denyIn = (subject: object, peers: object[], extra: object = {}) =>
  anp("deny", 10, { subject, ingress: [rule("Deny", "ingress", peers, extra)] });
const denyOut = (peers: object[], extra: object = {}) =>
  anp("deny-out", 10, { subject: inNs("x"), egress: [rule("Deny", "egress", peers, extra)] });
const refused = (objects: object[], message: RegExp) =>
  assert.throws(() => new Fixture([...e2eObjects(), ...(objects as never[])]), message);

describe("reach: AdminNetworkPolicy subjects, peers and ports", () => {
  it("A13: the subject is namespaces, or pods by namespace AND pod selector; never host-network pods", () => {
    e2e(denyIn(inNs("y"), [inNs()])).assertTable("80/TCP", (_, to) => nsOf(to) !== "y");
    const f = new Fixture([
      ...e2eObjects(),
      pod("x/h", { pod: "a" }, { hostNetwork: true, ip: "192.168.0.5" }),
      denyIn(podIn("x", "a"), [inNs()]),
    ]);
    f.assertTable("80/TCP", (_, to) => to !== "x/a");
    assert.equal(f.allowed("y/a -> x/h:80"), true, "a host-network pod is never a subject");
    assertMatrixAgrees(f);
    refused(
      [denyIn({}, [inNs()])],
      /AdminNetworkPolicy deny: spec\.subject: needs exactly one of namespaces, pods/,
    );
    refused(
      [denyIn({ ...inNs("x"), ...podIn("x", "a") }, [inNs()])],
      /spec\.subject: takes exactly one of namespaces, pods, got namespaces and pods/,
    );
    refused(
      [denyIn({ pods: { podSelector: {} } }, [inNs()])],
      /spec\.subject\.pods\.namespaceSelector: is required/,
    );
  });

  it("A14: policies span namespaces and select them by kubernetes.io/metadata.name", () => {
    const byName = { namespaces: { matchLabels: { "kubernetes.io/metadata.name": "z" } } };
    e2e(denyIn(inNs(), [byName])).assertTable("80/TCP", (from) => nsOf(from) !== "z");
  });

  it("A15: peers are ORed; from/to must list at least one peer of exactly one field", () => {
    e2e(denyIn(inNs("x"), [inNs("y"), podIn("z", "c")])).assertTable(
      "80/TCP",
      (from, to) => nsOf(to) !== "x" || (nsOf(from) !== "y" && from !== "z/c"),
    );
    refused([denyIn(inNs("x"), [])], /spec\.ingress\[0\]\.from: must list at least one peer/);
    refused(
      [denyIn(inNs("x"), [{}])],
      /spec\.ingress\[0\]\.from\[0\]: needs exactly one of namespaces, pods/,
    );
    refused([denyIn(inNs("x"), [{ ...inNs("y"), ...podIn("y", "a") }])], /from\[0\]: takes exactly one/);
  });

  it("A16, A17: namespaces and pods peers never match host-network pods or external addresses", () => {
    const f = new Fixture([
      ...e2eObjects(),
      pod("y/h", { pod: "h" }, { hostNetwork: true, ip: "192.168.0.5" }),
      denyIn(inNs("x"), [inNs()]),
      denyOut([inNs()]),
    ]);
    assert.equal(f.allowed("y/h -> x/a:80"), true);
    assert.equal(f.allowed("192.0.2.1 -> x/a:80"), true);
    assert.equal(f.allowed("x/a -> y/h:80"), true);
    assert.equal(f.allowed("x/a -> 192.0.2.1:80"), true);
    assert.equal(f.allowed("y/a -> x/a:80"), false);
    assertMatrixAgrees(f);
  });

  it("A18: networks match any address inside, pod IPs included", () => {
    // 10.0.0.4/30 holds y/a, y/b, y/c and z/a (10.0.0.4-7).
    const f = e2e(denyOut([{ networks: ["10.0.0.4/30", "192.0.2.0/24"] }]));
    f.assertTable("80/TCP", (from, to) => nsOf(from) !== "x" || !["y/a", "y/b", "y/c", "z/a"].includes(to));
    assert.equal(f.allowed("x/a -> 192.0.2.7:443"), false);
    assert.equal(f.allowed("x/a -> 198.51.100.1:443"), true);
    assertMatrixAgrees(f);
    refused([denyOut([{ networks: ["10.0.0.4"] }])], /to\[0\]\.networks\[0\]: invalid CIDR "10\.0\.0\.4"/);
  });

  it("A19: nodes match the selected nodes' addresses and the host-network pods on them", () => {
    const nodes = [
      node("n1", { role: "infra" }, [
        ["InternalIP", "192.168.1.10"],
        ["ExternalIP", "203.0.113.10"],
        ["Hostname", "n1"],
      ]),
      node("n2", { role: "worker" }, [["InternalIP", "192.168.1.11"]]),
    ];
    const onN1 = {
      ...pod("y/h", { pod: "h" }, { hostNetwork: true }),
      spec: {
        hostNetwork: true,
        nodeName: "n1",
        containers: [{ name: "c", ports: [{ containerPort: 80 }] }],
      },
    };
    const infra = new Fixture([
      ...e2eObjects(),
      ...nodes,
      onN1,
      denyOut([{ nodes: { matchLabels: { role: "infra" } } }]),
    ]);
    assert.equal(infra.allowed("x/a -> y/h:80"), false);
    assert.equal(infra.allowed("x/a -> 192.168.1.10:10250"), false);
    assert.equal(infra.allowed("x/a -> 203.0.113.10:10250"), false);
    assert.equal(infra.allowed("x/a -> 192.168.1.11:10250"), true);
    assert.equal(infra.allowed("y/a -> 192.168.1.10:10250"), true, "only the subject's egress");
    infra.assertTable("80/TCP", () => true);
    assertMatrixAgrees(infra, [80, 10250]);
    const all = new Fixture([...e2eObjects(), ...nodes, denyOut([{ nodes: {} }])]);
    assert.equal(all.allowed("x/a -> 192.168.1.11:10250"), false);
    const none = new Fixture([...e2eObjects(), onN1, denyOut([{ nodes: {} }])]);
    assert.equal(none.allowed("x/a -> y/h:80"), true, "a Node missing from the input matches nothing");
  });

  it("A20-A22: ports omitted match all; portNumber and portRange default to TCP and keep protocols apart", () => {
    const fromY = (ports?: object[]) => denyIn(inNs("x"), [inNs("y")], ports ? { ports } : {});
    const y2x = (from: string, to: string) => nsOf(from) !== "y" || nsOf(to) !== "x";
    const all = e2e(fromY());
    for (const p of ["80/TCP", "81/UDP", "80/SCTP"]) all.assertTable(p, y2x);
    const tcp80 = e2e(fromY([{ portNumber: { port: 80 } }]));
    tcp80.assertTable("80/TCP", y2x);
    for (const p of ["80/UDP", "81/TCP"]) tcp80.assertTable(p, () => true);
    const udp = e2e(
      fromY([
        { portNumber: { protocol: "UDP", port: 80 } },
        { portRange: { protocol: "SCTP", start: 81, end: 90 } },
      ]),
    );
    for (const p of ["80/UDP", "81/SCTP"]) udp.assertTable(p, y2x);
    for (const p of ["80/TCP", "80/SCTP"]) udp.assertTable(p, () => true);
    assertMatrixAgrees(udp);
    refused([fromY([])], /ports: must list at least one port/);
    refused(
      [fromY([{ portNumber: { port: 80 }, namedPort: "http" }])],
      /ports\[0\]: takes exactly one of portNumber, portRange, namedPort/,
    );
    refused(
      [fromY([{ portRange: { start: 90, end: 80 } }])],
      /portRange\.end: must not be below start \(90\), got 80/,
    );
    refused(
      [fromY([{ portNumber: { protocol: "tcp", port: 80 } }])],
      /portNumber\.protocol: must be TCP, UDP or SCTP/,
    );
  });

  it("A23: namedPort is the destination pod's port of that name, never an external one", () => {
    const f = e2e(denyIn(inNs("x"), [inNs("y")], { ports: [{ namedPort: "serve-80-udp" }] }));
    f.assertTable("80/UDP", (from, to) => nsOf(from) !== "y" || nsOf(to) !== "x");
    for (const p of ["80/TCP", "81/UDP"]) f.assertTable(p, () => true);
    const out = e2e(
      anp("allow", 1, {
        subject: inNs("x"),
        egress: [rule("Deny", "egress", [inNs()], { ports: [{ namedPort: "serve-81-tcp" }] })],
      }),
    );
    out.assertTable("81/TCP", (from) => nsOf(from) !== "x");
    assertMatrixAgrees(out);
    refused(
      [denyOut([{ networks: ["10.0.0.0/8"] }], { ports: [{ namedPort: "http" }] })],
      /namedPort cannot be used with networks or nodes peers/,
    );
  });

  it("A24: the baseline is the singleton default, with Allow and Deny only", () => {
    refused(
      [banp({ subject: inNs("x") }, "other")],
      /BaselineAdminNetworkPolicy other: metadata\.name: must be "default"/,
    );
    refused(
      [banp({ subject: inNs("x"), ingress: [rule("Pass", "ingress", [inNs()])] })],
      /ingress\[0\]\.action: must be Allow, Deny, got "Pass"/,
    );
    refused(
      [anp("x", 1, { subject: inNs("x"), ingress: [rule("Drop", "ingress", [inNs()])] })],
      /must be Allow, Deny, Pass, got "Drop"/,
    );
  });

  it("A25: a peer of an unknown type fails closed; domainNames match nothing", () => {
    const unknown = { sameLabels: ["tenant"] };
    const allow = anp("allow", 1, {
      subject: inNs("x"),
      ingress: [rule("Allow", "ingress", [unknown, inNs("y")])],
    });
    const f = e2e(allow, np("x/deny-all", { podSelector: {} }));
    f.assertTable("80/TCP", (from, to) => nsOf(to) !== "x" || nsOf(from) === "y");
    const pass = e2e(anp("pass", 1, { subject: inNs("x"), ingress: [rule("Pass", "ingress", [unknown])] }));
    pass.assertTable("80/TCP", (_, to) => nsOf(to) !== "x");
    assert.equal(pass.allowed("192.0.2.1 -> x/a:80"), false, "a fail-closed rule denies everything");
    assert.match(
      pass.verdict("y/a -> x/a:80").reason,
      /denied by AdminNetworkPolicy pass priority 1 rule ingress\[0\]/,
    );
    assertMatrixAgrees(pass);
    const dns = e2e(
      anp("fqdn", 1, {
        subject: inNs("x"),
        egress: [rule("Allow", "egress", [{ domainNames: ["*.example.com"] }])],
      }),
    );
    dns.assertTable("80/TCP", () => true);
    refused([denyOut([{ domainNames: ["example.com"] }])], /domainNames: is only supported in Allow rules/);
  });
});
