import * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import { fleetFromExports, linkLines, parseClusterExport } from "../fleet/prove";
import { TAILNET_ACL_SUFFIX } from "../pipeline/plan";
import type { FleetTailnetStackArgs } from "./fleetArgs";
import { refuseWithoutTailscale } from "./zeroTrustCluster";

/**
 * The tailnet side of a fleet split across stacks (one stack per cluster, each exporting its
 * ZeroTrustCluster's `fleetExport`): takes those exports through stack references, refuses device
 * names and tags two clusters claim, merges every fragment into the base policy once, proves every
 * link between the clusters (an egress whose target is a device another cluster exposes) at its
 * four points, and applies the policy with one `tailscale.Acl` when `tailnet.manage` is set.
 *
 * The exports are outputs of other stacks, so the proof runs once their values are known (at
 * preview with the other stacks deployed); a link that does not hold fails the preview.
 */
export class FleetTailnet extends pulumi.ComponentResource {
  /** One line per link path, each proven at its four points. */
  public readonly links: pulumi.Output<string[]>;
  /** The fleet's tailnet policy as JSON. */
  public readonly tailnetPolicy: pulumi.Output<string>;

  constructor(name: string, args: FleetTailnetStackArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const tailnet = args.tailnet ?? {};
    if (tailnet.manage && tailnet.basePolicy === undefined) {
      const reason = "needs tailnet.basePolicy: the Acl owns the WHOLE policy file";
      throw new pulumi.InputPropertiesError({
        message: `tailnet.manage: ${reason}`,
        errors: [{ propertyPath: "tailnet.manage", reason }],
      });
    }
    refuseWithoutTailscale(tailnet.manage ? ["tailnet.manage"] : [], opts);
    super("tailnet-zerotrust:index:FleetTailnet", name, {}, opts);
    const keys = Object.keys(args.exports ?? {}).sort();
    const fleet = pulumi.all(keys.map((k) => pulumi.output(args.exports[k]))).apply((texts) =>
      fleetFromExports(
        texts.map((t, i) => parseClusterExport(t, keys[i])),
        tailnet,
      ),
    );
    this.links = fleet.apply((f) => linkLines(f.links));
    this.tailnetPolicy = fleet.apply((f) => f.tailnet.text);
    if (tailnet.manage) {
      new tailscale.Acl(
        `${name}-${TAILNET_ACL_SUFFIX}`,
        { acl: this.tailnetPolicy, overwriteExistingContent: true },
        { parent: this },
      );
    }
    this.registerOutputs({ links: this.links, tailnetPolicy: this.tailnetPolicy });
  }
}
