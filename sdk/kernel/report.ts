import { type Graph, type GraphNode, renderMarkdown, renderMermaid, type Tabular } from "../render/views";
import { describeEndpoint, describePorts, type PlannedFlow } from "./flows";

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
      return [f.kind, f.name, from, to, describePorts(f.ports), ...(enforcedBy ? [enforcedBy(f)] : [])];
    }),
  };
}

/** One node per endpoint, grouped by namespace (external networks stand alone), one edge per flow. */
export function flowsGraph(flows: PlannedFlow[]): Graph {
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
  return { nodes: [...nodes.values()], edges };
}

/** The `flowsMarkdown` output and `plan -o markdown`: a table, then the mermaid graph. */
export const flowsMarkdown = (flows: PlannedFlow[], enforcedBy?: (flow: PlannedFlow) => string) =>
  `${renderMarkdown(flowsTabular(flows, enforcedBy))}\n\`\`\`mermaid\n${renderMermaid(flowsGraph(flows))}\`\`\`\n`;

/** Plain-data flows for JSON consumers. */
export const flowsJson = (flows: PlannedFlow[]) =>
  flows.map((f) => ({ kind: f.kind, name: f.name, ...endpoints(f), ports: f.ports.map((p) => ({ ...p })) }));
