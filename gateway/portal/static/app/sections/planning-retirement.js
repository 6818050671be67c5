// planning-retirement.js: "Pensiun & formasi" (/pensiun, issue 12 §1 and §4): the five years
// ahead (GET /v1/retirementForecast?agency=…) as bars per year — retirees, and the positions that
// empty if nobody is recruited — each year's positions and retirees (the retirement date is the
// first day of the month after the retirement age, BUP, is reached: PP 11/2017 art. 239), the
// CSV (…:csv); and the formasi proposals (usulan kebutuhan ASN, GET/POST /v1/formasiProposals):
// agency HR computes one and submits it, city HR approves it (with the decree's number) or
// returns it with a comment; each as CSV in the layout the city hands on.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, fmtDate } from '../i18n.js';
import { get, post, qs } from '../api.js';
import { Page, Card, useAsync, Button, Input, TextArea, Table, DownloadLink, toast } from '../ui.js';
import { AgencyPicker, setQuery } from './_shared/sv-common.js';
import { PlAsync, PlError, FormasiBadge, HeadGate, errAt, mayDraft, cityHR, pickAgency, pl, thisYear } from './_shared/planning-common.js';

addMessages({
  id: {
    'rt.title': 'Pensiun & formasi', 'rt.forecast': 'Pensiun lima tahun ke depan', 'rt.csv': 'Unduh CSV', 'rt.city': 'seluruh kota',
    'rt.retiring': 'Pegawai pensiun', 'rt.emptied': 'Jabatan kosong', 'rt.chart': 'Pensiun dan jabatan yang kosong per tahun, {agency}',
    'rt.year': 'Tahun {y}', 'rt.yearSum': '{n} pegawai pensiun · {e} jabatan kosong', 'rt.none': 'Tidak ada pegawai yang pensiun pada tahun ini.',
    'rt.position': 'Jabatan', 'rt.holders': 'Pemangku {now} → {left}', 'rt.empties': 'Kosong', 'rt.retirees': 'Pegawai yang pensiun', 'rt.noPosition': 'Tanpa jabatan',
    'rt.bup': 'BUP {age} tahun', 'rt.born': 'Lahir {d}', 'rt.retires': 'Pensiun {d}', 'rt.pick': 'Pilih instansi.',
    'rt.formasi': 'Usulan formasi', 'rt.f.create': 'Hitung usulan baru', 'rt.f.first': 'Tahun pertama', 'rt.f.firstHint': 'Kosong: tahun depan.',
    'rt.f.created': 'Usulan formasi {y} dibuat.', 'rt.f.none': 'Belum ada usulan formasi.', 'rt.f.years': '{a}–{b}', 'rt.f.total': 'Jumlah formasi',
    'rt.f.open': 'Rincian', 'rt.f.submit': 'Ajukan ke BKPSDM', 'rt.f.submitted': 'Usulan diajukan.', 'rt.f.approve': 'Setujui', 'rt.f.approved': 'Usulan disetujui.',
    'rt.f.return': 'Kembalikan', 'rt.f.returned': 'Usulan dikembalikan.', 'rt.f.comment': 'Catatan', 'rt.f.decree': 'Nomor keputusan',
    'rt.f.returnHint': '3 sampai 2.000 karakter: apa yang harus diperbaiki.', 'rt.f.by': 'Dibuat oleh {who}, {d}', 'rt.f.decided': 'Diputuskan oleh {who}, {d}',
    'rt.f.line.unit': 'Unit', 'rt.f.line.need': 'Kebutuhan', 'rt.f.line.holders': 'Pemangku', 'rt.f.line.total': 'Jumlah', 'rt.f.csv': 'Unduh CSV usulan',
    'rt.f.agencyNeeded': 'Pilih instansi untuk membuat usulan.',
  },
  en: {
    'rt.title': 'Retirements & formasi', 'rt.forecast': 'Retirements in the next five years', 'rt.csv': 'Download CSV', 'rt.city': 'the whole city',
    'rt.retiring': 'Employees retiring', 'rt.emptied': 'Positions emptied', 'rt.chart': 'Retirements and positions emptied per year, {agency}',
    'rt.year': 'Year {y}', 'rt.yearSum': '{n} retiring · {e} positions empty', 'rt.none': 'Nobody retires this year.',
    'rt.position': 'Position', 'rt.holders': 'Holders {now} → {left}', 'rt.empties': 'Empties', 'rt.retirees': 'Retiring employees', 'rt.noPosition': 'No position',
    'rt.bup': 'Retirement age {age}', 'rt.born': 'Born {d}', 'rt.retires': 'Retires {d}', 'rt.pick': 'Choose an agency.',
    'rt.formasi': 'Formasi proposals', 'rt.f.create': 'Compute a new proposal', 'rt.f.first': 'First year', 'rt.f.firstHint': 'Empty: next year.',
    'rt.f.created': 'Formasi proposal {y} created.', 'rt.f.none': 'No formasi proposal yet.', 'rt.f.years': '{a}–{b}', 'rt.f.total': 'Total formasi',
    'rt.f.open': 'Details', 'rt.f.submit': 'Submit to city HR', 'rt.f.submitted': 'Proposal submitted.', 'rt.f.approve': 'Approve', 'rt.f.approved': 'Proposal approved.',
    'rt.f.return': 'Return', 'rt.f.returned': 'Proposal returned.', 'rt.f.comment': 'Comment', 'rt.f.decree': 'Decree number',
    'rt.f.returnHint': '3 to 2,000 characters: what to change.', 'rt.f.by': 'Created by {who}, {d}', 'rt.f.decided': 'Decided by {who}, {d}',
    'rt.f.line.unit': 'Unit', 'rt.f.line.need': 'Need', 'rt.f.line.holders': 'Holders', 'rt.f.line.total': 'Total', 'rt.f.csv': 'Download the proposal as CSV',
    'rt.f.agencyNeeded': 'Choose an agency to create a proposal.',
  },
});

/** Bars: one group per year, retirees and positions emptied as two horizontal CSS bars scaled to
 * the largest figure; the numbers are written on them (no colour-only meaning). */
function Bars({ years, label }) {
  const max = Math.max(1, ...years.map((y) => Math.max(y.retiring || 0, y.positionsEmptied || 0)));
  const w = (n) => `width:${((100 * (n || 0)) / max).toFixed(1)}%`;
  return html`<figure class="pl-bars" data-test="retirement-chart">
    <figcaption class="hint">${label}</figcaption>
    <ul class="pl-legend" aria-hidden="true"><li><span class="pl-swatch pl-bar-ret"></span>${t('rt.retiring')}</li><li><span class="pl-swatch pl-bar-emp"></span>${t('rt.emptied')}</li></ul>
    <dl>${years.map((y) => html`<div class="pl-bar-year" data-test="retirement-year-bar" data-year=${y.year} data-retiring=${y.retiring || 0} data-emptied=${y.positionsEmptied || 0}>
      <dt>${y.year}</dt>
      <dd><span class="pl-bar pl-bar-ret" style=${w(y.retiring)}></span><span class="pl-bar-n">${fmtNumber(y.retiring || 0)} <span class="pl-sr">${t('rt.retiring')}</span></span></dd>
      <dd><span class="pl-bar pl-bar-emp" style=${w(y.positionsEmptied)}></span><span class="pl-bar-n">${fmtNumber(y.positionsEmptied || 0)} <span class="pl-sr">${t('rt.emptied')}</span></span></dd>
    </div>`)}</dl>
  </figure>`;
}

function YearDetails({ y }) {
  return html`<details class="pl-year" data-test="retirement-year" data-year=${y.year}>
    <summary><strong>${t('rt.year', { y: y.year })}</strong> — ${t('rt.yearSum', { n: fmtNumber(y.retiring || 0), e: fmtNumber(y.positionsEmptied || 0) })}</summary>
    ${(y.positions || []).length ? html`<ul class="pl-ret-positions">${y.positions.map((p) => html`<li data-test="retirement-position" data-empties=${String(!!p.empties)}>
      <p><strong>${p.title || t('rt.noPosition')}</strong> <span class="muted pl-small">${[p.agency, p.unit, pl('pkind', p.kind || 'none')].filter(Boolean).join(' · ')}</span>
        ${p.empties ? html` <span class="badge badge-bad">${t('rt.empties')}</span>` : null}</p>
      <p class="muted pl-small">${t('rt.holders', { now: fmtNumber(p.holdersNow || 0), left: fmtNumber(p.holdersLeft || 0) })}</p>
      <ul class="pl-retirees">${(p.retirees || []).map((r) => html`<li data-test="retiree" data-nip=${r.employee}>${r.displayName || r.employee}
        <span class="muted pl-small"> · NIP ${r.employee} · ${t('rt.born', { d: fmtDate(r.birthDate, { style: 'short' }) })} · ${t('rt.bup', { age: r.retirementAge })} · ${t('rt.retires', { d: fmtDate(r.retirementDate, { style: 'short' }) })}</span></li>`)}</ul>
    </li>`)}</ul>` : html`<p class="empty">${t('rt.none')}</p>`}
  </details>`;
}

function Forecast({ agency }) {
  const state = useAsync(() => get('/v1/retirementForecast', { agency }), [agency]);
  const who = agency || t('rt.city');
  return html`<${Card} title=${t('rt.forecast')} actions=${html`<${DownloadLink} href=${'/v1/retirementForecast:csv' + qs({ agency })}>${t('rt.csv')}</${DownloadLink}>`}>
    <div data-test="retirement"><${PlAsync} state=${state}>${(r) => html`<div class="pl-stack">
      <${Bars} years=${r.years || []} label=${t('rt.chart', { agency: who })} />
      ${(r.years || []).map((y) => html`<${YearDetails} key=${y.year} y=${y} />`)}
    </div>`}</${PlAsync}></div>
  </${Card}>`;
}

function Decide({ p, onDone }) {
  const [comment, setComment] = useState('');
  const [decree, setDecree] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const act = (verb) => async () => {
    setBusy(true); setError(null);
    try {
      const body = verb === 'approve' ? { etag: p.etag, comment: comment.trim() || undefined, decreeNumber: decree.trim() || undefined } : { etag: p.etag, comment: comment.trim() };
      const r = await post(`/v1/${p.name}:${verb}`, body);
      toast(t(verb === 'approve' ? 'rt.f.approved' : 'rt.f.returned'), 'ok');
      onDone(r.formasiProposal || r);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<div class="pl-stack" data-test="formasi-decide">
    <${TextArea} label=${t('rt.f.comment')} name="comment" value=${comment} onValue=${setComment} maxlength="2000" hint=${t('rt.f.returnHint')} error=${errAt(error, 'comment')} data-test="formasi-comment" />
    <${Input} label=${t('rt.f.decree')} name="decree_number" value=${decree} onValue=${setDecree} maxlength="100" error=${errAt(error, 'decree_number')} data-test="formasi-decree" />
    <${PlError} error=${error} fields=${['comment', 'decree_number']} />
    <div class="actions"><${Button} busy=${busy} onClick=${act('approve')} data-test="formasi-approve">${t('rt.f.approve')}</${Button}>
      <${Button} kind="secondary" busy=${busy} onClick=${act('return')} data-test="formasi-return">${t('rt.f.return')}</${Button}></div>
  </div>`;
}

function Proposal({ item, onChanged }) {
  const [open, setOpen] = useState(false);
  const full = useAsync(() => (open ? get(`/v1/${item.name}`).then((r) => r.formasiProposal || r) : Promise.resolve(null)), [open, item.etag]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const first = item.firstYear, n = item.years || 5;
  const yrs = [...Array(n)].map((_, i) => first + i);
  const submit = async () => {
    setBusy(true); setError(null);
    try { await post(`/v1/${item.name}:submit`, { etag: item.etag }); toast(t('rt.f.submitted'), 'ok'); onChanged(); } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const total = (item.totals || []).reduce((a, b) => a + (b || 0), 0);
  return html`<li class="pl-formasi" data-test="formasi" data-name=${item.name} data-state=${item.state}>
    <div class="pl-formasi-head">
      <strong>${item.agencyDisplayName || item.agency} · ${t('rt.f.years', { a: first, b: first + n - 1 })}</strong> <${FormasiBadge} s=${item.state} />
      <span class="muted pl-small">${t('rt.f.total')}: <span data-test="formasi-total">${fmtNumber(total)}</span></span>
    </div>
    ${item.totals?.length ? html`<p class="pl-small">${yrs.map((y, i) => `${y}: ${fmtNumber(item.totals[i] || 0)}`).join(' · ')}</p>` : null}
    ${item.comment ? html`<p class="alert alert-info" data-test="formasi-note">${item.comment}${item.decreeNumber ? ` — ${item.decreeNumber}` : ''}</p>` : null}
    <div class="actions">
      <${Button} kind="ghost" aria-expanded=${String(open)} onClick=${() => setOpen(!open)} data-test="formasi-open">${t('rt.f.open')}</${Button}>
      <${DownloadLink} href=${`/v1/${item.name}:csv`}>${t('rt.f.csv')}</${DownloadLink}>
      ${mayDraft() && (item.state === 'FORMASI_STATE_DRAFT') ? html`<${Button} busy=${busy} onClick=${submit} data-test="formasi-submit">${t('rt.f.submit')}</${Button}>` : null}
    </div>
    <${PlError} error=${error} />
    ${cityHR() && item.state === 'FORMASI_STATE_SUBMITTED' ? html`<${Decide} p=${item} onDone=${onChanged} />` : null}
    ${open ? html`<${PlAsync} state=${full}>${(f) => (f ? html`<${Table} rows=${f.lines || []} rowKey=${(l) => l.position} columns=${[
      { key: 'title', label: t('rt.position'), render: (l) => html`${l.title}<br /><span class="muted pl-small">${[l.unit, pl('pkind', l.kind)].filter(Boolean).join(' · ')}</span>` },
      { key: 'need', label: t('rt.f.line.need'), num: true, render: (l) => fmtNumber(l.need || 0) },
      { key: 'holders', label: t('rt.f.line.holders'), num: true, render: (l) => fmtNumber(l.holders || 0) },
      ...yrs.map((y, i) => ({ key: 'y' + y, label: String(y), num: true, render: (l) => fmtNumber((l.proposed || [])[i] || 0) })),
      { key: 'total', label: t('rt.f.line.total'), num: true, render: (l) => fmtNumber(l.total || 0) },
    ]} />` : null)}</${PlAsync}>` : null}
  </li>`;
}

function Formasi({ agency }) {
  const [version, setVersion] = useState(0);
  const list = useAsync(() => get('/v1/formasiProposals', { agency }).then((r) => r.formasiProposals || []), [agency, version]);
  const [first, setFirst] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const r = await post('/v1/formasiProposals', { agency, firstYear: first ? Number(first) : undefined });
      const p = r.formasiProposal || r;
      toast(t('rt.f.created', { y: p.firstYear || first || thisYear() + 1 }), 'ok');
      setVersion((v) => v + 1);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Card} title=${t('rt.formasi')}>
    <div class="pl-stack" data-test="formasi-list">
      ${mayDraft() ? (agency ? html`<form class="pl-inline-form" onSubmit=${create} novalidate>
        <${Input} label=${t('rt.f.first')} name="first_year" type="number" inputmode="numeric" value=${first} onValue=${setFirst} hint=${t('rt.f.firstHint')} min="2000" max="2100" error=${errAt(error, 'first_year')} data-test="formasi-first" />
        <${Button} type="submit" busy=${busy} data-test="formasi-create">${t('rt.f.create')}</${Button}>
        <${PlError} error=${error} fields=${['first_year']} test="formasi-error" />
      </form>` : html`<p class="hint">${t('rt.f.agencyNeeded')}</p>`) : null}
      <${PlAsync} state=${list}>${(xs) => (xs.length ? html`<ul class="pl-formasis">${xs.map((p) => html`<${Proposal} key=${p.name + p.etag} item=${p} onChanged=${() => setVersion((v) => v + 1)} />`)}</ul>`
        : html`<p class="empty">${t('rt.f.none')}</p>`)}</${PlAsync}>
    </div>
  </${Card}>`;
}

/** Retirement is the /pensiun screen. */
export default function Retirement({ session, query }) {
  useLang();
  const [agency, setAgency] = useState(query.get('agency') || (pickAgency() ? '' : session.agency || ''));
  const choose = (a) => { setAgency(a); setQuery({ agency: a }); };
  return html`<${Page} title=${t('rt.title')} wide>
    <div class="pl-stack">
      ${pickAgency() ? html`<${Card}><${AgencyPicker} value=${agency} onValue=${choose} allowAll test="retirement-agency" /></${Card}>` : null}
      <${HeadGate}><${Forecast} key=${'f' + agency} agency=${agency} />
      <${Formasi} key=${'p' + agency} agency=${agency} /></${HeadGate}>
    </div>
  </${Page}>`;
}
