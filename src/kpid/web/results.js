// The KPI table: fact, plan, attainment, a coloured status, the final/provisional mark, the
// change from the previous period and a trend cell that the series fill in afterwards.
import { el, table } from "./dom.js";
import { t } from "./i18n.js";
import * as fmt from "./format.js";

function maturity(r) {
  if (r.maturity === "final") return el("span", { class: "mark final" }, t("maturity.final"));
  return el("span", { class: "mark provisional", title: t("maturity.until", { date: fmt.date(r.matures_on) }) }, t("maturity.provisional"));
}

// Renders the table and returns code -> trend cell, for the sparklines.
export function renderResults(body, data) {
  if (!data.results.length) {
    body.replaceChildren(el("p", { class: "muted" }, t("results.none")));
    return new Map();
  }
  const trends = new Map();
  const columns = ["results.kpi", "results.owner", "results.fact", "results.plan", "results.attainment", "results.status", "results.maturity", "results.change", "results.trend"]
    .map((k, i) => ({ label: t(k), num: [2, 3, 4, 7].includes(i) }));
  const rows = data.results.map((r) => {
    const trend = el("td", { class: "trend" });
    trends.set(r.kpi, trend);
    return el(
      "tr",
      { dataset: { kpi: r.kpi } },
      el("td", {}, el("span", { class: "kpi-name" }, r.name), el("br"), el("code", {}, r.kpi)),
      el("td", {}, t(`owner.${r.owner}`)),
      el("td", { class: "num", dataset: { field: "fact" } }, fmt.byUnit(r.fact, r.unit)),
      el("td", { class: "num", dataset: { field: "plan" } }, fmt.byUnit(r.target?.plan, r.unit)),
      el("td", { class: "num", dataset: { field: "attainment" } }, fmt.ratio(r.attainment)),
      el("td", {}, el("span", { class: `status status-${r.status}`, dataset: { field: "status" } }, t(`status.${r.status}`))),
      el("td", {}, maturity(r)),
      el("td", { class: "num" }, fmt.signedPercent(r.change_pct)),
      trend,
    );
  });
  body.replaceChildren(table(columns, rows, { class: "kpis" }));
  return trends;
}
