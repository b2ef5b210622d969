import * as path from "node:path";
import type * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import {
  bootPlugin,
  constructRequest,
  MockEngine,
  type Plugin,
  type Registration,
  unary,
} from "./mockEngine";

/**
 * One plugin for every test that consumes the package as the engine does for Python, Go and YAML.
 * Booting it type-checks the whole package (several seconds), so it boots once per mocha run, on
 * first use, and stops after the run. A new scenario is one `construct(inputs)` call in any test
 * under tests/package/: it gets what the engine recorded for that Construct alone.
 */

export const TYPE = "tailnet-zerotrust:index:ZeroTrustCluster";
const ROOT = path.join(__dirname, "..", "..");

/** The mock engine and the plugin booted against it. */
export interface Shared {
  engine: MockEngine;
  plugin: Plugin;
}

let booting: Promise<Shared> | undefined;

/** The shared engine and plugin, booted on the first call. */
export function sharedPlugin(): Promise<Shared> {
  booting ??= (async () => {
    const t0 = Date.now();
    const engine = new MockEngine();
    await engine.start();
    try {
      const plugin = await bootPlugin(ROOT, engine.address);
      console.log(`      (plugin listening after ${Date.now() - t0} ms; shared by every plugin test)`);
      return { engine, plugin };
    } catch (err) {
      engine.stop();
      throw err;
    }
  })();
  return booting;
}

// Registered at the root when the first test file imports this module: the run ends with the
// plugin stopped, whichever files used it.
after(async () => {
  const shared = await booting?.catch(() => undefined);
  await shared?.plugin.stop();
  shared?.engine.stop();
});

/** What the engine recorded for one Construct. */
export interface Constructed {
  response: providerproto.ConstructResponse;
  /** The component's own registration. */
  component: Registration | undefined;
  /** Everything else registered during the Construct. */
  children: Registration[];
  /** The outputs the Construct returned, as plain JSON. */
  state: { [key: string]: any };
  /** The component's outputs as it registered them with the engine. */
  outputs: { [key: string]: any } | undefined;
  logs: MockEngine["logs"];
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Constructs `name` from wire inputs (what a Python/YAML program sends: plain JSON, secrets as
 * `secretOutput`) on the shared plugin. Constructs run one at a time so each sees only its own
 * registrations; a rejected Construct rejects with the gRPC error, and `engine.registrations` then
 * holds what it registered before failing.
 */
export function construct(
  inputs: { [key: string]: any },
  name = "homelab",
  type = TYPE,
): Promise<Constructed> {
  const run = async (): Promise<Constructed> => {
    const { engine, plugin } = await sharedPlugin();
    engine.reset();
    const response = await unary<providerproto.ConstructResponse>(
      plugin.client,
      "construct",
      constructRequest(type, name, inputs, engine.address),
    );
    const urn = response.getUrn();
    return {
      response,
      component: engine.registrations.find((r) => r.urn === urn),
      children: engine.registrations.filter((r) => r.urn !== urn),
      state: (response.getState()?.toJavaScript() ?? {}) as { [key: string]: any },
      outputs: engine.outputs.get(urn),
      logs: [...engine.logs],
    };
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
