// kpid's API as the signed-in key sees it: JSON reads, whole lists, CSV downloads. A refused or
// failed request becomes an ApiError carrying the HTTP status (0 when kpid did not answer).
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

let key = "";

export function setKey(value) {
  key = value;
}

async function request(path, params, accept) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params ?? {}))
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
  let response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${key}`, Accept: accept }, cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, e.message);
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      // not problem+json: the status text says enough
    }
    throw new ApiError(response.status, detail);
  }
  return response;
}

export const getJson = async (path, params) => (await request(path, params, "application/json")).json();

// Every item of a paged list, following next_cursor.
export async function getAll(path, params = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await getJson(path, { ...params, limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

// A link cannot carry the Authorization header, so the CSV is fetched with the key and handed
// to the browser as a Blob download.
export async function downloadCsv(path, params, filename) {
  const blob = await (await request(path, { ...params, format: "csv" }, "text/csv")).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
