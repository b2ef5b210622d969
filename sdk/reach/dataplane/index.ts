/** Dataplane semantics: where a CNI departs from upstream NetworkPolicy (node addresses, entities, endPort). */
export { type DataplaneSemantics, ipBlockMatchesNode, UPSTREAM } from "../model";
