import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { CHART_REPO } from "../kernel/defaults";
import type { Plan, PlannedResource } from "../pipeline/plan";
import { mergeFragment, type TailnetPlan } from "../pipeline/tailnet";
import { fragmentWithNotice } from "../tailnet/fragment-notice";
import { issueLine } from "../tailnet/issues";
import { SECRET_PLACEHOLDER } from "./args";
import { CliUsageError } from "./io";

/**
 * A plan as the files people apply: the Kubernetes objects as YAML (`plan -o yaml`) and the
 * tailnet policy (`plan -o tailnet`), for one cluster (plan.ts) and for each cluster of a fleet
 * (fleet.ts), so it sits below both commands.
 */

/** The Helm release has no manifest of its own: show the equivalent helm command instead. */
function helmComment(r: Extract<PlannedResource, { kind: "HelmRelease" }>): string {
  const o = r.object;
  return [
    `# Helm release ${o.name} (installed by the component; not a Kubernetes object):`,
    `#   helm upgrade --install ${o.name} ${o.chart} --repo ${CHART_REPO} --version ${o.version} \\`,
    `#     --namespace ${o.namespace} --values values.yaml   # values.yaml:`,
    ...stringify(o.values)
      .trimEnd()
      .split("\n")
      .map((l) => `#       ${l}`),
  ].join("\n");
}

/** The Kubernetes objects as kubectl-apply-able YAML, in creation order. */
export function planYaml(plan: Plan): string {
  const docs = plan.resources.map((r) => {
    if (r.kind === "HelmRelease") return `${helmComment(r)}\n`;
    if (r.kind === "TailnetAcl")
      return "# Tailscale Acl (tailnet.manage): the policy printed by `plan -o tailnet`.\n";
    if (r.kind === "OAuthClient") {
      return `# Tailscale OAuth client for the operator (tailnet.createOAuthClient): scopes ${r.object.scopes.join(",")}, tags ${r.object.tags.join(",")}.\n`;
    }
    const note =
      r.kind === "Secret"
        ? "# The component fills this Secret from Pulumi config secrets; replace the placeholders to apply by hand.\n"
        : r.kind === "NamespacePatch" || r.kind === "ServicePatch"
          ? `# Server-side-apply patch of an existing ${r.object.kind}: only these fields are owned.\n`
          : "";
    const object =
      r.kind === "Secret"
        ? {
            ...r.object,
            stringData: Object.fromEntries(
              Object.keys(r.object.stringData).map((k) => [k, SECRET_PLACEHOLDER]),
            ),
          }
        : r.object;
    return `${note}${stringify(object)}`;
  });
  return docs.map((d) => `---\n${d}`).join("");
}

/**
 * `-o tailnet`: the whole policy when there is a base (`--base FILE`, else `tailnet.basePolicy`),
 * else the fragment under a header that says it is one.
 */
export function tailnetText(
  tailnet: TailnetPlan,
  baseFile: string | undefined,
  includeTests: boolean,
  cwd: string,
): string {
  if (baseFile === undefined)
    return tailnet.complete ? tailnet.text : fragmentWithNotice(tailnet.fragment, tailnet.text);
  let base: string;
  try {
    base = fs.readFileSync(path.resolve(cwd, baseFile), "utf8");
  } catch (err) {
    throw new CliUsageError(`--base ${baseFile}: cannot read: ${(err as Error).message}`);
  }
  // Paths inside the file itself (`grants[1].ip[0]`): the file is named once, in front.
  const merged = mergeFragment(tailnet.fragment, { basePolicy: base, includeTests }, { base: "" });
  if (!merged.plan)
    throw new CliUsageError(
      `--base ${baseFile}: ${merged.issues.map((i) => issueLine(i).replace(/basePolicy/g, baseFile)).join("\n")}`,
    );
  return merged.plan.text;
}
