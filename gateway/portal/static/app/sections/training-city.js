// training-city.js: "Pelatihan kota" (/pelatihan-kota), the city's competency development at a
// glance for city HR and the inspectorate, for a year. (a) The 20 JP shortfall: the city's
// totals and, per agency, how many employees are short of 20 JP earned (and still short counting
// what is scheduled) and the JP still to deliver — a uPlot bar chart of the share short, most
// short first, with the figures as a table and each agency's list as CSV (GET /v1/employeeJp
// per agency: its totals over every page). (b) Participation and completion per programme and
// per provider (GET /v1/participationReport): sessions, seats, participants, passed, completion
// rate, JP delivered and cost, as a chart of participants and passes by provider and as tables,
// with the CSV (/v1/participationReport:csv).
import { html, useState, useMemo } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, fmtPercent } from '../i18n.js';
import { get, qs } from '../api.js';
import { Page, Card, Async, useAsync, Select, Stat } from '../ui.js';
import { navigate } from '../router.js';
import { agencies, topLevel } from './_shared/ch-common.js';
import { UChart, categoryBars, COLORS } from './_shared/ch-chart.js';
import { TrTable as Table, num, rupiah, thisYear, JP_TARGET } from './_shared/training-common.js';

addMessages({
  id: {
    'trk.title': 'Pelatihan kota', 'trk.year': 'Tahun', 'trk.employees': 'Pegawai aktif', 'trk.short': 'Kurang dari 20 JP', 'trk.projectedShort': 'Masih kurang bila yang terjadwal selesai',
    'trk.shortfall': 'JP yang masih harus diberikan', 'trk.earned': 'JP diperoleh', 'trk.byAgency': 'Kekurangan 20 JP per instansi',
    'trk.byAgency.label': 'Grafik batang persentase pegawai yang kurang dari 20 JP per instansi, dari yang terbanyak', 'trk.byAgency.series': 'Kurang 20 JP (%)',
    'trk.byAgency.projected': 'Masih kurang bila terjadwal selesai (%)', 'trk.col.agency': 'Instansi', 'trk.col.employees': 'Pegawai', 'trk.col.short': 'Kurang 20 JP',
    'trk.col.share': 'Bagian', 'trk.col.projectedShort': 'Kurang (terjadwal)', 'trk.col.shortfall': 'JP kurang', 'trk.col.csv': 'Daftar', 'trk.csv': 'CSV',
    'trk.csvAll': 'Unduh CSV seluruh kota (yang kurang)', 'trk.loading': 'Menghitung {done} dari {all} instansi…', 'trk.none': 'Belum ada data JP.',
    'trk.participation': 'Partisipasi dan kelulusan', 'trk.byProvider.label': 'Grafik batang peserta dan yang lulus per penyedia pelatihan',
    'trk.participants': 'Peserta', 'trk.passed': 'Lulus', 'trk.programmes': 'Per program', 'trk.programmes.show': 'Tampilkan per program ({n})',
    'trk.byAgency.show': 'Tampilkan tabel per instansi ({n})', 'trk.providers': 'Per penyedia', 'trk.participation.none': 'Belum ada sesi pada tahun ini.',
    'trk.col.title': 'Program', 'trk.col.provider': 'Penyedia', 'trk.col.sessions': 'Sesi', 'trk.col.seats': 'Kursi', 'trk.col.participants': 'Peserta',
    'trk.col.waitlisted': 'Menunggu', 'trk.col.passed': 'Lulus', 'trk.col.failed': 'Tidak lulus', 'trk.col.dnf': 'Tidak selesai', 'trk.col.rate': 'Kelulusan',
    'trk.col.jp': 'JP diberikan', 'trk.col.cost': 'Biaya', 'trk.csvParticipation': 'Unduh CSV partisipasi',
    'trk.rule': 'Setiap PNS berhak dan wajib mengikuti pengembangan kompetensi paling sedikit {target} JP setahun (PP 11/2017 jo. PP 17/2020 pasal 203). JP dihitung dari pelatihan yang lulus, pelatihan mandiri yang diverifikasi, dan magang yang selesai.',
  },
  en: {
    'trk.title': 'City training', 'trk.year': 'Year', 'trk.employees': 'Active employees', 'trk.short': 'Short of 20 JP', 'trk.projectedShort': 'Still short if scheduled training finishes',
    'trk.shortfall': 'JP still to deliver', 'trk.earned': 'JP earned', 'trk.byAgency': '20 JP shortfall by agency',
    'trk.byAgency.label': 'Bar chart of the share of employees short of 20 JP by agency, most short first', 'trk.byAgency.series': 'Short of 20 JP (%)',
    'trk.byAgency.projected': 'Still short if scheduled finishes (%)', 'trk.col.agency': 'Agency', 'trk.col.employees': 'Employees', 'trk.col.short': 'Short of 20 JP',
    'trk.col.share': 'Share', 'trk.col.projectedShort': 'Short (scheduled)', 'trk.col.shortfall': 'JP short', 'trk.col.csv': 'List', 'trk.csv': 'CSV',
    'trk.csvAll': 'Download the city\'s CSV (those short)', 'trk.loading': 'Counting {done} of {all} agencies…', 'trk.none': 'No JP data yet.',
    'trk.participation': 'Participation and completion', 'trk.byProvider.label': 'Bar chart of participants and passes by training provider',
    'trk.participants': 'Participants', 'trk.passed': 'Passed', 'trk.programmes': 'By programme', 'trk.programmes.show': 'Show by programme ({n})',
    'trk.byAgency.show': 'Show the table by agency ({n})', 'trk.providers': 'By provider', 'trk.participation.none': 'No sessions this year yet.',
    'trk.col.title': 'Programme', 'trk.col.provider': 'Provider', 'trk.col.sessions': 'Sessions', 'trk.col.seats': 'Seats', 'trk.col.participants': 'Participants',
    'trk.col.waitlisted': 'Waiting', 'trk.col.passed': 'Passed', 'trk.col.failed': 'Failed', 'trk.col.dnf': 'Did not finish', 'trk.col.rate': 'Completion',
    'trk.col.jp': 'JP delivered', 'trk.col.cost': 'Cost', 'trk.csvParticipation': 'Download the participation CSV',
    'trk.rule': 'Every PNS has the right and the duty to at least {target} JP of competency development a year (PP 11/2017 as amended by PP 17/2020, art. 203). JP counts passed training, verified own training and completed internships.',
  },
});

/** Fold is a table folded under a summary that says what it holds. */
const Fold = ({ summary, ...table }) => html`<details class="ch-datatable"><summary>${summary}</summary><${Table} ...${table} /></details>`;

/** inBatches runs fn over items, n at a time, reporting progress. */
async function inBatches(items, n, fn, progress) {
  const out = new Array(items.length);
  let next = 0, done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

const share = (a, b) => (b ? a / b : 0);

function Shortfall({ year }) {
  useLang();
  const [progress, setProgress] = useState({ done: 0, all: 0 });
  const state = useAsync(async () => {
    const list = topLevel(await agencies());
    setProgress({ done: 0, all: list.length });
    const [city, rows] = await Promise.all([
      get('/v1/employeeJp', { year, pageSize: 1 }),
      inBatches(list, 4, async (a) => {
        const r = await get('/v1/employeeJp', { agency: a.code, year, pageSize: 1 });
        const x = r.totals || {};
        return { key: a.code, name: a.displayName, employees: num(x.employees), short: num(x.short), projectedShort: num(x.projectedShort), shortfall: num(x.shortfall), earned: num(x.earned) };
      }, (done) => setProgress((p) => ({ ...p, done }))),
    ]);
    const agenciesRows = rows.filter((r) => r.employees > 0).sort((a, b) => share(b.short, b.employees) - share(a.short, a.employees) || b.short - a.short);
    return { totals: city.totals || {}, rows: agenciesRows };
  }, [year]);
  const tot = state.data?.totals || {};
  return html`<${Card} title=${t('trk.byAgency')} actions=${html`<a class="btn btn-secondary" href=${'/v1/employeeJp:csv' + qs({ year, onlyShort: true })} download=${`jp-kota-${year}.csv`} data-test="city-jp-csv">${t('trk.csvAll')}</a>`}>
    ${state.loading && !state.data && !state.error ? html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${t('trk.loading', { done: fmtNumber(progress.done), all: fmtNumber(progress.all) })}</p>`
      : html`<${Async} state=${state}>${(d) => html`<div class="tr-stack" data-test="city-jp">
      <div class="stats">
        <${Stat} label=${t('trk.employees')} value=${fmtNumber(num(tot.employees))} />
        <${Stat} label=${t('trk.short')} value=${`${fmtNumber(num(tot.short))} (${fmtPercent(share(num(tot.short), num(tot.employees)))})`} kind="bad" />
        <${Stat} label=${t('trk.projectedShort')} value=${fmtNumber(num(tot.projectedShort))} kind="warn" />
        <${Stat} label=${t('trk.shortfall')} value=${fmtNumber(num(tot.shortfall))} />
      </div>
      ${d.rows.length ? html`<${ShortChart} rows=${d.rows} />
        <${Fold} summary=${t('trk.byAgency.show', { n: fmtNumber(d.rows.length) })} caption=${t('trk.byAgency')} rows=${d.rows} rowKey=${(r) => r.key} columns=${[
          { key: 'name', label: t('trk.col.agency'), render: (r) => html`<span data-test="city-jp-row" data-agency=${r.key} data-short=${r.short}>${r.name}<br /><span class="muted">${r.key}</span></span>` },
          { key: 'employees', label: t('trk.col.employees'), num: true, render: (r) => fmtNumber(r.employees) },
          { key: 'short', label: t('trk.col.short'), num: true, render: (r) => `${fmtNumber(r.short)} (${fmtPercent(share(r.short, r.employees))})` },
          { key: 'projectedShort', label: t('trk.col.projectedShort'), num: true, render: (r) => fmtNumber(r.projectedShort) },
          { key: 'shortfall', label: t('trk.col.shortfall'), num: true, render: (r) => fmtNumber(r.shortfall) },
          { key: 'csv', label: t('trk.col.csv'), render: (r) => html`<a href=${'/v1/employeeJp:csv' + qs({ agency: r.key, year, onlyShort: true })} download=${`jp-${r.key}-${year}.csv`}
            aria-label=${`${t('trk.csv')} ${r.name}`}>${t('trk.csv')}</a>` },
        ]} />` : html`<p class="empty">${t('trk.none')}</p>`}
    </div>`}</${Async}>`}
  </${Card}>`;
}

/** shortLabel keeps an agency's code short under a bar: "KEC-MEDAN-LABUHAN" → "KEC LABUHAN". */
const shortLabel = (code) => code.replace(/^KEC-MEDAN-/, 'KEC ');

/** withAxis gives the rotated agency codes under the bars room to be read. */
const withAxis = (opts, size, rotate) => (U) => { const o = opts(U); o.axes[0] = { ...o.axes[0], size, ...(rotate ? { rotate } : {}) }; return o; };
/** clip shortens a provider's name under its bar; the table and the legend give it whole. */
const clip = (s) => (s.length > 18 ? s.slice(0, 17) + '…' : s);

/** ShortChart draws, per agency, the share short of 20 JP and, over it, the share still short
 * counting what is scheduled: the part of a bar above the second is what the scheduled training
 * closes. */
function ShortChart({ rows }) {
  const labels = rows.map((r) => shortLabel(r.key));
  const data = useMemo(() => [rows.map((_, i) => i), rows.map((r) => share(r.short, r.employees) * 100), rows.map((r) => share(r.projectedShort, r.employees) * 100)], [rows]);
  const pct = (v) => `${fmtNumber(v, 0)} %`;
  return html`<${UChart} test="city-jp-chart" label=${t('trk.byAgency.label')} data=${data} height=${320}
    opts=${withAxis(categoryBars(labels, [{ label: t('trk.byAgency.series'), color: COLORS[3] }, { label: t('trk.byAgency.projected'), color: COLORS[2] }], { yFmt: pct, xLabel: t('trk.col.agency') }), 96)} />`;
}

function Participation({ year }) {
  useLang();
  const state = useAsync(() => get('/v1/participationReport', { year }), [year]);
  const cols = (first) => [
    first,
    { key: 'sessions', label: t('trk.col.sessions'), num: true, render: (r) => fmtNumber(num(r.sessions)) },
    { key: 'seats', label: t('trk.col.seats'), num: true, render: (r) => fmtNumber(num(r.seats)) },
    { key: 'participants', label: t('trk.col.participants'), num: true, render: (r) => fmtNumber(num(r.participants)) },
    { key: 'waitlisted', label: t('trk.col.waitlisted'), num: true, render: (r) => fmtNumber(num(r.waitlisted)) },
    { key: 'passed', label: t('trk.col.passed'), num: true, render: (r) => fmtNumber(num(r.passed)) },
    { key: 'failed', label: t('trk.col.failed'), num: true, render: (r) => fmtNumber(num(r.failed)) },
    { key: 'dnf', label: t('trk.col.dnf'), num: true, render: (r) => fmtNumber(num(r.didNotFinish)) },
    { key: 'rate', label: t('trk.col.rate'), num: true, render: (r) => fmtPercent(num(r.completionRate)) },
    { key: 'jp', label: t('trk.col.jp'), num: true, render: (r) => fmtNumber(num(r.jpDelivered)) },
    { key: 'cost', label: t('trk.col.cost'), num: true, render: (r) => rupiah(r.cost) },
  ];
  return html`<${Card} title=${t('trk.participation')} actions=${html`<a class="btn btn-secondary" href=${'/v1/participationReport:csv' + qs({ year })} download=${`partisipasi-${year}.csv`} data-test="participation-csv">${t('trk.csvParticipation')}</a>`}>
    <${Async} state=${state}>${(d) => {
      const providers = [...(d.providers || [])].sort((a, b) => num(b.participants) - num(a.participants));
      if (!providers.length && !(d.programmes || []).length) return html`<p class="empty">${t('trk.participation.none')}</p>`;
      const labels = providers.map((p) => p.title || p.key);
      return html`<div class="tr-stack" data-test="participation">
        <${UChart} test="participation-chart" label=${t('trk.byProvider.label')} height=${280}
          data=${[providers.map((_, i) => i), providers.map((p) => num(p.participants)), providers.map((p) => num(p.passed))]}
          opts=${withAxis(categoryBars(labels.map(clip), [{ label: t('trk.participants'), color: COLORS[1] }, { label: t('trk.passed'), color: COLORS[0] }], { xLabel: t('trk.col.provider') }), 96, -35)} />
        <${Table} caption=${t('trk.providers')} rows=${providers} rowKey=${(r) => r.key} columns=${cols({ key: 'title', label: t('trk.col.provider'), render: (r) => r.title || r.key })} />
        <${Fold} summary=${t('trk.programmes.show', { n: fmtNumber((d.programmes || []).length) })} caption=${t('trk.programmes')} rows=${d.programmes || []} columns=${cols({ key: 'title', label: t('trk.col.title'), render: (r) => html`<span>${r.title}<br /><span class="muted">${r.provider}</span></span>` })} />
      </div>`;
    }}</${Async}>
  </${Card}>`;
}

/** TrainingCity is the /pelatihan-kota screen; the year lives in the address (?tahun=). */
export default function TrainingCity({ query }) {
  useLang();
  const y = Number(query.get('tahun'));
  const year = y >= 2000 && y <= 2100 ? y : thisYear();
  const years = [thisYear() + 1, thisYear(), thisYear() - 1, thisYear() - 2].map((v) => ({ value: String(v), label: String(v) }));
  return html`<${Page} title=${t('trk.title')} wide>
    <div class="sv-toolbar"><${Select} label=${t('trk.year')} name="year" value=${String(year)} options=${years}
      onValue=${(v) => navigate(`/pelatihan-kota?tahun=${v}`, { replace: true })} data-test="city-training-year" /></div>
    <p class="hint">${t('trk.rule', { target: JP_TARGET })}</p>
    <${Shortfall} year=${year} />
    <${Participation} year=${year} />
  </${Page}>`;
}
