import * as assert from "node:assert/strict";
import { e2e, Fixture, np, ns, pod } from "./helpers";

/** R27-R33: numeric, omitted, named and ranged ports; TCP, UDP and SCTP. */

/** x/a accepts ingress from anywhere in the cluster on `ports` only. */
const portsIntoXA = (...ports: object[]) =>
  np("x/ports", {
    podSelector: { matchLabels: { pod: "a" } },
    ingress: [{ from: [{ namespaceSelector: {} }], ports }],
  });
const onlyXA = (open: boolean) => (_: string, to: string) => to !== "x/a" || open;

describe("reach: ports and protocols", () => {
  it("R27: a numeric port with protocol omitted means TCP", () => {
    const f = e2e(portsIntoXA({ port: 80 }));
    f.assertTable("80/TCP", onlyXA(true));
    f.assertTable("81/TCP", onlyXA(false));
    f.assertTable("80/UDP", onlyXA(false));
  });

  it("R28: an omitted port means every port of the protocol (e2e: any port on a specific protocol)", () => {
    const f = e2e(portsIntoXA({ protocol: "UDP" }));
    f.assertTable("80/UDP", onlyXA(true));
    f.assertTable("81/UDP", onlyXA(true));
    f.assertTable("80/TCP", onlyXA(false));
    assert.equal(f.allowed("y/b -> x/a:65535/UDP"), true);
  });

  it("R29: a named port resolves on the destination pod's container port with that name and protocol", () => {
    const f = new Fixture([
      ns("x"),
      pod("x/a", { app: "server" }, { ports: [{ name: "http", containerPort: 8080 }] }),
      pod("x/b", { app: "server" }, { ports: [{ name: "http", containerPort: 9090 }] }),
      pod("x/c", { app: "client" }, { ports: [{ name: "http", containerPort: 80, protocol: "UDP" }] }),
      pod("x/d", { app: "client" }),
      np("x/p", { podSelector: {}, ingress: [{ ports: [{ port: "http" }] }] }),
    ]);
    assert.equal(f.allowed("x/d -> x/a:8080"), true);
    assert.equal(f.allowed("x/d -> x/a:9090"), false, "9090 is http on x/b, not on x/a");
    assert.equal(f.allowed("x/d -> x/b:9090"), true);
    assert.equal(f.allowed("x/d -> x/b:http"), true, "a query may name the port too");
    assert.equal(f.allowed("x/d -> x/c:80/UDP"), false, "the rule means TCP http; x/c's http is UDP");
  });

  it("R29: a named port that matches a name but not its protocol allows nothing (Cyclonus)", () => {
    const f = e2e(portsIntoXA({ port: "serve-80-udp", protocol: "TCP" }));
    f.assertTable("80/TCP", onlyXA(false));
    f.assertTable("80/UDP", onlyXA(false));
    const g = e2e(portsIntoXA({ port: "serve-80-udp", protocol: "UDP" }));
    g.assertTable("80/UDP", onlyXA(true));
    g.assertTable("81/UDP", onlyXA(false));
  });

  it("R30: a named port never matches an external destination", () => {
    const f = e2e(
      np("x/out", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: "serve-80-tcp" }] }],
      }),
    );
    assert.equal(f.allowed("x/a -> 203.0.113.1:80"), false);
    assert.equal(f.allowed("x/a -> y/a:80"), true, "y/a is inside 0.0.0.0/0 and has serve-80-tcp on 80");
  });

  it("R31: endPort is an inclusive range", () => {
    const f = e2e(portsIntoXA({ port: 79, endPort: 80 }));
    f.assertTable("80/TCP", onlyXA(true));
    f.assertTable("81/TCP", onlyXA(false));
    assert.equal(f.allowed("y/a -> x/a:79"), true);
    assert.equal(f.allowed("y/a -> x/a:78"), false);
  });

  it("R32: TCP and UDP are distinct (e2e: no TCP when a policy specifies only UDP)", () => {
    const f = e2e(portsIntoXA({ port: 81, protocol: "UDP" }));
    f.assertTable("81/UDP", onlyXA(true));
    f.assertTable("81/TCP", onlyXA(false));
  });

  it("R33: SCTP is a third protocol; an SCTP-only rule still isolates the pod for TCP", () => {
    const f = e2e(portsIntoXA({ port: 80, protocol: "SCTP" }));
    f.assertTable("80/SCTP", onlyXA(true));
    f.assertTable("80/TCP", onlyXA(false));
    f.assertTable("80/UDP", onlyXA(false));
  });
});
