import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { main } from "../../sdk/cli/main";
import { ROOT } from "../cli/run";

/** Runs `tailnet-zerotrust observe` in-process, optionally with standard input. */
export async function observe(
  argv: string[],
  stdin?: string,
  stderrIsTTY = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: (t: string) => {
      stderr += t;
    },
    stderrIsTTY,
    cwd: ROOT,
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
  };
  const code = await main(["observe", ...argv], io);
  return { code, stdout, stderr };
}

export const FLOWS = "tests/fixtures/flows";
export const BOOKINFO = `${FLOWS}/bookinfo.yaml`;
export const TCP = `${FLOWS}/hubble/basic-sample-400-tcp-flows.jsonl`;

/** Writes a file in a fresh temporary folder and returns its absolute path. */
export function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "observe-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A blocked or allowed row as `from -> to PROTO/port xCOUNT`, for readable assertions. */
export function rowText(r: {
  from: { namespace?: string; podLabels?: object; cidr?: string };
  to: { namespace?: string; podLabels?: object; cidr?: string };
  protocol: string;
  port: number;
  count: number;
}): string {
  const side = (e: typeof r.from) =>
    e.cidr ??
    `${e.namespace}/${Object.entries(e.podLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`;
  return `${side(r.from)} -> ${side(r.to)} ${r.protocol}/${r.port} x${r.count}`;
}
