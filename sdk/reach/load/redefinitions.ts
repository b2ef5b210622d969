import { ADMIN_KINDS } from "../admin/load";
import type { K8sObject } from "../model/model";

/** Objects of one file, already flattened (`load.ts` `flattenObjects`). */
interface FlatSource {
  readonly source: string;
  readonly objects: readonly K8sObject[];
}

/**
 * Objects defined more than once (same kind, namespace and name). `kubectl apply -R -f <folder>`
 * applies every file in order, so a later definition replaces an earlier one: the answer follows
 * the last, and says so (`note: ... redefines ...`), naming both files.
 */

export interface Redefinition {
  /** `NetworkPolicy shop/backend`. */
  readonly object: string;
  readonly earlier: string;
  readonly later: string;
}

/** `Kind namespace/name`, as `load.ts` names objects (cluster-scoped kinds without a namespace). */
const identityOf = (obj: K8sObject) => {
  const clusterScoped = obj.kind === "Namespace" || ADMIN_KINDS.has(obj.kind ?? "");
  const ns = clusterScoped ? "" : `${obj.metadata?.namespace ?? "default"}/`;
  return `${obj.kind} ${ns}${obj.metadata?.name}`;
};

/** The sources with every redefined object's earlier definitions left out, and what was redefined. */
export function lastDefinitions(flat: readonly FlatSource[]): {
  sources: FlatSource[];
  redefined: Redefinition[];
} {
  const last = new Map<string, { source: string; obj: K8sObject }>();
  const redefined: Redefinition[] = [];
  for (const { source, objects } of flat) {
    for (const obj of objects) {
      if (typeof obj.metadata?.name !== "string") continue;
      const id = identityOf(obj);
      const earlier = last.get(id);
      if (earlier) redefined.push({ object: id, earlier: earlier.source, later: source });
      last.set(id, { source, obj });
    }
  }
  if (redefined.length === 0) return { sources: [...flat], redefined };
  const kept = new Set([...last.values()].map((v) => v.obj));
  return {
    sources: flat.map(({ source, objects }) => ({
      source,
      objects: objects.filter((o) => kept.has(o) || typeof o.metadata?.name !== "string"),
    })),
    redefined,
  };
}

/** `note: b.yaml redefines NetworkPolicy shop/backend from a.yaml: ...`. */
export const redefinitionNote = (r: Redefinition) =>
  `note: ${r.later} redefines ${r.object} from ${r.earlier}: the later definition is used, as kubectl apply -R applies files in order`;
