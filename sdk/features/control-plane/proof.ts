import type { NormalizedSpec } from "../../kernel/normalize";
import { onPort, pathText, type TailnetFlow, tailnetPath } from "../../kernel/proof";
import { proxyGroupPodLabels } from "../../kernel/proxies";
import { formatIp, parseCidr } from "../../reach/model/cidr";
import { identityForSource } from "../../tailnet/identity";
import { kubernetesAccess } from "../../tailnet/kubernetes-cap";
import type { ProofContext, ProofEndpoint } from "../feature";
import type { NormalizedControlPlane } from "./normalize";
import { recorderPodLabels } from "./resources";
import { API_PORT, RECORDER_PORT } from "./tailnet";
import { ApiServerProxyMode } from "./types";

/** Labels of the operator's own pod (chart templates/deployment.yaml), which serves the in-process proxy. */
const OPERATOR_POD_LABELS = { app: "operator" };
/** A documentation address (RFC 5737) standing for S3 on the internet. */
const INTERNET_SAMPLE = "203.0.113.7";

export const servingPodLabels = (cp: NormalizedControlPlane) =>
  cp.proxyGroup ? proxyGroupPodLabels(cp.proxyGroup.name) : OPERATOR_POD_LABELS;

/** An address of the API server's endpoints: the CIDR's own address when it is one, else the first host. */
function apiServerSample(spec: NormalizedSpec): string {
  const cidr = parseCidr(spec.operator.apiServerCidrs[0])!;
  return formatIp({ family: cidr.family, value: cidr.first === cidr.last ? cidr.first : cidr.first + 1n });
}

/**
 * The control plane's paths, each judged by both engines: every declared source reaches the proxy
 * on tcp:443 and holds the capability for the groups its entry names (grants evaluator), and the
 * pod serving the proxy reaches the API server's endpoints, and cluster DNS under `isolate`
 * (NetworkPolicy engine). With a recorder: the proxy reaches it over the tailnet, and the recorder
 * its S3 storage.
 */
export function controlPlanePaths(cp: NormalizedControlPlane, ctx: ProofContext): TailnetFlow[] {
  const spec = ctx.plan.spec;
  const serving: ProofEndpoint = { namespace: spec.operator.namespace, podLabels: servingPodLabels(cp) };
  const proxy = { kind: "tagged" as const, tags: cp.deviceTags };
  const api = apiServerSample(spec);
  const dns = spec.operator.isolate
    ? ctx.cluster(serving, { namespace: spec.dns.namespace, podLabels: spec.dns.podLabels }, 53, "UDP")
    : { allowed: true, reason: "" };
  const paths: TailnetFlow[] = [];
  const seen = new Set<string>();
  cp.access.forEach((entry, i) =>
    entry.sources.forEach((source, j) => {
      const src = identityForSource(source);
      const tailnet = ctx.tailnet({ src, dst: proxy, port: API_PORT, proto: "tcp" });
      const held = kubernetesAccess(ctx, src, proxy).groups;
      const missing =
        cp.mode === ApiServerProxyMode.Auth ? entry.groups.filter((g) => !held.includes(g)) : [];
      for (const port of spec.operator.apiServerPorts) {
        const hops = [
          { at: source },
          { at: cp.hostname, ports: onPort("TCP", API_PORT) },
          { at: `API server ${api}`, ports: onPort("TCP", port) },
        ];
        const text = pathText(hops);
        if (seen.has(`${text} ${missing}`)) continue;
        seen.add(`${text} ${missing}`);
        const cluster = ctx.cluster(serving, { ip: api }, port, "TCP");
        const path = `apiServerProxy.access[${i}].sources[${j}]`;
        paths.push(
          tailnetPath(path, source, hops, [
            tailnet.allowed ? "" : `the tailnet policy refuses it: ${tailnet.explanation}`,
            missing.length ? `no grant makes it act as ${missing.join(", ")} at ${cp.hostname}` : "",
            cluster.allowed ? "" : `the cluster refuses the proxy the API server: ${cluster.reason}`,
            dns.allowed ? "" : `the cluster refuses the proxy DNS: ${dns.reason}`,
          ]),
        );
      }
    }),
  );
  const rec = cp.recorder;
  if (rec) {
    const tailnet = ctx.tailnet({
      src: proxy,
      dst: { kind: "tagged", tags: rec.tags },
      port: RECORDER_PORT,
      proto: "tcp",
    });
    const recorder: ProofEndpoint = {
      namespace: spec.operator.namespace,
      podLabels: recorderPodLabels(rec.name),
    };
    const storage = rec.s3
      ? ctx.cluster(recorder, { ip: INTERNET_SAMPLE }, 443, "TCP")
      : { allowed: true, reason: "" };
    const hops = [
      { at: cp.hostname },
      { at: rec.name, ports: onPort("TCP", RECORDER_PORT) },
      rec.s3 ? { at: `s3 ${rec.s3.endpoint}`, ports: onPort("TCP", 443) } : { at: "local volume" },
    ];
    paths.push(
      tailnetPath("apiServerProxy.recorder", cp.hostname, hops, [
        tailnet.allowed ? "" : `the tailnet policy refuses it: ${tailnet.explanation}`,
        storage.allowed ? "" : `the cluster refuses the recorder its storage: ${storage.reason}`,
      ]),
    );
  }
  return paths;
}
