import { controlPlaneReport } from "../features/control-plane";
import { compareText, describeEndpoint, describeFlow } from "../kernel/flows";
import type { Port } from "../kernel/normalize";
import type { Plan } from "../pipeline/plan";
import type { MatrixGroup } from "../reach/netpol/matrix";
import type { PlanProof } from "./plan-check";

/**
 * Which allowed flows open and close between two versions of a declaration. Pure: the inputs are
 * plans, the output plain lines, so a pull-request comment and `pulumi preview --diff` of the
 * component's `flows` output show the same change line by line. Two cluster exports are compared
 * over all ports and addresses instead, in `cluster-diff.ts`, with pods named as here.
 */

/** The allowed flows of one side, as stable lines. */
export interface FlowSet {
  /** `describeFlow` lines. */
  readonly flows: readonly string[];
  /** The proven tailnet paths (args files only), e.g. `group:sre -> k8s-grafana:80 -> monitoring/app=grafana:3000`. */
  readonly tailnetPaths: readonly string[];
  /**
   * `<namespace> isolated` for each namespace under default-deny (args files only): losing one
   * opens everything in it, although no allow line appears.
   */
  readonly isolated?: readonly string[];
  /** What the flows allow, piece by piece (args files only), to tell a real opening from a rename or a narrowing. */
  readonly allows?: ReadonlyMap<string, readonly [number, number][]>;
  /** The `access` lines of the API server proxy (args files only). */
  readonly access?: readonly string[];
  /** What that access grants, piece by piece: a source reaching the proxy, acting as a group, holding a role. */
  readonly accessPieces?: readonly string[];
}

export interface LineChange {
  /** Lines only in the new side: access that the change grants. */
  readonly opened: string[];
  /** Lines only in the old side: access that the change takes away. */
  readonly closed: string[];
  /** Lines in both. */
  readonly unchanged: number;
}

export interface FlowDiff {
  readonly flows: LineChange;
  readonly tailnetPaths: LineChange;
  /** The API server proxy's `access` lines. */
  readonly access: LineChange;
  /** Whether anything opens (a flow, a tailnet path or API server access): CI should ask for a review. */
  readonly opens: boolean;
}

/** An empty side (a file that does not exist yet on the base branch): nothing is allowed. */
export const NOTHING_ALLOWED: FlowSet = { flows: [], tailnetPaths: [], isolated: [], allows: new Map() };

const PROTOCOLS = ["TCP", "UDP", "SCTP"];

/** Port intervals per `FROM -> TO PROTOCOL`: what each flow allows, whatever its name or line. */
function allowedPieces(plan: Plan): Map<string, [number, number][]> {
  const pieces = new Map<string, [number, number][]>();
  for (const flow of plan.flows) {
    const ends = `${flow.fromDisplay ?? describeEndpoint(flow.from)} -> ${flow.toDisplay ?? describeEndpoint(flow.to)}`;
    const ports = flow.ports.length ? flow.ports : PROTOCOLS.map((protocol) => ({ protocol }) as Port);
    for (const p of ports) {
      const key = `${ends} ${p.protocol}`;
      const range: [number, number] = p.port === undefined ? [1, 65535] : [p.port, p.endPort ?? p.port];
      pieces.set(key, [...(pieces.get(key) ?? []), range]);
    }
  }
  return pieces;
}

/** Whether every interval of `after` lies within the union of `before`'s, key by key. */
function covered(
  before: ReadonlyMap<string, readonly [number, number][]>,
  after: ReadonlyMap<string, readonly [number, number][]>,
): boolean {
  for (const [key, ranges] of after) {
    const old = [...(before.get(key) ?? [])].sort((a, b) => a[0] - b[0]);
    for (const [lo, hi] of ranges) {
      let next = lo;
      for (const [a, b] of old) if (a <= next && b >= next) next = Math.max(next, b + 1);
      if (next <= hi) return false;
    }
  }
  return true;
}

/** The flows of a plan exactly as the component's `flows` and `tailnetFlows` outputs print them. */
export function planFlowSet(plan: Plan, proof: Pick<PlanProof, "tailnetFlows">): FlowSet {
  const { access } = controlPlaneReport(plan);
  return {
    access: access.map((a) => a.text),
    accessPieces: access.flatMap((a) =>
      a.reaches
        ? [
            `${a.source} reaches the API server proxy`,
            ...[...a.groups, ...a.roles].map((x) => `${a.source}: ${x}`),
          ]
        : [],
    ),
    flows: plan.flows.map(describeFlow),
    tailnetPaths: proof.tailnetFlows.map((f) => f.text),
    isolated: plan.managedNamespaces.map(
      (ns) => `default-deny in namespace ${ns} (without it, every path there opens)`,
    ),
    allows: allowedPieces(plan),
  };
}

/**
 * Labels that change with every rollout; a flow does not open because a
 * Deployment rolled, so they are left out of the group names a diff compares.
 */
export const VOLATILE_LABELS: readonly string[] = [
  "pod-template-hash",
  "controller-revision-hash",
  "pod-template-generation",
  "controller-uid",
  "batch.kubernetes.io/controller-uid",
];

/** `apps/app=backend` for a group of pods: the namespace and stable labels, never pod names. */
export function describeGroup(group: Pick<MatrixGroup, "namespace" | "labels" | "hostNetwork">): string {
  const keys = Object.keys(group.labels)
    .filter((k) => !VOLATILE_LABELS.includes(k))
    .sort(compareText);
  const labels = keys.length ? keys.map((k) => `${k}=${group.labels[k]}`).join(",") : "(no labels)";
  return `${group.namespace}/${labels}${group.hostNetwork ? " (hostNetwork)" : ""}`;
}

/** What is only in `after` opened, what is only in `before` closed; each list keeps its side's order. */
export function diffLines(before: readonly string[], after: readonly string[]): LineChange {
  const old = new Set(before);
  const now = new Set(after);
  return {
    opened: [...now].filter((l) => !old.has(l)),
    closed: [...old].filter((l) => !now.has(l)),
    unchanged: [...now].filter((l) => old.has(l)).length,
  };
}

/**
 * Compares two sides. A flow whose ports or endpoints change shows as its old line closing and its
 * new line opening, as it does in `pulumi preview --diff` of the `flows` output.
 */
export function diffFlowSets(before: FlowSet, after: FlowSet): FlowDiff {
  const flows = diffLines(before.flows, after.flows);
  const tailnetPaths = diffLines(before.tailnetPaths, after.tailnetPaths);
  const isolation = diffLines(before.isolated ?? [], after.isolated ?? []);
  // A renamed, reordered or narrowed flow prints new lines but opens nothing: judge by pieces
  // where both sides have them, by lines otherwise (cluster exports).
  const flowsOpen =
    before.allows && after.allows ? !covered(before.allows, after.allows) : flows.opened.length > 0;
  // A source gaining a group, or a group gaining a role, opens; rewording a line does not.
  const access = diffLines(before.access ?? [], after.access ?? []);
  const accessOpens = diffLines(before.accessPieces ?? [], after.accessPieces ?? []).opened.length > 0;
  return {
    flows: { ...flows, opened: [...flows.opened], closed: [...flows.closed, ...isolation.closed] },
    tailnetPaths,
    access,
    opens: flowsOpen || tailnetPaths.opened.length > 0 || isolation.closed.length > 0 || accessOpens,
  };
}
