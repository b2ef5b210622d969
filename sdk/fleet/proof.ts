import { onPort, type PathHop, pathText } from "../kernel/proof";
import { TailnetPolicyEvaluator } from "../tailnet/evaluator";
import type { TailnetPolicy } from "../tailnet/policy";
import type { ClusterExport, ExportedEgress, ExportedExposure, Hop } from "./export";

/**
 * The cross-cluster proof. A link is an egress of one cluster whose tailnet target is a device
 * another cluster exposes; each of its paths crosses four enforcement points, each judged by the
 * engine that enforces it, with a neighbour refused at each:
 * 1. the source cluster's NetworkPolicies: the client reaches its egress proxy (and a pod that is
 *    no client does not);
 * 2. the tailnet grant: the egress proxy's tags reach the exposure's tag on the port (and the
 *    source cluster's shared operator and proxy tags do not), over the merged fleet policy;
 * 3. the destination cluster's NetworkPolicies: the exposure's proxy reaches the backend (and the
 *    pods beside it or outside do not).
 */

/** One enforcement point of a path and its verdict. */
export interface LinkPoint {
  point:
    | "source"
    | "source-neighbour"
    | "grant"
    | "tailnet-neighbour"
    | "destination"
    | "destination-neighbour";
  what: string;
  /** Whether the point does what it must (the path allowed, a neighbour refused). */
  holds: boolean;
  reason: string;
}

/** One path of a link (a client, a port), proven end to end. */
export interface LinkPath {
  /** The egress's name: the link's name in a fleet. */
  link: string;
  source: string;
  destination: string;
  /** `edge/shop/app=web -> egress orders (tag:k8s-edge-egress-orders) -> tag:k8s-core-orders TCP/443 -> core/shop/app=orders TCP/8443` */
  text: string;
  holds: boolean;
  points: LinkPoint[];
}

/** A link found in the exports: an egress and the exposure it targets in another cluster. */
export interface FoundLink {
  source: { cluster: string; egress: ExportedEgress };
  destination: { cluster: string; exposure: ExportedExposure };
}

/** Every egress whose target device is exposed by another cluster of the fleet. */
export function linksOf(exports: readonly ClusterExport[]): FoundLink[] {
  const byDevice = new Map<string, { cluster: string; exposure: ExportedExposure }>();
  for (const x of exports)
    for (const e of x.exposures) byDevice.set(e.hostname, { cluster: x.cluster, exposure: e });
  return exports.flatMap((x) =>
    x.egress.flatMap((egress) => {
      const destination = byDevice.get(egress.device);
      return destination && destination.cluster !== x.cluster
        ? [{ source: { cluster: x.cluster, egress }, destination }]
        : [];
    }),
  );
}

const must = (point: LinkPoint["point"], h: Hop, allowed: boolean): LinkPoint => ({
  point,
  what: h.what,
  holds: h.allowed === allowed,
  reason: h.allowed === allowed ? "" : allowed ? h.reason : `it is allowed (${h.reason})`,
});

/** Proves every path of every link over the merged policy; `holds: false` names the failing points. */
export function proveLinks(exports: readonly ClusterExport[], policy: TailnetPolicy): LinkPath[] {
  const evaluator = new TailnetPolicyEvaluator(policy);
  const byCluster = new Map(exports.map((x) => [x.cluster, x]));
  return linksOf(exports).flatMap(({ source, destination }) => {
    const { egress } = source;
    const shared = byCluster.get(source.cluster)!.claims.sharedTags;
    return egress.ports.flatMap((p, portIndex) => {
      const served = destination.exposure.ports.find((d) => d.port === p.port && d.protocol === p.protocol);
      const proto = p.protocol.toLowerCase();
      const ports = onPort(p.protocol, p.port);
      const dst = { kind: "tagged" as const, tags: destination.exposure.tags };
      const grant = evaluator.check({ src: { kind: "tagged", tags: egress.tags }, dst, port: p.port, proto });
      const tailnetPoints: LinkPoint[] = [
        {
          point: "grant",
          what: pathText([{ at: egress.tags.join(",") }, { at: destination.exposure.tags[0], ports }]),
          holds: grant.allowed,
          reason: grant.allowed ? "" : grant.explanation,
        },
        ...shared.map((tag): LinkPoint => {
          const d = evaluator.check({ src: { kind: "tagged", tags: [tag] }, dst, port: p.port, proto });
          return {
            point: "tailnet-neighbour",
            what: pathText([{ at: tag }, { at: destination.exposure.tags[0], ports }]),
            holds: !d.allowed,
            reason: d.allowed ? `it is allowed (${d.explanation})` : "",
          };
        }),
      ];
      const destinationPoints: LinkPoint[] = served
        ? [
            must("destination", served.proxy, true),
            ...served.neighbours.map((n) => must("destination-neighbour", n, false)),
          ]
        : [
            {
              point: "destination",
              what: `${p.protocol}/${p.port}`,
              holds: false,
              reason: `${destination.cluster}/${destination.exposure.namespace}/${destination.exposure.service} does not serve ${p.protocol}/${p.port}`,
            },
          ];
      const neighbours = egress.neighbours.filter((_, i) => i % egress.ports.length === portIndex);
      return egress.clients.map((client): LinkPath => {
        const points = [
          must("source", client.hops[portIndex], true),
          ...neighbours.map((n) => must("source-neighbour", n, false)),
          ...tailnetPoints,
          ...destinationPoints,
        ];
        const hops: PathHop[] = [
          { at: `${source.cluster}/${client.text}` },
          { at: `egress ${egress.name} (${egress.tags.join(",")})` },
          { at: destination.exposure.tags[0], ports: onPort(p.protocol, p.port) },
          {
            at: `${destination.cluster}/${destination.exposure.backend}`,
            ...(served ? { ports: onPort(p.protocol, served.targetPort) } : {}),
          },
        ];
        return {
          link: egress.name,
          source: source.cluster,
          destination: destination.cluster,
          text: pathText(hops),
          holds: points.every((x) => x.holds),
          points,
        };
      });
    });
  });
}

/** Thrown when a link would not work end to end, or a neighbour could use it. */
export class LinkViolationError extends Error {
  constructor(readonly failed: LinkPath[]) {
    super(
      `The fleet's links do not hold (nothing was created):\n${failed
        .map(
          (f) =>
            `  - link ${f.link} (${f.text}):\n${f.points
              .filter((p) => !p.holds)
              .map((p) => `      ${p.point} ${p.what}: ${p.reason}`)
              .join("\n")}`,
        )
        .join("\n")}`,
    );
    this.name = "LinkViolationError";
  }
}
