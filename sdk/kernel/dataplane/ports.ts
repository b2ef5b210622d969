import type { NormalizedSpec, Port } from "../normalize";

/**
 * Ports as the dataplane enforces them: where `endPort` is ignored, a range becomes its single
 * ports (validation caps their number), so that the whole range stays open.
 */
export function enforceablePorts(ports: Port[], spec: NormalizedSpec): Port[] {
  if (spec.dataplane.semantics.endPort) return ports;
  return ports.flatMap((p) =>
    p.port === undefined || p.endPort === undefined
      ? [p]
      : Array.from({ length: p.endPort - p.port + 1 }, (_, i) => ({
          protocol: p.protocol,
          port: p.port! + i,
        })),
  );
}
