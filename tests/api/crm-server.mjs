// A stand-in for the CRMs' REST APIs that kpid's fetch-back calls, for the API tests:
// Bitrix24 crm.lead.get and crm.deal.get through an inbound webhook URL
// (/rest/<user>/<code>/crm.lead.get?id=N),
// HubSpot CRM v3 objects (GET /crm/v3/objects/contacts/{id}?properties=..., Bearer token)
// and amoCRM v4 (GET /api/v4/leads/{id}?with=contacts, GET /api/v4/contacts/{id}, Bearer
// token). Records are the templates in tests/api/fixtures/crm/fetch with {{id}} replaced.
//
//   node tests/api/crm-server.mjs PORTS_FILE
//
// Listens on three loopback ports chosen by the system and writes them to PORTS_FILE as
// {"control", "crm", "evil"}: `crm` is the CRM, `evil` a second listener that only records
// what reaches it (nothing should), `control` lets the tests steer the CRM:
//   POST /reset                 forget the request log, scripts and missing ids
//   POST /script                {"path": "/crm/v3/...", "replies": [reply, ...]}: the next
//                               requests for that path (without query) get these replies in
//                               order: {"status", "retry_after"} (a JSON error body), or
//                               {"delay_ms"} (the record, that late)
//   POST /missing?id=N          the record N does not exist (404, as each CRM answers it)
//   POST /down?ms=N             close the CRM's port (connections refused) for N ms
//   GET  /log?server=crm|evil   [{"at" (epoch ms), "method", "url", "authorization"}]
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";

const FIXTURES = new URL("./fixtures/crm/fetch/", import.meta.url);
export const HUBSPOT_TOKEN = "pat-eu1-kpid-test-0123456789";
export const AMO_TOKEN = "amo-long-lived-kpid-test-0123456789";
const BITRIX_CODE = "k3pidw3bh00k"; // the inbound webhook's code in its URL

const logs = { crm: [], evil: [] };
let scripts = new Map();
let missing = new Set();

function record(template, id) {
    const text = readFileSync(new URL(template, FIXTURES), "utf8");
    return text.replaceAll("{{id}}", id);
}

function send(res, status, body, headers = {}) {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
}

// What each CRM answers for a record it does not have, or for a bad credential.
const notFound = {
    bitrix24: [400, { error: "NOT_FOUND", error_description: "Not found" }],
    hubspot: [404, { status: "error", message: "Object not found.", correlationId: "0c1d2e3f", category: "OBJECT_NOT_FOUND" }],
    amocrm: [204, ""],
};
const unauthorized = {
    bitrix24: [401, { error: "INVALID_CREDENTIALS", error_description: "Invalid request credentials" }],
    hubspot: [401, { status: "error", message: "Authentication credentials not found.", category: "INVALID_AUTHENTICATION" }],
    amocrm: [401, { title: "Unauthorized", type: "https://httpstatus.es/401", status: 401, detail: "Unauthorized" }],
};

// The route a path is: {crm, template, id} or null.
function route(url) {
    let m = url.pathname.match(/^\/rest\/\d+\/([^/]+)\/crm\.(lead|deal)\.get(\.json)?$/);
    if (m)
        return { crm: "bitrix24", template: `bitrix24_crm.${m[2]}.get.json`, id: url.searchParams.get("id"), ok: m[1] === BITRIX_CODE };
    m = url.pathname.match(/^\/crm\/v3\/objects\/contacts\/(\d+)$/);
    if (m)
        return { crm: "hubspot", template: "hubspot_contacts.json", id: m[1], token: HUBSPOT_TOKEN };
    m = url.pathname.match(/^\/api\/v4\/(leads|contacts)\/(\d+)$/);
    if (m)
        return { crm: "amocrm", template: `amocrm_${m[1]}.json`, id: m[2], token: AMO_TOKEN };
    return null;
}

function serveCrm(req, res) {
    const url = new URL(req.url, "http://crm.test");
    const r = route(url);
    if (r === null)
        return send(res, 404, { error: "no such API path" });
    const authorized = r.token ? req.headers.authorization === `Bearer ${r.token}` : r.ok;
    if (!authorized)
        return send(res, ...unauthorized[r.crm]);
    const queue = scripts.get(url.pathname) || [];
    const reply = queue.shift() || {};
    if (reply.status) {
        const headers = reply.retry_after !== undefined ? { "Retry-After": String(reply.retry_after) } : {};
        return send(res, reply.status, { error: `scripted ${reply.status}` }, headers);
    }
    if (!/^\d+$/.test(r.id || "") || missing.has(r.id))
        return send(res, ...notFound[r.crm]);
    let body = record(r.template, r.id);
    if (r.crm === "hubspot") { // only the properties asked for, as HubSpot does
        const asked = (url.searchParams.get("properties") || "").split(",");
        const doc = JSON.parse(body);
        for (const key of Object.keys(doc.properties))
            if (!asked.includes(key) && !["createdate", "lastmodifieddate", "hs_object_id"].includes(key))
                delete doc.properties[key];
        body = JSON.stringify(doc);
    }
    const type = r.crm === "amocrm" ? "application/hal+json" : "application/json";
    setTimeout(() => {
        if (!res.destroyed) {
            res.writeHead(200, { "Content-Type": type });
            res.end(body);
        }
    }, reply.delay_ms || 0);
}

function logged(name, handler) {
    return (req, res) => {
        logs[name].push({ at: Date.now(), method: req.method, url: req.url, authorization: req.headers.authorization || null });
        req.resume();
        req.on("end", () => handler(req, res));
    };
}

function listen(server, port) {
    return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server.address().port)));
}

let crm = createServer(logged("crm", serveCrm));
const evil = createServer(logged("evil", (req, res) => send(res, 200, { result: { ID: "666", NAME: "Mallory" } })));
let crmPort;

async function down(ms) {
    const closing = crm;
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
    setTimeout(() => {
        crm = createServer(logged("crm", serveCrm));
        listen(crm, crmPort);
    }, ms);
}

function body(req) {
    return new Promise((resolve) => {
        let text = "";
        req.on("data", (c) => (text += c));
        req.on("end", () => resolve(text ? JSON.parse(text) : null));
    });
}

const control = createServer(async (req, res) => {
    const url = new URL(req.url, "http://control.test");
    const input = await body(req);
    if (url.pathname === "/reset") {
        logs.crm = [];
        logs.evil = [];
        scripts = new Map();
        missing = new Set();
    } else if (url.pathname === "/script")
        scripts.set(input.path, [...input.replies]);
    else if (url.pathname === "/missing")
        missing.add(url.searchParams.get("id"));
    else if (url.pathname === "/down")
        await down(Number(url.searchParams.get("ms")));
    else if (url.pathname === "/log")
        return send(res, 200, logs[url.searchParams.get("server")] || []);
    else
        return send(res, 404, { error: "unknown control" });
    send(res, 200, { ok: true });
});

crmPort = await listen(crm, 0);
const ports = { control: await listen(control, 0), crm: crmPort, evil: await listen(evil, 0) };
writeFileSync(process.argv[2], JSON.stringify(ports));
