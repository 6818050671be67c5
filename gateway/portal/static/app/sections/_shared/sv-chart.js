// sv-chart.js: a daily line chart with uPlot (loaded only by the screens that draw one, with
// its stylesheet), sized to its container and redrawn on resize, with the same numbers in a
// table under it (a <details>) for screen readers and for reading exact values.
import { html, useEffect, useRef, useState } from '../../../vendor/preact-htm.js';
import { t, addMessages, fmtDate, fmtNumber, locale } from '../../i18n.js';

addMessages({
  id: { 'chart.table': 'Angka grafik dalam tabel', 'chart.date': 'Tanggal', 'chart.failed': 'Grafik tidak dapat dimuat; angkanya ada di tabel.' },
  en: { 'chart.table': 'The chart\'s numbers as a table', 'chart.date': 'Date', 'chart.failed': 'The chart could not be loaded; its numbers are in the table.' },
});

let uplotP = null;
/** uplot loads uPlot and its stylesheet once. */
function uplot() {
  if (!uplotP) {
    if (!document.querySelector('link[data-uplot]')) {
      const l = document.createElement('link');
      l.rel = 'stylesheet'; l.href = '/vendor/uplot.css'; l.dataset.uplot = '1';
      document.head.appendChild(l);
    }
    uplotP = import('../../../vendor/uplot.js').then((m) => m.default).catch((e) => { uplotP = null; throw e; });
  }
  return uplotP;
}

const dayTs = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 1000;

/**
 * DailyChart draws days ("YYYY-MM-DD") against series [{ label, values, color, scale, format }]:
 * scale 'pct' (0–100, left axis) or 'n' (right axis); format(v) writes a value for the table.
 */
export function DailyChart({ days, series, label, test }) {
  const el = useRef(null);
  const plot = useRef(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    let ro;
    uplot().then((UPlot) => {
      if (!live || !el.current) return;
      plot.current?.destroy();
      const width = Math.max(280, el.current.clientWidth);
      const fmtDay = (ts) => fmtDate(new Date(ts * 1000).toISOString().slice(0, 10), { style: 'short' });
      const opts = {
        width, height: 260,
        tzDate: (ts) => UPlot.tzDate(new Date(ts * 1e3), 'UTC'),
        fmtDate: () => (d) => new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d),
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, pct: { range: [0, 100] }, n: { range: (u, min, max) => [0, Math.max(5, max * 1.15)] } },
        axes: [
          { stroke: '#4f5a63', grid: { stroke: '#e3e8ec' }, incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400], space: 48, values: (u, ticks) => ticks.map((x) => new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(x * 1000))) },
          { scale: 'pct', stroke: '#4f5a63', grid: { stroke: '#e3e8ec' }, values: (u, ticks) => ticks.map((v) => `${fmtNumber(v)}%`) },
          { scale: 'n', side: 1, stroke: '#4f5a63', grid: { show: false }, values: (u, ticks) => ticks.map((v) => fmtNumber(v)) },
        ],
        series: [
          { label: t('chart.date'), value: (u, ts) => (ts == null ? '' : fmtDay(ts)) },
          ...series.map((s) => ({ label: s.label, scale: s.scale, stroke: s.color, width: 2, points: { size: 6, fill: s.color },
            value: (u, v) => (v == null ? '—' : s.format ? s.format(v) : fmtNumber(v, 1)) })),
        ],
      };
      const data = [days.map(dayTs), ...series.map((s) => s.values.map((v) => (v == null ? null : v)))];
      plot.current = new UPlot(opts, data, el.current);
      ro = new ResizeObserver(() => { if (el.current && plot.current) plot.current.setSize({ width: Math.max(280, el.current.clientWidth), height: 260 }); });
      ro.observe(el.current);
    }).catch((e) => { console.warn('chart:', e); if (live) setFailed(true); });
    return () => { live = false; ro?.disconnect(); };
  }, [days, series]);
  useEffect(() => () => { plot.current?.destroy(); plot.current = null; }, []);
  return html`<figure class="sv-figure" data-test=${test}>
    <figcaption class="sv-sr">${label}</figcaption>
    ${failed ? html`<p class="alert alert-warn">${t('chart.failed')}</p>` : null}
    <div ref=${el} class="chart sv-chart" role="img" aria-label=${label}></div>
    <details class="sv-chart-table"><summary>${t('chart.table')}</summary>
      <div class="table-wrap"><table class="sv-hours-table">
        <caption class="sv-sr">${label}</caption>
        <thead><tr><th scope="col">${t('chart.date')}</th>${series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}</tr></thead>
        <tbody>${days.map((d, i) => html`<tr><th scope="row">${fmtDate(d, { style: 'short' })}</th>${series.map((s) => html`<td class="num">${s.values[i] == null ? '—' : s.format ? s.format(s.values[i]) : fmtNumber(s.values[i], 1)}</td>`)}</tr>`)}</tbody>
      </table></div>
    </details>
  </figure>`;
}
