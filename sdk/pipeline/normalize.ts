import type { ZeroTrustSpec } from "../features/args";
import { type NormalizedSpec, normalizeCore } from "../kernel/normalize";
import { FEATURES } from "./registry";

/** Applies every default, the features' included. Call only on a spec that `validateSpec` accepted. */
export function normalizeSpec(spec: ZeroTrustSpec): NormalizedSpec {
  const core = normalizeCore(spec);
  const features: NormalizedSpec["features"] = {};
  for (const feature of FEATURES) features[feature.id] = feature.normalize(spec, core);
  return { ...core, features };
}
