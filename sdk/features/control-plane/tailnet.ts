import { KUBERNETES_CAPABILITY, type KubernetesCapRule } from "../../tailnet/kubernetes-cap";
import type { TailnetGrant, TailnetPolicy, TailnetPolicyTest } from "../../tailnet/policy";
import type { ControlPlaneContext, NormalizedControlPlane } from "./normalize";
import { ApiServerProxyMode } from "./types";

/**
 * The tailnet side of the API server proxy:
 * - one grant per access entry, from its sources to the proxy's tags on tcp:443 (the only port the
 *   proxy serves), carrying the `tailscale.com/cap/kubernetes` rule: the entry's groups, and the
 *   recorder when sessions are recorded. In noauth mode the rule carries only the recorder;
 * - the proxy reaching the recorder on tcp:80 (tsrecorder's HTTP listener on its tailnet address);
 * - tagOwners: the operator owns the ProxyGroup's and the recorder's tags;
 * - a ProxyGroup's devices may advertise `svc:<hostname>` (`autoApprovers.services`);
 * - tests: each concrete source reaches the proxy on 443; a default-tagged proxy device (a
 *   stranger to the control plane) does not, unless a source could be it.
 */

export const API_PORT = 443;
export const RECORDER_PORT = 80;

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/** Sources a test can name: one concrete user, a group or a tag. */
const testable = (s: string) => s.startsWith("group:") || s.startsWith("tag:") || /^[^:]+@[^:]+$/.test(s);

/** The capability rule an access entry's callers get at the proxy, or none when it would say nothing. */
function capRule(cp: NormalizedControlPlane, groups: string[]): KubernetesCapRule | undefined {
  const rule: KubernetesCapRule = {};
  if (cp.mode === ApiServerProxyMode.Auth && groups.length > 0)
    rule.impersonate = { groups: sortedUnique(groups) };
  if (cp.recorder) {
    rule.recorder = [...cp.recorder.tags];
    if (cp.recorder.enforce) rule.enforceRecorder = true;
    if (cp.recorder.recordEvents) rule.enableEvents = true;
  }
  return Object.keys(rule).length > 0 ? rule : undefined;
}

export function controlPlaneFragment(cp: NormalizedControlPlane, ctx: ControlPlaneContext): TailnetPolicy {
  const dst = sortedUnique(cp.deviceTags);
  const grants: TailnetGrant[] = cp.access.map((entry) => {
    const rule = capRule(cp, entry.groups);
    return {
      src: sortedUnique(entry.sources),
      dst,
      ip: [`tcp:${API_PORT}`],
      ...(rule ? { app: { [KUBERNETES_CAPABILITY]: [rule] } } : {}),
    };
  });
  const owners = sortedUnique(ctx.operatorTags);
  const tagOwners: Record<string, string[]> = {};
  for (const t of sortedUnique([...(cp.proxyGroup?.tags ?? []), ...(cp.recorder?.tags ?? [])]))
    tagOwners[t] = owners;
  if (cp.recorder)
    grants.push({ src: dst, dst: sortedUnique(cp.recorder.tags), ip: [`tcp:${RECORDER_PORT}`] });

  const tests: TailnetPolicyTest[] = sortedUnique(cp.access.flatMap((a) => a.sources))
    .filter(testable)
    .map((src) => ({ src, proto: "tcp", accept: [`${dst[0]}:${API_PORT}`] }));
  const sources = new Set(cp.access.flatMap((a) => a.sources.map((s) => s.toLowerCase())));
  const stranger = ctx.proxyTags.find((t) => !dst.includes(t));
  if (stranger && !sources.has(stranger.toLowerCase()) && !sources.has("autogroup:tagged"))
    tests.push({ src: stranger, proto: "tcp", deny: [`${dst[0]}:${API_PORT}`] });
  if (cp.recorder)
    tests.push({ src: dst[0], proto: "tcp", accept: [`${cp.recorder.tags[0]}:${RECORDER_PORT}`] });

  const fragment: TailnetPolicy = { tagOwners };
  if (grants.length > 0) fragment.grants = grants;
  if (cp.proxyGroup)
    fragment.autoApprovers = { services: { [`svc:${cp.hostname}`]: sortedUnique(cp.proxyGroup.tags) } };
  if (tests.length > 0) fragment.tests = tests;
  return fragment;
}
