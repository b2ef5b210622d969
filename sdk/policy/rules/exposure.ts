import { TAILSCALE_CLASS } from "../../kernel/defaults";
import { type ResourceRule, violationUnlessAllowed } from "../rule";
import type { Subject } from "../subject";
import { at, isUnknown, type Unknown } from "../unknown";

/** The public-exposure rules: Services, Ingresses and Funnel, where the tailnet is the only way in. */

export const FUNNEL_ANNOTATION = "tailscale.com/funnel";
const LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

export interface PublicServiceConfig {
  /** `loadBalancerClass` values whose load balancers are not public. */
  allowedLoadBalancerClasses: string[];
  /** Services allowed anyway, `namespace/name` or `namespace/*`. */
  allow: string[];
}

export const noPublicService: ResourceRule<PublicServiceConfig> = {
  name: "no-public-service",
  kinds: ["Service"],
  check(s, config, report) {
    const allow = (message: string) => violationUnlessAllowed(config.allow, s, report, message);
    const hint = `or add "${keyHint(s)}" to the allow list of no-public-service`;
    const type = at(s.object, "spec", "type");
    if (isUnknown(type)) {
      report.unchecked(`${s.ref}: spec.type is unknown until the update`, s);
    } else if (type === "NodePort") {
      allow(
        `${s.ref} is of type NodePort: every node opens its ports to whatever reaches the nodes. Fix: use type ClusterIP and expose it over the tailnet (annotation tailscale.com/expose: "true" or loadBalancerClass: tailscale), ${hint}.`,
      );
    } else if (type === "LoadBalancer") {
      const cls = at(s.object, "spec", "loadBalancerClass");
      if (isUnknown(cls)) {
        report.unchecked(`${s.ref}: spec.loadBalancerClass is unknown until the update`, s);
      } else if (typeof cls !== "string" || !config.allowedLoadBalancerClasses.includes(cls)) {
        const what = typeof cls === "string" ? `loadBalancerClass "${cls}"` : "no loadBalancerClass";
        allow(
          `${s.ref} is of type LoadBalancer with ${what}: the cloud's load balancer gives it a public address. Fix: set spec.loadBalancerClass: ${TAILSCALE_CLASS} so that it is reachable only over the tailnet, ${hint}.`,
        );
      }
    }
    const externalIps = at(s.object, "spec", "externalIPs");
    if (isUnknown(externalIps)) report.unchecked(`${s.ref}: spec.externalIPs is unknown until the update`, s);
    else if (Array.isArray(externalIps) && externalIps.length > 0)
      allow(
        `${s.ref} sets spec.externalIPs (${externalIps.length} address${externalIps.length > 1 ? "es" : ""}): every node answers on them. Fix: remove spec.externalIPs and expose the Service over the tailnet, ${hint}.`,
      );
  },
};

export interface PublicIngressConfig {
  /** IngressClasses that are not public. */
  ingressClasses: string[];
  /** Ingresses allowed anyway, `namespace/name` or `namespace/*`. */
  allow: string[];
}

export const noPublicIngress: ResourceRule<PublicIngressConfig> = {
  name: "no-public-ingress",
  kinds: ["Ingress"],
  check(s, config, report) {
    const cls = ingressClassOf(s);
    if (isUnknown(cls)) {
      report.unchecked(`${s.ref}: its IngressClass (${cls.path}) is unknown until the update`, s);
      return;
    }
    if (s.patch && cls === undefined) return; // a patch that leaves the class alone
    if (cls !== undefined && config.ingressClasses.includes(cls)) return;
    const what =
      cls === undefined
        ? "no ingressClassName, so the cluster's default IngressClass (often a public controller) serves it"
        : `IngressClass "${cls}", which is not one of ${config.ingressClasses.map((c) => `"${c}"`).join(", ")}`;
    violationUnlessAllowed(
      config.allow,
      s,
      report,
      `${s.ref} has ${what}. Fix: set spec.ingressClassName: ${TAILSCALE_CLASS} to serve it only on the tailnet, list an internal class in the ingressClasses of no-public-ingress, or add "${keyHint(s)}" to its allow list.`,
    );
  },
};

function ingressClassOf(s: Subject): string | undefined | Unknown {
  const spec = at(s.object, "spec", "ingressClassName");
  if (isUnknown(spec) || typeof spec === "string") return spec;
  const annotations = at(s.object, "metadata", "annotations");
  if (isUnknown(annotations)) return annotations;
  const legacy = at(annotations, LEGACY_CLASS_ANNOTATION);
  return isUnknown(legacy) || typeof legacy === "string" ? legacy : undefined;
}

export interface FunnelConfig {
  /** Ingresses and Services allowed to use Funnel, `namespace/name` or `namespace/*`. */
  allow: string[];
}

/** Whether a subject turns Funnel on; an Unknown when its annotations are not known yet. */
export function funnelOn(s: Subject): boolean | Unknown {
  const annotations = at(s.object, "metadata", "annotations");
  if (isUnknown(annotations)) return annotations;
  const v = at(annotations, FUNNEL_ANNOTATION);
  if (isUnknown(v)) return v;
  return typeof v === "string" ? v.toLowerCase() === "true" : v === true;
}

export const noFunnel: ResourceRule<FunnelConfig> = {
  name: "no-funnel",
  kinds: ["Ingress", "Service"],
  check(s, config, report) {
    const on = funnelOn(s);
    if (isUnknown(on)) {
      report.unchecked(`${s.ref}: its annotations (${on.path}) are unknown until the update`, s);
      return;
    }
    if (!on) return;
    violationUnlessAllowed(
      config.allow,
      s,
      report,
      `${s.ref} has the annotation ${FUNNEL_ANNOTATION}: "true": Tailscale Funnel publishes it on the internet, beyond the tailnet. Fix: remove the annotation (the remediate level does that), or add "${keyHint(s)}" to the allow list of no-funnel.`,
    );
  },
};

/** `namespace/name` for a fix hint, with placeholders where unknown. */
function keyHint(s: Subject): string {
  return s.ref.slice(s.kind.length + 1).replace(/ \(auto-named\)$/, "");
}

/** The remediation of no-funnel: the same object without the Funnel annotation. */
export function withoutFunnel(object: Record<string, any>): Record<string, any> {
  const annotations = { ...(object.metadata?.annotations ?? {}) };
  delete annotations[FUNNEL_ANNOTATION];
  return { ...object, metadata: { ...object.metadata, annotations } };
}
