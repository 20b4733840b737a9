// Builds DOM nodes without HTML strings (so no markup is ever parsed from data) and simple tables.

// el("td", {class: "num", dataset: {field: "fact"}}, "12") -> <td class="num" data-field="fact">12</td>
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// A table: columns are {label, num?}, rows are arrays of cells (text or nodes), or a <tr> itself.
export function table(columns, rows, props = {}) {
  const head = el("tr", {}, columns.map((c) => el("th", { class: c.num ? "num" : null, scope: "col" }, c.label)));
  const body = rows.map((row) =>
    row instanceof HTMLElement ? row : el("tr", {}, row.map((cell, i) => el("td", { class: columns[i].num ? "num" : null }, cell))),
  );
  return el("table", props, el("thead", {}, head), el("tbody", {}, body));
}
