import { type Cluster, parseCidr } from "../reach";
import type { ConnectionChange } from "../verify/cluster-diff";
import { type Graph, type OutputFormat, renderJson, renderView, type Tabular } from "./formats";
import type { CliIo } from "./io";

/**
 * `reach --all-ports`: the matrix over every port and address, and the note that sends users there
 * when containers declare no ports (the container-port matrix cannot see what they listen on).
 */

/** Containers need not declare the ports they listen on; the container-port matrix cannot see those. */
export function noteUndeclaredPorts(cluster: Cluster, io: CliIo) {
  const portless = cluster.pods.filter((p) => p.ports.length === 0);
  if (portless.length === 0) return;
  const examples = portless.slice(0, 3).map((p) => p.key);
  io.stderr(
    `note: ${portless.length} of ${cluster.pods.length} pods declare no container port (${examples.join(", ")}${portless.length > 3 ? ", ..." : ""}): the matrix shows no connection to them; --all-ports evaluates every port\n`,
  );
}

/** The all-ports matrix: one row per allowed (source, destination), ports as ranges. */
export function renderAllPorts(
  format: OutputFormat,
  pods: number,
  rows: readonly ConnectionChange[],
): string {
  if (format === "json") return renderJson({ pods, connections: rows });
  const table: Tabular = {
    columns: ["FROM", "TO", "PORTS"],
    rows: rows.map((r) => [r.from, r.to, r.portsText]),
  };
  const names = new Set(rows.flatMap((r) => [r.from, r.to]));
  const graph: Graph = {
    // Address sides read "0.0.0.0/0 except 10.0.0.0/8"; pods "namespace/...".
    nodes: [...names].map((id) =>
      parseCidr(id.split(/[ ,]/)[0]) ? { id, shape: "ellipse" as const } : { id, group: id.split("/")[0] },
    ),
    edges: rows.map((r) => ({ from: r.from, to: r.to, label: r.portsText })),
  };
  const summary = `${pods} pods: ${rows.length} allowed (source, destination) pairs over all ports and addresses`;
  if (format === "table") return `${summary}\n\n${renderView("table", table, graph)}`;
  if (format === "markdown") return `${summary}.\n\n${renderView("markdown", table, graph)}`;
  return renderView(format, table, graph);
}
