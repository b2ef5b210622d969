/**
 * The proof's vocabulary, below both the features (which declare their tailnet paths) and
 * verify/ (which judges them), so that neither imports the other for it.
 */

/**
 * End-to-end paths through the tailnet, each feature's (tailnet sources to exposed backends,
 * cluster clients to tailnet services...): a path holds only if the grants evaluator admits its
 * tailnet half AND the NetworkPolicy engine its cluster half.
 */
export interface TailnetFlow {
  /** Where the source was declared, e.g. `expose[0].access[1]`. */
  path: string;
  source: string;
  /** `group:sre -> k8s-grafana:80 -> monitoring/app=grafana:3000` */
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
