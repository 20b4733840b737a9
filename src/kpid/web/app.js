// The dashboard: sign-in with a read key (kept in sessionStorage, for this tab only), the period
// and as-of pickers, and loading each view of the chosen period from kpid's API.
import { ApiError, downloadCsv, getAll, getJson, setKey } from "./api.js";
import { language, setLanguage, t, translatePage } from "./i18n.js";
import * as fmt from "./format.js";
import { sparkline } from "./charts.js";
import { renderScorecards } from "./scorecards.js";
import { renderResults } from "./results.js";
import { renderFunnel } from "./funnel.js";
import { renderChannels } from "./channels.js";
import { renderRejections } from "./rejections.js";

const KEY_STORE = "kpid.key";
const TREND_PERIODS = 6;
const $ = (id) => document.getElementById(id);

// loads counts the loads begun, so that an answer arriving after a newer pick is dropped
const state = { settings: null, periods: [], charts: [], last: null, loads: 0 };

function errorText(e) {
  if (!(e instanceof ApiError)) return String(e);
  if (e.status === 401) return t("error.unauthorized");
  if (e.status === 403) return t("error.forbidden");
  if (e.status === 0) return t("error.network");
  return t("error.other", { status: e.status, detail: e.message });
}

const refused = (e) => e instanceof ApiError && (e.status === 401 || e.status === 403);

function showSignIn(message) {
  sessionStorage.removeItem(KEY_STORE);
  setKey("");
  $("dashboard").hidden = true;
  $("signout").hidden = true;
  $("signin").hidden = false;
  $("signin-error").hidden = !message;
  $("signin-error").textContent = message ?? "";
  $("key").focus();
}

// --- periods ------------------------------------------------------------------------------

const KINDS = ["month", "quarter", "week", "year"];

function fillPeriods() {
  const select = $("period");
  const chosen = select.value;
  select.replaceChildren(
    ...KINDS.map((kind) => {
      const ps = state.periods.filter((p) => p.kind === kind).reverse();
      if (!ps.length) return null;
      const group = document.createElement("optgroup");
      group.label = t(`kind.${kind}`);
      for (const p of ps) group.append(new Option(fmt.periodName(p.id), p.id));
      return group;
    }).filter(Boolean),
  );
  if (chosen) select.value = chosen;
}

// The last month that has ended, else the latest period begun, else the first one.
function defaultPeriod() {
  const today = new Date().toISOString().slice(0, 10);
  const ended = state.periods.filter((p) => p.kind === "month" && p.end <= today);
  const begun = state.periods.filter((p) => p.start <= today);
  return (ended.at(-1) ?? begun.at(-1) ?? state.periods[0])?.id ?? "";
}

// The first of the TREND_PERIODS periods ending with this one: counted back by the calendar for
// months and quarters (the series answers undefined periods too), else among the defined ones.
function trendStart(period) {
  const back = TREND_PERIODS - 1;
  let m = /^(\d{4})-(\d{2})$/.exec(period.id);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1 - back, 1)).toISOString().slice(0, 7);
  m = /^(\d{4})-Q([1-4])$/.exec(period.id);
  if (m) {
    const q = +m[1] * 4 + (+m[2] - 1) - back;
    return `${Math.floor(q / 4)}-Q${(q % 4) + 1}`;
  }
  const same = state.periods.filter((p) => p.kind === period.kind);
  return same[Math.max(0, same.findIndex((p) => p.id === period.id) - back)].id;
}

// The end of the chosen day in the workspace's time zone, as RFC 3339.
function asOfParam() {
  const day = $("as-of").value;
  if (!day) return "";
  const zone = state.settings?.timezone ?? "UTC";
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((part) => part.type === "timeZoneName").value;
  return `${day}T23:59:59${name === "GMT" ? "Z" : name.slice(3)}`;
}

// A period's end is exclusive; people read the last day it covers.
const lastDay = (end) => new Date(Date.parse(`${end}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);

// --- views --------------------------------------------------------------------------------

const VIEWS = ["scorecards", "results", "funnel", "channels", "rejections"];
const viewBody = (view) => $(`view-${view}`).querySelector(".view-body");

function showViewError(view, e) {
  viewBody(view).replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: t("error.view", { message: errorText(e) }) }));
}

async function drawTrends(cells, period, asOf) {
  const from = trendStart(period);
  await Promise.all(
    [...cells].map(async ([code, cell]) => {
      try {
        const series = await getJson(`/v1/kpis/${encodeURIComponent(code)}/series`, { from, to: period.id, as_of: asOf });
        const title = series.items.map((it) => `${fmt.periodName(it.period)}: ${fmt.byUnit(it.fact, series.unit)}`).join("\n");
        state.charts.push(sparkline(cell, series.items.map((it) => it.fact), title));
      } catch (e) {
        cell.textContent = "—";
        cell.title = errorText(e);
      }
    }),
  );
}

// Draws every view from the answers of one load (again after a language change).
function render(loaded) {
  for (const chart of state.charts.splice(0)) chart.destroy();
  const { period, asOf, answers } = loaded;
  const results = answers.results.status === "fulfilled" ? answers.results.value : null;
  const info = results ?? answers.funnel.value;
  $("period-info").textContent = info
    ? `${t("period.info", { start: fmt.date(info.start), end: fmt.date(lastDay(info.end)), as_of: fmt.date(info.as_of) })}${info.closed ? ` · ${t("period.closed")}` : ""}`
    : "";
  const kpis = new Map((results?.results ?? []).map((r) => [r.kpi, r]));
  const draw = {
    scorecards: (data) => renderScorecards(viewBody("scorecards"), data, kpis),
    results: (data) => drawTrends(renderResults(viewBody("results"), data), period, asOf),
    funnel: (data) => state.charts.push(renderFunnel(viewBody("funnel"), data)),
    channels: (data) => renderChannels(viewBody("channels"), data),
    rejections: (data) => renderRejections(viewBody("rejections"), data),
  };
  return Promise.all(
    VIEWS.map((view) => (answers[view].status === "fulfilled" ? draw[view](answers[view].value) : showViewError(view, answers[view].reason))),
  );
}

async function load() {
  const period = state.periods.find((p) => p.id === $("period").value);
  if (!period) return;
  const asOf = asOfParam();
  const main = $("dashboard");
  main.setAttribute("aria-busy", "true");
  delete main.dataset.loaded;
  const ticket = ++state.loads;
  const settled = await Promise.allSettled(VIEWS.map((view) => getJson(`/v1/periods/${encodeURIComponent(period.id)}/${view}`, { as_of: asOf })));
  if (ticket !== state.loads) return;
  const answers = Object.fromEntries(VIEWS.map((view, i) => [view, settled[i]]));
  const denied = settled.find((s) => s.status === "rejected" && refused(s.reason));
  if (denied) {
    showSignIn(errorText(denied.reason));
    return;
  }
  $("load-error").hidden = true;
  state.last = { period, asOf, answers };
  await render(state.last);
  if (ticket !== state.loads) return;
  main.removeAttribute("aria-busy");
  main.dataset.loaded = period.id; // for scripts and tests waiting on a complete view
}

// --- sign-in ------------------------------------------------------------------------------

async function signIn(key) {
  setKey(key);
  try {
    state.settings = await getJson("/v1/settings");
    state.periods = await getAll("/v1/periods");
  } catch (e) {
    showSignIn(errorText(e));
    return;
  }
  sessionStorage.setItem(KEY_STORE, key);
  fmt.setCurrency(state.settings.currency);
  $("signin").hidden = true;
  $("signout").hidden = false;
  $("dashboard").hidden = false;
  fillPeriods();
  $("period").value = defaultPeriod();
  await load();
}

// A key handed over in the address (#key=..., as `make run` prints it) is taken and removed
// from the address bar at once; a fragment never reaches the server.
function keyFromAddress() {
  const key = new URLSearchParams(location.hash.slice(1)).get("key");
  if (key) history.replaceState(null, "", location.pathname + location.search);
  return key;
}

function start() {
  $("lang").value = language();
  translatePage();
  $("lang").addEventListener("change", () => {
    setLanguage($("lang").value);
    translatePage();
    fillPeriods();
    if (state.last) render(state.last);
  });
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("key").value.trim());
  });
  $("signout").addEventListener("click", () => showSignIn(""));
  $("controls").addEventListener("submit", (e) => {
    e.preventDefault();
    load();
  });
  $("period").addEventListener("change", load);
  for (const button of document.querySelectorAll("button[data-csv]")) {
    button.addEventListener("click", async () => {
      const view = button.dataset.csv;
      const id = $("period").value;
      try {
        await downloadCsv(`/v1/periods/${encodeURIComponent(id)}/${view}`, { as_of: asOfParam() }, `kpid-${view}-${id}.csv`);
      } catch (e) {
        $("load-error").hidden = false;
        $("load-error").textContent = errorText(e);
      }
    });
  }
  const key = keyFromAddress() ?? sessionStorage.getItem(KEY_STORE);
  if (key) signIn(key);
  else showSignIn("");
}

start();
