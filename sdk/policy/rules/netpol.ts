import { parseCidr, parseSelector } from "../../reach";
import { type Reporter, type ResourceRule, violationUnlessAllowed } from "../rule";
import type { Subject } from "../subject";
import { at, isUnknown, type Unknown, unknownsIn } from "../unknown";

/** Structural rules over one NetworkPolicy: ingress open to the internet, rules that admit everything. */

type Dir = "ingress" | "egress";
const PEERS: Record<Dir, string> = { ingress: "from", egress: "to" };

/** The directions a NetworkPolicy affects (R08, R09): `policyTypes`, or Ingress plus Egress when it has egress rules. */
function directionsOf(s: Subject): Dir[] | Unknown {
  const types = at(s.object, "spec", "policyTypes");
  if (isUnknown(types)) return types;
  if (Array.isArray(types) && types.length > 0) {
    const found = unknownsIn(types)[0];
    if (found) return found;
    return (["ingress", "egress"] as Dir[]).filter((d) => types.some((t) => String(t).toLowerCase() === d));
  }
  const egress = at(s.object, "spec", "egress");
  if (isUnknown(egress)) return egress;
  return egress === undefined || egress === null ? ["ingress"] : ["ingress", "egress"];
}

/** Whether a raw label selector selects everything (`{}`, missing, or only empty lists). */
function selectsAll(raw: unknown): boolean {
  try {
    return parseSelector(raw, "selector").selectsAll;
  } catch {
    return false; // invalid: the API server refuses it, not this rule's concern
  }
}

const isEmptyList = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

export interface WorldIngressConfig {
  /** NetworkPolicies allowed anyway, `namespace/name` or `namespace/*`. */
  allow: string[];
  /** Also report ingress rules without `from` (they admit every source, the internet included). */
  reportRulesWithoutFrom: boolean;
}

export const noWorldIngress: ResourceRule<WorldIngressConfig> = {
  name: "no-world-ingress",
  kinds: ["NetworkPolicy"],
  check(s, config, report) {
    const dirs = directionsOf(s);
    if (isUnknown(dirs)) return report.unchecked(`${s.ref}: ${dirs.path} is unknown until the update`, s);
    if (!dirs.includes("ingress")) return;
    const rules = at(s.object, "spec", "ingress");
    if (isUnknown(rules)) return report.unchecked(`${s.ref}: spec.ingress is unknown until the update`, s);
    const fix = `Fix: admit the tailnet through the Tailscale proxies (their pods' labels) or name the sources' CIDRs, or add "${s.ref.split(" ")[1]}" to the allow list of no-world-ingress.`;
    (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
      const from = at(rule, "from");
      if (isUnknown(from)) return report.unchecked(`${s.ref}: ${from.path} is unknown until the update`, s);
      if (isEmptyList(from)) {
        if (config.reportRulesWithoutFrom)
          violationUnlessAllowed(
            config.allow,
            s,
            report,
            `${s.ref}: ingress rule ${i} has no "from", so it admits every source, the internet included. ${fix}`,
          );
        return;
      }
      (from as unknown[]).forEach((peer, j) => {
        const cidr = at(peer, "ipBlock", "cidr");
        if (isUnknown(cidr)) return report.unchecked(`${s.ref}: ${cidr.path} is unknown until the update`, s);
        if (typeof cidr !== "string") return;
        if (parseCidr(cidr)?.prefix !== 0) return;
        violationUnlessAllowed(
          config.allow,
          s,
          report,
          `${s.ref}: ingress rule ${i} admits ipBlock ${cidr} (from[${j}]), every address on the internet. ${fix}`,
        );
      });
    });
  },
};

export interface AllowAllConfig {
  /** NetworkPolicies allowed anyway, `namespace/name` or `namespace/*`. */
  allow: string[];
  /** Directions to judge: "ingress", "egress". */
  directions: string[];
}

/** Whether one rule admits every source (or destination) on every port, and how to say which. */
function admitsEverything(rule: unknown, dir: Dir): string | undefined | Unknown {
  const found = unknownsIn(rule)[0];
  if (found) return found;
  if (!isEmptyList(at(rule, "ports"))) return undefined;
  const peers = at(rule, PEERS[dir]);
  if (isEmptyList(peers)) return `has no "${PEERS[dir]}" and no "ports"`;
  const everyPod = (peers as unknown[]).some(
    (p) =>
      at(p, "namespaceSelector") != null &&
      selectsAll(at(p, "namespaceSelector")) &&
      selectsAll(at(p, "podSelector")),
  );
  return everyPod ? `admits every pod of every namespace (namespaceSelector {}) on every port` : undefined;
}

export const noAllowAll: ResourceRule<AllowAllConfig> = {
  name: "no-allow-all",
  kinds: ["NetworkPolicy"],
  check(s, config, report) {
    const podSelector = at(s.object, "spec", "podSelector");
    if (isUnknown(podSelector) || unknownsIn(podSelector).length > 0)
      return report.unchecked(`${s.ref}: spec.podSelector is unknown until the update`, s);
    if (!selectsAll(podSelector)) return;
    const dirs = directionsOf(s);
    if (isUnknown(dirs)) return report.unchecked(`${s.ref}: ${dirs.path} is unknown until the update`, s);
    for (const dir of dirs) {
      if (!config.directions.includes(dir)) continue;
      checkDirection(s, dir, config, report);
    }
  },
};

function checkDirection(s: Subject, dir: Dir, config: AllowAllConfig, report: Reporter) {
  const rules = at(s.object, "spec", dir);
  if (isUnknown(rules)) return report.unchecked(`${s.ref}: spec.${dir} is unknown until the update`, s);
  (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
    const why = admitsEverything(rule, dir);
    if (why === undefined) return;
    if (isUnknown(why))
      return report.unchecked(`${s.ref}: ${dir} rule ${i} (${why.path}) is unknown until the update`, s);
    const side =
      dir === "ingress" ? "every pod of the namespace accepts" : "every pod of the namespace may open";
    violationUnlessAllowed(
      config.allow,
      s,
      report,
      `${s.ref}: ${dir} rule ${i} ${why}, and the policy selects every pod (podSelector {}): ${side} any connection, which undoes default-deny. Fix: name the peers (podSelector/namespaceSelector) and the ports of the flows you need, or add "${s.ref.split(" ")[1]}" to the allow list of no-allow-all.`,
    );
  });
}
