import * as assert from "node:assert/strict";
import { HubbleReader } from "../../sdk/observe/hubble";
import { ownLabels, readLabelList, workloadLabels } from "../../sdk/observe/identity";
import { isSkipped, type ReadResult } from "../../sdk/observe/model";
import { looksLikeReply } from "../../sdk/observe/ports";

/** The readers' SRE rules, one by one, on records shaped like the real ones. */

const flow = (over: object) => ({
  flow: {
    time: "2021-11-10T10:40:56.465597700Z",
    verdict: "FORWARDED",
    IP: { source: "10.244.0.177", destination: "10.244.0.110" },
    l4: { TCP: { source_port: 35128, destination_port: 9080, flags: { SYN: true } } },
    source: { namespace: "shop", labels: ["k8s:app=web", "k8s:io.kubernetes.pod.namespace=shop"] },
    destination: { namespace: "shop", labels: ["k8s:app=api", "k8s:io.kubernetes.pod.namespace=shop"] },
    ...over,
  },
});
const skip = (r: ReadResult) => (isSkipped(r) ? r.skip : undefined);

describe("observe: reading flow records", () => {
  it("tells a reply by is_reply, else the TCP flags, else the ports", () => {
    assert.equal(looksLikeReply(9080, 35128, { SYN: true, ACK: true }), true);
    assert.equal(looksLikeReply(35128, 9080, { SYN: true }), false);
    assert.equal(looksLikeReply(9080, 35128, { ACK: true }), true, "listening port -> ephemeral port");
    assert.equal(looksLikeReply(35128, 9080, { ACK: true }), false);
    assert.equal(looksLikeReply(53, 40000), true);
    const r = new HubbleReader();
    assert.equal(skip(r.read(flow({ is_reply: true }))), "reply (not a new connection)");
    assert.equal(skip(r.read(flow({ reply: true }))), "reply (not a new connection)");
    // is_reply: false wins over a port pattern that would read as a reply.
    const fromLowPort = { TCP: { source_port: 80, destination_port: 40000 } };
    assert.equal(skip(r.read(flow({ l4: fromLowPort, is_reply: false }))), undefined);
    assert.equal(skip(r.read(flow({ l4: fromLowPort }))), "reply (not a new connection)");
  });

  it("names workloads by stable labels, dropping hashes and CNI labels", () => {
    const read = readLabelList([
      "k8s:app=reviews",
      "k8s:version=v2",
      "k8s:pod-template-hash=7bf8c9648f",
      "k8s:io.cilium.k8s.policy.serviceaccount=bookinfo-reviews",
      "k8s:io.cilium.k8s.namespace.labels.team=books",
      "k8s:io.kubernetes.pod.namespace=bookinfo",
      "container:id=abc",
    ]);
    assert.deepEqual(read.labels, { app: "reviews", version: "v2" });
    assert.equal(read.namespace, "bookinfo");
    assert.deepEqual(read.namespaceLabels, { team: "books" });
    assert.deepEqual(workloadLabels(read.labels), { app: "reviews" });
    assert.deepEqual(
      workloadLabels({
        "app.kubernetes.io/name": "postgresql",
        "app.kubernetes.io/instance": "orders",
        "app.kubernetes.io/version": "16",
        app: "db",
      }),
      { "app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": "orders" },
    );
    assert.deepEqual(workloadLabels({ "k8s-app": "kube-dns", tier: "x" }), { "k8s-app": "kube-dns" });
    assert.deepEqual(workloadLabels(ownLabels({ team: "a", "controller-revision-hash": "5d" })), {
      team: "a",
    });
  });

  it("maps reserved identities to what the declaration calls them", () => {
    const r = new HubbleReader();
    const at = (labels: string[]) => {
      const res = r.read(flow({ destination: { identity: 1, labels } }));
      return isSkipped(res) ? res.skip : res.dst;
    };
    assert.deepEqual(at(["reserved:world"]), { kind: "address", entity: "world", ip: "10.244.0.110" });
    assert.deepEqual(at(["reserved:remote-node"]), { kind: "address", entity: "node", ip: "10.244.0.110" });
    assert.deepEqual(at(["reserved:host", "reserved:kube-apiserver"]), {
      kind: "address",
      entity: "kube-apiserver",
      ip: "10.244.0.110",
    });
    assert.deepEqual(at(["cidr:203.0.113.0/24", "reserved:world"]), {
      kind: "address",
      entity: "world",
      ip: "10.244.0.110",
    });
    assert.match(String(at(["reserved:health"])), /health endpoint/);
    assert.match(String(at(["reserved:init"])), /reserved:init/);
  });

  it("keeps DROPPED flows apart with their reason, and skips what has no port", () => {
    const r = new HubbleReader();
    const dropped = r.read(flow({ verdict: "DROPPED", drop_reason_desc: "POLICY_DENIED" }));
    assert.ok(!isSkipped(dropped) && dropped.blocked && dropped.dropReason === "POLICY_DENIED");
    assert.equal(
      skip(r.read(flow({ l4: { ICMPv4: { type: 8 } } }))),
      "ICMP (NetworkPolicy ports cannot name it)",
    );
    assert.equal(skip(r.read(flow({ verdict: "ERROR" }))), "verdict ERROR");
    // AUDIT (Cilium's policy audit mode): a policy would drop it, but it flows today, so it is judged.
    for (const verdict of ["AUDIT", "REDIRECTED"]) {
      const passing = r.read(flow({ verdict }));
      assert.ok(!isSkipped(passing) && !passing.blocked, verdict);
    }
    assert.equal(
      skip(r.read(flow({ source: { labels: ["k8s:app=web"] } }))),
      "source has no namespace, neither a field nor a k8s:io.kubernetes.pod.namespace label",
    );
    assert.equal(
      skip(r.read({ node_status: { state_change: "NODE_CONNECTED" } })),
      "not a flow (Hubble node status or lost-events notice)",
    );
  });
});
