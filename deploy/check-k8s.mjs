// Validates Kubernetes manifests offline: every document against the Kubernetes OpenAPI
// schema of its apiVersion and kind (kubernetes-models, pinned in deploy/node/package.json),
// then kpid's own rules for its Deployment (replicas, probes, limits, non-root, read-only).
//
//   node deploy/check-k8s.mjs FILE...                   every document must pass
//   node deploy/check-k8s.mjs --expect-invalid FILE...  every document must fail (the check
//                                                       of the checker)
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tools = join(here, "../var/tools/node");
const YAML = createRequire(join(tools, "package.json"))("yaml");

// kubernetes-models/<group>/<version>/<Kind>.js, e.g. apps/v1/Deployment.js, v1/Service.js
async function schemaProblems(doc) {
  const { apiVersion, kind } = doc ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string")
    return ["no apiVersion or kind"];
  const file = join(tools, "node_modules/kubernetes-models", apiVersion, `${kind}.js`);
  if (!/^[a-z0-9./-]+$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind) || !existsSync(file))
    return [`unknown apiVersion/kind ${apiVersion} ${kind}`];
  const Model = (await import(pathToFileURL(file).href))[kind];
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

const probePath = (p) => p?.httpGet?.path;

// What kpid's production set-up promises beyond a valid schema (README "Production").
function kpidRules(doc) {
  if (doc.kind !== "Deployment") return [];
  const problems = [];
  const spec = doc.spec ?? {};
  const pod = spec.template?.spec ?? {};
  if (!(spec.replicas >= 2)) problems.push("fewer than 2 replicas");
  if (pod.securityContext?.runAsNonRoot !== true) problems.push("pod may run as root");
  for (const c of pod.containers ?? []) {
    const where = `container ${c.name}`;
    if (probePath(c.readinessProbe) !== "/readyz") problems.push(`${where}: readiness is not /readyz`);
    if (probePath(c.livenessProbe) !== "/healthz") problems.push(`${where}: liveness is not /healthz`);
    if (!c.resources?.requests?.memory || !c.resources?.limits?.memory)
      problems.push(`${where}: no memory request and limit`);
    if (c.securityContext?.readOnlyRootFilesystem !== true)
      problems.push(`${where}: root file system is writable`);
    if (c.securityContext?.allowPrivilegeEscalation !== false)
      problems.push(`${where}: privilege escalation allowed`);
  }
  if (doc.spec?.template?.metadata?.annotations?.["prometheus.io/scrape"] !== "true")
    problems.push("no prometheus.io/scrape annotation for /metrics");
  return problems;
}

const argv = process.argv.slice(2);
const expectInvalid = argv[0] === "--expect-invalid";
const files = expectInvalid ? argv.slice(1) : argv;
if (files.length === 0) {
  console.error("usage: check-k8s.mjs [--expect-invalid] FILE...");
  process.exit(2);
}
let checked = 0;
const failures = [];
for (const file of files) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, d] of docs.entries()) {
    if (d.contents === null) continue;
    const doc = d.toJS();
    const name = `${file}#${i} ${doc?.kind ?? "?"}/${doc?.metadata?.name ?? "?"}`;
    const problems = d.errors.length > 0 ? d.errors.map((e) => e.message) : [
      ...(await schemaProblems(doc)),
      ...kpidRules(doc),
    ];
    checked++;
    if (expectInvalid && problems.length === 0) failures.push(`${name}: accepted, expected a refusal`);
    if (expectInvalid && problems.length > 0) console.log(`refused as expected: ${name}: ${problems.join("; ")}`);
    if (!expectInvalid) for (const p of problems) failures.push(`${name}: ${p}`);
  }
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`k8s manifests: ${checked} checked, ${failures.length} problems`);
process.exit(failures.length > 0 || checked === 0 ? 1 : 0);
