import { controlPlaneReport } from "../features/control-plane";
import { compareText, describeEndpoint, describeFlow } from "../kernel/flows";
import type { Port } from "../kernel/normalize";
import type { Plan } from "../pipeline/plan";
import { PROTOCOLS } from "../reach/model/ports";
import type { MatrixGroup } from "../reach/netpol/matrix-result";
import type { PlanProof } from "./plan-check";

/**
 * Which allowed flows open and close between two versions of a declaration. Pure: the inputs are
 * plans, the output plain lines, so a pull-request comment and `pulumi preview --diff` of the
 * component's `flows` output show the same change line by line. Two cluster exports are compared
 * over all ports and addresses instead, in `cluster-diff.ts`, with pods named as here.
 */

/** Port intervals per `FROM -> TO PROTOCOL`: what a line allows, whatever its name or wording. */
export type Pieces = ReadonlyMap<string, readonly [number, number][]>;

/** The allowed flows of one side, as stable lines. */
export interface FlowSet {
  /** `describeFlow` lines. */
  readonly flows: readonly string[];
  /** The proven tailnet paths (args files only), e.g. `group:sre -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000`. */
  readonly tailnetPaths: readonly string[];
  /**
   * The namespaces under default-deny (args files only): losing it opens every path into and out
   * of the namespace, although no allow line appears.
   */
  readonly isolated?: readonly string[];
  /** What each flow line allows (args files only), to tell a real opening from a rename or a narrowing. */
  readonly allows?: ReadonlyMap<string, Pieces>;
  /** The namespaces of each flow line's workload ends (args files only). */
  readonly namespacesOf?: ReadonlyMap<string, readonly string[]>;
  /** The `access` lines of the API server proxy (args files only). */
  readonly access?: readonly string[];
  /** What each access line grants, piece by piece: a source reaching the proxy, acting as a group, holding a role. */
  readonly accessPieces?: ReadonlyMap<string, readonly string[]>;
}

export interface LineChange {
  /** Lines only in the new side that grant access the old side did not: each opens something. */
  readonly opened: string[];
  /** Lines only in the old side whose access the new side no longer grants: each closes something. */
  readonly closed: string[];
  /**
   * Lines only on one side that change no access (a renamed flow, reordered ports, the new line of
   * a narrowed flow, the line of a flow whose namespaces all left default-deny and so still let
   * it through): shown, never counted as opening or closing.
   */
  readonly sameAccess: string[];
  /** Lines in both. */
  readonly unchanged: number;
}

export interface FlowDiff {
  readonly flows: LineChange;
  readonly tailnetPaths: LineChange;
  /** The API server proxy's `access` lines. */
  readonly access: LineChange;
  /** Whether anything opens (some `opened` line): CI should ask for a review. */
  readonly opens: boolean;
}

/** An empty side (a file that does not exist yet on the base branch): nothing is allowed. */
export const NOTHING_ALLOWED: FlowSet = {
  flows: [],
  tailnetPaths: [],
  isolated: [],
  allows: new Map(),
  access: [],
  accessPieces: new Map(),
};

/** What each flow line of a plan allows. */
function allowedPieces(plan: Plan): Map<string, Pieces> {
  const byLine = new Map<string, Map<string, [number, number][]>>();
  for (const flow of plan.flows) {
    const line = describeFlow(flow);
    const pieces = byLine.get(line) ?? new Map<string, [number, number][]>();
    byLine.set(line, pieces);
    const ends = `${flow.fromDisplay ?? describeEndpoint(flow.from)} -> ${flow.toDisplay ?? describeEndpoint(flow.to)}`;
    const ports = flow.ports.length ? flow.ports : PROTOCOLS.map((protocol) => ({ protocol }) as Port);
    for (const p of ports) {
      const key = `${ends} ${p.protocol}`;
      const range: [number, number] = p.port === undefined ? [1, 65535] : [p.port, p.endPort ?? p.port];
      pieces.set(key, [...(pieces.get(key) ?? []), range]);
    }
  }
  return byLine;
}

/** Every line's pieces together. */
function union(byLine: ReadonlyMap<string, Pieces>): Pieces {
  const all = new Map<string, [number, number][]>();
  for (const pieces of byLine.values())
    for (const [key, ranges] of pieces) all.set(key, [...(all.get(key) ?? []), ...ranges]);
  return all;
}

/** Whether every interval of `after` lies within the union of `before`'s, key by key. */
function covered(before: Pieces, after: Pieces): boolean {
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
    accessPieces: new Map(
      access.map((a) => [
        a.text,
        a.reaches
          ? [
              `${a.source} reaches the API server proxy`,
              ...[...a.groups, ...a.roles].map((x) => `${a.source}: ${x}`),
            ]
          : [],
      ]),
    ),
    flows: plan.flows.map(describeFlow),
    tailnetPaths: proof.tailnetFlows.map((f) => f.text),
    // A staged namespace (enforce: false) has its allows but no default-deny: nothing is cut off there.
    isolated: plan.managedNamespaces.filter((ns) => !plan.observing.includes(ns)),
    allows: allowedPieces(plan),
    namespacesOf: new Map(
      plan.flows.map((f) => [
        describeFlow(f),
        [f.from.namespace, f.to.namespace].filter((n): n is string => n !== undefined),
      ]),
    ),
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
    sameAccess: [],
    unchanged: [...now].filter((l) => old.has(l)).length,
  };
}

/**
 * Lines judged by what they grant: a line only in one side opens (or closes) only when some piece
 * of it is missing from the whole other side; otherwise its access stays the same.
 */
function judgeLines<P>(
  lines: LineChange,
  grants: { before: (line: string) => P; after: (line: string) => P },
  within: (line: P, side: "before" | "after") => boolean,
): LineChange {
  const opened = lines.opened.filter((l) => !within(grants.after(l), "before"));
  const closed = lines.closed.filter((l) => !within(grants.before(l), "after"));
  const sameAccess = [
    ...lines.opened.filter((l) => !opened.includes(l)),
    ...lines.closed.filter((l) => !closed.includes(l)),
  ];
  return { opened, closed, sameAccess, unchanged: lines.unchanged };
}

/** The line that says what losing (or gaining) default-deny does, under opened (or closed). */
export const leavesDefaultDeny = (ns: string) =>
  `namespace ${ns} leaves default-deny: every path into and out of its pods opens (any pod or address may connect to them, and they to anything)`;
export const entersDefaultDeny = (ns: string) =>
  `namespace ${ns} enters default-deny: every path into and out of its pods that no flow allows closes`;

/**
 * Compares two sides. A flow whose ports or endpoints change shows as its old line closing and its
 * new line opening, as it does in `pulumi preview --diff` of the `flows` output; a line that
 * changes no access (a rename, a narrowing's new line) keeps the same access. A namespace leaving
 * default-deny opens. The counts, the markers and `opens` are one and the same judgement.
 */
export function diffFlowSets(before: FlowSet, after: FlowSet): FlowDiff {
  let flows = diffLines(before.flows, after.flows);
  if (before.allows && after.allows) {
    const [old, now] = [before.allows, after.allows];
    const whole = { before: union(old), after: union(now) };
    // An old flow between namespaces no longer under default-deny is still let through.
    const enforced = new Set(after.isolated ?? []);
    const unrestricted = (line: string) =>
      (before.namespacesOf?.get(line) ?? [""]).every((ns) => !enforced.has(ns));
    flows = judgeLines(
      flows,
      {
        before: (l) => ({ l, pieces: old.get(l) ?? new Map() }),
        after: (l) => ({ l, pieces: now.get(l) ?? new Map() }),
      },
      ({ l, pieces }, side) => covered(whole[side], pieces) || (side === "after" && unrestricted(l)),
    );
  }
  const isolation = diffLines(before.isolated ?? [], after.isolated ?? []);
  flows = {
    ...flows,
    opened: [...isolation.closed.map(leavesDefaultDeny), ...flows.opened],
    closed: [...isolation.opened.map(entersDefaultDeny), ...flows.closed],
  };
  const tailnetPaths = diffLines(before.tailnetPaths, after.tailnetPaths);
  // A source gaining a group, or a group gaining a role, opens; rewording a line does not.
  const pieces = { before: before.accessPieces ?? new Map(), after: after.accessPieces ?? new Map() };
  const granted = {
    before: new Set([...pieces.before.values()].flat()),
    after: new Set([...pieces.after.values()].flat()),
  };
  const access = judgeLines(
    diffLines(before.access ?? [], after.access ?? []),
    { before: (l) => pieces.before.get(l) ?? [], after: (l) => pieces.after.get(l) ?? [] },
    (lines: string[], side) => lines.every((p) => granted[side].has(p)),
  );
  return {
    flows,
    tailnetPaths,
    access,
    opens: flows.opened.length + tailnetPaths.opened.length + access.opened.length > 0,
  };
}
