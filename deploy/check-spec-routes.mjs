// Checks openapi.yaml against kpid's route table: same operations, same scope per operation.
//
//   node deploy/check-spec-routes.mjs KPID_BINARY openapi.yaml
//
// `kpid routes` prints the table kpid serves from ({method, path, scope}, scope null for none).
// Every route must be an operation of the spec whose effective security (its own `security`,
// else the document's) is exactly [{bearerAuth: [scope]}], or [] for a route without a scope;
// every operation of the spec must be a route.
import { args, kpidJson, report } from "./spec-tools.mjs";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// "[{bearerAuth: [read]}]" style text of a security requirement list, for comparison and errors.
const requirementText = (requirement) =>
  `{${Object.entries(requirement)
    .map(([scheme, scopes]) => `${scheme}: [${scopes.join(", ")}]`)
    .join(", ")}}`;
const securityText = (security) => `[${security.map(requirementText).join(", ")}]`;

const { kpid, spec } = args("deploy/check-spec-routes.mjs");
const routes = kpidJson(kpid, "routes");
const operations = new Map(
  Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => [
      `${m.toUpperCase()} ${path}`,
      securityText(item[m].security ?? spec.security ?? []),
    ]),
  ),
);
const problems = [];
for (const r of routes) {
  const op = `${r.method} ${r.path}`;
  const wanted = securityText(r.scope === null ? [] : [{ bearerAuth: [r.scope] }]);
  if (!operations.has(op)) problems.push(`${op}: a route kpid serves, missing from the spec`);
  else if (operations.get(op) !== wanted)
    problems.push(`${op}: the spec's security is ${operations.get(op)}, the route needs ${wanted}`);
  operations.delete(op);
}
for (const op of operations.keys()) problems.push(`${op}: in the spec, but kpid has no such route`);
report("spec routes", routes.length, problems);
