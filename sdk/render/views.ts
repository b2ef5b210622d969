/**
 * Generic renderers shared by the command-line tool and the component's `flowsMarkdown` output:
 * a tabular view (table, markdown, csv), a graph view (dot, mermaid) and JSON. Callers build the
 * views; this file only knows how to print them, so everything escapes and aligns the same way.
 */

export type OutputFormat = "table" | "json" | "markdown" | "csv" | "dot" | "mermaid";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "json", "markdown", "csv", "dot", "mermaid"];

export type Cell = string | number | boolean;

export interface Tabular {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Columns padded to their widest cell, for a terminal. */
export function renderTable(t: Tabular): string {
  const cells = [t.columns, ...t.rows].map((row) => row.map(String));
  // A loop, not Math.max(...rows): a table of 150,000 checks would overflow the call stack.
  const widths = t.columns.map((_, i) => cells.reduce((w, row) => Math.max(w, (row[i] ?? "").length), 0));
  const last = t.columns.length - 1;
  return (
    cells.map((row) => row.map((c, i) => (i === last ? c : c.padEnd(widths[i]))).join("  ")).join("\n") + "\n"
  );
}

/**
 * A cell as literal text: a backtick would open a code span (three of them end the document's code
 * block), a pipe a new cell, `<` an HTML tag; each is escaped (and the escape itself), lines joined.
 */
const markdownCell = (c: Cell) =>
  String(c)
    .replace(/[\\`<|]/g, (ch) => `\\${ch}`)
    .replace(/\r?\n/g, " ");

export function renderMarkdown(t: Tabular): string {
  const line = (row: readonly Cell[]) => `| ${row.map(markdownCell).join(" | ")} |`;
  return (
    [line(t.columns), `|${t.columns.map(() => " --- ").join("|")}|`, ...t.rows.map(line)].join("\n") + "\n"
  );
}

/** RFC 4180: quote cells with commas, quotes or line breaks; double the quotes. */
export function renderCsv(t: Tabular): string {
  const cell = (c: Cell) => {
    const s = String(c);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns, ...t.rows].map((row) => row.map(cell).join(",")).join("\n") + "\n";
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export interface GraphNode {
  readonly id: string;
  readonly label?: string;
  /** Nodes of one group (a namespace) are drawn together. */
  readonly group?: string;
  readonly shape?: "box" | "ellipse";
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** `dashed` for blocked or otherwise negative edges. */
  readonly style?: "solid" | "dashed";
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

function byGroup(nodes: readonly GraphNode[]): Map<string | undefined, GraphNode[]> {
  const groups = new Map<string | undefined, GraphNode[]>();
  for (const n of nodes) groups.set(n.group, [...(groups.get(n.group) ?? []), n]);
  return groups;
}

const dotString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** Graphviz: one cluster per group, edges labelled. */
export function renderDot(g: Graph, name = "reachability"): string {
  const out = [`digraph ${dotString(name)} {`, "  rankdir=LR;", '  node [fontname="Helvetica"];'];
  const node = (n: GraphNode) =>
    `${dotString(n.id)} [label=${dotString(n.label ?? n.id)}, shape=${n.shape ?? "box"}];`;
  let cluster = 0;
  for (const [group, nodes] of byGroup(g.nodes)) {
    if (group === undefined) {
      out.push(...nodes.map((n) => `  ${node(n)}`));
      continue;
    }
    out.push(`  subgraph cluster_${cluster++} {`, `    label=${dotString(group)};`);
    out.push(...nodes.map((n) => `    ${node(n)}`), "  }");
  }
  for (const e of g.edges) {
    const attrs = [
      e.label ? `label=${dotString(e.label)}` : "",
      e.style === "dashed" ? "style=dashed, color=red" : "",
    ];
    const list = attrs.filter(Boolean).join(", ");
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${list ? ` [${list}]` : ""};`);
  }
  return out.concat("}").join("\n") + "\n";
}

/** Mermaid `flowchart LR`: ids are made safe (n0, n1, ...) and the real names become labels. */
export function renderMermaid(g: Graph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  // Mermaid entity codes: a backtick would start a markdown string, ``` would end the fenced block.
  const text = (s: string) =>
    `"${s
      .replace(/"/g, "#quot;")
      .replace(/`/g, "#96;")
      .replace(/</g, "#lt;")
      .replace(/>/g, "#gt;")
      .replace(/\r?\n/g, " ")}"`;
  const node = (n: GraphNode) => {
    const label = text(n.label ?? n.id);
    return n.shape === "ellipse" ? `${ids.get(n.id)}([${label}])` : `${ids.get(n.id)}[${label}]`;
  };
  const out = ["flowchart LR"];
  let sub = 0;
  for (const [group, nodes] of byGroup(g.nodes)) {
    if (group === undefined) {
      out.push(...nodes.map((n) => `  ${node(n)}`));
      continue;
    }
    out.push(`  subgraph g${sub++}[${text(group)}]`, ...nodes.map((n) => `    ${node(n)}`), "  end");
  }
  for (const e of g.edges) {
    const arrow = e.style === "dashed" ? "-.->" : "-->";
    const label = e.label ? `|${text(e.label)}|` : "";
    out.push(`  ${ids.get(e.from)} ${arrow}${label} ${ids.get(e.to)}`);
  }
  return out.join("\n") + "\n";
}

/** Renders a view in one of the tabular or graph formats (json is the command's own structure). */
export function renderView(format: Exclude<OutputFormat, "json">, table: Tabular, graph: Graph): string {
  switch (format) {
    case "table":
      return renderTable(table);
    case "markdown":
      return renderMarkdown(table);
    case "csv":
      return renderCsv(table);
    case "dot":
      return renderDot(graph);
    case "mermaid":
      return renderMermaid(graph);
  }
}
