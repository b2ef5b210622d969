import assert from "node:assert/strict";
import { type FleetSpec, FleetValidationError, planFleet } from "../../sdk/fleet";
import { twoClusters } from "./fixtures";

/** Breaks a fresh fleet and expects planning to refuse it at `path`, saying `says`. */
function refuses(title: string, mutate: (s: FleetSpec) => void, path: string, says: RegExp) {
  it(`refuses ${title}`, () => {
    const spec = twoClusters();
    mutate(spec);
    assert.throws(
      () => planFleet(spec),
      (err: unknown) => {
        assert.ok(err instanceof FleetValidationError, String(err));
        const issue = err.issues.find((i) => i.path === path);
        assert.ok(issue, `expected an issue at ${path}, got ${JSON.stringify(err.issues)}`);
        assert.match(issue.message, says);
        assert.match(err.message, /Invalid ZeroTrustFleet arguments \(nothing was created\)/);
        return true;
      },
    );
  });
}

describe("fleet validation", () => {
  it("accepts the two-cluster fleet", () => {
    const plan = planFleet(twoClusters());
    assert.deepEqual(
      plan.members.map((m) => m.name),
      ["core", "edge"],
    );
  });

  it("refuses two clusters using the API server proxy with one operator tag, accepts them with their own", () => {
    const spec = twoClusters() as any;
    const access = (group: string) => ({
      access: [{ sources: ["group:sre"], groups: [group], clusterRoles: ["view"] }],
    });
    spec.clusters.edge.apiServerProxy = access("edge-admins");
    assert.doesNotThrow(() => planFleet(spec), "one cluster with the proxy shares nothing");
    spec.clusters.core.apiServerProxy = access("core-admins");
    assert.throws(
      () => planFleet(spec),
      /clusters\.edge\.operator\.operatorTags: "tag:k8s-operator" is also the operator tag of cluster core, and both use apiServerProxy\.access/,
    );
    spec.clusters.core.operator.operatorTags = ["tag:k8s-core-operator"];
    assert.doesNotThrow(() => planFleet(spec));
  });

  refuses(
    "a link from an unknown cluster, naming the known ones",
    (s) => {
      s.links![0].from.cluster = "edgy";
    },
    "links[0].from.cluster",
    /"edgy" is not a cluster of this fleet: use one of core, edge/,
  );
  refuses(
    "a link to a Service that is not exposed, listing the exposed ones",
    (s) => {
      s.links![0].to.service = "payments";
    },
    "links[0].to.service",
    /"shop\/payments" is not exposed by cluster core: add it to clusters\.core\.expose or use one of shop\/orders/,
  );
  refuses(
    "a link port the exposure does not serve",
    (s) => {
      s.links![0].ports = [{ port: 8080 }];
    },
    "links[0].ports[0]",
    /TCP\/8080 is not served by core\/shop\/orders: use one of TCP\/443/,
  );
  refuses(
    "a link inside one cluster",
    (s) => {
      s.links![0].from.cluster = "core";
    },
    "links[0].to.cluster",
    /belongs in its allow list/,
  );
  refuses(
    "two links of one name",
    (s) => {
      s.links!.push(structuredClone(s.links![0]));
    },
    "links[1].name",
    /"orders" is also links\[0\]\.name/,
  );
  refuses(
    "links without the tailnet's MagicDNS domain",
    (s) => {
      delete s.tailnet!.domain;
    },
    "tailnet.domain",
    /is required with links.*tail1234\.ts\.net/,
  );
  refuses(
    "a cluster's own tailnet.manage (the fleet applies one policy)",
    (s) => {
      s.clusters.edge.tailnet = { manage: true };
    },
    "clusters.edge.tailnet.manage",
    /move it to the fleet's tailnet\.manage/,
  );
  refuses(
    "an unknown fleet field",
    (s) => {
      (s as any).link = [];
    },
    "link",
    /known fields are clusters, links, tailnet/,
  );
  refuses(
    "a cluster's own bad args, under its path",
    (s) => {
      s.clusters.core.allow = [{ name: "Web", from: { namespace: "shop" }, to: { namespace: "shop" } }];
    },
    "clusters.core.allow[0].name",
    /"Web"/,
  );
  refuses(
    "one device name claimed by two clusters, naming both",
    (s) => {
      s.clusters.core.prefix = "";
      s.clusters.edge.prefix = "";
      s.clusters.edge.operator!.hostname = "ops";
      s.clusters.core.operator!.hostname = "ops";
    },
    "clusters.edge.operator.hostname",
    /"ops" is also a device of cluster core \(clusters\.core\.operator\.hostname\)/,
  );
  refuses(
    "one proxy tag claimed by two clusters, naming both",
    (s) => {
      s.clusters.edge.expose = [
        {
          namespace: "shop",
          service: "web",
          podLabels: { app: "web" },
          ports: [{ port: 80 }],
          tags: ["tag:k8s-core-orders"],
        },
      ];
    },
    "clusters.edge.expose[0].tags",
    /"tag:k8s-core-orders" is also a tag of cluster core \(clusters\.core\.expose\[0\]\.tags\): a grant to it would open both clusters' proxies/,
  );
  refuses(
    "a cluster's own tag that is another cluster's default proxy tag",
    (s) => {
      s.clusters.edge.operator!.proxyTags = ["tag:k8s-core-orders"];
    },
    "clusters.core.expose[0].tags",
    /is an operator or default proxy tag of cluster edge/,
  );
  refuses(
    "a link whose egress clashes with the cluster's own, under the link",
    (s) => {
      s.clusters.edge.egress = [
        { name: "orders", namespace: "shop", tailnetIp: "100.64.0.9", ports: [{ port: 443 }], from: [{}] },
      ];
    },
    "links[0]",
    /orders/,
  );
  refuses(
    "a link to an exposure served by a ProxyGroup",
    (s) => {
      s.clusters.core.proxyGroups = { ingress: { type: "ingress" } } as any;
      s.clusters.core.expose![0].proxyGroup = "ingress";
    },
    "links[0].to.service",
    /served by the ProxyGroup "ingress".*expose it with a proxy of its own/,
  );
});
