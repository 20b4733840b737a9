// Checks every response the API tests logged against openapi.yaml: declared status, schema, type.
//
//   node tests/api/validate-responses.mjs openapi.yaml RESPONSE_LOG
//
// The log holds one JSON line per response: {method, path, status, content_type, request_id,
// body}. For each, the operation is found by path template and method (HEAD is checked as GET);
// its status must be declared (or `default`), its content type declared, and a JSON body must
// match the declared schema (OpenAPI 3.1 = JSON Schema 2020-12). Bodies of other types (CSV,
// plain text, YAML) only need their content type declared. Protocol-level answers that no
// operation can declare are checked against the shared components instead: 404 for a path
// outside the spec (responses/NotFound), 405 for an undeclared method (responses/MethodNotAllowed),
// 413 for any request (responses/PayloadTooLarge: the body cap applies before routing), 400
// where no operation declares one (responses/BadRequest: a path holding a control character is
// refused before routing), and an empty 204 answer to an OPTIONS (CORS preflight) request.
// Every response must carry an X-Request-Id. Every operation of the spec must be hit by at
// least one logged response (HEAD counts as GET); the operations none reached are listed and
// fail the run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../../var/tools/node/package.json"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats");
const YAML = require("yaml");

const SPEC_ID = "kpid-openapi";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PROTOCOL_RESPONSES = {
  400: "BadRequest",
  404: "NotFound",
  405: "MethodNotAllowed",
  413: "PayloadTooLarge",
};

function usage() {
  console.error("usage: node tests/api/validate-responses.mjs openapi.yaml RESPONSE_LOG");
  process.exit(2);
}

// JSON pointer escaping of one reference token.
const escapeToken = (token) => String(token).replaceAll("~", "~0").replaceAll("/", "~1");

// Follows a local "#/..." reference chain; returns {node, pointer} of the object it lands on.
function resolve(spec, node, pointer) {
  const seen = new Set();
  while (node && typeof node.$ref === "string") {
    if (!node.$ref.startsWith("#/") || seen.has(node.$ref))
      throw new Error(`unsupported or circular $ref ${node.$ref} at ${pointer}`);
    seen.add(node.$ref);
    pointer = node.$ref.slice(1);
    node = pointer
      .split("/")
      .slice(1)
      .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((n, t) => (n === undefined ? undefined : n[t]), spec);
  }
  return { node, pointer };
}

// Path templates, most specific first: "/v1/leads/batch" wins over "/v1/leads/{id}".
function compileTemplates(spec) {
  return Object.keys(spec.paths ?? {})
    .map((template) => {
      const segments = template.split("/");
      const pattern = segments
        .map((s) => (/^\{[^}]+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("/");
      const literals = segments.filter((s) => !s.includes("{")).length;
      return { template, regex: new RegExp(`^${pattern}$`), literals };
    })
    .sort((a, b) => b.literals - a.literals);
}

const mediaType = (contentType) =>
  contentType ? contentType.split(";")[0].trim().toLowerCase() : null;

function makeChecker(spec) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  // Keywords JSON Schema does not know: OpenAPI's additions to the Schema Object, and the
  // document's top-level fields (the whole document is registered so that its "#/components/..."
  // references resolve, which makes Ajv compile its root as a schema).
  ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
  ajv.addVocabulary(Object.keys(spec).filter((k) => !ajv.getKeyword(k)));
  ajv.addSchema(spec, SPEC_ID);
  const templates = compileTemplates(spec);
  const validators = new Map();
  const hits = new Set();

  function validatorAt(pointer) {
    if (!validators.has(pointer)) validators.set(pointer, ajv.getSchema(`${SPEC_ID}#${pointer}`));
    return validators.get(pointer);
  }

  // The declared response object (and its pointer) for this entry, or an error message.
  function findResponse(entry) {
    const method = entry.method.toLowerCase() === "head" ? "get" : entry.method.toLowerCase();
    const status = String(entry.status);
    const match = templates.find((t) => t.regex.test(entry.path));
    const component = (name) => resolve(spec, { $ref: `#/components/responses/${name}` }, "");
    if (entry.status === 413) return component(PROTOCOL_RESPONSES[413]);
    if (!match) {
      if (entry.status === 404 || entry.status === 400)
        return component(PROTOCOL_RESPONSES[entry.status]);
      return { error: "path matches no path in the spec" };
    }
    const pathPointer = `/paths/${escapeToken(match.template)}`;
    const pathItem = resolve(spec, spec.paths[match.template], pathPointer);
    const operation = pathItem.node[method];
    if (!operation) {
      if (method === "options" && entry.status === 204) return { preflight: true };
      if (entry.status === 405) return component(PROTOCOL_RESPONSES[405]);
      return { error: `no ${method.toUpperCase()} operation on ${match.template}` };
    }
    hits.add(`${method.toUpperCase()} ${match.template}`);
    const responses = operation.responses ?? {};
    const key = status in responses ? status : "default" in responses ? "default" : null;
    if (!key && entry.status === 400) return component(PROTOCOL_RESPONSES[400]);
    if (!key)
      return { error: `status ${status} not declared for ${operation.operationId ?? method}` };
    return resolve(
      spec,
      responses[key],
      `${pathItem.pointer}/${method}/responses/${escapeToken(key)}`,
    );
  }

  // Returns a list of problems with one logged response (empty when it conforms).
  function check(entry) {
    const problems = [];
    if (!entry.request_id) problems.push("no X-Request-Id header");
    const found = findResponse(entry);
    if (found.error) return [...problems, found.error];
    const hasBody = entry.body !== null && entry.body !== "";
    if (found.preflight) {
      if (hasBody) problems.push("a preflight answer has a body");
      return problems;
    }
    if (!found.node) return [...problems, `response reference ${found.pointer} does not resolve`];
    const content = found.node.content ?? {};
    const type = mediaType(entry.content_type);
    if (Object.keys(content).length === 0) {
      if (hasBody) problems.push("a body where the spec declares none");
      return problems;
    }
    if (!type) return [...problems, "no Content-Type where the spec declares content"];
    if (!(type in content))
      return [...problems, `content type ${type} not declared (${Object.keys(content).join(", ")})`];
    if (entry.method.toUpperCase() === "HEAD") return problems;
    if (!type.endsWith("json")) return problems;
    if (!hasBody) return [...problems, "no body where the spec declares one"];
    if (!content[type].schema) return problems;
    const validate = validatorAt(`${found.pointer}/content/${escapeToken(type)}/schema`);
    if (!validate(entry.body))
      for (const e of validate.errors)
        problems.push(`body${e.instancePath} ${e.message} (${e.schemaPath})`);
    return problems;
  }
  return { check, hits };
}

// "METHOD /template" of every operation in the spec that no logged response reached.
function unexercised(spec, hits) {
  return Object.entries(spec.paths ?? {}).flatMap(([template, item]) =>
    METHODS.filter((m) => resolve(spec, item, "").node[m])
      .map((m) => `${m.toUpperCase()} ${template}`)
      .filter((op) => !hits.has(op)),
  );
}

// The log's text; a log never written (no test reached the server) reads as empty.
function readLog(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return "";
    throw e;
  }
}

function main() {
  const [specPath, logPath] = process.argv.slice(2);
  if (!specPath || !logPath) usage();
  const spec = YAML.parse(readFileSync(specPath, "utf8"));
  const { check, hits } = makeChecker(spec);
  const lines = readLog(logPath)
    .split("\n")
    .filter((l) => l.trim() !== "");
  let failures = 0;
  for (const [i, line] of lines.entries()) {
    let entry;
    let problems;
    try {
      entry = JSON.parse(line);
      problems = check(entry);
    } catch (e) {
      problems = [e.message];
    }
    if (problems.length > 0) {
      failures++;
      const what = entry ? `${entry.method} ${entry.path} ${entry.status}` : `line ${i + 1}`;
      for (const p of problems) console.log(`FAIL ${what}: ${p}`);
    }
  }
  console.log(`${lines.length} responses validated, ${failures} failures`);
  if (lines.length === 0) console.log("the response log is empty: no API test reached the server");
  const missed = unexercised(spec, hits);
  for (const op of missed) console.log(`FAIL ${op}: no API test exercises this operation`);
  process.exit(failures > 0 || lines.length === 0 || missed.length > 0 ? 1 : 0);
}

main();
