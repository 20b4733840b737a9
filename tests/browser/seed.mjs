// Loads a demo-like workspace through kpid's API for the browser test: three months of leads,
// deals and spend on three channels, monthly marketing and sales KPIs with targets, a marketing
// and a sales scorecard, the months and their quarter as periods; then a read and an ingest key.

const CHANNELS = ["yandex_direct", "seo", "vk_ads"];
const REASONS = ["spam", "not_target", "no_answer"];

// The `count` calendar months before the current one, oldest first, as "YYYY-MM".
function lastMonths(count, now = new Date()) {
  const months = [];
  for (let i = count; i >= 1; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export function api(base, key) {
  return async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

const at = (month, day, hour) => `${month}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;

// Leads, and a won deal for some: volumes and conversions differ by month and channel, so every
// month's numbers differ and the trends move.
function activity(months) {
  const leads = [];
  const deals = [];
  const spend = [];
  months.forEach((month, mi) => {
    CHANNELS.forEach((channel, ci) => {
      spend.push({ channel, date: `${month}-01`, amount: 20000 * (ci + 1) + 4000 * mi, campaign: "main" });
      const n = 14 + 5 * mi + 3 * ci;
      for (let j = 0; j < n; j++) {
        const id = `${month}-${channel}-${j}`;
        const day = 1 + ((j * 7 + ci) % 22);
        const lead = { source: "crm", external_id: id, channel, created_at: at(month, day, 9 + (j % 8)),
          contact: { phone: `+7900${mi}${ci}${String(j).padStart(5, "0")}` }, is_sql: j % 3 !== 1 };
        if (j % 7 === 6) Object.assign(lead, { is_valid: false, invalid_reason: REASONS[(j + ci) % 3] });
        const contacted = j % 5 !== 4;
        const meeting = contacted && j % 3 !== 2;
        const proposal = meeting && (j + mi) % 2 === 0;
        if (contacted) lead.first_contact_at = at(month, day, 18);
        if (meeting) lead.meeting_at = at(month, day + 2, 12);
        if (proposal) lead.proposal_at = at(month, day + 3, 12);
        leads.push(lead);
        if (proposal && lead.is_valid !== false && (j + ci) % 3 === 0)
          deals.push({ source: "crm", external_id: `deal-${id}`, lead_external_id: id, client_ref: `client-${id}`,
            is_new_client: true, amount: 90000 + 15000 * ci + 10000 * mi, gross_margin: 50000 + 5000 * ci + 6000 * mi,
            status: "won", created_at: at(month, day + 3, 15), closed_at: at(month, day + 5, 15) });
      }
    });
  });
  return { leads, deals, spend };
}

const KPIS = [
  ["valid_leads", "marketing", "valid_leads", "Valid leads", [30, 40, 50]],
  ["cpl", "marketing", "cpl", "Cost per valid lead", [3000, 2500, 2000]],
  ["sql_share", "marketing", "sql_share", "SQL share of valid leads, %", [40, 55, 70]],
  ["new_client_revenue", "sales", "revenue_new_clients", "New-client revenue", [300000, 450000, 600000]],
  ["cac", "shared", "cac", "Customer acquisition cost", [40000, 30000, 20000]],
  ["romi", "shared", "romi", "ROMI, %", [0, 50, 100]],
];

export async function seed(base, adminKey) {
  const call = api(base, adminKey);
  const months = lastMonths(3);
  const { leads, deals, spend } = activity(months);
  await call("POST", "/v1/spend/batch", { items: spend });
  await call("POST", "/v1/leads/batch", { items: leads });
  await call("POST", "/v1/deals/batch", { items: deals });
  for (const [code, owner, metric, name, [base_, plan, stretch]] of KPIS)
    await call("POST", "/v1/kpis", { code, owner, metric, name, granularity: "month", target: { base: base_, plan, stretch } });
  for (const [i, month] of months.entries()) {
    await call("PUT", `/v1/periods/${month}`);
    await call("PUT", `/v1/periods/${month}/targets/valid_leads`, { base: 30, plan: 40 + 5 * i, stretch: 60 });
  }
  const [y, m] = months[2].split("-").map(Number);
  await call("PUT", `/v1/periods/${y}-Q${Math.ceil(m / 3)}`);
  await call("POST", "/v1/scorecards", { code: "marketing_lead", name: "Marketing lead", owner: "marketing",
    granularity: "month", fixed_pay: 120000, bonus_base: 50000,
    items: [{ kpi: "valid_leads", weight: 0.4 }, { kpi: "cpl", weight: 0.3 }, { kpi: "romi", weight: 0.3 }] });
  await call("POST", "/v1/scorecards", { code: "sales_lead", name: "Sales lead", owner: "sales",
    granularity: "month", fixed_pay: 110000, bonus_base: 70000,
    items: [{ kpi: "new_client_revenue", weight: 0.6 }, { kpi: "cac", weight: 0.4 }] });
  const key = async (scopes) => (await call("POST", "/v1/api-keys", { name: `dashboard-${scopes[0]}`, scopes })).key;
  return { months, readKey: await key(["read"]), ingestKey: await key(["ingest"]) };
}
