import { parseDataplaneName } from "../kernel/dataplane/profiles";
import { Cni } from "../kernel/dataplane/types";
import type { DataplaneSemantics } from "../reach";
import { CliUsageError } from "./io";

/** `--dataplane NAME` of `reach` and `diff`: the dataplane's semantics, or a usage error listing the known names. */
export function dataplaneOption(name: string): DataplaneSemantics {
  const dataplane = parseDataplaneName(name);
  if (!dataplane)
    throw new CliUsageError(
      `--dataplane "${name}" is not a dataplane: use one of ${Object.values(Cni).join(", ")}, optionally with @VERSION (cilium@1.15) or +nodes (cilium+nodes)`,
    );
  return dataplane;
}
