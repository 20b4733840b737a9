// Checks the spec's enumerations against kpid's own (`kpid enums`) through the table below.
//
//   node deploy/check-spec-enums.mjs KPID_BINARY openapi.yaml
//
// Every `enum` of openapi.yaml must be listed below, either under the kpid enumeration it
// spells (then both hold the same values, in any order; a null in a nullable enum aside) or
// as one kpid does not define as a list; and every enumeration kpid prints must be listed.
// A location is the JSON pointer of the schema holding the `enum`, except that an array member
// with a `name` (a parameter) is written [name] rather than by its index.
import { args, kpidJson, report } from "./spec-tools.mjs";

const SPEC_OF = {
  lead_stage: ["/components/schemas/LeadStage"],
  deal_status: [
    "/paths/~1v1~1deals/get/parameters/[status]/schema",
    "/components/schemas/DealWritable/properties/status",
    "/components/schemas/Deal/properties/status",
  ],
  scope: ["/components/schemas/ApiKeyScopes/items"],
  kpi_owner: [
    "/components/schemas/KpiOwner",
    "/components/schemas/KpiResult/properties/owner",
    "/components/parameters/ResultsScopeParam/schema",
  ],
  kpi_level: [
    "/components/schemas/KpiResult/properties/level",
    "/components/schemas/KpiInput/properties/level",
    "/components/schemas/KpiDefinition/properties/level",
  ],
  kpi_direction: ["/components/schemas/KpiDirection"],
  libkpi_direction: [
    "/components/schemas/KpiDirection",
    "/components/schemas/KpiResult/properties/direction",
  ],
  attribution: [
    "/components/parameters/AttributionParam/schema",
    "/components/schemas/Funnel/allOf/1/properties/attribution",
    "/components/schemas/ChannelsResponse/allOf/1/properties/attribution",
    "/components/schemas/KpiInput/properties/attribution",
    "/components/schemas/KpiDefinition/properties/attribution",
  ],
  granularity: ["/components/schemas/Granularity"],
  period_kind: [
    "/components/schemas/Granularity",
    "/components/schemas/PeriodHead/properties/kind",
  ],
  source_payload: [
    "/components/schemas/SourceInput/properties/payload",
    "/components/schemas/Source/properties/payload",
  ],
  source_target: [
    "/components/schemas/SourceInput/properties/target",
    "/components/schemas/Source/properties/target",
  ],
  source_preset: ["/components/schemas/SourcePreset"],
  field_conversion: ["/components/schemas/FieldMapEntry/oneOf/0/properties/convert"],
  webhook_event_status: [
    "/paths/~1v1~1webhook-events/get/parameters/[status]/schema",
    "/components/schemas/WebhookEvent/properties/status",
  ],
  webhook_replay_status: ["/paths/~1v1~1sources~1{name}~1replay/post/parameters/[status]/schema"],
  csv_dialect: ["/components/parameters/DialectParam/schema"],
  channel_grouping: [
    "/components/parameters/ChannelsByParam/schema",
    "/components/schemas/ChannelsResponse/allOf/1/properties/by",
  ],
  read_consistency: ["/components/parameters/Consistency/schema"],
  kpi_unit: ["/components/schemas/KpiUnit", "/components/schemas/KpiResult/properties/unit"],
  result_status: ["/components/schemas/ResultStatus"],
  maturity: [
    "/components/schemas/KpiResult/properties/maturity",
    "/components/schemas/Series/properties/items/items/properties/maturity",
    "/components/schemas/PayoutStatement/properties/maturity",
  ],
  audit_entity: ["/paths/~1v1~1audit/get/parameters/[entity]/schema"],
};

// Enums whose values kpid writes where it answers, with no list of its own to compare.
const NOT_A_KPID_LIST = [
  "/components/parameters/FormatParam/schema",
  "/components/schemas/Funnel/allOf/1/properties/steps/items/properties/step",
  "/components/schemas/BatchResult/properties/items/items/properties/status",
  "/components/schemas/Target/properties/source",
  "/components/schemas/WebhookItemResult/properties/status",
  "/components/schemas/WebhookOutcome/properties/status",
  "/components/schemas/AuditEntry/properties/action",
];

// Booleans spelled as strings ("true"/"false" query values, a "true" header) are no enumeration.
const isBoolean = (values) => values.every((v) => v === "true" || v === "false");

const escape = (t) => String(t).replaceAll("~", "~0").replaceAll("/", "~1");

// location -> values of every `enum` in the document.
function enumsOf(node, at, found = new Map()) {
  const member = (v, i) => (typeof v?.name === "string" ? `[${v.name}]` : i);
  if (Array.isArray(node)) node.forEach((v, i) => enumsOf(v, `${at}/${member(v, i)}`, found));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k === "enum" && Array.isArray(v)) found.set(at, v);
      else enumsOf(v, `${at}/${escape(k)}`, found);
    }
  return found;
}

const same = (a, b) => a.length === b.length && a.every((v) => b.includes(v));

const SELF = "deploy/check-spec-enums.mjs";
const { kpid, spec } = args(SELF);
const kpidEnums = kpidJson(kpid, "enums")[0];
const specEnums = enumsOf(spec, "");
const problems = [];
const listed = new Set(NOT_A_KPID_LIST);
for (const [name, values] of Object.entries(kpidEnums)) {
  if (!SPEC_OF[name]) problems.push(`kpid's ${name}: not mapped to the spec (${SELF})`);
  for (const at of SPEC_OF[name] ?? []) {
    listed.add(at);
    const spelled = specEnums.get(at)?.filter((v) => v !== null);
    if (!spelled) problems.push(`${at}: no enum there for kpid's ${name}`);
    else if (!same(spelled, values))
      problems.push(`${at}: [${spelled}] in the spec, kpid's ${name} is [${values}]`);
  }
}
for (const name of Object.keys(SPEC_OF))
  if (!(name in kpidEnums)) problems.push(`${name}: mapped, but kpid has no such enumeration`);
for (const [at, values] of specEnums)
  if (!listed.has(at) && !isBoolean(values))
    problems.push(`${at}: enum [${values}] not mapped to a kpid enumeration (${SELF})`);
report("spec enums", specEnums.size, problems);
