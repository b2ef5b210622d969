import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import { ExposeVia } from "../../sdk/features/exposure/args";
import { homelab } from "../fixtures";

/**
 * Issue 23.6: generated objects open no more than their purpose. Kubernetes defaults a Service of
 * type LoadBalancer to allocating NodePorts (`allocateLoadBalancerNodePorts: true`), which opens the
 * backend's port on every node; the Tailscale load balancer class needs none.
 */
describe("generated objects and their defaults", () => {
  for (const via of [ExposeVia.LoadBalancer, ExposeVia.Annotation, ExposeVia.Ingress]) {
    it(`an exposure via ${via} opens no node port and no external IP`, () => {
      const spec = homelab();
      spec.expose![0].via = via;
      const services = planZeroTrust(spec)
        .resources.filter((r) => r.kind === "Service")
        .map((r) => (r.object as any).spec);
      assert.ok(services.length > 0);
      for (const s of services) {
        assert.notEqual(s.type, "NodePort");
        assert.equal(s.externalIPs, undefined);
        if (s.type === "LoadBalancer") {
          assert.equal(s.loadBalancerClass, "tailscale");
          assert.equal(s.allocateLoadBalancerNodePorts, false);
        }
      }
    });
  }
});
