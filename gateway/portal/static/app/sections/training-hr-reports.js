// training-hr-reports.js: the report tabs of "Sesi pelatihan" for agency and city HR. (a) The
// JP shortfall: every employee of the agency (or the city) with JP earned and projected against
// 20 (GET /v1/employeeJp, most short first, paged), the totals over all pages, and the same list
// as a CSV file (/v1/employeeJp:csv, a plain link: the session cookie goes with it). (b) Latsar:
// each CPNS with the one-year deadline and whether Latsar is done, due or flagged
// (GET /v1/latsarStatus). (c) Own training waiting for verification (GET
// /v1/externalTrainings?state=…SUBMITTED): verify (its JP then counts) or reject with a reason.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, fmtPercent } from '../i18n.js';
import { get, getAll, post, qs } from '../api.js';
import { Card, useAsync, Async, Button, Badge, Stat, Dialog, TextArea, Empty, toast, fieldError } from '../ui.js';
import { TrTable as Table, JPBar, TrError, label, num, JP_TARGET } from './_shared/training-common.js';

addMessages({
  id: {
    'trr.jp': 'JP pegawai {scope} tahun {year}', 'trr.city': 'seluruh kota', 'trr.onlyShort': 'Hanya yang kurang dari 20 JP', 'trr.csv': 'Unduh CSV',
    'trr.csvHint': 'Berkas CSV untuk spreadsheet: satu baris per pegawai, dengan jumlahnya.', 'trr.none': 'Tidak ada pegawai dalam daftar ini.',
    'trr.employees': 'Pegawai aktif', 'trr.short': 'Kurang dari 20 JP', 'trr.projectedShort': 'Masih kurang bila yang terjadwal selesai', 'trr.shortfall': 'JP yang masih harus diberikan',
    'trr.col.who': 'Pegawai', 'trr.col.agency': 'Instansi', 'trr.col.earned': 'Diperoleh', 'trr.col.projected': 'Terjadwal', 'trr.col.short': 'Kurang', 'trr.col.bar': 'Menuju 20 JP',
    'trr.page': 'Halaman {n}', 'trr.latsar': 'Latsar CPNS', 'trr.onlyFlagged': 'Hanya yang lewat tenggat', 'trr.latsar.none': 'Tidak ada CPNS dalam daftar ini.',
    'trr.col.appointed': 'TMT CPNS', 'trr.col.deadline': 'Tenggat Latsar', 'trr.col.state': 'Status', 'trr.col.completed': 'Selesai Latsar',
    'trr.latsar.hint': 'CPNS wajib menyelesaikan Latsar dalam tahun pertamanya; yang lewat tenggat ditandai.',
    'trr.ext': 'Pelatihan mandiri menunggu verifikasi', 'trr.ext.none': 'Tidak ada pelatihan mandiri yang menunggu verifikasi.',
    'trr.col.training': 'Pelatihan', 'trr.col.dates': 'Tanggal', 'trr.col.jp': 'JP', 'trr.col.evidence': 'Bukti', 'trr.open': 'Lihat bukti',
    'trr.verify': 'Verifikasi', 'trr.reject': 'Tolak', 'trr.verify.title': 'Verifikasi pelatihan mandiri', 'trr.reject.title': 'Tolak pelatihan mandiri',
    'trr.verify.confirm': 'JP {title} ({jp} JP) dihitung untuk {name}.', 'trr.reason': 'Alasan penolakan', 'trr.required': 'Wajib diisi.',
    'trr.col.act': 'Tindakan', 'trr.verified': 'Terverifikasi: JP dihitung.', 'trr.rejected': 'Pelatihan mandiri ditolak.', 'trr.readonly': 'Anda hanya dapat melihat.',
  },
  en: {
    'trr.jp': 'Employees\' JP, {scope}, {year}', 'trr.city': 'the whole city', 'trr.onlyShort': 'Only those short of 20 JP', 'trr.csv': 'Download CSV',
    'trr.csvHint': 'A CSV file for spreadsheets: one row per employee, with the totals.', 'trr.none': 'No employees in this list.',
    'trr.employees': 'Active employees', 'trr.short': 'Short of 20 JP', 'trr.projectedShort': 'Still short if scheduled training finishes', 'trr.shortfall': 'JP still to deliver',
    'trr.col.who': 'Employee', 'trr.col.agency': 'Agency', 'trr.col.earned': 'Earned', 'trr.col.projected': 'Scheduled', 'trr.col.short': 'Short', 'trr.col.bar': 'Toward 20 JP',
    'trr.page': 'Page {n}', 'trr.latsar': 'Latsar for CPNS', 'trr.onlyFlagged': 'Only those past the deadline', 'trr.latsar.none': 'No CPNS in this list.',
    'trr.col.appointed': 'CPNS since', 'trr.col.deadline': 'Latsar deadline', 'trr.col.state': 'State', 'trr.col.completed': 'Latsar completed',
    'trr.latsar.hint': 'A CPNS must complete Latsar within their first year; those past the deadline are flagged.',
    'trr.ext': 'Own training waiting for verification', 'trr.ext.none': 'No own training is waiting for verification.',
    'trr.col.training': 'Training', 'trr.col.dates': 'Dates', 'trr.col.jp': 'JP', 'trr.col.evidence': 'Evidence', 'trr.open': 'Open the evidence',
    'trr.verify': 'Verify', 'trr.reject': 'Reject', 'trr.verify.title': 'Verify own training', 'trr.reject.title': 'Reject own training',
    'trr.verify.confirm': 'The {jp} JP of {title} count for {name}.', 'trr.reason': 'Reason for rejecting', 'trr.required': 'Required.',
    'trr.col.act': 'Action', 'trr.verified': 'Verified: the JP counts.', 'trr.rejected': 'Own training rejected.', 'trr.readonly': 'You can only view.',
  },
});

const PAGE = 50;
const LATSAR_KIND = { LATSAR_STATE_DONE: 'ok', LATSAR_STATE_DUE: 'info', LATSAR_STATE_FLAGGED: 'bad' };
const range = (a, b) => (a === b || !b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);

/** Check is a labelled checkbox filter. */
const Check = ({ checked, onValue, text, test }) => html`<label class="sv-check"><input type="checkbox" checked=${checked} onChange=${(e) => onValue(e.currentTarget.checked)} data-test=${test} /> ${text}</label>`;

/** JPShortfall is the JP list of an agency (or the city) against 20 JP. */
export function JPShortfall({ agency, year }) {
  useLang();
  const [onlyShort, setOnlyShort] = useState(true);
  const [tokens, setTokens] = useState(['']);
  const token = tokens[tokens.length - 1];
  const params = { agency, year, onlyShort: onlyShort ? true : undefined };
  const page = useAsync(() => get('/v1/employeeJp', { ...params, pageSize: PAGE, pageToken: token }), [agency, year, onlyShort, token]);
  const csv = '/v1/employeeJp:csv' + qs(params);
  const filter = (v) => { setOnlyShort(v); setTokens(['']); };
  return html`<${Card} title=${t('trr.jp', { scope: agency || t('trr.city'), year })}
    actions=${html`<a class="btn btn-secondary" href=${csv} download=${`jp-${agency || 'kota'}-${year}.csv`} data-test="jp-csv">${t('trr.csv')}</a>`}>
    <p class="hint">${t('trr.csvHint')}</p>
    <${Check} checked=${onlyShort} onValue=${filter} text=${t('trr.onlyShort')} test="jp-only-short" />
    <${Async} state=${page}>${(d) => {
      const tot = d.totals || {};
      return html`<div class="tr-stack" data-test="jp-shortfall" aria-busy=${page.loading ? 'true' : 'false'}>
        <div class="stats">
          <${Stat} label=${t('trr.employees')} value=${fmtNumber(num(tot.employees))} />
          <${Stat} label=${t('trr.short')} value=${`${fmtNumber(num(tot.short))} (${fmtPercent(num(tot.employees) ? num(tot.short) / num(tot.employees) : 0)})`} kind="bad" />
          <${Stat} label=${t('trr.projectedShort')} value=${fmtNumber(num(tot.projectedShort))} kind="warn" />
          <${Stat} label=${t('trr.shortfall')} value=${fmtNumber(num(tot.shortfall))} />
        </div>
        <${Table} caption=${t('trr.page', { n: tokens.length })} rows=${d.employees || []} rowKey=${(r) => r.employee} empty=${t('trr.none')} columns=${[
          { key: 'who', label: t('trr.col.who'), render: (r) => html`<span data-test="jp-row" data-nip=${r.employee} data-earned=${num(r.earned)}>${r.employeeName || r.employee}<br /><span class="muted ch-nip">${r.employee}</span></span>` },
          ...(agency ? [] : [{ key: 'agency', label: t('trr.col.agency'), render: (r) => r.agency }]),
          { key: 'earned', label: t('trr.col.earned'), num: true, render: (r) => fmtNumber(num(r.earned)) },
          { key: 'projected', label: t('trr.col.projected'), num: true, render: (r) => fmtNumber(num(r.projected)) },
          { key: 'short', label: t('trr.col.short'), num: true, render: (r) => html`<strong>${fmtNumber(num(r.short))}</strong>` },
          { key: 'bar', label: t('trr.col.bar'), render: (r) => html`<${JPBar} earned=${r.earned} projected=${r.projected} target=${JP_TARGET} compact />` },
        ]} />
        <div class="ch-pager">
          <${Button} kind="secondary" disabled=${tokens.length === 1} onClick=${() => setTokens(tokens.slice(0, -1))}>${t('common.prev')}</${Button}>
          <span aria-live="polite">${t('trr.page', { n: tokens.length })}</span>
          <${Button} kind="secondary" disabled=${!d.nextPageToken} onClick=${() => setTokens([...tokens, d.nextPageToken])}>${t('common.next')}</${Button}>
        </div>
      </div>`;
    }}</${Async}>
  </${Card}>`;
}

/** Latsar lists the CPNS of an agency (or the city) with their Latsar deadline and state. */
export function Latsar({ agency }) {
  useLang();
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const state = useAsync(() => get('/v1/latsarStatus', { agency, onlyFlagged: onlyFlagged ? true : undefined }), [agency, onlyFlagged]);
  return html`<${Card} title=${t('trr.latsar')}>
    <p class="hint">${t('trr.latsar.hint')}</p>
    <${Check} checked=${onlyFlagged} onValue=${setOnlyFlagged} text=${t('trr.onlyFlagged')} test="latsar-only-flagged" />
    <div data-test="latsar-list"><${Async} state=${state}>${(d) => html`<${Table} rows=${d.statuses || []} rowKey=${(r) => r.employee} empty=${t('trr.latsar.none')} columns=${[
      { key: 'who', label: t('trr.col.who'), render: (r) => html`<span>${r.employeeName || r.employee}<br /><span class="muted ch-nip">${r.employee}</span></span>` },
      ...(agency ? [] : [{ key: 'agency', label: t('trr.col.agency'), render: (r) => r.agency }]),
      { key: 'appointed', label: t('trr.col.appointed'), render: (r) => (r.appointmentDate ? fmtDate(r.appointmentDate, { style: 'short' }) : '—') },
      { key: 'deadline', label: t('trr.col.deadline'), render: (r) => (r.deadline ? fmtDate(r.deadline, { style: 'short' }) : '—') },
      { key: 'state', label: t('trr.col.state'), render: (r) => html`<${Badge} kind=${LATSAR_KIND[r.state] || 'neutral'}>${label('latsar', r.state)}</${Badge}>` },
      { key: 'completed', label: t('trr.col.completed'), render: (r) => (r.completedDate ? fmtDate(r.completedDate, { style: 'short' }) : '—') },
    ]} />`}</${Async}></div>
  </${Card}>`;
}

function Decide({ x, action, onDone, onCancel }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    if (action === 'reject' && !reason.trim()) { setLocal(t('trr.required')); return; }
    setLocal(null); setBusy(true); setError(null);
    try {
      await post(`/v1/${x.name}:verify`, { approve: action === 'verify', reason: action === 'reject' ? reason.trim() : undefined, etag: x.etag || undefined });
      toast(t(action === 'verify' ? 'trr.verified' : 'trr.rejected'), 'ok');
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} novalidate>
    <p>${action === 'verify' ? t('trr.verify.confirm', { title: x.title, jp: fmtNumber(num(x.jp)), name: x.employee }) : `${x.title} — ${x.employee}`}</p>
    ${action === 'reject' ? html`<${TextArea} label=${t('trr.reason')} name="reason" value=${reason} onValue=${setReason} required maxlength="1000"
      error=${local || fieldError(error, 'reason')} data-test="external-reject-reason" />` : null}
    <${TrError} error=${error} fields=${['reason']} />
    <div class="actions">
      <${Button} type="submit" kind=${action === 'reject' ? 'danger' : 'primary'} busy=${busy} data-test="external-decision-confirm">${t('trr.' + action)}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

/** ExternalVerify lists own training waiting for HR's verification. */
export function ExternalVerify({ agency, canEdit }) {
  useLang();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(null);
  const state = useAsync(() => getAll('/v1/externalTrainings', { agency, state: 'EXTERNAL_TRAINING_STATE_SUBMITTED', pageSize: 500 }, 'externalTrainings', 2000), [agency, version]);
  return html`<${Card} title=${t('trr.ext')}>
    ${canEdit ? null : html`<p class="hint">${t('trr.readonly')}</p>`}
    <div data-test="external-verify-list"><${Async} state=${state}>${(rows) => (rows.length === 0 ? html`<${Empty}>${t('trr.ext.none')}</${Empty}>` : html`<${Table} rows=${rows} rowKey=${(x) => x.name} columns=${[
      { key: 'who', label: t('trr.col.who'), render: (x) => x.employee },
      { key: 'training', label: t('trr.col.training'), render: (x) => html`<span><strong>${x.title}</strong><br /><span class="muted">${x.provider} · ${label('form', x.form)}</span></span>` },
      { key: 'dates', label: t('trr.col.dates'), render: (x) => range(x.startDate, x.endDate) },
      { key: 'jp', label: t('trr.col.jp'), num: true, render: (x) => fmtNumber(num(x.jp)) },
      { key: 'evidence', label: t('trr.col.evidence'), render: (x) => (String(x.evidence || '').startsWith('documents/')
        ? html`<a href=${'/v1/' + x.evidence} target="_blank" rel="noopener">${t('trr.open')}</a>`
        : /^https:\/\//.test(x.evidence || '') ? html`<a href=${x.evidence} target="_blank" rel="noopener noreferrer">${t('trr.open')}</a>` : x.evidence || '—') },
      ...(canEdit ? [{ key: 'act', label: t('trr.col.act'), render: (x) => html`<span class="actions">
        <${Button} onClick=${() => setOpen({ x, action: 'verify' })} data-test="external-verify">${t('trr.verify')}</${Button}>
        <${Button} kind="danger" onClick=${() => setOpen({ x, action: 'reject' })} data-test="external-reject">${t('trr.reject')}</${Button}></span>` }] : []),
    ]} />`)}</${Async}></div>
    <${Dialog} title=${open ? t(open.action === 'verify' ? 'trr.verify.title' : 'trr.reject.title') : ''} open=${!!open} onClose=${() => setOpen(null)}>
      ${open ? html`<${Decide} key=${open.x.name + open.action} x=${open.x} action=${open.action} onDone=${() => { setOpen(null); setVersion((v) => v + 1); }} onCancel=${() => setOpen(null)} />` : null}
    </${Dialog}>
  </${Card}>`;
}
