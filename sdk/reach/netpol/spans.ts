import {
  type EntityCase,
  entitiesInUse,
  entityAdmitsCase,
  entityCase,
  podNodeKey,
} from "../dataplane/entity-ranges";
import { Bitset } from "../model/bitset";
import { normalize } from "../model/intervals";
import type { PodInfo, PolicyRule } from "../model/model";
import { type ContainerPort, PROTOCOLS, type Protocol } from "../model/ports";
import { ipBlockMatchesNode } from "../model/semantics";
import { type AddressRange, blocksMatching } from "./addresses";
import { tieredSources } from "./admin-matrix";
import { adminAddressSide, adminRulesTowards } from "./admin-spans";
import type { PodClass } from "./classes";
import type { CompiledPolicy, CompiledRule, PolicyIndex } from "./policy-index";
import { portPieces } from "./port-pieces";

/**
 * The all-ports, all-addresses matrix: for every (source, destination, protocol), the port
 * intervals NetworkPolicies allow, whatever ports containers declare (they need not declare the
 * ports they listen on). External peers are the ranges of one address partition (see
 * `addresses.ts`), shared with the version this one is compared with.
 *
 * Per destination class, the ports are cut only where a rule that can apply to it starts or ends;
 * each piece is labelled by the rules covering it, and the allowed sources of a label are computed
 * once as bit-set algebra, as the container-port matrix does. So the cost grows with the distinct
 * rule combinations per destination, not with 65,535 ports or pods squared.
 */

/** `FROM \0 TO \0 PROTOCOL` -> allowed port intervals (flattened, normalized). */
export type SpanMatrix = Map<string, number[]>;

export interface SpanOptions {
  /** The address partition (of every version compared); endpoint name `@<index>`. */
  readonly addresses: readonly AddressRange[];
  /** The name a pod is compared under (its workload, or namespace and stable labels). */
  readonly nameOf: (pod: PodInfo) => string;
}

export const spanKey = (from: string, to: string, protocol: Protocol) =>
  `${from}\u0000${to}\u0000${protocol}`;
export const addressName = (i: number) => `@${i}`;

const FULL = [1, 65535];

/** A rule's ports as intervals per protocol towards a destination with `ports` (`undefined`: an address, R30). */
function ruleSpans(
  rule: PolicyRule,
  ports: readonly ContainerPort[] | undefined,
): [Protocol, number, number][] {
  if (!rule.ports) return PROTOCOLS.map((p) => [p, 1, 65535]);
  const out: [Protocol, number, number][] = [];
  for (const r of rule.ports) {
    if (r.port === undefined) out.push([r.protocol, 1, 65535]);
    else if (typeof r.port === "number") out.push([r.protocol, r.port, r.endPort ?? r.port]);
    else
      for (const c of ports ?? [])
        if (c.name === r.port && c.protocol === r.protocol) out.push([r.protocol, c.port, c.port]);
  }
  return out;
}

class Collector {
  readonly spans: SpanMatrix = new Map();
  add(from: readonly string[], to: readonly string[], protocol: Protocol, lo: number, hi: number) {
    for (const f of from)
      for (const t of to) {
        const key = spanKey(f, t, protocol);
        const list = this.spans.get(key);
        if (list) list.push(lo, hi);
        else this.spans.set(key, [lo, hi]);
      }
  }
  done(): SpanMatrix {
    for (const [key, list] of this.spans) this.spans.set(key, normalize(list));
    return this.spans;
  }
}

export function computeSpans(index: PolicyIndex, options: SpanOptions): SpanMatrix {
  const { classes } = index.classification;
  const names = classes.map((c) => [...new Set(c.pods.map(options.nameOf))]);
  const out = new Collector();
  podToPod(index, names, out);
  withAddresses(index, options, names, out);
  return out.done();
}

function podToPod(index: PolicyIndex, names: readonly string[][], out: Collector) {
  const { classes } = index.classification;
  const size = classes.length;
  const policyIds = new Map<CompiledPolicy, number>(index.policies.map((p, i) => [p, i]));
  for (const dst of classes) {
    const d = dst.id;
    const isolated = index.isolating.ingress[d].length > 0;
    const ingress = index.isolating.ingress[d].flatMap((p) => p.ingress!);
    const egress = index.rules.egress.filter((r) => r.peerClasses.has(d));
    const rules: { rule: CompiledRule; spans: [Protocol, number, number][] }[] = [...ingress, ...egress].map(
      (rule) => ({
        rule,
        spans: ruleSpans(rule.rule, dst.ports),
      }),
    );
    const adminRules = (index.admin ? adminRulesTowards(index.admin, d) : []).map((a) => ({
      ...a,
      spans: ruleSpans(a.rule.rule, dst.ports),
    }));
    const bySignature = new Map<string, Bitset>();
    const selfOk = dst.pods.length > 1 || dst.pods.some((p) => p.workload);
    for (const protocol of PROTOCOLS) {
      portPieces(
        [...rules, ...adminRules].map(({ spans }) => spans),
        protocol,
      ).forEach(([lo, hi]) => {
        const covering = rules.filter(({ spans }) =>
          spans.some(([p, a, b]) => p === protocol && a <= lo && hi <= b),
        );
        const coveringAdmin = adminRules.filter(({ spans }) =>
          spans.some(([p, a, b]) => p === protocol && a <= lo && hi <= b),
        );
        const signature = [
          ...covering.map(({ rule }) => `${rule.direction[0]}${policyIds.get(rule.policy)}.${rule.index}`),
          ...coveringAdmin.map(({ tag }) => tag),
        ].join(",");
        let sources = bySignature.get(signature);
        if (!sources) {
          sources = isolated ? new Bitset(size) : Bitset.full(size);
          const egressOk = index.open.egress.copy();
          for (const { rule } of covering) {
            if (rule.direction === "ingress") sources.or(rule.peerClasses);
            else egressOk.or(rule.policy.selected);
          }
          if (index.admin) {
            const applies = new Set(coveringAdmin.map(({ rule }) => rule));
            const npIngress = isolated ? sources : undefined;
            sources = tieredSources(
              index,
              index.admin,
              d,
              (r) => applies.has(r as never),
              npIngress,
              egressOk,
            );
          } else sources.and(egressOk);
          bySignature.set(signature, sources);
        }
        sources.forEach((s) => {
          if (s !== d || selfOk) out.add(names[s], names[d], protocol, lo, hi);
        });
      });
    }
  }
}

/** Address ranges to pods (the pod's ingress only) and pods to address ranges (the pod's egress only, R36). */
function withAddresses(index: PolicyIndex, options: SpanOptions, names: readonly string[][], out: Collector) {
  const { addresses } = options;
  // Ranges matched by the same ipBlocks (and Cilium entities) of this version are one case for every rule.
  const cases = new Map<string, { blocks: Set<number>; entity?: EntityCase; names: string[] }>();
  // A node's own address: only the ipBlocks the dataplane lets match nodes (ipBlockMatchesNodes).
  const cluster = index.cluster;
  const nodeKeys = new Set(
    [...(cluster.nodes?.values() ?? [])].flatMap((n) => n.addresses.map((a) => `${a.family}:${a.value}`)),
  );
  const entities = entitiesInUse(cluster);
  addresses.forEach((range, i) => {
    const node = range.first === range.last && nodeKeys.has(`${range.family}:${range.first}`);
    const matched = blocksMatching(range, index.blocks).filter(
      (b) => !node || ipBlockMatchesNode(cluster.dataplane, index.blocks[b].cidr.prefix),
    );
    const entity = entities.length
      ? entityCase(
          cluster,
          entities,
          { family: range.family, value: range.first },
          range.first === range.last,
        )
      : undefined;
    const key = `${matched.join(",")}|${entity ? `${[...entity.entities].join(",")}|${entity.node ?? ""}` : ""}`;
    const c = cases.get(key) ?? { blocks: new Set(matched), ...(entity ? { entity } : {}), names: [] };
    c.names.push(`@${i}`);
    cases.set(key, c);
  });
  const blockIndex = new Map(index.blocks.map((b, i) => [b.key, i]));
  const admits = (rule: PolicyRule, blocks: Set<number>, entity: EntityCase | undefined, podNode?: string) =>
    !rule.peers ||
    rule.peers.some(
      (p) =>
        (p.kind === "ipBlock" && blocks.has(blockIndex.get(p.block.key)!)) ||
        (entity !== undefined && entityAdmitsCase(p, entity, podNode)),
    );
  const side = (
    cls: PodClass,
    direction: "ingress" | "egress",
    c: { blocks: Set<number>; entity?: EntityCase },
    podNode: string | undefined,
    emit: (p: Protocol, lo: number, hi: number) => void,
  ) => {
    const admitted = (rule: PolicyRule) => admits(rule, c.blocks, c.entity, podNode);
    const ports = (rule: PolicyRule) => ruleSpans(rule, direction === "ingress" ? cls.ports : undefined);
    if (index.admin) {
      adminAddressSide(index, index.admin, cls.id, direction, admitted, ports, emit);
      return;
    }
    const policies = index.isolating[direction][cls.id];
    if (policies.length === 0) {
      for (const p of PROTOCOLS) emit(p, FULL[0], FULL[1]);
      return;
    }
    for (const policy of policies)
      for (const rule of policy[direction]!)
        if (admitted(rule.rule)) for (const [p, lo, hi] of ports(rule.rule)) emit(p, lo, hi);
  };
  for (const cls of index.classification.classes) {
    for (const c of cases.values()) {
      // `host` admits a node's address only for the pods on that node: judge them apart.
      const node = c.entity?.node;
      const groups = node
        ? [true, false].map((on) => {
            const pods = cls.pods.filter((p) => (podNodeKey(p) === node) === on);
            return { podNode: on ? node : undefined, names: [...new Set(pods.map(options.nameOf))] };
          })
        : [{ podNode: undefined, names: names[cls.id] }];
      for (const g of groups) {
        if (g.names.length === 0) continue;
        side(cls, "ingress", c, g.podNode, (p, lo, hi) => out.add(c.names, g.names, p, lo, hi));
        side(cls, "egress", c, g.podNode, (p, lo, hi) => out.add(g.names, c.names, p, lo, hi));
      }
    }
  }
}
