// ch-chart.js: the city dashboard's charts. uPlot (the vendored /vendor/uplot.js and its
// stylesheet, loaded only when a chart is first shown) draws lines over days and bars over
// categories; long category lists (some 40 agencies) are sorted bar lists in HTML, readable on a
// phone. Every chart has its numbers as a table in a <details> for screen readers and for anyone
// who wants the figures: the canvas itself is one labelled image.
import { html, useState, useEffect, useRef } from '../../../vendor/preact-htm.js';
import { t, addMessages, getLang, locale, fmtNumber } from '../../i18n.js';
import { Table, ErrorBox } from '../../ui.js';

addMessages({
  id: { 'ch.chart.table': 'Tampilkan tabel data', 'ch.chart.empty': 'Belum ada data untuk grafik ini.', 'ch.chart.day': 'Tanggal' },
  en: { 'ch.chart.table': 'Show the data table', 'ch.chart.empty': 'No data for this chart yet.', 'ch.chart.day': 'Date' },
});

let uplot = null;
/** loadUplot loads uPlot and its stylesheet once. */
export function loadUplot() {
  if (!uplot) {
    if (!document.querySelector('link[data-ch-uplot]')) {
      const l = document.createElement('link');
      l.rel = 'stylesheet'; l.href = '/vendor/uplot.css'; l.dataset.chUplot = '1';
      document.head.append(l);
    }
    uplot = import('../../../vendor/uplot.js').then((m) => m.default).catch((e) => { uplot = null; throw e; });
  }
  return uplot;
}

/** The palette: distinguishable, each at least 3:1 against white (WCAG non-text contrast). */
export const COLORS = ['#0b5d3b', '#1f4fa3', '#a15c00', '#b42318', '#6b3fa0', '#00727a', '#5c6b00', '#8a3b6b'];

/** dayLabel shows a "YYYY-MM-DD" or a UTC-midnight timestamp (s) as "5 Des". */
export const dayLabel = (v) => new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' })
  .format(typeof v === 'number' ? new Date(v * 1000) : new Date(v + 'T00:00:00Z'));
/** dayTs turns "YYYY-MM-DD" into the UTC-midnight timestamp uPlot plots. */
export const dayTs = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 1000;

/** UChart draws a uPlot chart sized to its container; opts(uPlot) returns its options. */
export function UChart({ opts, data, label, height = 260, test }) {
  const box = useRef(null);
  const [error, setError] = useState(null);
  const lang = getLang();
  useEffect(() => {
    let live = true, plot = null, ro = null;
    loadUplot().then((U) => {
      if (!live || !box.current) return;
      const width = Math.max(240, box.current.clientWidth);
      plot = new U({ ...opts(U), width, height }, data, box.current);
      ro = new ResizeObserver(() => {
        const w = box.current?.clientWidth;
        if (plot && w && Math.abs(w - plot.width) > 4) plot.setSize({ width: Math.max(240, w), height });
      });
      ro.observe(box.current);
    }).catch((e) => live && setError(e));
    return () => { live = false; ro?.disconnect(); plot?.destroy(); };
  }, [data, lang, height]);
  return html`<div class="ch-chart" data-test=${test}>
    <div ref=${box} class="ch-chart-canvas" role="img" aria-label=${label}></div>
    ${error ? html`<${ErrorBox} error=${error} />` : null}
  </div>`;
}

const axis = { stroke: '#4f5a63', grid: { stroke: '#e3e8ec', width: 1 }, ticks: { stroke: '#d0d7de', width: 1 } };

/** dayLines are the options of a line chart over days: series [{ label, color, fmt }]. */
export function dayLines(series, { yFmt = (v) => fmtNumber(v), yRange, xLabel = t('ch.chart.day') } = {}) {
  return (U) => ({
    tzDate: (ts) => U.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: yRange ? { range: yRange } : {} },
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: xLabel, value: (u, v) => (v == null ? '—' : dayLabel(v)) },
      ...series.map((s, i) => ({ label: s.label, stroke: s.color || COLORS[i], width: 2, points: { size: 5 }, value: (u, v) => (v == null ? '—' : (s.fmt || yFmt)(v)) })),
    ],
    axes: [
      // Ticks a whole number of days apart: a short period must not label one day several times.
      { ...axis, incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400], values: (u, splits) => splits.map((v) => dayLabel(v)) },
      { ...axis, size: 56, values: (u, splits) => splits.map((v) => yFmt(v)) },
    ],
  });
}

/** categoryBars are the options of a bar chart over labelled categories. */
export function categoryBars(labels, series, { yFmt = (v) => fmtNumber(v), xLabel = '' } = {}) {
  return (U) => ({
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, lo, hi) => [0, Math.max(1, hi * 1.08)] } },
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: xLabel, value: (u, v) => (v == null ? '—' : labels[Math.round(v)] ?? '') },
      ...series.map((s, i) => ({
        label: s.label, stroke: s.color || COLORS[i], fill: (s.color || COLORS[i]) + 'cc', width: 1,
        paths: U.paths.bars({ size: [0.7 / series.length, 60], align: 0 }), points: { show: false }, value: (u, v) => (v == null ? '—' : yFmt(v)),
      })),
    ],
    axes: [
      { ...axis, grid: { show: false }, splits: () => labels.map((_, i) => i), values: (u, splits) => {
        const step = Math.max(1, Math.ceil(labels.length / Math.max(1, (u.width || 300) / 44)));
        return splits.map((i) => (i % step === 0 ? labels[i] ?? '' : ''));
      }, rotate: labels.length > 8 ? -45 : 0, size: labels.length > 8 ? 56 : 40 },
      { ...axis, size: 56, values: (u, splits) => splits.map((v) => yFmt(v)) },
    ],
  });
}

const pctOf = (v, top) => Math.max(0, Math.min(100, (v / top) * 100)).toFixed(1);

/** BarList is a sorted list of horizontal bars in HTML: rows [{ key, label, value, text, parts?, aria? }];
 * parts [{ value, cls }] stack inside one bar, aria says them to screen readers. */
export function BarList({ rows, max, label, test, kind = '' }) {
  if (!rows.length) return html`<p class="empty">${t('ch.chart.empty')}</p>`;
  const top = (max ?? Math.max(...rows.map((r) => r.value), 0)) || 1;
  return html`<ol class=${'ch-bars ' + kind} aria-label=${label} data-test=${test}>
    ${rows.map((r) => html`<li key=${r.key}>
      <span class="ch-bar-label">${r.label}</span>
      <span class="ch-bar-track" aria-hidden="true">${(r.parts || [{ value: r.value }]).map((p) => html`<span class=${'ch-bar-fill ' + (p.cls || '')} style=${`width:${pctOf(p.value, top)}%`}></span>`)}</span>
      <span class="ch-bar-value">${r.text}${r.aria ? html`<span class="ch-sr"> (${r.aria})</span>` : null}</span>
    </li>`)}
  </ol>`;
}

/** DataTable is a chart's numbers as a table, folded under a summary. */
export const DataTable = ({ caption, columns, rows }) => html`<details class="ch-datatable">
  <summary>${t('ch.chart.table')}</summary>
  <${Table} caption=${caption} columns=${columns} rows=${rows} />
</details>`;
