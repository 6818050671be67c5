// city.js: "Dasbor kota" (/kota), the city's workforce at a glance for city HR and the
// inspectorate. For a chosen period (at most 92 days): the attendance rate by agency (a sorted
// bar list) and by day (a line), lateness by day, leave days by type — from the attendance
// summary (GET /v1/attendanceSummary, every agency, day by day, with the past days not closed
// yet named) — and the headcount today by agency, by rank and by employment type
// (GET /v1/headcount). Charts are uPlot, loaded only here; every chart has its figures as a
// table under it. The rate is the service's: present (late included) ÷ expected at work (those
// on leave included).
import { html, useState, useMemo } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, getLang, fmtDate, fmtNumber, fmtPercent, todayIn } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, Async, useAsync, Input, Button, Stat } from '../ui.js';
import { navigate, Link } from '../router.js';
import { useAgencies, agencyName, label, addDays } from './_shared/ch-common.js';
import { UChart, BarList, DataTable, dayLines, categoryBars, dayTs, dayLabel, COLORS } from './_shared/ch-chart.js';

addMessages({
  id: {
    'city.plansLink': 'Rencana kerja kepegawaian instansi dan targetnya', 'city.retirementLink': 'Pensiun lima tahun ke depan dan usulan formasi',
    'city.title': 'Dasbor kota', 'city.period': 'Periode', 'city.from': 'Dari', 'city.to': 'Sampai', 'city.show': 'Tampilkan',
    'city.thisMonth': 'Bulan ini', 'city.lastMonth': 'Bulan lalu', 'city.last30': '30 hari terakhir', 'city.range': '{from} – {to}',
    'city.headcount': 'Pegawai aktif', 'city.rate': 'Tingkat kehadiran', 'city.lateMinutes': 'Menit terlambat', 'city.leaveDays': 'Hari cuti',
    'city.byAgency': 'Kehadiran per instansi', 'city.byAgency.label': 'Tingkat kehadiran per instansi, dari tertinggi',
    'city.byDay': 'Kehadiran per hari', 'city.byDay.label': 'Grafik garis tingkat kehadiran dan keterlambatan seluruh kota per hari',
    'city.lateness': 'Keterlambatan per hari', 'city.lateness.label': 'Grafik batang jumlah pegawai terlambat per hari',
    'city.leave': 'Cuti menurut jenis', 'city.leave.label': 'Hari cuti menurut jenis cuti',
    'city.hcAgency': 'Pegawai per instansi', 'city.hcAgency.label': 'Jumlah pegawai aktif per instansi, dari terbanyak',
    'city.hcRank': 'Pegawai per golongan', 'city.hcRank.label': 'Grafik batang jumlah PNS aktif per golongan ruang',
    'city.hcType': 'Pegawai per jenis ASN', 'city.hcType.label': 'Jumlah pegawai aktif PNS dan PPPK',
    'city.col.agency': 'Instansi', 'city.col.date': 'Tanggal', 'city.col.expected': 'Hari kerja pegawai', 'city.col.attended': 'Hadir',
    'city.col.late': 'Terlambat', 'city.col.lateMinutes': 'Menit terlambat', 'city.col.absent': 'Tanpa keterangan', 'city.col.leave': 'Cuti',
    'city.col.rate': 'Tingkat kehadiran', 'city.col.lateRate': 'Terlambat (%)', 'city.col.type': 'Jenis cuti', 'city.col.days': 'Hari',
    'city.col.rank': 'Golongan', 'city.col.kind': 'Jenis jabatan', 'city.col.count': 'Pegawai', 'city.col.share': 'Bagian',
    'city.series.rate': 'Hadir', 'city.series.late': 'Terlambat', 'city.series.lateCount': 'Pegawai terlambat',
    'city.noSummary': 'Ringkasan kehadiran belum tersedia dari server.', 'city.noHeadcount': 'Rekap jumlah pegawai belum tersedia dari server.',
    'city.empty': 'Belum ada hari yang ditutup pada periode ini.', 'city.pns': 'PNS', 'city.pppk': 'PPPK',
    'city.hcDate': 'Jumlah pegawai aktif per {date}, menurut penugasan yang berlaku hari itu.', 'city.hcAgency.row': 'PNS {pns}, PPPK {pppk}',
    'city.hcGrade': 'PPPK per golongan', 'city.hcGrade.label': 'Grafik batang jumlah PPPK aktif per golongan',
    'city.hcKind': 'Pegawai per jenis jabatan', 'city.hcKind.label': 'Jumlah pegawai aktif per jenis jabatan', 'city.noPosition': 'Tanpa jabatan',
    'city.badRange': 'Tanggal "sampai" harus sesudah tanggal "dari".', 'city.tooLong': 'Periode paling lama 92 hari.',
    'city.provisional': 'sementara', 'city.col.expectedDay': 'Pegawai wajib hadir',
    'city.unclosed': '{n} hari yang sudah lewat belum ditutup, jadi tidak dihitung: {dates}.', 'city.all': 'Tampilkan semua ({n})', 'city.top': 'Tampilkan {n} teratas saja',
    'city.rate.note': 'Tingkat kehadiran = pegawai hadir (termasuk terlambat) ÷ pegawai yang hari itu hari kerjanya (termasuk yang cuti).',
  },
  en: {
    'city.plansLink': 'The agencies\' staffing work plans and their targets', 'city.retirementLink': 'Retirements in the next five years and formasi proposals',
    'city.title': 'City dashboard', 'city.period': 'Period', 'city.from': 'From', 'city.to': 'To', 'city.show': 'Show',
    'city.thisMonth': 'This month', 'city.lastMonth': 'Last month', 'city.last30': 'Last 30 days', 'city.range': '{from} – {to}',
    'city.headcount': 'Active employees', 'city.rate': 'Attendance rate', 'city.lateMinutes': 'Minutes late', 'city.leaveDays': 'Leave days',
    'city.byAgency': 'Attendance by agency', 'city.byAgency.label': 'Attendance rate by agency, highest first',
    'city.byDay': 'Attendance by day', 'city.byDay.label': 'Line chart of the city\'s attendance and lateness rates by day',
    'city.lateness': 'Lateness by day', 'city.lateness.label': 'Bar chart of the employees late each day',
    'city.leave': 'Leave by type', 'city.leave.label': 'Leave days by leave type',
    'city.hcAgency': 'Headcount by agency', 'city.hcAgency.label': 'Active employees by agency, largest first',
    'city.hcRank': 'Headcount by rank', 'city.hcRank.label': 'Bar chart of active PNS by rank',
    'city.hcType': 'Headcount by employment type', 'city.hcType.label': 'Active PNS and PPPK employees',
    'city.col.agency': 'Agency', 'city.col.date': 'Date', 'city.col.expected': 'Employee working days', 'city.col.attended': 'Attended',
    'city.col.late': 'Late', 'city.col.lateMinutes': 'Minutes late', 'city.col.absent': 'Unexcused', 'city.col.leave': 'On leave',
    'city.col.rate': 'Attendance rate', 'city.col.lateRate': 'Late (%)', 'city.col.type': 'Leave type', 'city.col.days': 'Days',
    'city.col.rank': 'Rank', 'city.col.kind': 'Position kind', 'city.col.count': 'Employees', 'city.col.share': 'Share',
    'city.series.rate': 'Attended', 'city.series.late': 'Late', 'city.series.lateCount': 'Employees late',
    'city.noSummary': 'The attendance summary is not available from the server yet.', 'city.noHeadcount': 'The headcount is not available from the server yet.',
    'city.empty': 'No day of this period has been closed yet.', 'city.pns': 'PNS', 'city.pppk': 'PPPK',
    'city.hcDate': 'Active employees on {date}, by the postings in force that day.', 'city.hcAgency.row': 'PNS {pns}, PPPK {pppk}',
    'city.hcGrade': 'PPPK by grade', 'city.hcGrade.label': 'Bar chart of active PPPK by grade',
    'city.hcKind': 'Headcount by position kind', 'city.hcKind.label': 'Active employees by position kind', 'city.noPosition': 'No position',
    'city.badRange': 'The "to" date must be after the "from" date.', 'city.tooLong': 'The period is at most 92 days.',
    'city.provisional': 'provisional', 'city.col.expectedDay': 'Expected at work',
    'city.unclosed': '{n} past days are not closed yet, so they are not counted: {dates}.', 'city.all': 'Show all ({n})', 'city.top': 'Show the top {n} only',
    'city.rate.note': 'Attendance rate = employees present (late included) ÷ employees for whom it was a working day (those on leave included).',
  },
});

const LEAVE_NAMES = {
  annual: ['Cuti tahunan', 'Annual leave'], long: ['Cuti besar', 'Long leave'], sick: ['Cuti sakit', 'Sick leave'],
  maternity: ['Cuti melahirkan', 'Maternity leave'], important_reasons: ['Cuti alasan penting', 'Important-reason leave'],
  collective: ['Cuti bersama', 'Collective leave'], unpaid: ['Cuti di luar tanggungan negara', 'Unpaid leave'],
};
const leaveName = (k) => {
  const key = String(k).replace(/^LEAVE_TYPE_/, '').toLowerCase();
  const n = LEAVE_NAMES[key];
  return n ? n[getLang() === 'en' ? 1 : 0] : k;
};

// ---- The API's figures, normalised --------------------------------------------------------------

const num = (...xs) => { for (const x of xs) if (x !== undefined && x !== null && x !== '') return +x || 0; return 0; };

const figures = (c = {}) => ({
  expected: num(c.expected), present: num(c.present), late: num(c.late), earlyDepartures: num(c.earlyDepartures), leave: num(c.onLeave),
  absent: num(c.absent), notYetIn: num(c.notYetIn), lateMinutes: num(c.lateMinutes), earlyMinutes: num(c.earlyMinutes),
});

/** summaryOf reads GET /v1/attendanceSummary (GetAttendanceSummaryResponse): the days by agency
 * and date, each agency over the period, the totals with the leave days by type, and the past
 * dates no day was closed on (not counted). */
export function summaryOf(resp) {
  return {
    days: (resp?.days || []).map((d) => ({ agency: d.agency || '', date: d.date || '', provisional: !!d.provisional, ...figures(d) })),
    agencies: (resp?.agencies || []).map((a) => ({ key: a.agency || '', name: a.displayName || '', ...figures(a), rate: num(a.attendanceRate) })),
    totals: { ...figures(resp?.totals), rate: num(resp?.totals?.attendanceRate), leaveDays: resp?.totals?.leaveDays || {} },
    unclosed: resp?.unclosedDates || [],
  };
}

/** headcountOf reads GET /v1/headcount (GetHeadcountResponse): the date counted, the total, each
 * agency with PNS and PPPK apart, PNS ranks and PPPK grades in rank order, employment types and
 * position kinds ({ key, value }). */
export function headcountOf(resp) {
  const groups = (list) => (list || []).map((g) => ({ key: g.key || '', value: num(g.count) })).filter((g) => g.value > 0);
  return {
    date: resp?.date || '', total: num(resp?.total),
    agencies: (resp?.agencies || []).map((a) => ({ key: a.agency || '', name: a.displayName || '', value: num(a.total), pns: num(a.pns), pppk: num(a.pppk) }))
      .sort((a, b) => b.value - a.value),
    pnsRanks: groups(resp?.pnsRanks), pppkGrades: groups(resp?.pppkGrades), types: groups(resp?.employmentTypes), kinds: groups(resp?.positionKinds),
  };
}

/** notThere is true for an endpoint the server does not have (yet). */
const notThere = (e) => e?.status === 404 || e?.status === 501 || e?.code === 12;
const tolerant = (p) => p.catch((e) => { if (notThere(e)) return null; throw e; });

/** byDate sums the agencies' days into the city's days, in date order. */
function byDate(days) {
  const m = new Map();
  for (const d of days) {
    const x = m.get(d.date) || { key: d.date, provisional: false, ...figures() };
    for (const f of ['expected', 'present', 'late', 'earlyDepartures', 'leave', 'absent', 'notYetIn', 'lateMinutes', 'earlyMinutes']) x[f] += d[f];
    x.provisional = x.provisional || d.provisional;
    m.set(d.date, x);
  }
  return [...m.values()].filter((x) => x.expected > 0).sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((x) => ({ ...x, rate: x.present / x.expected, lateRate: x.present ? x.late / x.present : 0 }));
}

// ---- Periods ------------------------------------------------------------------------------------

function presets(today) {
  const m0 = today.slice(0, 8) + '01';
  const lastEnd = addDays(m0, -1);
  return {
    thisMonth: { from: m0, to: today },
    lastMonth: { from: lastEnd.slice(0, 8) + '01', to: lastEnd },
    last30: { from: addDays(today, -29), to: today },
  };
}

/** City is the /kota screen; the period lives in the address (?dari=&sampai=). */
export default function City({ query }) {
  useLang();
  const today = todayIn();
  const p = presets(today);
  const valid = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d || '');
  const from = valid(query.get('dari')) ? query.get('dari') : p.thisMonth.from;
  const to = valid(query.get('sampai')) ? query.get('sampai') : p.thisMonth.to;
  const [draft, setDraft] = useState({ from, to });
  const org = useAgencies();
  const go = (r) => { setDraft(r); navigate(`/kota?dari=${r.from}&sampai=${r.to}`, { replace: true }); };
  const summary = useAsync(() => tolerant(get('/v1/attendanceSummary', { startDate: from, endDate: to })).then((r) => (r ? summaryOf(r) : null)), [from, to]);
  const headcount = useAsync(() => tolerant(get('/v1/headcount')).then((r) => (r ? headcountOf(r) : null)), []);
  const span = (Date.parse(draft.to) - Date.parse(draft.from)) / 86400000 + 1;
  const bad = draft.to < draft.from ? t('city.badRange') : span > 92 ? t('city.tooLong') : '';

  return html`<${Page} title=${t('city.title')} wide>
    <${Card} title=${t('city.period')}>
      <form class="ch-bar" onSubmit=${(e) => { e.preventDefault(); if (!bad) go(draft); }}>
        <${Input} label=${t('city.from')} name="start_date" type="date" value=${draft.from} max=${today} onValue=${(v) => setDraft({ ...draft, from: v })} data-test="city-from" />
        <${Input} label=${t('city.to')} name="end_date" type="date" value=${draft.to} max=${today} onValue=${(v) => setDraft({ ...draft, to: v })}
          error=${bad || undefined} data-test="city-to" />
        <div class="actions"><${Button} type="submit" disabled=${!!bad} data-test="city-apply">${t('city.show')}</${Button}></div>
      </form>
      <div class="actions ch-presets">${Object.entries(p).map(([k, r]) => html`<${Button} kind=${r.from === from && r.to === to ? 'primary' : 'ghost'}
        aria-pressed=${r.from === from && r.to === to ? 'true' : 'false'} onClick=${() => go(r)}>${t('city.' + k)}</${Button}>`)}</div>
      <p class="muted">${t('city.range', { from: fmtDate(from), to: fmtDate(to) })}</p>
      <p class="hint">${t('city.rate.note')}</p>
    </${Card}>
    <${Totals} summary=${summary} headcount=${headcount} />
    <${Async} state=${summary}>${(sum) => (sum === null
      ? html`<p class="alert alert-info">${t('city.noSummary')}</p>`
      : html`<div class="ch-stack" data-test="city-chart-attendance"><${Attendance} sum=${sum} map=${org.map} /></div>`)}</${Async}>
    <${Async} state=${headcount}>${(hc) => (hc === null
      ? html`<p class="alert alert-info">${t('city.noHeadcount')}</p>`
      : html`<div class="ch-stack" data-test="city-chart-headcount"><${Headcount} hc=${hc} map=${org.map} /></div>`)}</${Async}>
    <p><${Link} href="/rencana" data-test="city-plans">${t('city.plansLink')}</${Link}> · <${Link} href="/pensiun">${t('city.retirementLink')}</${Link}></p>
  </${Page}>`;
}

function Totals({ summary, headcount }) {
  const all = summary.data?.totals.expected ? summary.data.totals : null;
  const leave = all ? Object.values(all.leaveDays).reduce((n, v) => n + num(v), 0) : 0;
  const hc = headcount.data;
  return html`<div class="stats">
    <${Stat} label=${t('city.headcount')} value=${hc ? fmtNumber(hc.total) : '—'} />
    <${Stat} label=${t('city.rate')} value=${all ? fmtPercent(all.rate) : '—'} kind=${all ? (all.rate >= 0.95 ? 'ok' : all.rate >= 0.85 ? 'warn' : 'bad') : ''} />
    <${Stat} label=${t('city.lateMinutes')} value=${all ? fmtNumber(all.lateMinutes) : '—'} kind="warn" />
    <${Stat} label=${t('city.leaveDays')} value=${all ? fmtNumber(leave) : '—'} />
  </div>`;
}

function Attendance({ sum, map }) {
  const byAgency = useMemo(() => sum.agencies.filter((a) => a.expected > 0).sort((a, b) => b.rate - a.rate), [sum]);
  const byDay = useMemo(() => byDate(sum.days), [sum]);
  const leave = Object.entries(sum.totals.leaveDays).map(([k, v]) => ({ key: k, value: num(v) })).filter((l) => l.value > 0).sort((a, b) => b.value - a.value);
  const unclosed = sum.unclosed.length ? html`<p class="alert alert-warn" role="status">${t('city.unclosed', { n: fmtNumber(sum.unclosed.length), dates: sum.unclosed.slice(0, 10).map((d) => fmtDate(d, { style: 'short' })).join(', ') + (sum.unclosed.length > 10 ? ', …' : '') })}</p>` : null;
  if (!byDay.length) return html`${unclosed}<p class="alert alert-info" role="status">${t('city.empty')}</p>`;
  const dayData = [byDay.map((d) => dayTs(d.key)), byDay.map((d) => +(d.rate * 100).toFixed(1)), byDay.map((d) => +(d.lateRate * 100).toFixed(1))];
  const lateData = [byDay.map((_, i) => i), byDay.map((d) => d.late)];
  const pct = (v) => `${fmtNumber(v, 1)}%`;
  return html`${unclosed}<div class="grid grid-2">
    <${Card} title=${t('city.byAgency')} class="ch-span">
      <${TopN} rows=${byAgency}>${(shown) => html`<${BarList} label=${t('city.byAgency.label')} test="city-bars-attendance" max=${1}
        rows=${shown.map((a) => ({ key: a.key, label: html`<${Link} href=${`/rekap?agency=${a.key}`}>${a.name || agencyName(map, a.key)}</${Link}>`, value: a.rate, text: fmtPercent(a.rate) }))} />`}</${TopN}>
      <${DataTable} caption=${t('city.byAgency')} rows=${byAgency} columns=${[
        { key: 'agency', label: t('city.col.agency'), render: (a) => a.name || agencyName(map, a.key) },
        { key: 'expected', label: t('city.col.expected'), num: true, render: (a) => fmtNumber(a.expected) },
        { key: 'present', label: t('city.col.attended'), num: true, render: (a) => fmtNumber(a.present) },
        { key: 'late', label: t('city.col.late'), num: true, render: (a) => fmtNumber(a.late) },
        { key: 'leave', label: t('city.col.leave'), num: true, render: (a) => fmtNumber(a.leave) },
        { key: 'absent', label: t('city.col.absent'), num: true, render: (a) => fmtNumber(a.absent) },
        { key: 'rate', label: t('city.col.rate'), num: true, render: (a) => fmtPercent(a.rate) },
      ]} />
    </${Card}>
    <${Card} title=${t('city.byDay')}>
      <${UChart} label=${t('city.byDay.label')} test="city-chart-days" data=${dayData}
        opts=${dayLines([{ label: t('city.series.rate'), fmt: pct }, { label: t('city.series.late'), fmt: pct, color: COLORS[2] }], { yFmt: pct, yRange: [0, 100] })} />
      <${DataTable} caption=${t('city.byDay')} rows=${byDay} columns=${[
        { key: 'date', label: t('city.col.date'), render: (d) => fmtDate(d.key, { style: 'short' }) + (d.provisional ? ` (${t('city.provisional')})` : '') },
        { key: 'expected', label: t('city.col.expectedDay'), num: true, render: (d) => fmtNumber(d.expected) },
        { key: 'present', label: t('city.col.attended'), num: true, render: (d) => fmtNumber(d.present) },
        { key: 'rate', label: t('city.col.rate'), num: true, render: (d) => fmtPercent(d.rate) },
        { key: 'lateRate', label: t('city.col.lateRate'), num: true, render: (d) => fmtPercent(d.lateRate) },
        { key: 'absent', label: t('city.col.absent'), num: true, render: (d) => fmtNumber(d.absent) },
      ]} />
    </${Card}>
    <${Card} title=${t('city.lateness')}>
      <${UChart} label=${t('city.lateness.label')} test="city-chart-lateness" data=${lateData}
        opts=${categoryBars(byDay.map((d) => dayLabel(d.key)), [{ label: t('city.series.lateCount'), color: COLORS[2] }], { xLabel: t('city.col.date') })} />
      <${DataTable} caption=${t('city.lateness')} rows=${byDay} columns=${[
        { key: 'date', label: t('city.col.date'), render: (d) => fmtDate(d.key, { style: 'short' }) },
        { key: 'late', label: t('city.col.late'), num: true, render: (d) => fmtNumber(d.late) },
        { key: 'lateMinutes', label: t('city.col.lateMinutes'), num: true, render: (d) => fmtNumber(d.lateMinutes) },
      ]} />
    </${Card}>
    <${Card} title=${t('city.leave')}>
      <${BarList} label=${t('city.leave.label')} test="city-chart-leave" kind="ch-bars-blue"
        rows=${leave.map((l) => ({ key: l.key, label: leaveName(l.key), value: l.value, text: fmtNumber(l.value) }))} />
      <${DataTable} caption=${t('city.leave')} rows=${leave} columns=${[
        { key: 'type', label: t('city.col.type'), render: (l) => leaveName(l.key) },
        { key: 'days', label: t('city.col.days'), num: true, render: (l) => fmtNumber(l.value) },
      ]} />
    </${Card}>
  </div>`;
}

const TOP = 12;
/** TopN shows the first TOP rows of a long bar list, and all of them on request. */
function TopN({ rows, children }) {
  const [all, setAll] = useState(false);
  const shown = all || rows.length <= TOP + 3 ? rows : rows.slice(0, TOP);
  return html`${children(shown)}${rows.length > TOP + 3 ? html`<p><${Button} kind="ghost" aria-expanded=${all ? 'true' : 'false'} onClick=${() => setAll(!all)}>
    ${all ? t('city.top', { n: TOP }) : t('city.all', { n: rows.length })}</${Button}></p>` : null}`;
}

const TYPE = { pns: 'EMPLOYMENT_TYPE_PNS', cpns: 'EMPLOYMENT_TYPE_CPNS', pppk: 'EMPLOYMENT_TYPE_PPPK' };
const KIND = { structural: 'POSITION_KIND_STRUCTURAL', functional: 'POSITION_KIND_FUNCTIONAL', executor: 'POSITION_KIND_EXECUTOR' };
const kindLabel = (k) => (KIND[k] ? label('pkind', KIND[k]) : k === 'none' ? t('city.noPosition') : k);

function Headcount({ hc, map }) {
  const share = (v) => (hc.total ? fmtPercent(v / hc.total) : '—');
  const cols = (first, render) => [
    { key: 'k', label: first, render },
    { key: 'v', label: t('city.col.count'), num: true, render: (r) => fmtNumber(r.value) },
    { key: 's', label: t('city.col.share'), num: true, render: (r) => share(r.value) },
  ];
  const name = (a) => a.name || agencyName(map, a.key);
  const bars = (groups, test, lbl, color, xLabel) => (groups.length ? html`<${UChart} label=${lbl} test=${test} height=${220}
    data=${[groups.map((_, i) => i), groups.map((g) => g.value)]} opts=${categoryBars(groups.map((g) => g.key), [{ label: t('city.col.count'), color }], { xLabel })} />` : null);
  return html`<p class="muted">${t('city.hcDate', { date: fmtDate(hc.date || todayIn()) })}</p>
  <div class="grid grid-2">
    <${Card} title=${t('city.hcAgency')} class="ch-span">
      <div class="legend" aria-hidden="true"><span class="legend-item"><span class="ch-swatch ch-pns"></span>PNS</span><span class="legend-item"><span class="ch-swatch ch-pppk"></span>PPPK</span></div>
      <${TopN} rows=${hc.agencies}>${(shown) => html`<${BarList} label=${t('city.hcAgency.label')} test="city-bars-headcount" max=${hc.agencies[0]?.value}
        rows=${shown.map((a) => ({ key: a.key, label: name(a), value: a.value, parts: [{ value: a.pns, cls: 'ch-pns' }, { value: a.pppk, cls: 'ch-pppk' }],
          text: fmtNumber(a.value), aria: t('city.hcAgency.row', { pns: fmtNumber(a.pns), pppk: fmtNumber(a.pppk) }) }))} />`}</${TopN}>
      <${DataTable} caption=${t('city.hcAgency')} rows=${hc.agencies} columns=${[
        { key: 'k', label: t('city.col.agency'), render: name },
        { key: 'pns', label: 'PNS', num: true, render: (r) => fmtNumber(r.pns) },
        { key: 'pppk', label: 'PPPK', num: true, render: (r) => fmtNumber(r.pppk) },
        ...cols('', null).slice(1),
      ]} />
    </${Card}>
    <${Card} title=${t('city.hcRank')}>
      ${bars(hc.pnsRanks, 'city-chart-rank', t('city.hcRank.label'), COLORS[0], t('city.col.rank'))}
      ${hc.pppkGrades.length ? html`<h3 class="h3">${t('city.hcGrade')}</h3>${bars(hc.pppkGrades, 'city-chart-grade', t('city.hcGrade.label'), COLORS[1], t('ch.grade'))}` : null}
      <${DataTable} caption=${t('city.hcRank')} rows=${[...hc.pnsRanks.map((g) => ({ ...g, type: 'PNS' })), ...hc.pppkGrades.map((g) => ({ ...g, type: 'PPPK' }))]}
        columns=${[{ key: 't', label: t('ch.type'), render: (r) => r.type }, ...cols(t('city.col.rank'), (r) => r.key)]} />
    </${Card}>
    <div class="grid">
      <${Card} title=${t('city.hcType')}>
        <${BarList} label=${t('city.hcType.label')} test="city-chart-type" max=${hc.total || undefined}
          rows=${hc.types.map((r) => ({ key: r.key, label: TYPE[r.key] ? label('type', TYPE[r.key]) : r.key, value: r.value, text: `${fmtNumber(r.value)} (${share(r.value)})` }))} />
        <${DataTable} caption=${t('city.hcType')} rows=${hc.types} columns=${cols(t('ch.type'), (r) => (TYPE[r.key] ? label('type', TYPE[r.key]) : r.key))} />
      </${Card}>
      <${Card} title=${t('city.hcKind')}>
        <${BarList} label=${t('city.hcKind.label')} test="city-chart-kind" max=${hc.total || undefined} kind="ch-bars-blue"
          rows=${hc.kinds.map((r) => ({ key: r.key, label: kindLabel(r.key), value: r.value, text: `${fmtNumber(r.value)} (${share(r.value)})` }))} />
        <${DataTable} caption=${t('city.hcKind')} rows=${hc.kinds} columns=${cols(t('city.col.kind'), (r) => kindLabel(r.key))} />
      </${Card}>
    </div>
  </div>`;
}
