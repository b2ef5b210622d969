import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { readArgsFile } from "../../sdk/cli/args";
import { flowLines, planZeroTrust } from "../../sdk/core";
import { ROOT } from "../cli/run";
import { requests, STACK_URN, secretOutput, unary } from "./mockEngine";
import { construct, sharedPlugin, TYPE } from "./sharedPlugin";

/**
 * The YAML and Python examples use the package the way the engine serves it to other languages:
 * booted as a plugin. The YAML program's properties (config placeholders filled in, secrets sent as
 * secret outputs like the YAML runtime does) are constructed over the engine protocol and must
 * create exactly what the homelab args file plans; the Python program is byte-compiled and its
 * classes and keywords checked against the schema the plugin serves.
 */

const HOMELAB_PLAN = () => planZeroTrust(readArgsFile("examples/homelab/zerotrust.yaml", ROOT));
const camel = (snake: string) =>
  snake.replace(/_$/, "").replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Replaces `${name}` config references: a whole-value reference takes the value itself (a secret stays one). */
function substitute(value: unknown, config: { [name: string]: unknown }): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{([A-Za-z0-9_]+)\}$/.exec(value);
    const lookup = (name: string) => {
      assert.ok(name in config, `\${${name}} is declared in config`);
      return config[name];
    };
    if (whole) return lookup(whole[1]);
    return value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => String(lookup(name)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, config));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, config)]));
  }
  return value;
}

describe("examples in other languages, through the plugin", function () {
  this.timeout(120_000);
  let schema: any;

  before(async () => {
    const { plugin } = await sharedPlugin();
    schema = JSON.parse((await unary<any>(plugin.client, "getSchema", requests.getSchema())).getSchema());
  });

  describe("examples/yaml", () => {
    const dir = path.join(ROOT, "examples", "yaml");
    const program = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));

    it("is a YAML program whose package points at this package", () => {
      assert.equal(program.runtime, "yaml");
      const source = program.packages["tailnet-zerotrust"];
      assert.ok(fs.existsSync(path.join(dir, source, "PulumiPlugin.yaml")), `${source} is the plugin's root`);
      assert.equal(fs.realpathSync(path.join(dir, source)), fs.realpathSync(ROOT));
      assert.equal(program.config.tsClientId.secret, true);
      assert.equal(program.config.tsClientSecret.secret, true);
    });

    it("outputs only what the component has", () => {
      const outputs = Object.keys(schema.resources[TYPE].properties);
      for (const [name, ref] of Object.entries<string>(program.outputs)) {
        const m = /^\$\{homelab\.([A-Za-z]+)\}$/.exec(ref);
        assert.ok(m && outputs.includes(m[1]), `output ${name} (${ref}) is one of ${outputs.join(", ")}`);
      }
    });

    it("constructs the homelab scenario over the engine protocol, exactly as the args file plans", async () => {
      const resource = program.resources.homelab;
      assert.match(resource.type, /^tailnet-zerotrust:(index:)?ZeroTrustCluster$/);
      const config = Object.fromEntries(
        Object.entries<any>(program.config).map(([name, decl]) => [
          name,
          decl.secret ? secretOutput(`test-${name}`) : decl.default,
        ]),
      );
      const inputs = substitute(resource.properties, config) as { [key: string]: any };
      const { component, children, state, response } = await construct(inputs);
      const urn = response.getUrn();
      const plan = HOMELAB_PLAN();
      assert.deepEqual(
        children.map((r) => r.name).sort(),
        plan.resources.map((r) => `homelab-${r.suffix}`).sort(),
      );
      for (const r of children) assert.equal(r.parent, urn, `${r.name}'s parent`);
      assert.equal(component?.parent, STACK_URN);
      assert.deepEqual(state.flows, flowLines(plan));
    });
  });

  describe("examples/python", () => {
    const dir = path.join(ROOT, "examples", "python");
    /** Runs python3, which these checks need (CI images have it): a missing one fails, not skips. */
    const python = (args: string[]): string => {
      try {
        return execFileSync("python3", args, { encoding: "utf8" });
      } catch (err: any) {
        if (err.code === "ENOENT") throw new Error("python3 is needed to check examples/python: install it");
        throw err;
      }
    };

    it("has its Pulumi.yaml, requirements and the package add step in its README", () => {
      const manifest = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
      assert.equal(manifest.runtime.name, "python");
      assert.match(fs.readFileSync(path.join(dir, "requirements.txt"), "utf8"), /^pulumi>=3/m);
      assert.match(fs.readFileSync(path.join(dir, "README.md"), "utf8"), /^pulumi package add \.\.\/\.\.$/m);
    });

    it("byte-compiles", () => {
      const out = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "tzt-py-"));
      python([
        "-c",
        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        path.join(dir, "__main__.py"),
        path.join(out, "__main__.pyc"),
      ]);
      fs.rmSync(out, { recursive: true, force: true });
    });

    it("uses only classes and keywords the generated SDK has (per the plugin's schema)", () => {
      // Every call `tzt.Name(keyword=...)` in the program, read with Python's own parser.
      const script = `import ast, json, sys
calls = []
for node in ast.walk(ast.parse(open(sys.argv[1]).read())):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "tzt":
        calls.append({"name": node.func.attr, "keywords": [k.arg for k in node.keywords]})
print(json.dumps(calls))`;
      const calls: { name: string; keywords: string[] }[] = JSON.parse(
        python(["-c", script, path.join(dir, "__main__.py")]),
      );
      assert.ok(calls.some((c) => c.name === "ZeroTrustCluster"));
      for (const call of calls) {
        const properties =
          call.name === "ZeroTrustCluster"
            ? schema.resources[TYPE].inputProperties
            : schema.types[`tailnet-zerotrust:index:${call.name.replace(/Args$/, "")}`]?.properties;
        assert.ok(properties, `tzt.${call.name} is generated from a schema type`);
        for (const k of call.keywords) {
          assert.ok(camel(k) in properties, `tzt.${call.name}(${k}=...) is the property ${camel(k)}`);
        }
      }
    });
  });
});
