// evaluation-city.js: "Sebaran predikat" (/kinerja-kota, issue 11 §3–§5): the spread of the
// annual predicates per agency against the bound its organisation predicate sets
// (GET /v1/periods/{year}/predicateDistribution) as stacked bars — one bar per agency, each
// predicate's share of the agency's rated population, those not yet rated hatched, each at-most
// bound drawn as a line where the best predicates must stop, a row breaking a bound
// highlighted — with every bound in words and figures; the agencies' organisation predicates
// (city HR sets them); opening a performance year (city HR); the SKP completion figures per
// agency; and the four reports as CSV. Agency HR sees their agency; the auditor reads.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, fmtPercent, fmtDate } from '../i18n.js';
import { get, post, request } from '../api.js';
import { Page, Card, useAsync, Async, Button, Input, Select, Table, Badge, DownloadLink, Dialog, toast } from '../ui.js';
import { hasRole, readOnly } from '../session.js';
import { ev, PREDICATES, ORG_PREDICATES, EvError, fieldErr, thisYear, periodLabel, None } from './_shared/evaluation-common.js';

addMessages({
  id: {
    'evc.title': 'Sebaran predikat', 'evc.year': 'Tahun kinerja', 'evc.noYears': 'Belum ada tahun kinerja yang dibuka.',
    'evc.open': 'Buka tahun kinerja', 'evc.open.year': 'Tahun', 'evc.open.cadence': 'Penilaian periodik', 'evc.cadence.CADENCE_QUARTERLY': 'Per triwulan (bawaan)',
    'evc.cadence.CADENCE_MONTHLY': 'Per bulan', 'evc.open.due': 'Batas persetujuan SKP', 'evc.open.dueHint': 'Kosong: 31 Januari tahun itu.',
    'evc.open.days': 'Hari setelah akhir periode sampai penilaian jatuh tempo', 'evc.open.daysHint': '0 atau kosong: bawaan layanan (14 hari).',
    'evc.open.send': 'Buka tahun', 'evc.opened': 'Tahun kinerja {year} dibuka.', 'evc.periods': 'Periode: {list}',
    'evc.dist': 'Sebaran predikat tahunan per instansi', 'evc.dist.none': 'Belum ada instansi dalam laporan ini.',
    'evc.dist.intro': 'Setiap batang adalah pegawai instansi dengan SKP disetujui; warna menunjukkan predikat tahunan yang sudah ditetapkan, arsiran yang belum dinilai. Garis tegak adalah batas "paling banyak" dari predikat organisasinya.',
    'evc.unrated': 'Belum dinilai', 'evc.orgPred': 'Predikat organisasi: {p}', 'evc.rated': '{rated} dari {pop} dinilai', 'evc.broken': 'Melanggar batas', 'evc.ok': 'Sesuai batas',
    'evc.noBound': 'Predikat organisasi belum ditetapkan: penilaian tahunan instansi ini belum dapat ditetapkan.',
    'evc.atMost': 'paling banyak {pct} % {what}', 'evc.atLeast': 'paling sedikit {pct} % {what}', 'evc.atLeastN': 'paling sedikit {n} pegawai {what}', 'evc.or': ' atau ',
    'evc.boundFig': '{cur} pegawai, batas {limit}', 'evc.bar': '{agency}: {parts}; {unrated} belum dinilai dari {pop}.', 'evc.city': 'Seluruh kota',
    'evc.orgs': 'Predikat organisasi {year}', 'evc.org.agency': 'Instansi', 'evc.org.pred': 'Predikat organisasi', 'evc.org.note': 'Dasar (nomor keputusan)',
    'evc.orgs.count': 'Ditetapkan untuk {n} dari {of} instansi — buka untuk mengubah', 'evc.org.save': 'Simpan', 'evc.org.saved': 'Predikat organisasi {agency} disimpan.', 'evc.org.pick': '— pilih —',
    'evc.completion': 'Kelengkapan SKP {year}', 'evc.c.agency': 'Instansi', 'evc.c.employees': 'Pegawai', 'evc.c.without': 'Tanpa SKP', 'evc.c.draft': 'Draf',
    'evc.c.proposed': 'Diajukan', 'evc.c.approved': 'Disetujui', 'evc.c.overdue': 'Penilaian terlambat', 'evc.c.final': 'Penilaian tahunan', 'evc.asOf': 'Per {d}.',
    'evc.csv': 'Unduh laporan (CSV)', 'evc.csv.completion': 'Kelengkapan SKP', 'evc.csv.dist': 'Sebaran predikat', 'evc.csv.feedback': 'Aktivitas umpan balik', 'evc.csv.credit': 'Angka kredit',
  },
  en: {
    'evc.title': 'Predicate distribution', 'evc.year': 'Performance year', 'evc.noYears': 'No performance year is open yet.',
    'evc.open': 'Open a performance year', 'evc.open.year': 'Year', 'evc.open.cadence': 'Periodic rating', 'evc.cadence.CADENCE_QUARTERLY': 'Quarterly (default)',
    'evc.cadence.CADENCE_MONTHLY': 'Monthly', 'evc.open.due': 'SKPs approved by', 'evc.open.dueHint': 'Empty: 31 January of the year.',
    'evc.open.days': 'Days after a period ends until its rating is due', 'evc.open.daysHint': '0 or empty: the service\'s default (14 days).',
    'evc.open.send': 'Open the year', 'evc.opened': 'Performance year {year} opened.', 'evc.periods': 'Periods: {list}',
    'evc.dist': 'Annual predicates per agency', 'evc.dist.none': 'No agency in this report yet.',
    'evc.dist.intro': 'Each bar is the agency\'s employees with an approved SKP; colours are the annual predicates finalised, hatching those not yet rated. A vertical line is an "at most" bound of its organisation predicate.',
    'evc.unrated': 'Not yet rated', 'evc.orgPred': 'Organisation predicate: {p}', 'evc.rated': '{rated} of {pop} rated', 'evc.broken': 'Breaks a bound', 'evc.ok': 'Within bounds',
    'evc.noBound': 'Organisation predicate not set: no annual rating of this agency can be finalised.',
    'evc.atMost': 'at most {pct} % {what}', 'evc.atLeast': 'at least {pct} % {what}', 'evc.atLeastN': 'at least {n} {what}', 'evc.or': ' or ',
    'evc.boundFig': '{cur} employees, limit {limit}', 'evc.bar': '{agency}: {parts}; {unrated} not rated of {pop}.', 'evc.city': 'The whole city',
    'evc.orgs': 'Organisation predicates {year}', 'evc.org.agency': 'Agency', 'evc.org.pred': 'Organisation predicate', 'evc.org.note': 'Basis (decree number)',
    'evc.orgs.count': 'Set for {n} of {of} agencies — open to change', 'evc.org.save': 'Save', 'evc.org.saved': 'Organisation predicate of {agency} saved.', 'evc.org.pick': '— choose —',
    'evc.completion': 'SKP completion {year}', 'evc.c.agency': 'Agency', 'evc.c.employees': 'Employees', 'evc.c.without': 'No SKP', 'evc.c.draft': 'Draft',
    'evc.c.proposed': 'Proposed', 'evc.c.approved': 'Approved', 'evc.c.overdue': 'Ratings overdue', 'evc.c.final': 'Annual final', 'evc.asOf': 'As of {d}.',
    'evc.csv': 'Download the reports (CSV)', 'evc.csv.completion': 'SKP completion', 'evc.csv.dist': 'Predicate distribution', 'evc.csv.feedback': 'Feedback activity', 'evc.csv.credit': 'Credit points',
  },
});

const SEG = { PREDICATE_SANGAT_BAIK: 'sb', PREDICATE_BAIK: 'b', PREDICATE_BUTUH_PERBAIKAN: 'bp', PREDICATE_KURANG: 'k', PREDICATE_SANGAT_KURANG: 'sk' };
const countOf = (d, p) => (d.counts || []).find((c) => c.predicate === p)?.count || 0;

/** boundText is a bound in the user's language from its parts (the API's description is English). */
export function boundText(b) {
  const what = (b.predicates || []).map((p) => ev('pred', p)).join(t('evc.or'));
  if (b.kind === 'at most') return t('evc.atMost', { pct: b.percent, what });
  if (!b.percent) return t('evc.atLeastN', { n: b.limit, what });
  return t('evc.atLeast', { pct: b.percent, what });
}

/** markerOf is where an at-most bound's line goes (a share of the population), when its
 * predicates are the best ones — the leftmost segments — so the line is where they must stop. */
function markerOf(b) {
  if (b.kind !== 'at most') return null;
  const ps = b.predicates || [];
  return ps.every((p) => PREDICATES.indexOf(p) < ps.length) ? b.percent : null;
}

function DistRow({ d }) {
  const pop = d.population || 0;
  const unrated = Math.max(0, pop - (d.rated || 0));
  const pct = (n) => (pop ? (n / pop) * 100 : 0);
  const broken = (d.bounds || []).some((b) => !b.satisfied);
  const parts = PREDICATES.map((p) => `${ev('pred', p)} ${fmtNumber(countOf(d, p))}`).join(', ');
  const unset = !d.organisationPredicate || d.organisationPredicate === 'ORGANISATION_PREDICATE_UNSPECIFIED';
  return html`<li class=${'ev-dist-row' + (broken ? ' ev-dist-bad' : '')} data-test="dist-row" data-agency=${d.agency} data-unit=${d.unit || ''} data-satisfied=${String(!broken)}
      data-population=${pop} data-rated=${d.rated || 0}>
    <div class="ev-dist-label"><strong>${d.unit ? `${d.agency} · ${d.unit}` : d.agency || t('evc.city')}</strong>
      ${d.agency && !d.unit ? html`<span class="muted ev-small">${t('evc.orgPred', { p: unset ? t('ev.org.none') : ev('org', d.organisationPredicate) })}</span>` : null}
      <span class="muted ev-small">${t('evc.rated', { rated: fmtNumber(d.rated || 0), pop: fmtNumber(pop) })}</span>
      ${d.bounds?.length ? html`<${Badge} kind=${broken ? 'bad' : 'ok'}>${t(broken ? 'evc.broken' : 'evc.ok')}</${Badge}>` : null}</div>
    <div class="ev-dist-bar" role="img" aria-label=${t('evc.bar', { agency: d.agency || t('evc.city'), parts, unrated: fmtNumber(unrated), pop: fmtNumber(pop) })}>
      ${PREDICATES.map((p) => countOf(d, p) ? html`<span class=${'ev-seg ev-seg-' + SEG[p]} style=${`width:${pct(countOf(d, p)).toFixed(2)}%`}></span>` : null)}
      ${unrated ? html`<span class="ev-seg ev-seg-none" style=${`width:${pct(unrated).toFixed(2)}%`}></span>` : null}
      ${(d.bounds || []).map((b) => { const m = markerOf(b); return m === null ? null : html`<span class=${'ev-bound' + (b.satisfied ? '' : ' ev-bound-bad')} style=${`left:${m}%`}></span>`; })}
    </div>
    ${d.bounds?.length ? html`<ul class="ev-bounds">${d.bounds.map((b) => html`<li class=${b.satisfied ? '' : 'ev-bound-broken'} data-test="dist-bound" data-satisfied=${String(!!b.satisfied)}>
      <span aria-hidden="true">${b.satisfied ? '✓' : '✗'}</span> ${boundText(b)}: ${t('evc.boundFig', { cur: fmtNumber(b.current || 0), limit: fmtNumber(b.limit || 0) })}
      ${pop ? html` <span class="muted">(${fmtPercent((b.current || 0) / pop)})</span>` : null}</li>`)}</ul>`
      : d.agency && !d.unit && unset ? html`<p class="muted ev-small">${t('evc.noBound')}</p>` : null}
  </li>`;
}

function Legend() {
  return html`<ul class="ev-legend" aria-hidden="true">${PREDICATES.map((p) => html`<li><span class=${'ev-swatch ev-seg-' + SEG[p]}></span>${ev('pred', p)}</li>`)}
    <li><span class="ev-swatch ev-seg-none"></span>${t('evc.unrated')}</li><li><span class="ev-swatch ev-swatch-bound"></span>${t('evc.atMost', { pct: '', what: '' }).replace(/\s+%\s*$/, '')}</li></ul>`;
}

function Distribution({ year, agency }) {
  const state = useAsync(() => get(`/v1/periods/${year}/predicateDistribution`, { agency }), [year, agency]);
  return html`<${Card} title=${t('evc.dist')}><div data-test="distribution"><${Async} state=${state}>${(r) => html`<div class="ev-stack">
    <p class="hint">${t('evc.dist.intro')}</p><${Legend} />
    ${(r.distributions || []).length ? html`<ul class="ev-dist">${r.distributions.map((d) => html`<${DistRow} key=${d.agency + (d.unit || '')} d=${d} />`)}
      ${r.city && !agency ? html`<${DistRow} d=${{ ...r.city, agency: '', bounds: [] }} />` : null}</ul>` : html`<${None}>${t('evc.dist.none')}</${None}>`}
  </div>`}</${Async}></div></${Card}>`;
}

function OrgRow({ year, agency, rating, onSaved }) {
  const [p, setP] = useState(rating?.predicate || '');
  const [note, setNote] = useState(rating?.note || '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const out = await request('PUT', `/v1/periods/${year}/organisationRatings/${encodeURIComponent(agency)}`, { agency, year, predicate: p || undefined, note: note.trim() || undefined, etag: rating?.etag || undefined });
      toast(t('evc.org.saved', { agency }), 'ok');
      onSaved(out);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<li class="ev-org" data-test="org-row" data-agency=${agency} data-predicate=${rating?.predicate || ''}>
    <form onSubmit=${save} novalidate class="ev-org-form">
      <strong class="ev-org-name">${agency}</strong>
      <${Select} label=${t('evc.org.pred')} name="organisation_rating.predicate" value=${p} onValue=${setP} data-test="org-predicate"
        options=${[{ value: '', label: t('evc.org.pick') }, ...ORG_PREDICATES.map((x) => ({ value: x, label: ev('org', x) }))]} error=${fieldErr(error, 'predicate')} />
      <${Input} label=${t('evc.org.note')} name="organisation_rating.note" value=${note} onValue=${setNote} maxlength="2000" error=${fieldErr(error, 'note')} />
      <${Button} type="submit" busy=${busy} data-test="org-save">${t('evc.org.save')}</${Button}>
      <${EvError} error=${error} fields=${['predicate', 'note']} test="org-error" />
    </form></li>`;
}

function OrgRatings({ year, onChanged }) {
  // Every agency of the directory (the completion report has a row for each), with or without a rating.
  const dist = useAsync(async () => {
    const [d, c] = await Promise.all([get(`/v1/periods/${year}/predicateDistribution`), get(`/v1/periods/${year}/skpCompletion`, { pageSize: 1 })]);
    return [...(d.distributions || []).filter((x) => !x.unit).map((x) => x.agency), ...(c.agencies || []).map((x) => x.agency)];
  }, [year]);
  const ratings = useAsync(() => get(`/v1/periods/${year}/organisationRatings`).then((d) => d.organisationRatings || []), [year]);
  return html`<${Card} title=${t('evc.orgs', { year })}><div data-test="org-ratings"><${Async} state=${dist}>${(d) => html`<${Async} state=${ratings}>${(rs) => {
    const agencies = [...new Set([...d, ...rs.map((r) => r.agency)])].sort();
    return agencies.length ? html`<details class="ev-history" data-test="org-details"><summary>${t('evc.orgs.count', { n: fmtNumber(rs.length), of: fmtNumber(agencies.length) })}</summary>
      <ul class="ev-orgs">${agencies.map((a) => html`<${OrgRow} key=${a + (rs.find((r) => r.agency === a)?.etag || '')} year=${year} agency=${a}
      rating=${rs.find((r) => r.agency === a)} onSaved=${() => { ratings.reload(); onChanged(); }} />`)}</ul></details>` : html`<${None}>${t('evc.dist.none')}</${None}>`;
  }}</${Async}>`}</${Async}></div></${Card}>`;
}

function Completion({ year, agency }) {
  const state = useAsync(() => get(`/v1/periods/${year}/skpCompletion`, { agency, pageSize: 1 }), [year, agency]);
  const n = (k) => (r) => fmtNumber(r[k] || 0);
  return html`<${Card} title=${t('evc.completion', { year })}><div data-test="completion"><${Async} state=${state}>${(r) => html`
    <${Table} caption=${r.asOf ? t('evc.asOf', { d: fmtDate(r.asOf) }) : undefined} rows=${r.agencies || []} rowKey=${(x) => x.agency} columns=${[
      { key: 'agency', label: t('evc.c.agency') },
      { key: 'employees', label: t('evc.c.employees'), num: true, render: n('employees') },
      { key: 'withoutSkp', label: t('evc.c.without'), num: true, render: n('withoutSkp') },
      { key: 'draft', label: t('evc.c.draft'), num: true, render: n('draft') },
      { key: 'proposed', label: t('evc.c.proposed'), num: true, render: n('proposed') },
      { key: 'approved', label: t('evc.c.approved'), num: true, render: n('approved') },
      { key: 'ratingsOverdue', label: t('evc.c.overdue'), num: true, render: n('ratingsOverdue') },
      { key: 'annualFinalised', label: t('evc.c.final'), num: true, render: n('annualFinalised') },
    ]} />`}</${Async}></div></${Card}>`;
}

function Downloads({ year, agency }) {
  const q = agency ? `?agency=${encodeURIComponent(agency)}` : '';
  return html`<${Card} title=${t('evc.csv')}><div class="actions" data-test="csv-links">
    <${DownloadLink} href=${`/v1/periods/${year}/skpCompletion:csv${q}`} filename=${`kelengkapan-skp-${year}.csv`}>${t('evc.csv.completion')}</${DownloadLink}>
    <${DownloadLink} href=${`/v1/periods/${year}/predicateDistribution:csv${q}`} filename=${`sebaran-predikat-${year}.csv`}>${t('evc.csv.dist')}</${DownloadLink}>
    <${DownloadLink} href=${`/v1/periods/${year}/feedbackActivity:csv${q}`} filename=${`aktivitas-umpan-balik-${year}.csv`}>${t('evc.csv.feedback')}</${DownloadLink}>
    <${DownloadLink} href=${`/v1/periods/${year}/creditPoints:csv${q}`} filename=${`angka-kredit-${year}.csv`}>${t('evc.csv.credit')}</${DownloadLink}>
  </div></${Card}>`;
}

function OpenYear({ open, onClose, onDone, taken }) {
  const [v, setV] = useState({ year: String(thisYear() + (taken.includes(thisYear()) ? 1 : 0)), cadence: 'CADENCE_QUARTERLY', skpDueDate: '', ratingDueDays: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const send = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const p = await post('/v1/periods', { year: Number(v.year), cadence: v.cadence, skpDueDate: v.skpDueDate || undefined, ratingDueDays: v.ratingDueDays ? Number(v.ratingDueDays) : undefined });
      toast(t('evc.opened', { year: p.year }), 'ok');
      onDone(p);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Dialog} title=${t('evc.open')} open=${open} onClose=${onClose}>
    <form onSubmit=${send} novalidate data-test="open-year-form">
      <${Input} type="number" label=${t('evc.open.year')} name="period.year" value=${v.year} onValue=${set('year')} required min="2000" max="2100" error=${fieldErr(error, 'year')} data-test="open-year" />
      <${Select} label=${t('evc.open.cadence')} name="period.cadence" value=${v.cadence} onValue=${set('cadence')} error=${fieldErr(error, 'cadence')}
        options=${['CADENCE_QUARTERLY', 'CADENCE_MONTHLY'].map((c) => ({ value: c, label: t('evc.cadence.' + c) }))} data-test="open-cadence" />
      <${Input} type="date" label=${t('evc.open.due')} name="period.skp_due_date" value=${v.skpDueDate} onValue=${set('skpDueDate')} hint=${t('evc.open.dueHint')} error=${fieldErr(error, 'skp_due_date')} />
      <${Input} type="number" label=${t('evc.open.days')} name="period.rating_due_days" value=${v.ratingDueDays} onValue=${set('ratingDueDays')} min="0" max="90" hint=${t('evc.open.daysHint')} error=${fieldErr(error, 'rating_due_days')} />
      <${EvError} error=${error} fields=${['year', 'cadence', 'skp_due_date', 'rating_due_days']} test="open-year-error" />
      <div class="actions"><${Button} type="submit" busy=${busy} data-test="open-year-send">${t('evc.open.send')}</${Button}>
        <${Button} kind="ghost" onClick=${onClose}>${t('common.cancel')}</${Button}></div>
    </form>
  </${Dialog}>`;
}

export default function EvaluationCity({ session }) {
  useLang();
  const cityHR = hasRole('city-hr') && !readOnly();
  const agency = hasRole('city-hr', 'auditor') ? '' : session.agency || '';
  const [version, setVersion] = useState(0);
  const [chosen, setChosen] = useState(0);
  const [opening, setOpening] = useState(false);
  const years = useAsync(() => get('/v1/periods').then((d) => d.periods || []), [version]);
  return html`<${Page} title=${t('evc.title')} wide actions=${cityHR ? html`<${Button} kind="secondary" onClick=${() => setOpening(true)} data-test="open-year-open">${t('evc.open')}</${Button}>` : null}>
    <${Async} state=${years}>${(ps) => {
      const list = ps.map((p) => p.year);
      const year = list.includes(chosen) ? chosen : list.includes(thisYear()) ? thisYear() : list[0];
      const p = ps.find((x) => x.year === year);
      return html`<div class="ev-stack">
        ${opening ? html`<${OpenYear} open=${opening} taken=${list} onClose=${() => setOpening(false)} onDone=${(x) => { setOpening(false); setChosen(x.year); setVersion((v) => v + 1); }} />` : null}
        ${!list.length ? html`<${Card}><p data-test="no-years">${t('evc.noYears')}</p></${Card}>` : html`
          <${Card}><div class="ev-year-pick">
            <${Select} label=${t('evc.year')} name="year" value=${year} onValue=${(y) => setChosen(Number(y))} options=${list.map((y) => ({ value: y, label: String(y) }))} data-test="city-year" />
            ${p ? html`<p class="muted ev-small" data-test="city-periods">${t('evc.periods', { list: (p.periods || []).map((x) => periodLabel(x.id)).join(', ') })}</p>` : null}
          </div></${Card}>
          <${Distribution} key=${`d${year}-${version}`} year=${year} agency=${agency} />
          ${cityHR ? html`<${OrgRatings} key=${`o${year}`} year=${year} onChanged=${() => setVersion((v) => v + 1)} />` : null}
          <${Completion} key=${`c${year}-${version}`} year=${year} agency=${agency} />
          <${Downloads} year=${year} agency=${agency} />`}
      </div>`;
    }}</${Async}>
  </${Page}>`;
}

