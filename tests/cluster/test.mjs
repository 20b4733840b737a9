// make test-cluster: kpid's multi-node set-up under failure, on a cluster of
// deploy/cluster/cluster.sh (started by tests/cluster/run.sh, in one of its two modes).
//
//   (a) 10,000 leads through HAProxy at 16 connections while one kpid is SIGKILLed and
//       restarted: every acknowledged lead stored, none twice;
//   (b) results served by the standby (KPID-Read-Source) equal the primary's once replayed;
//       with the standby stopped, reads fall back to the primary and none fails;
//   (c) primary stopped with -m immediate, standby promoted: kpid writes again within 10 s
//       without a restart, and no acknowledged lead is missing.
//
// Prints one line per check and "N passed, N failed" last; exits 1 when any failed.
import { execFileSync, spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const clusterSh = join(root, "deploy/cluster/cluster.sh");
const cluster = (...args) => execFileSync("sh", [clusterSh, ...args], { stdio: ["ignore", "pipe", "inherit"] });
const env = Object.fromEntries(
  readFileSync(join(cluster("dir").toString().trim(), "env"), "utf8")
    .split("\n")
    .filter((l) => l.includes("="))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replace(/^'|'$/g, "")]),
);
const base = env.KPID_CLUSTER_URL;
const key = env.ADMIN_KEY;
const mode = env.KPID_CLUSTER_MODE;
const psql = (url, sql) => execFileSync("psql", [url, "-qAtXc", sql], { encoding: "utf8" }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now() / 1000;

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} [${mode}] ${what}`);
}

async function request(method, path, body) {
  try {
    const r = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15000),
    });
    return { status: r.status, source: r.headers.get("kpid-read-source"), text: await r.text() };
  } catch (e) {
    return { status: 0, source: null, text: String(e) };
  }
}

const lastMonth = (() => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 7);
})();

const lead = (source, id) => ({
  source,
  external_id: id,
  channel: "seo",
  created_at: `${lastMonth}-15T10:00:00Z`,
});

// Posts leads id(0..count-1) with `clients` workers; each lead is resent until acknowledged
// (or for 60 s). Returns the acknowledged ids; onAck(n) runs after each acknowledgement.
async function ingest(source, count, clients, onAck = () => {}, stop = () => false) {
  const acked = new Set();
  let next = 0;
  let errors = 0;
  async function worker() {
    while (!stop()) {
      const i = next++;
      if (count !== Infinity && i >= count) return;
      const id = `${source}-${i}`;
      const give_up = now() + 60;
      while (now() < give_up) {
        const r = await request("POST", "/v1/leads", lead(source, id));
        if (r.status === 200 || r.status === 201) {
          acked.add(id);
          onAck(acked.size, id);
          break;
        }
        errors++;
        await sleep(100);
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, worker));
  return { acked, errors };
}

function storedIds(url, source) {
  const rows = psql(url, `SELECT external_id, count(*) FROM leads WHERE source = '${source}' GROUP BY 1`);
  const ids = new Map();
  for (const line of rows.split("\n").filter(Boolean)) {
    const [id, n] = line.split("|");
    ids.set(id, Number(n));
  }
  return ids;
}

function checkStored(url, source, acked, what) {
  const ids = storedIds(url, source);
  const missing = [...acked].filter((id) => !ids.has(id));
  const twice = [...ids.values()].filter((n) => n > 1).length;
  check(missing.length === 0, `${what}: ${acked.size} acknowledged, ${ids.size} stored, ${missing.length} missing`);
  check(twice === 0, `${what}: no lead stored twice (${twice})`);
}

async function caseA() {
  const source = `cluster-a-${Date.now()}`;
  let killed = false;
  const t0 = now();
  const { acked, errors } = await ingest(source, 10000, 16, (n) => {
    if (n === 3000 && !killed) {
      killed = true;
      cluster("kill-kpid", "1");
      setTimeout(() => cluster("start-kpid", "1"), 1000);
    }
  });
  const s = now() - t0;
  console.log(`     (a) 10,000 leads in ${s.toFixed(1)} s (${Math.round(10000 / s)}/s), ${errors} failed tries resent`);
  check(killed && acked.size === 10000, "(a) every lead acknowledged while kpid 1 was killed and restarted");
  checkStored(env.PRIMARY_URL, source, acked, "(a)");
  return { source, acked };
}

function replayed() {
  const lsn = psql(env.PRIMARY_URL, "SELECT pg_current_wal_lsn()");
  return psql(env.STANDBY_URL, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'`) === "t";
}

async function caseB() {
  const asOf = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const path = `/v1/periods/${lastMonth}/results?as_of=${asOf}`;
  for (let i = 0; i < 100 && !replayed(); i++) await sleep(100);
  const replica = await request("GET", path);
  const primary = await request("GET", `${path}&consistency=strong`);
  check(replica.status === 200 && /^replica; lag=\d+\.\d{3}s$/.test(replica.source ?? ""),
    `(b) results from the standby: ${replica.status}, KPID-Read-Source: ${replica.source}`);
  check(primary.status === 200 && primary.source === "primary", `(b) ?consistency=strong from the primary: ${primary.source}`);
  check(replica.text === primary.text && replica.text.length > 100, `(b) the standby's results equal the primary's (${replica.text.length} bytes)`);

  // reads at 4 connections while the standby stops: none may fail
  let stop = false;
  const statuses = new Map();
  const sources = new Map();
  const readers = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const r = await request("GET", path);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      sources.set(r.source?.split(";")[0], (sources.get(r.source?.split(";")[0]) ?? 0) + 1);
    }
  });
  await sleep(1000);
  cluster("stop-standby");
  await sleep(3000);
  const after = await request("GET", path);
  stop = true;
  await Promise.all(readers);
  const count = [...statuses.values()].reduce((a, b) => a + b, 0);
  check(statuses.size === 1 && statuses.has(200),
    `(b) ${count} reads while the standby stopped, statuses ${JSON.stringify(Object.fromEntries(statuses))}, sources ${JSON.stringify(Object.fromEntries(sources))}`);
  check(after.status === 200 && after.source === "primary" && after.text === primary.text,
    `(b) with the standby down results come from the primary: ${after.status} ${after.source}`);
  cluster("start-standby");
  for (let i = 0; i < 100 && !replayed(); i++) await sleep(100);
}

async function caseC(earlier) {
  const pids = ["1", "2"].map((n) => readFileSync(join(cluster("dir").toString().trim(), `kpid${n}.pid`), "utf8").trim());
  const source = `cluster-c-${Date.now()}`;
  let stop = false;
  let promotedAt = 0;
  let firstWriteAfter = 0;
  const writers = ingest(source, Infinity, 4, () => {
    if (promotedAt && !firstWriteAfter) firstWriteAfter = now();
  }, () => stop);
  await sleep(2000);
  cluster("stop-primary");
  cluster("promote");
  promotedAt = now();
  while (!firstWriteAfter && now() - promotedAt < 30) await sleep(50);
  await sleep(2000);
  stop = true;
  const { acked } = await writers;
  const took = firstWriteAfter ? firstWriteAfter - promotedAt : Infinity;
  check(took <= 10, `(c) a write acknowledged ${took.toFixed(2)} s after the promotion (limit 10 s)`);
  const pidsAfter = ["1", "2"].map((n) => readFileSync(join(cluster("dir").toString().trim(), `kpid${n}.pid`), "utf8").trim());
  const alive = pidsAfter.every((p) => { try { process.kill(Number(p), 0); return true; } catch { return false; } });
  check(alive && pids.join() === pidsAfter.join(), "(c) the same kpid processes, not restarted");
  checkStored(env.STANDBY_URL, source, acked, "(c) on the promoted standby");
  checkStored(env.STANDBY_URL, earlier.source, earlier.acked, "(c) the leads of (a) on the promoted standby");
}

// Behind PgBouncer, a kpid started without KPID_DATABASE_POOLER=transaction says so.
async function caseMismatch() {
  const log = join(cluster("dir").toString().trim(), "kpid-mismatch.log");
  const port = Number(new URL(base).port) + 9;
  const child = spawn(join(root, "build/kpid"), [], {
    env: { ...process.env, KPID_DATABASE_URL: env.KPID_DATABASE_URL, KPID_DATABASE_POOLER: "session",
      KPID_LISTEN: `127.0.0.1:${port}`, KPID_THREADS: "2" },
    stdio: ["ignore", openSync(log, "a"), openSync(log, "a")],
  });
  let text = "";
  for (let i = 0; i < 100 && !text.includes("KPID_DATABASE_POOLER=transaction"); i++) {
    await sleep(100);
    text = readFileSync(log, "utf8");
  }
  child.kill("SIGKILL");
  check(/leads to a connection pooler.*set KPID_DATABASE_POOLER=transaction/.test(text),
    "(d) a kpid behind PgBouncer without KPID_DATABASE_POOLER=transaction names the mismatch");
}

if (mode === "pgbouncer") await caseMismatch();
const a = await caseA();
await caseB();
await caseC(a);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
