// Rejected leads of the period by reason and channel.
import { el, table } from "./dom.js";
import { t } from "./i18n.js";
import * as fmt from "./format.js";

export function renderRejections(body, data) {
  if (!data.rejections.length) {
    body.replaceChildren(el("p", { class: "muted" }, t("rejections.none")));
    return;
  }
  const columns = [{ label: t("rejections.reason") }, { label: t("rejections.channel") }, { label: t("rejections.leads"), num: true }];
  body.replaceChildren(
    el("p", { dataset: { field: "total" } }, t("rejections.total", { count: fmt.number(data.total, 0) })),
    table(columns, data.rejections.map((r) => [r.reason, r.channel ?? "—", fmt.number(r.leads, 0)])),
  );
}
