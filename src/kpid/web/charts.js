// The dashboard's two charts, drawn by uPlot (vendored, the global `uPlot`): a KPI's trend as a
// sparkline and the funnel as bars. Each returns the chart so that a re-render can destroy it.
/* global uPlot */

const LINE = "#1d4ed8";
const FILL = "#93c5fd";

// values: one number (or null, a gap) per period, oldest first.
export function sparkline(container, values, title) {
  const x = values.map((_, i) => i);
  const chart = new uPlot(
    {
      width: 120,
      height: 32,
      cursor: { show: false },
      legend: { show: false },
      select: { show: false },
      scales: { x: { time: false } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: LINE, width: 2, points: { show: true, size: 4, fill: LINE } }],
    },
    [x, values],
    container,
  );
  container.title = title;
  return chart;
}

// labels and counts of the funnel's steps, in order.
export function bars(container, labels, counts, format) {
  const x = labels.map((_, i) => i);
  const top = Math.max(1, ...counts.map((c) => c ?? 0));
  return new uPlot(
    {
      width: Math.max(320, Math.min(container.clientWidth || 720, 960)),
      height: 260,
      cursor: { show: false },
      legend: { show: false },
      select: { show: false },
      scales: { x: { time: false, range: () => [-0.5, labels.length - 0.5] }, y: { range: () => [0, top * 1.1] } },
      axes: [
        { splits: () => x, values: (_, splits) => splits.map((i) => labels[i] ?? ""), grid: { show: false } },
        { values: (_, splits) => splits.map((v) => format(v)), size: 64 },
      ],
      series: [{}, { fill: FILL, stroke: LINE, width: 1, paths: uPlot.paths.bars({ size: [0.6, 120] }), points: { show: false } }],
    },
    [x, counts],
    container,
  );
}
