// The funnel view: the steps as a bar chart, and their counts and conversions as a table.
import { el, table } from "./dom.js";
import { t } from "./i18n.js";
import * as fmt from "./format.js";
import { bars } from "./charts.js";

// Returns the chart, for the next render to destroy.
export function renderFunnel(body, data) {
  const labels = data.steps.map((s) => t(`step.${s.step}`));
  const chart = el("div", { class: "chart" });
  const rows = data.steps.map((s, i) =>
    el(
      "tr",
      { dataset: { step: s.step } },
      el("td", {}, labels[i]),
      el("td", { class: "num", dataset: { field: "count" } }, fmt.number(s.count, 0)),
      el("td", { class: "num", dataset: { field: "conversion" } }, fmt.percent(s.conversion)),
    ),
  );
  body.replaceChildren(
    chart,
    table([{ label: t("funnel.step") }, { label: t("funnel.count"), num: true }, { label: t("funnel.conversion"), num: true }], rows),
    el("p", {}, t("funnel.lead_to_client", { value: fmt.percent(data.lead_to_client) })),
  );
  return bars(chart, labels, data.steps.map((s) => s.count), (v) => fmt.number(v, 0));
}
