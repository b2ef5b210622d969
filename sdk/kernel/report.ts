import { type Graph, type GraphNode, renderMarkdown, renderMermaid, type Tabular } from "../render/views";
import { describeEndpoint, describePorts, type PlannedFlow } from "./flows";
import type { PathHop } from "./proof";

/**
 * Views of a list of flows: a table (for people, markdown and csv) and a graph (mermaid, dot),
 * built once here and printed by the shared renderers. Deterministic: the same flows always print
 * the same bytes, so a pull-request comment changes only when the flows do.
 */

const endpoints = (f: PlannedFlow) => ({
  from: f.fromDisplay ?? describeEndpoint(f.from),
  to: f.toDisplay ?? describeEndpoint(f.to),
});

/**
 * One row per flow. `enforcedBy`, when given, adds the policies that let each flow through (as
 * the reachability engine found them), so a reviewer sees which object to look at.
 */
export function flowsTabular(flows: PlannedFlow[], enforcedBy?: (flow: PlannedFlow) => string): Tabular {
  return {
    columns: ["KIND", "NAME", "FROM", "TO", "PORTS", ...(enforcedBy ? ["ALLOWED BY"] : [])],
    rows: flows.map((f) => {
      const { from, to } = endpoints(f);
      const name = f.selectedBy ? `${f.name} (${f.selectedBy})` : f.name;
      return [f.kind, name, from, to, describePorts(f.ports), ...(enforcedBy ? [enforcedBy(f)] : [])];
    }),
  };
}

/** A proven tailnet path, as the graph needs it: its source and the places it passes (the proxy second). */
export interface GraphTailnetPath {
  readonly source: string;
  readonly hops: readonly PathHop[];
}

/**
 * One node per endpoint, grouped by namespace (external networks stand alone), one edge per flow;
 * and the tailnet sources of `tailnetPaths`, each with an edge to the proxy its path enters (by
 * the proxy flow named for the path's tailnet host), as in the README's picture.
 */
export function flowsGraph(flows: PlannedFlow[], tailnetPaths: readonly GraphTailnetPath[] = []): Graph {
  const nodes = new Map<string, GraphNode>();
  const add = (label: string, namespace: string | undefined) => {
    if (!nodes.has(label)) {
      nodes.set(label, {
        id: label,
        label,
        ...(namespace ? { group: namespace } : {}),
        shape: namespace ? "box" : "ellipse",
      });
    }
  };
  const edges = flows.map((f) => {
    const { from, to } = endpoints(f);
    add(from, f.from.namespace);
    add(to, f.to.namespace);
    return { from, to, label: describePorts(f.ports) };
  });
  const proxies = new Map(flows.filter((f) => f.kind === "proxy").map((f) => [f.name, endpoints(f).from]));
  const seen = new Set<string>();
  for (const p of tailnetPaths) {
    const hop = p.hops[1];
    const proxy = hop && proxies.get(hop.at);
    const source = `tailnet: ${p.source}`;
    const label = `tailnet ${describePorts(hop?.ports ?? [])}`;
    if (!proxy || seen.has(`${source} ${proxy} ${label}`)) continue;
    seen.add(`${source} ${proxy} ${label}`);
    add(source, undefined);
    edges.push({ from: source, to: proxy, label });
  }
  return { nodes: [...nodes.values()], edges };
}

/** The `flowsMarkdown` output and `plan -o markdown`: a table, then the mermaid graph. */
export const flowsMarkdown = (
  flows: PlannedFlow[],
  enforcedBy?: (flow: PlannedFlow) => string,
  tailnetPaths: readonly GraphTailnetPath[] = [],
) =>
  `${renderMarkdown(flowsTabular(flows, enforcedBy))}\n\`\`\`mermaid\n${renderMermaid(flowsGraph(flows, tailnetPaths))}\`\`\`\n`;

/** Plain-data flows for JSON consumers. */
export const flowsJson = (flows: PlannedFlow[]) =>
  flows.map((f) => ({
    kind: f.kind,
    name: f.name,
    ...(f.selectedBy ? { selectedBy: f.selectedBy } : {}),
    ...endpoints(f),
    ports: f.ports.map((p) => ({ ...p })),
  }));
