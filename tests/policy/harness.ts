import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { policies } from "../../sdk/policy";

/**
 * Runs policies as the policy engine does (@pulumi/policy 1.21 server.js): props behind the
 * unknown-checking proxy, config without `enforcementLevel`, violations collected from
 * `reportViolation`, an UnknownValueError turned into an advisory "can't run ... during preview".
 * No Pulumi CLI needed.
 */

/** A value unknown at preview, as the engine deserializes it. */
export const UNKNOWN: string = require("@pulumi/policy/proxy").unknownStringValue;

export interface Outcome {
  violations: { message: string; urn?: string }[];
  /** Advisories the engine would print for an UnknownValueError, with its message. */
  advisories: string[];
}

export function policy(name: string): ResourceValidationPolicy & StackValidationPolicy {
  const p = policies.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p as any;
}

/** The type token of a Kubernetes object: `kubernetes:networking.k8s.io/v1:NetworkPolicy`. */
export function typeOf(object: { apiVersion?: string; kind?: string }, patch = false): string {
  const [group, version] = (object.apiVersion ?? "v1").includes("/")
    ? object.apiVersion!.split("/")
    : ["core", object.apiVersion ?? "v1"];
  return `kubernetes:${group}/${version}:${object.kind}${patch ? "Patch" : ""}`;
}

const options = () => ({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
});

async function capture(run: (report: (m: string, urn?: string) => void) => unknown): Promise<Outcome> {
  const out: Outcome = { violations: [], advisories: [] };
  try {
    await run((message, urn) => out.violations.push({ message, urn }));
  } catch (err) {
    if (!(err instanceof UnknownValueError)) throw err;
    out.advisories.push(`can't run policy during preview: ${(err as Error).message}`);
  }
  return out;
}

/** Validates one resource (Kubernetes object, or `type` + props) with a resource policy. */
export async function runResource(
  name: string,
  input: { type?: string; props: Record<string, any>; name?: string },
  config: Record<string, unknown> = {},
): Promise<Outcome> {
  const p = policy(name);
  const type = input.type ?? typeOf(input.props);
  const props = unknownCheckingProxy(JSON.parse(JSON.stringify(input.props)));
  const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
  return capture(async (report) => {
    for (const v of validations) {
      await v(
        {
          type,
          props,
          urn: `urn:pulumi:dev::test::${type}::${input.name ?? "r"}`,
          name: input.name ?? "r",
          opts: options(),
          stackTags: new Map(),
          isType: () => false,
          asType: () => undefined,
          getConfig: <T>() => config as T,
          notApplicable: () => {
            throw new Error("notApplicable");
          },
        },
        report,
      );
    }
  });
}

/** One stack resource; `dependsOn` names resources whose URN `metadata` depends on. */
export interface StackInput {
  name: string;
  props: Record<string, any>;
  type?: string;
  metadataFrom?: string;
}

export const urnOf = (r: StackInput) => `urn:pulumi:dev::test::${r.type ?? typeOf(r.props)}::${r.name}`;

/** Validates a stack of resources with a stack policy. */
export async function runStack(
  name: string,
  inputs: StackInput[],
  config: Record<string, unknown> = {},
): Promise<Outcome> {
  const p = policy(name);
  const resources: PolicyResource[] = inputs.map((r) => ({
    type: r.type ?? typeOf(r.props),
    props: unknownCheckingProxy(JSON.parse(JSON.stringify(r.props))),
    urn: urnOf(r),
    name: r.name,
    opts: options(),
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  inputs.forEach((r, i) => {
    const from = r.metadataFrom && resources[inputs.findIndex((x) => x.name === r.metadataFrom)];
    if (from) {
      resources[i].propertyDependencies.metadata = [from];
      resources[i].dependencies.push(from);
    }
  });
  return capture((report) =>
    p.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T>() => config as T,
        notApplicable: () => {
          throw new Error("notApplicable");
        },
      },
      report,
    ),
  );
}

/** Kubernetes objects as stack inputs, named by kind and name. */
export const asStack = (objects: Record<string, any>[]): StackInput[] =>
  objects.map((o) => ({ name: `${o.kind}-${o.metadata?.namespace ?? ""}-${o.metadata?.name}`, props: o }));
