import * as assert from "node:assert/strict";
import { externalPeers, formatIp, naiveMatrixCount, parseCidr } from "../../sdk/reach";
import { e2e, Fixture, np, ns, pod } from "./helpers";

/** The matrix: counts, groups, and the external peers derived from ipBlocks. */

describe("reach: matrix", () => {
  it("counts every (source, destination, destination port) triple with source != destination", () => {
    const f = e2e(np("x/deny", { podSelector: {}, policyTypes: ["Ingress"] }));
    const { summary } = f.engine.matrix();
    // 9 pods with 6 container ports each, 8 sources each; the 3 pods of x accept nothing.
    assert.deepEqual(summary, { pods: 9, policies: 1, allowed: 6 * 6 * 8, denied: 3 * 6 * 8 });
    const naive = naiveMatrixCount(f.cluster);
    assert.deepEqual([naive.allowed, naive.denied], [summary.allowed, summary.denied]);
  });

  it("groups pods with identical labels in a namespace, and counts pairs inside a group", () => {
    const f = new Fixture([
      ns("x"),
      ...["a", "b", "c"].map((n) => pod(`x/${n}`, { app: "web" }, { ports: [{ containerPort: 80 }] })),
      pod("x/solo", { app: "db" }, { ports: [{ containerPort: 5432 }] }),
      np("x/db", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
      }),
    ]);
    const m = f.engine.matrix();
    assert.deepEqual(
      m.groups.map((g) => [g.id, g.pods]),
      [
        ["x/[app=web]", ["a", "b", "c"]],
        ["x/solo", ["solo"]],
      ],
    );
    const webToWeb = m.flows.find((fl) => fl.from === "x/[app=web]" && fl.to === "x/[app=web]");
    assert.equal(webToWeb?.connections, 6, "3 x 2 ordered pairs, loopback excluded");
    assert.equal(m.flows.find((fl) => fl.to === "x/solo")?.connections, 3);
    assert.equal(m.summary.allowed, 6 + 3 + 3, "solo -> web is open too (web is not isolated)");
  });

  it("derives one external peer per named CIDR, evaluated outside the narrower named ones", () => {
    const cidr = (t: string) => parseCidr(t)!;
    const block = (c: string, ...except: string[]) => ({ cidr: cidr(c), except: except.map(cidr), key: c });
    const peers = externalPeers([
      block("0.0.0.0/0", "10.0.0.0/8"),
      block("10.0.0.0/9"),
      block("10.128.0.0/9"),
      block("2001:db8::/32"),
    ]);
    assert.deepEqual(
      peers.map((p) => [p.id, formatIp(p.representative)]),
      [
        ["0.0.0.0/0", "0.0.0.0"],
        ["10.0.0.0/9", "10.0.0.0"],
        ["10.128.0.0/9", "10.128.0.0"],
        ["2001:db8::/32", "2001:db8::"],
      ],
      "10.0.0.0/8 is entirely covered by the two /9s",
    );
    const nested = externalPeers([block("10.0.0.0/8", "10.0.0.0/16")]);
    assert.deepEqual(
      nested.map((p) => [p.id, formatIp(p.representative)]),
      [
        ["10.0.0.0/8", "10.1.0.0"],
        ["10.0.0.0/16", "10.0.0.0"],
      ],
    );
  });

  it("lists egress towards external peers with the ports the rules allow, and ingress from them per container port", () => {
    const f = new Fixture([
      ns("x"),
      pod("x/a", { app: "a" }, { ports: [{ name: "http", containerPort: 80 }, { containerPort: 81 }] }),
      np("x/p", {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ ipBlock: { cidr: "192.168.0.0/16" } }], ports: [{ port: 80 }] }],
        egress: [
          {
            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["192.168.0.0/16"] } }],
            ports: [{ port: 443 }, { port: 8000, endPort: 8080, protocol: "UDP" }, { port: "http" }],
          },
        ],
      }),
    ]);
    const flows = f.engine.matrix().flows.map((fl) => `${fl.from} -> ${fl.to} ${fl.port}/${fl.protocol}`);
    assert.deepEqual(
      flows,
      ["192.168.0.0/16 -> x/a 80/TCP", "x/a -> 0.0.0.0/0 443/TCP", "x/a -> 0.0.0.0/0 8000-8080/UDP"].sort(),
    );
  });
});
