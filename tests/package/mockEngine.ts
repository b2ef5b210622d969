/**
 * A small stand-in for the Pulumi engine, so a test can consume the package the way a Python, Go or
 * YAML program does: the engine boots the package as a plugin (`run-plugin`, ts-node type-checking
 * on), calls it over gRPC, and the plugin registers the component's children back with the engine's
 * ResourceMonitor. Pulumi's in-process mocks skip all of that (the plugin boot, the export discovery,
 * the wire format of inputs, parents), which is exactly what breaks multi-language consumers.
 *
 * gRPC comes from `@pulumi/pulumi`'s own dependencies: the generated stubs under
 * `@pulumi/pulumi/proto/` check messages with `instanceof`, so a second copy would not interoperate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as errorsproto from "@pulumi/pulumi/proto/errors_pb";
import * as providerrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import * as resourcerpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceproto from "@pulumi/pulumi/proto/resource_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { specialOutputValueSig, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** The very copy of grpc-js that the generated stubs use. */
export const grpc: typeof grpcTypes = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));

export const PROJECT = "project";
export const STACK = "stack";
/** The URN the engine gives a program's root stack resource. */
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

/** One RegisterResource the plugin sent, with its properties decoded to plain JSON. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  parent: string;
  custom: boolean;
  dependencies: string[];
  object: { [key: string]: any };
}

/** Features the real 3.248 engine answers "yes" to and this mock can honour without callbacks. */
const FEATURES = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"]);

/** A value as the engine sends a Python/Go/YAML `Output` that is secret (§8 "How inputs arrive"). */
export function secretOutput(value: unknown) {
  return { [specialSigKey]: specialOutputValueSig, value, secret: true };
}

/** Whether a registered property arrived marked secret (either wire form of a secret). */
export function isSecretValue(v: any): boolean {
  const sig = v?.[specialSigKey];
  return sig === specialSecretSig || (sig === specialOutputValueSig && v.secret === true);
}

/**
 * The Engine (logging, root resource) and ResourceMonitor services on one local port. Every
 * registration and log line is recorded for the test to inspect; Invoke, Call and the rest are left
 * UNIMPLEMENTED, so a package that starts needing them fails loudly instead of silently.
 */
export class MockEngine {
  readonly registrations: Registration[] = [];
  readonly outputs = new Map<string, { [key: string]: any }>();
  readonly logs: { severity: number; message: string; urn: string }[] = [];
  address = "";
  private readonly server = new grpc.Server();
  private readonly types = new Map<string, string>([[STACK_URN, "pulumi:pulumi:Stack"]]);

  /** Binds to an ephemeral port on 127.0.0.1 and returns the address (`127.0.0.1:<port>`). */
  async start(): Promise<string> {
    this.server.addService(enginerpc.EngineService, {
      log: (call: any, cb: any) => {
        const r: engineproto.LogRequest = call.request;
        this.logs.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn() });
        cb(null, new emptyproto.Empty());
      },
      getRootResource: (_call: any, cb: any) =>
        cb(null, new engineproto.GetRootResourceResponse().setUrn(STACK_URN)),
      setRootResource: (_call: any, cb: any) => cb(null, new engineproto.SetRootResourceResponse()),
    });
    this.server.addService(resourcerpc.ResourceMonitorService, {
      supportsFeature: (call: any, cb: any) => {
        const id = (call.request as resourceproto.SupportsFeatureRequest).getId();
        cb(null, new resourceproto.SupportsFeatureResponse().setHassupport(FEATURES.has(id)));
      },
      registerResource: (call: any, cb: any) => cb(null, this.register(call.request)),
      registerResourceOutputs: (call: any, cb: any) => {
        const r: resourceproto.RegisterResourceOutputsRequest = call.request;
        this.outputs.set(r.getUrn(), r.getOutputs()?.toJavaScript() ?? {});
        cb(null, new emptyproto.Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.address = `127.0.0.1:${port}`;
    return this.address;
  }

  /** Records a registration and answers like the engine: a URN built from the parent's type chain. */
  private register(r: resourceproto.RegisterResourceRequest): resourceproto.RegisterResourceResponse {
    const parent = r.getParent();
    const parentType = this.types.get(parent);
    const qualified =
      parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${r.getType()}` : r.getType();
    const urn = `urn:pulumi:${STACK}::${PROJECT}::${qualified}::${r.getName()}`;
    this.types.set(urn, qualified);
    const object = r.getObject()?.toJavaScript() ?? {};
    this.registrations.push({
      type: r.getType(),
      name: r.getName(),
      urn,
      parent,
      custom: r.getCustom(),
      dependencies: r.getDependenciesList(),
      object: object as { [key: string]: any },
    });
    const resp = new resourceproto.RegisterResourceResponse().setUrn(urn);
    if (r.getCustom()) resp.setId(`${r.getName()}-id`);
    // Echo the inputs as outputs, as a preview of a fresh resource would.
    return resp.setObject(Struct.fromJavaScript(object as any));
  }

  /** Forgets what earlier constructs registered. */
  reset(): void {
    this.registrations.length = 0;
    this.outputs.clear();
    this.logs.length = 0;
  }

  /** Stops serving, dropping open connections. */
  stop(): void {
    this.server.forceShutdown();
  }
}

/** A booted plugin process and a client for its ResourceProvider service. */
export interface Plugin {
  port: number;
  client: providerrpc.ResourceProviderClient;
  process: ChildProcess;
  /** Everything the plugin printed to stderr so far (its diagnostics on a failed boot). */
  stderr(): string;
  /** Closes the client and kills the process; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Boots `dir` as a plugin exactly like the Node.js language host: `node …/cmd/run-plugin <dir>
 * <engine>` with cwd = `dir`; the first stdout line is the port. `TS_NODE_*` variables inherited from
 * the test runner (which transpiles only) are dropped, so the plugin type-checks as it does for users.
 */
export function bootPlugin(dir: string, engineAddress: string): Promise<Plugin> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TS_NODE_")));
  const runPlugin = path.join(pulumiDir, "cmd", "run-plugin");
  const child = spawn(process.execPath, [runPlugin, dir, engineAddress], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  // Should the test runner die first (Ctrl-C, a crash), do not leave the plugin behind.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      process.removeListener("exit", orphanGuard);
      resolve();
    }),
  );
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  return new Promise<Plugin>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(
        new Error(`plugin exited before printing its port (code ${code}, signal ${signal}):\n${stderr}`),
      );
    child.once("exit", onExit);
    child.stdout!.on("data", (d) => {
      stdout += d;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      child.removeListener("exit", onExit);
      const first = stdout.slice(0, newline).trim();
      const port = Number(first);
      if (!/^\d+$/.test(first)) {
        child.kill("SIGKILL");
        reject(
          new Error(`the plugin's first stdout line is not a port: ${JSON.stringify(first)}\n${stderr}`),
        );
        return;
      }
      const client = new providerrpc.ResourceProviderClient(
        `127.0.0.1:${port}`,
        grpc.credentials.createInsecure(),
      );
      resolve({
        port,
        client,
        process: child,
        stderr: () => stderr,
        stop: async () => {
          client.close();
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      });
    });
  });
}

/** Calls a unary method of a generated client as a promise. */
export function unary<Res>(client: any, method: string, request: unknown): Promise<Res> {
  return new Promise<Res>((resolve, reject) =>
    client[method](request, (err: grpcTypes.ServiceError | null, res: Res) =>
      err ? reject(err) : resolve(res),
    ),
  );
}

/** What the engine sends for `new <type>(name, inputs)` in a program, parented to the stack. */
export function constructRequest(
  type: string,
  name: string,
  inputs: { [key: string]: any },
  monitorEndpoint: string,
): providerproto.ConstructRequest {
  return new providerproto.ConstructRequest()
    .setProject(PROJECT)
    .setStack(STACK)
    .setOrganization("organization")
    .setDryrun(true)
    .setParallel(16)
    .setMonitorendpoint(monitorEndpoint)
    .setType(type)
    .setName(name)
    .setParent(STACK_URN)
    .setAcceptsOutputValues(true)
    .setInputs(Struct.fromJavaScript(inputs));
}

/** The engine's first three calls after boot. */
export const requests = {
  getPluginInfo: () => new emptyproto.Empty(),
  getSchema: () => new providerproto.GetSchemaRequest().setVersion(0),
  configure: () =>
    new providerproto.ConfigureRequest()
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setSendsOldInputs(true),
};

/**
 * The per-property errors a failed call carries in `grpc-status-details-bin`, which is what the CLI
 * prints next to the program's own line (`pulumi.InputPropertiesError`).
 */
export function propertyErrors(err: grpcTypes.ServiceError): { propertyPath: string; reason: string }[] {
  const found: { propertyPath: string; reason: string }[] = [];
  for (const bin of err.metadata?.get("grpc-status-details-bin") ?? []) {
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    for (const any of status.getDetailsList()) {
      if (!any.getTypeUrl().endsWith("pulumirpc.InputPropertiesError")) continue;
      for (const e of errorsproto.InputPropertiesError.deserializeBinary(
        any.getValue_asU8(),
      ).getErrorsList()) {
        found.push({ propertyPath: e.getPropertyPath(), reason: e.getReason() });
      }
    }
  }
  return found;
}
