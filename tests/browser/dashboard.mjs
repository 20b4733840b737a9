// The dashboard in headless Debian chromium (playwright-core), against the kpid that
// tests/browser/run.sh started: a wrong key and a key without `read` show an error; a read key
// signs in, a period is picked, and the numbers on screen equal what the API answers; CSV
// downloads; an as-of date recomputes; Russian formats the same numbers its way; no console error
// or CSP violation.
// Writes tests/browser/out/scorecard.png.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { api, seed } from "./seed.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../../var/tools/browser/package.json"));
const { chromium } = require("playwright-core");

const base = process.env.KPID_TEST_URL;
const adminKey = process.env.KPID_TEST_ADMIN_KEY;
const TIMEOUT = 15000;

const t0 = Date.now();
let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`browser: ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`browser: FAIL ${name}: ${e.message}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// The number a formatted cell shows, and how far from the exact value its rounding may be.
function shown(text, lang) {
  let t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
  t = lang === "ru" ? t.replace(/[^0-9,-]/g, "").replace(",", ".") : t.replace(/[^0-9.-]/g, "");
  const decimals = (t.split(".")[1] ?? "").length;
  return { value: Number(t), slack: 0.5 * 10 ** -decimals + 1e-9 };
}
function same(text, expected, what, lang = "en") {
  const { value, slack } = shown(text, lang);
  assert(Number.isFinite(value) && Math.abs(value - expected) <= slack, `${what}: the page shows "${text}", the API says ${expected}`);
}

// A page that records console errors, uncaught exceptions and CSP violations.
async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  return { page, problems };
}

const { months, readKey, ingestKey } = await seed(base, adminKey);
const period = months[1]; // not the one the dashboard opens on, so the picker is exercised
const read = api(base, readKey);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1000 } });
context.setDefaultTimeout(TIMEOUT);

await check("a wrong key and a key without the read scope show an error, not a blank page", async () => {
  const { page, problems } = await watchedPage(context);
  await page.goto(`${base}/`);
  await page.fill("#key", "kpid_wrong-key");
  await page.click("#signin-form button[type=submit]");
  await page.locator("#signin-error").waitFor({ state: "visible" });
  assert(/not accepted/.test(await page.textContent("#signin-error")), "no 'not accepted' message");
  assert(await page.isHidden("#dashboard"), "the dashboard shows for a wrong key");
  await page.fill("#key", ingestKey);
  await page.click("#signin-form button[type=submit]");
  await page.waitForFunction(() => /read scope/.test(document.getElementById("signin-error").textContent));
  // the refused requests themselves are logged by chromium as failed loads; nothing else may be
  const other = problems.filter((p) => !/status of 40[13]/.test(p));
  assert(other.length === 0, other.join("; "));
  await page.close();
});

const { page, problems } = await watchedPage(context);

await check("signs in with a read key and picks a period", async () => {
  await page.goto(`${base}/`);
  await page.fill("#key", readKey);
  await page.click("#signin-form button[type=submit]");
  await page.waitForSelector("main[data-loaded]");
  assert((await page.evaluate(() => sessionStorage.getItem("kpid.key"))) === readKey, "the key is not kept in sessionStorage");
  await page.selectOption("#period", period);
  await page.waitForSelector(`main[data-loaded="${period}"]`);
  await page.waitForFunction(() => document.querySelectorAll("#view-results td.trend canvas").length >= 6);
});

const results = await read("GET", `/v1/periods/${period}/results`);
const scorecards = await read("GET", `/v1/periods/${period}/scorecards`);

await check("the KPI table shows the API's facts, plans and attainments", async () => {
  for (const code of ["valid_leads", "cpl", "sql_share", "romi"]) {
    const r = results.results.find((x) => x.kpi === code);
    assert(r && r.fact !== null, `the API has no fact for ${code}`);
    const row = page.locator(`#view-results tr[data-kpi="${code}"]`);
    same(await row.locator("[data-field=fact]").textContent(), r.fact, `${code} fact`);
    same(await row.locator("[data-field=plan]").textContent(), r.target.plan, `${code} plan`);
    same(await row.locator("[data-field=attainment]").textContent(), r.attainment * 100, `${code} attainment`);
    assert((await row.locator("[data-field=status]").getAttribute("class")).includes(`status-${r.status}`), `${code} status`);
  }
});

await check("the scorecards show the API's payouts and item bonuses", async () => {
  for (const sc of scorecards.scorecards) {
    const card = page.locator(`[data-scorecard="${sc.scorecard}"]`);
    same(await card.locator("[data-field=payout]").textContent(), sc.payout, `${sc.scorecard} payout`);
    same(await card.locator("[data-field=bonus]").textContent(), sc.bonus, `${sc.scorecard} bonus`);
    for (const item of sc.items)
      same(await card.locator(`tr[data-kpi="${item.kpi}"] [data-field=item_bonus]`).textContent(), item.item_bonus, `${sc.scorecard} ${item.kpi} bonus`);
  }
});

await check("the funnel is drawn and counts as the API", async () => {
  const funnel = await read("GET", `/v1/periods/${period}/funnel`);
  assert((await page.locator("#view-funnel canvas").count()) === 1, "no funnel chart");
  for (const step of funnel.steps)
    same(await page.locator(`#view-funnel tr[data-step="${step.step}"] [data-field=count]`).textContent(), step.count, `funnel ${step.step}`);
});

await check("an as-of date recomputes the views as of the end of that day", async () => {
  const day = `${period}-10`;
  const early = await read("GET", `/v1/periods/${period}/results?as_of=${day}T23:59:59Z`);
  const fact = (answer) => answer.results.find((x) => x.kpi === "valid_leads").fact;
  assert(fact(early) < fact(results), "the seeded month should have fewer valid leads by its 10th");
  await page.fill("#as-of", day);
  await page.click("#refresh"); // the form's submit drops data-loaded before anything is awaited
  await page.waitForSelector(`main[data-loaded="${period}"]`);
  same(await page.locator('#view-results tr[data-kpi="valid_leads"] [data-field=fact]').textContent(), fact(early), "valid_leads as of the 10th");
  await page.fill("#as-of", "");
  await page.click("#refresh");
  await page.waitForSelector(`main[data-loaded="${period}"]`);
  same(await page.locator('#view-results tr[data-kpi="valid_leads"] [data-field=fact]').textContent(), fact(results), "valid_leads now");
});

await check("a view's CSV downloads with the key", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#view-results button[data-csv]")]);
  const csv = readFileSync(await download.path(), "utf8");
  assert(download.suggestedFilename() === `kpid-results-${period}.csv`, `file name ${download.suggestedFilename()}`);
  assert(csv.startsWith("kpi,name,") && csv.includes("valid_leads"), `unexpected CSV: ${csv.slice(0, 80)}`);
});

await check("Russian writes the same numbers the Russian way", async () => {
  await page.selectOption("#lang", "ru");
  await page.waitForFunction(() => document.querySelector("#view-scorecards h2").textContent === "Карты KPI");
  const sc = scorecards.scorecards[0];
  const payout = await page.locator(`[data-scorecard="${sc.scorecard}"] [data-field=payout]`).textContent();
  assert(/\d,\d\d\s?₽$/.test(payout.replace(/[\u00a0\u202f]/g, " ")), `payout "${payout}" is not in Russian form`);
  same(payout, sc.payout, "payout in Russian", "ru");
  await page.selectOption("#lang", "en");
});

await check("a key in the address is taken and removed from the address bar", async () => {
  const { page: other, problems: otherProblems } = await watchedPage(await browser.newContext({ locale: "en-US" }));
  await other.goto(`${base}/#key=${readKey}`);
  await other.waitForSelector("main[data-loaded]", { timeout: TIMEOUT });
  assert(!other.url().includes("#"), `the address still holds the key: ${other.url()}`);
  assert(otherProblems.length === 0, otherProblems.join("; "));
});

// the screenshot shows the latest month, whose trends have the most points
mkdirSync(join(here, "out"), { recursive: true });
await page.selectOption("#period", months[2]);
await page.waitForSelector(`main[data-loaded="${months[2]}"]`);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(here, "out/scorecard.png") });

await check("signing out forgets the key", async () => {
  await page.click("#signout");
  await page.locator("#signin").waitFor({ state: "visible" });
  assert(await page.isHidden("#dashboard"), "the dashboard still shows");
  assert((await page.evaluate(() => sessionStorage.getItem("kpid.key"))) === null, "the key is still in sessionStorage");
});

await check("no console error, exception or CSP violation", async () => {
  assert(problems.length === 0, problems.join("; "));
});

await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
