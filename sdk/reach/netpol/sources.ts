import { Bitset } from "../model/bitset";
import type { IpAddress } from "../model/cidr";
import type { Direction, PolicyRule } from "../model/model";
import { type Protocol, portsMatch } from "../model/ports";
import { tieredSources } from "./admin-matrix";
import { adminSide } from "./admin-tier-index";
import type { CompiledPolicy, CompiledRule, PolicyIndex } from "./policy-index";
import { ruleAdmitsPeer } from "./rule-peers";

/**
 * Who may open a connection to a pod class on one port, as one bit set over classes: the union
 * of the destination's admitting ingress rules (everyone when it is not isolated) AND the classes
 * whose egress is open or selected by a policy with a rule admitting the destination. The matrix
 * and the intent proof both ask this question, so the semantics live here once.
 */
export class SourceSets {
  /** Per class: the egress rules whose peers admit it, in rule order. */
  private readonly egressTo: CompiledRule[][];
  private readonly policyNumber: Map<CompiledPolicy, number>;
  /** Per policy: the stamp of the last query that already added its selected classes. */
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly all: Bitset;
  private readonly scratch: Bitset;

  constructor(readonly index: PolicyIndex) {
    const size = index.classification.classes.length;
    this.egressTo = index.classification.classes.map(() => []);
    // Inverted once, so a query touches only the rules that name its destination.
    for (const rule of index.rules.egress) rule.peerClasses.forEach((c) => this.egressTo[c].push(rule));
    this.policyNumber = new Map(index.policies.map((p, i) => [p, i]));
    this.seen = new Int32Array(index.policies.length).fill(-1);
    this.all = Bitset.full(size);
    this.scratch = new Bitset(size);
  }

  /**
   * The classes allowed to connect to class `d` on `port`/`protocol` (loopback not excluded),
   * written into `into` (a fresh set by default) so that a caller looping over destinations can
   * reuse one buffer.
   */
  allowed(d: number, port: number, protocol: Protocol, into = new Bitset(this.all.size)): Bitset {
    const index = this.index;
    const dstPorts = index.classification.classes[d].ports;
    const match = (r: { readonly rule: PolicyRule }) => portsMatch(r.rule.ports, port, protocol, dstPorts);
    const isolating = index.isolating.ingress[d];
    if (isolating.length === 0) into.words.set(this.all.words);
    else {
      into.words.fill(0);
      for (const policy of isolating) for (const r of policy.ingress!) if (match(r)) into.or(r.peerClasses);
    }
    const egressOk = this.scratch;
    egressOk.words.set(index.open.egress.words);
    this.stamp++;
    for (const r of this.egressTo[d]) {
      const n = this.policyNumber.get(r.policy)!;
      if (this.seen[n] === this.stamp || !match(r)) continue;
      this.seen[n] = this.stamp;
      egressOk.or(r.policy.selected);
    }
    if (index.admin) {
      // The tiers decide over the NetworkPolicy verdicts; the result goes to the caller's buffer.
      const npIngress = isolating.length === 0 ? undefined : into;
      const tiered = tieredSources(index, index.admin, d, match, npIngress, egressOk);
      if (tiered !== into) into.words.set(tiered.words);
      return into;
    }
    return into.and(egressOk);
  }

  /**
   * Whether class `cls` admits an external address on its `direction` side: its egress towards
   * the address, or its ingress from it. Only ipBlocks (or peerless rules) admit addresses (R26),
   * and named ports never match an external destination (R30).
   */
  admitsAddress(cls: number, direction: Direction, ip: IpAddress, port: number, protocol: Protocol): boolean {
    return this.addressAdmission(cls, direction, ip)(port, protocol);
  }

  /**
   * {@link admitsAddress} for one class and address on any port: which rules' peers admit the
   * address does not depend on the port, so a caller asking many ports decides it once.
   */
  addressAdmission(
    cls: number,
    direction: Direction,
    ip: IpAddress,
  ): (port: number, protocol: Protocol) => boolean {
    const policies = this.index.isolating[direction][cls];
    const dstPorts = direction === "ingress" ? this.index.classification.classes[cls].ports : undefined;
    const rules = policies.flatMap((p) =>
      p[direction]!.filter((r) => ruleAdmitsPeer(r, { ip }, -1, this.index.cluster)),
    );
    const npAllows = (port: number, protocol: Protocol) =>
      policies.length === 0 || rules.some((r) => portsMatch(r.rule.ports, port, protocol, dstPorts));
    const admin = this.index.admin;
    if (!admin) return npAllows;
    return (port, protocol) => {
      const side = {
        isolated: policies.length > 0,
        isolatingPolicies: [],
        allowed: npAllows(port, protocol),
      };
      const connection = {
        peer: { ip },
        peerClass: -1,
        port,
        protocol,
        destinationPorts: dstPorts,
        cluster: this.index.cluster,
      };
      return adminSide(admin, cls, direction, connection, side).allowed;
    };
  }
}
