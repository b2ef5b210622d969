import { DEFAULT_OPERATOR_TAGS } from "./defaults";
import type { Issues } from "./issues";
import { checkPort, checkProtocol, checkTag } from "./rules";
import type { FlowPort } from "./types";

/**
 * Checks several features share: port lists, the tags of a device the operator creates, replica
 * counts. Each adds its problems to `issues` under the path the user wrote.
 */

/** Ports with an optional `endPort` range and protocol (`allow[].ports`, connector access...). */
export function checkPorts(
  issues: Issues,
  path: string,
  ports: FlowPort[] | undefined,
  protocols?: string[],
) {
  (ports ?? []).forEach((p, i) => {
    issues.check(`${path}[${i}].port`, checkPort(p.port));
    if (p.endPort !== undefined) {
      issues.check(`${path}[${i}].endPort`, checkPort(p.endPort));
      if (p.endPort < p.port) {
        issues.add(
          `${path}[${i}].endPort`,
          `${p.endPort} is below port ${p.port}: a range runs from port up to endPort; swap them`,
        );
      }
    }
    if (p.protocol !== undefined)
      issues.check(`${path}[${i}].protocol`, checkProtocol(p.protocol, protocols));
  });
}

/**
 * The tags of a device the operator creates (a ProxyGroup's, a Connector's): valid, at least one,
 * and none of the operator's own (the operator must own them, not be them).
 */
export function checkDeviceTags(
  issues: Issues,
  path: string,
  tags: string[] | undefined,
  operatorTags: string[] | undefined,
) {
  if (tags === undefined) return;
  if (tags.length === 0)
    issues.add(path, "must name at least one tag, or be left out for its own default tag");
  const operator = new Set((operatorTags ?? DEFAULT_OPERATOR_TAGS).map((t) => t.toLowerCase()));
  tags.forEach((t, i) => {
    issues.check(`${path}[${i}]`, checkTag(t));
    if (operator.has(String(t).toLowerCase())) {
      issues.add(
        `${path}[${i}]`,
        `"${t}" is an operator tag; the operator must own this device's tags, not share them: use another tag`,
      );
    }
  });
}

/** A replica count: a whole number, 0 or more (the CRDs' minimum). */
export function checkReplicas(issues: Issues, path: string, value: number | undefined) {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    issues.add(path, `${value} is not a replica count: use a whole number, 0 or more`);
  }
}
