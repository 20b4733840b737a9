// Numbers, money, percentages and dates as the chosen locale writes them (Intl), in the
// workspace's currency. A missing value (null) is shown as a dash.
import { locale, t } from "./i18n.js";

const DASH = "—";
let currency = "RUB";
const formats = new Map();

export function setCurrency(code) {
  currency = code || "RUB";
}

function numberFormat(options) {
  const key = `${locale()}|${currency}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(locale(), options));
  return formats.get(key);
}

const missing = (v) => v === null || v === undefined || Number.isNaN(v);

export const number = (v, digits = 2) =>
  missing(v) ? DASH : numberFormat({ maximumFractionDigits: digits }).format(v);

// Money as kpid writes it: rounded to the cent, always with two decimals.
export const money = (v) =>
  missing(v)
    ? DASH
    : numberFormat({ style: "currency", currency, currencyDisplay: "narrowSymbol", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);

// A value already in percent (a KPI of unit percent, ROMI, a conversion): 12.5 -> "12.5 %".
export const percent = (v) =>
  missing(v) ? DASH : numberFormat({ style: "percent", maximumFractionDigits: 1 }).format(v / 100);

// A ratio (attainment 1.043, an index 0.45) as a percentage: "104.3 %".
export const ratio = (v) =>
  missing(v) ? DASH : numberFormat({ style: "percent", maximumFractionDigits: 1 }).format(v);

// A KPI's number by its unit (count, money, percent, minutes, days, points).
export function byUnit(v, unit) {
  if (unit === "money") return money(v);
  if (unit === "percent") return percent(v);
  return number(v);
}

export const signedPercent = (v) =>
  missing(v) ? DASH : numberFormat({ style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v / 100);

export function date(iso) {
  if (!iso) return DASH;
  // a bare date is a calendar day, not a UTC midnight to shift into the local zone
  const d = iso.length === 10 ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
  const options = iso.length === 10 ? { dateStyle: "medium", timeZone: "UTC" } : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(locale(), options).format(d);
}

// "2025-01" -> "January 2025", "2025-Q1" -> "Q1 2025"; other period ids (2025-W07, 2025) as they are.
export function periodName(id) {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) return t("period.quarter", { year: quarter[1], quarter: quarter[2] });
  if (!/^\d{4}-\d{2}$/.test(id)) return id;
  return new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${id}-01T00:00:00Z`));
}
