import type { ZeroTrustSpec } from "../../../sdk/features/args";
import { homelab } from "../../fixtures";

/** The homelab, whose backend also reaches a database on the tailnet through an egress proxy. */
export function withEgress(): ZeroTrustSpec {
  const spec = homelab();
  spec.egress = [
    {
      name: "db",
      namespace: "apps",
      tailnetIp: "100.64.0.50",
      ports: [{ port: 5432 }],
      from: [{ podLabels: { app: "backend" } }],
    },
  ];
  return spec;
}
