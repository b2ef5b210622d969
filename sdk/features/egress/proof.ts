import { describeEndpoint } from "../../kernel/flows";
import { onPort, type TailnetFlow, tailnetPath } from "../../kernel/proof";
import type { ProofContext } from "../feature";
import type { NormalizedEgress } from "./normalize";
import { egressProxyLabels, PROXY_GROUP_PORTS } from "./plan";
import { sourceTags, targetIdentity } from "./tailnet";

/** An internet address standing for Tailscale's DERP relays and WireGuard peers. */
const TAILSCALE_SAMPLE = "203.0.113.7";

/**
 * Every path from a declared client through the egress proxy to the tailnet target, per port:
 * the client reaches the proxy pods (NetworkPolicy engine), the proxy reaches Tailscale (the
 * operator namespace's egress), and a grant admits the proxy's tags to the target (grants evaluator).
 */
export function egressPaths(ctx: ProofContext, e: NormalizedEgress, index: number): TailnetFlow[] {
  const proxy = { namespace: ctx.plan.operatorNamespace, podLabels: egressProxyLabels(e) };
  const relay = ctx.cluster(proxy, { ip: TAILSCALE_SAMPLE }, 443, "TCP");
  const target = targetIdentity(e, ctx.plan.tailnet.policy);
  const tags = sourceTags(e, ctx.plan.spec);
  return e.from.flatMap((client, j) =>
    e.ports.map((p) => {
      const source = describeEndpoint(client);
      const proxyPort = e.proxyGroup === undefined ? p.port : PROXY_GROUP_PORTS.first;
      const toProxy = ctx.cluster(client, proxy, proxyPort, p.protocol);
      const grant = ctx.tailnet({
        src: { kind: "tagged", tags: e.tags },
        dst: target,
        port: p.port,
        proto: p.protocol.toLowerCase(),
      });
      const hops = [
        { at: source },
        { at: `egress ${e.name} (${tags.join(",")})` },
        { at: e.target, ports: onPort(p.protocol, p.port) },
      ];
      return tailnetPath(`egress[${index}].from[${j}]`, source, hops, [
        toProxy.allowed ? "" : `the cluster refuses the client: ${toProxy.reason}`,
        relay.allowed ? "" : `the proxy cannot reach Tailscale: ${relay.reason}`,
        grant.allowed ? "" : `the tailnet policy refuses the proxy: ${grant.explanation}`,
      ]);
    }),
  );
}
