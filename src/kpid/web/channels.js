// The channel table: spend, leads, clients, revenue and the cost and return ratios; CTR only
// when kpid reports it (channels with ad statistics).
import { el, table } from "./dom.js";
import { t } from "./i18n.js";
import * as fmt from "./format.js";

const COLUMNS = [
  ["spend", fmt.money],
  ["leads", (v) => fmt.number(v, 0)],
  ["valid_leads", (v) => fmt.number(v, 0)],
  ["sql_leads", (v) => fmt.number(v, 0)],
  ["clients", (v) => fmt.number(v, 0)],
  ["revenue", fmt.money],
  ["cpl", fmt.money],
  ["cac", fmt.money],
  ["romi", fmt.percent],
  ["roas", fmt.percent],
  ["ctr", fmt.percent],
];

export function renderChannels(body, data) {
  if (!data.channels.length) {
    body.replaceChildren(el("p", { class: "muted" }, t("channels.none")));
    return;
  }
  const shown = COLUMNS.filter(([name]) => data.channels.some((c) => name in c));
  const columns = [{ label: t("channels.channel") }, ...shown.map(([name]) => ({ label: t(`channels.${name}`), num: true }))];
  const rows = data.channels.map((c) =>
    el(
      "tr",
      { dataset: { channel: c.channel } },
      el("td", {}, c.channel),
      shown.map(([name, format]) => el("td", { class: "num", dataset: { field: name } }, format(c[name]))),
    ),
  );
  body.replaceChildren(table(columns, rows));
}
