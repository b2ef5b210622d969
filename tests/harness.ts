/**
 * The one place that installs Pulumi mocks: several spec files calling setMocks would overwrite
 * each other in one mocha process. Every component test constructs through `construct`, which
 * records each child's inputs, parent and explicit dependsOn.
 */
import * as pulumi from "@pulumi/pulumi";
import "./env";

export interface CreatedResource {
  type: string;
  name: string;
  inputs: any;
  custom: boolean;
  /** The provider reference (`<provider urn>::<id>`) the resource was registered with, if any. */
  provider?: string;
  /** The logical name of the parent, from the transformation that saw the options. */
  parent?: string;
  /** Logical names of the explicit dependsOn. */
  dependsOn: string[];
  /** The ignoreChanges resource option, when set. */
  ignoreChanges?: string[];
}

const created: CreatedResource[] = [];
const options = new Map<string, { parent?: string; dependsOn: string[]; ignoreChanges?: string[] }>();

pulumi.runtime.setMocks(
  {
    newResource: (a) => {
      const seen = options.get(`${a.type}::${a.name}`);
      created.push({
        type: a.type,
        name: a.name,
        inputs: a.inputs,
        custom: a.custom ?? true,
        provider: a.provider,
        parent: seen?.parent,
        dependsOn: seen?.dependsOn ?? [],
        ...(seen?.ignoreChanges ? { ignoreChanges: seen.ignoreChanges } : {}),
      });
      // The OAuth client's secret is an output the API returns; give the mock one to carry.
      const state =
        a.type === "tailscale:index/oauthClient:OauthClient"
          ? { ...a.inputs, key: "created-client-secret" }
          : a.inputs;
      return { id: a.custom ? `${a.name}-id` : undefined, state };
    },
    call: (a) => a.inputs,
  },
  "project",
  "stack",
  false,
);

const nameOf = (r: unknown) => (r as { __name?: string }).__name ?? "?";

/** Records parent and dependsOn, which MockResourceArgs does not carry (pulumi/pulumi#14421). */
export const recordOptions: pulumi.ResourceTransformation = (a) => {
  const deps = a.opts.dependsOn;
  const list = Array.isArray(deps) ? deps : deps ? [deps] : [];
  options.set(`${a.type}::${a.name}`, {
    parent: a.opts.parent ? nameOf(a.opts.parent) : undefined,
    dependsOn: (list as unknown[]).map(nameOf),
    ...(a.opts.ignoreChanges ? { ignoreChanges: a.opts.ignoreChanges } : {}),
  });
  return undefined;
};

/** Waits until every registration and output has been processed by the mocks. */
export async function settle(): Promise<void> {
  await (pulumi.runtime as any).waitForRPCs();
}

/** Forgets what earlier tests created. */
export function reset(): void {
  created.length = 0;
  options.clear();
}

/** Constructs with option recording and waits for every child; returns what was created. */
export async function construct<T>(make: (opts: pulumi.ComponentResourceOptions) => T) {
  reset();
  const component = make({ transformations: [recordOptions] });
  await settle();
  return { component, created: [...created] };
}

/** Resolves an output's value. */
export const outputValue = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

/** Whether an input value is a mock-serialised secret. */
export const isSecretInput = (v: any) =>
  v?.["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";

/** Unwraps a mock-serialised secret input. */
export const unsecret = (v: any) => (isSecretInput(v) ? v.value : v);

export { created };
