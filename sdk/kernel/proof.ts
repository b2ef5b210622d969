import { describePorts } from "./flows";
import type { Port } from "./normalize";

/**
 * The proof's vocabulary, below both the features (which declare their tailnet paths) and
 * verify/ (which judges them), so that neither imports the other for it.
 */

/**
 * One place a path passes through, and what it is reached on there: `k8s-grafana` on `TCP/80`.
 * No `ports` for a place nothing connects to by port (the path's source, a local volume); an
 * empty list for every port and protocol.
 */
export interface PathHop {
  /** `group:sre`, `k8s-grafana`, `monitoring/app=grafana`, `API server 192.168.1.10`. */
  at: string;
  ports?: Port[];
}

/**
 * The text of every path line, one formatter for all of them: the places joined by ` -> `, each
 * with its protocol and port as the `flows` lines write them (`describePorts`), so a UDP path and
 * a TCP path on the same port never print alike:
 * `group:sre -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000`.
 */
export const pathText = (hops: readonly PathHop[]): string =>
  hops.map((h) => (h.ports === undefined ? h.at : `${h.at} ${describePorts(h.ports)}`)).join(" -> ");

/** One port of one protocol, as a hop is reached on it. */
export const onPort = (protocol: string, port: number | undefined): Port[] => [
  port === undefined ? { protocol } : { protocol, port },
];

/**
 * End-to-end paths through the tailnet, each feature's (tailnet sources to exposed backends,
 * cluster clients to tailnet services...): a path holds only if the grants evaluator admits its
 * tailnet half AND the NetworkPolicy engine its cluster half.
 */
export interface TailnetFlow {
  /** Where the source was declared, e.g. `expose[0].access[1]`. */
  path: string;
  source: string;
  /** The places the path passes, the source first: what `text` is written from. */
  hops: PathHop[];
  /** `pathText(hops)`: `group:sre -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000` */
  text: string;
  allowed: boolean;
  /** Why not, naming the half that refuses (empty when allowed); for an `undeclared` path, why it is open. */
  reason: string;
  /**
   * An open path nobody declared that the declaration knowingly leaves open (an acknowledged shared
   * egress ProxyGroup): listed so the proof never claims "nothing undeclared open" past it.
   */
  undeclared?: boolean;
}

/**
 * A path from its hops and the refusals of the engines that judged it (empty strings are the
 * halves that admit it): allowed when none refuses, the reasons joined otherwise.
 */
export function tailnetPath(
  path: string,
  source: string,
  hops: PathHop[],
  refusals: readonly string[],
): TailnetFlow {
  const reasons = refusals.filter(Boolean);
  return {
    path,
    source,
    hops,
    text: pathText(hops),
    allowed: reasons.length === 0,
    reason: reasons.join("; "),
  };
}
