// The scorecards view: per scorecard its items (weight, plan, fact, attainment bar, index,
// bonus) and the total, fixed pay, bonus and payout.
import { el, table } from "./dom.js";
import { t } from "./i18n.js";
import * as fmt from "./format.js";

// kpis: code -> {name, unit} from the period's results, to name items and format their numbers.
function card(sc, kpis) {
  const columns = ["results.kpi", "scorecards.weight", "scorecards.plan", "scorecards.fact", "scorecards.attainment", "scorecards.index", "scorecards.item_bonus"]
    .map((k, i) => ({ label: t(k), num: i > 0 }));
  const rows = sc.items.map((item) => {
    const unit = kpis.get(item.kpi)?.unit;
    const attainment = item.attainment ?? 0;
    return el(
      "tr",
      { dataset: { kpi: item.kpi } },
      el("td", {}, kpis.get(item.kpi)?.name ?? item.kpi),
      el("td", { class: "num" }, fmt.ratio(item.weight)),
      el("td", { class: "num", dataset: { field: "plan" } }, fmt.byUnit(item.plan, unit)),
      el("td", { class: "num", dataset: { field: "fact" } }, fmt.byUnit(item.fact, unit)),
      el(
        "td",
        { class: "num attainment" },
        // the bar shows attainment up to 200 %; green from the plan (100 %) on
        el("meter", { min: 0, max: 2, low: 1, high: 1, optimum: 2, value: Math.min(attainment, 2) }),
        el("span", { dataset: { field: "attainment" } }, fmt.ratio(item.attainment)),
      ),
      el("td", { class: "num", dataset: { field: "index" } }, fmt.number(item.index, 3)),
      el("td", { class: "num", dataset: { field: "item_bonus" } }, fmt.money(item.item_bonus)),
    );
  });
  const total = (key, value, field) => [el("dt", {}, t(key)), el("dd", { dataset: { field } }, value)];
  return el(
    "article",
    { class: "card", dataset: { scorecard: sc.scorecard } },
    el("h3", {}, sc.name),
    table(columns, rows),
    el(
      "dl",
      { class: "totals" },
      total("scorecards.total", fmt.number(sc.total, 3), "total"),
      total("scorecards.fixed_pay", fmt.money(sc.fixed_pay), "fixed_pay"),
      total("scorecards.bonus_base", fmt.money(sc.bonus_base), "bonus_base"),
      total("scorecards.bonus", fmt.money(sc.bonus), "bonus"),
      total("scorecards.payout", fmt.money(sc.payout), "payout"),
    ),
    sc.warnings?.length ? el("ul", { class: "warnings" }, sc.warnings.map((w) => el("li", {}, w))) : null,
  );
}

export function renderScorecards(body, data, kpis) {
  if (!data.scorecards.length) body.replaceChildren(el("p", { class: "muted" }, t("scorecards.none")));
  else body.replaceChildren(el("div", { class: "cards" }, data.scorecards.map((sc) => card(sc, kpis))));
}
