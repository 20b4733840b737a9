// What the spec checks share: reading openapi.yaml with the pinned `yaml`, asking kpid for JSON.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../var/tools/node/package.json"));
const YAML = require("yaml");

export const loadSpec = (path) => YAML.parse(readFileSync(path, "utf8"));

// The JSON values `kpid <command>` prints, one per line.
export const kpidJson = (kpid, command) =>
  execFileSync(kpid, [command], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));

// Prints each problem, then a summary; exits 1 when there was any, 2 on bad usage.
export function report(what, checked, problems) {
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`${what}: ${checked} checked, ${problems.length} problems`);
  process.exit(problems.length > 0 ? 1 : 0);
}

export function args(usage) {
  const [kpid, spec] = process.argv.slice(2);
  if (!kpid || !spec) {
    console.error(`usage: node ${usage} KPID_BINARY openapi.yaml`);
    process.exit(2);
  }
  return { kpid, spec: loadSpec(spec) };
}
