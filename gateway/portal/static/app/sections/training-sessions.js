// training-sessions.js: "Sesi pelatihan" (/sesi-pelatihan), agency and city HR's training desk,
// in tabs kept in the address (?tab=): the year's sessions (GET /v1/sessions) with seats,
// waitlist and state, each opening its page (training-session.js: nominations, attendance,
// completion, certificates); the programmes the agency may use, the city's and its own
// (GET /v1/programmes?agency=); creating a programme or a session in a dialog whose API errors
// sit next to their fields; and the reports of training-hr-reports.js — the JP shortfall
// against 20 JP with its CSV, Latsar of the CPNS, and own training waiting for verification.
// Agency HR works in their agency; city HR and the inspectorate choose one (or the whole city);
// the inspectorate changes nothing.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber } from '../i18n.js';
import { getAll, post, qs, ApiError } from '../api.js';
import { Page, Card, useAsync, Async, Input, Select, TextArea, Button, Badge, Dialog, toast, fieldError } from '../ui.js';
import { Link, navigate } from '../router.js';
import { hasRole, readOnly } from '../session.js';
import { useAgencies, AgencyPicker } from './_shared/ch-common.js';
import {
  TrTable as Table, SessionBadge, TrError, label, options, num, rupiah, newKey, slug, sessionWhen, instant, zoneOptions, thisYear, idOf,
  FORMS, HOUR_FORMS, COMPETENCY_TYPES, PROVIDER_KINDS,
} from './_shared/training-common.js';
import { JPShortfall, Latsar, ExternalVerify } from './training-hr-reports.js';

addMessages({
  id: {
    'trs.title': 'Sesi pelatihan', 'trs.tabs': 'Bagian', 'trs.tab.sessions': 'Sesi', 'trs.tab.programmes': 'Program', 'trs.tab.jp': 'Kekurangan JP',
    'trs.tab.latsar': 'Latsar CPNS', 'trs.tab.external': 'Pelatihan mandiri', 'trs.year': 'Tahun', 'trs.readonly': 'Mode baca saja: Inspektorat tidak mengubah data.',
    'trs.sessions': 'Sesi tahun {year}', 'trs.sessions.none': 'Belum ada sesi pada tahun ini.', 'trs.newSession': 'Buat sesi',
    'trs.col.programme': 'Pelatihan', 'trs.col.when': 'Waktu', 'trs.col.owner': 'Penyelenggara', 'trs.col.seats': 'Kursi', 'trs.col.state': 'Status',
    'trs.col.form': 'Bentuk', 'trs.col.jp': 'JP', 'trs.col.provider': 'Penyedia', 'trs.col.type': 'Jenis kompetensi', 'trs.col.cost': 'Biaya per kursi',
    'trs.seats': '{seated}/{capacity}', 'trs.waiting': '+{n} menunggu',
    'trs.programmes': 'Program yang dapat dipakai', 'trs.programmes.none': 'Belum ada program.', 'trs.newProgramme': 'Buat program',
    'trs.cert': 'Sertifikat', 'trs.latsar': 'Latsar', 'trs.retired': 'Tidak dipakai lagi',
    'trs.f.programme': 'Program', 'trs.f.programme.choose': '— pilih program —', 'trs.f.agency': 'Penyelenggara', 'trs.f.agency.city': 'Kota (BKPSDM)',
    'trs.f.start': 'Mulai', 'trs.f.end': 'Selesai', 'trs.f.zone': 'Zona waktu', 'trs.f.place': 'Tempat', 'trs.f.place.hint': 'Mis. Aula BKPSDM, Jl. Kapten Maulana Lubis',
    'trs.f.link': 'Tautan kelas daring (https)', 'trs.f.capacity': 'Kapasitas (kursi)', 'trs.f.trainers': 'Pengajar',
    'trs.f.trainers.hint': 'Satu per baris: nama, atau NIP pegawai (pengajar ber-NIP dapat membaca penilaian sesi).', 'trs.f.submitSession': 'Simpan sesi',
    'trs.f.title': 'Judul program', 'trs.f.id': 'Kode program', 'trs.f.id.hint': 'Huruf kecil, angka dan tanda hubung; alamatnya programmes/{id}. Kosongkan untuk memakai judul.', 'trs.f.description': 'Uraian', 'trs.f.ctype': 'Jenis kompetensi', 'trs.f.competencies': 'Kompetensi yang dibangun',
    'trs.f.competencies.hint': 'Dipisah koma, seperti nama kompetensi pada jabatan: technical:network-administration', 'trs.f.form': 'Bentuk',
    'trs.f.minutes': 'Jam pelajaran dalam menit', 'trs.f.minutes.hint': '1 JP = 45 menit: 900 menit = 20 JP.', 'trs.f.jp': 'JP', 'trs.f.jp.hint': 'Bentuk ini tidak dihitung per jam; tuliskan JP-nya.',
    'trs.f.provider': 'Nama penyedia', 'trs.f.providerKind': 'Jenis penyedia', 'trs.f.cost': 'Biaya per kursi (rupiah)', 'trs.f.certificate': 'Kelulusan mendapat sertifikat (STTPP)',
    'trs.f.latsar': 'Ini Latsar CPNS', 'trs.f.owner': 'Katalog', 'trs.f.owner.city': 'Katalog kota', 'trs.f.submitProgramme': 'Simpan program',
    'trs.createdSession': 'Sesi {title} dibuat.', 'trs.createdProgramme': 'Program {title} dibuat ({jp} JP).', 'trs.choose': '— pilih —',
  },
  en: {
    'trs.title': 'Training sessions', 'trs.tabs': 'Sections', 'trs.tab.sessions': 'Sessions', 'trs.tab.programmes': 'Programmes', 'trs.tab.jp': 'JP shortfall',
    'trs.tab.latsar': 'Latsar (CPNS)', 'trs.tab.external': 'Own training', 'trs.year': 'Year', 'trs.readonly': 'Read-only: the inspectorate changes nothing.',
    'trs.sessions': 'Sessions in {year}', 'trs.sessions.none': 'No sessions this year yet.', 'trs.newSession': 'New session',
    'trs.col.programme': 'Training', 'trs.col.when': 'When', 'trs.col.owner': 'Run by', 'trs.col.seats': 'Seats', 'trs.col.state': 'State',
    'trs.col.form': 'Form', 'trs.col.jp': 'JP', 'trs.col.provider': 'Provider', 'trs.col.type': 'Competency type', 'trs.col.cost': 'Cost per seat',
    'trs.seats': '{seated}/{capacity}', 'trs.waiting': '+{n} waiting',
    'trs.programmes': 'Programmes available', 'trs.programmes.none': 'No programmes yet.', 'trs.newProgramme': 'New programme',
    'trs.cert': 'Certificate', 'trs.latsar': 'Latsar', 'trs.retired': 'Retired',
    'trs.f.programme': 'Programme', 'trs.f.programme.choose': '— choose a programme —', 'trs.f.agency': 'Run by', 'trs.f.agency.city': 'The city (BKPSDM)',
    'trs.f.start': 'Starts', 'trs.f.end': 'Ends', 'trs.f.zone': 'Time zone', 'trs.f.place': 'Place', 'trs.f.place.hint': 'E.g. BKPSDM hall, Jl. Kapten Maulana Lubis',
    'trs.f.link': 'Online class link (https)', 'trs.f.capacity': 'Capacity (seats)', 'trs.f.trainers': 'Trainers',
    'trs.f.trainers.hint': 'One per line: a name, or an employee\'s NIP (trainers with a NIP may read the session\'s feedback).', 'trs.f.submitSession': 'Save session',
    'trs.f.title': 'Programme title', 'trs.f.id': 'Programme code', 'trs.f.id.hint': 'Lower-case letters, digits and hyphens; its address is programmes/{id}. Leave empty to use the title.', 'trs.f.description': 'Description', 'trs.f.ctype': 'Competency type', 'trs.f.competencies': 'Competencies it builds',
    'trs.f.competencies.hint': 'Comma-separated, named as positions name them: technical:network-administration', 'trs.f.form': 'Form',
    'trs.f.minutes': 'Hours of instruction in minutes', 'trs.f.minutes.hint': '1 JP = 45 minutes: 900 minutes = 20 JP.', 'trs.f.jp': 'JP', 'trs.f.jp.hint': 'This form is not counted in hours; state its JP.',
    'trs.f.provider': 'Provider\'s name', 'trs.f.providerKind': 'Provider kind', 'trs.f.cost': 'Cost per seat (rupiah)', 'trs.f.certificate': 'Passing earns a certificate (STTPP)',
    'trs.f.latsar': 'This is Latsar for CPNS', 'trs.f.owner': 'Catalogue', 'trs.f.owner.city': 'City catalogue', 'trs.f.submitProgramme': 'Save programme',
    'trs.createdSession': 'Session of {title} created.', 'trs.createdProgramme': 'Programme {title} created ({jp} JP).', 'trs.choose': '— choose —',
  },
});

const TABS = ['sessions', 'programmes', 'jp', 'latsar', 'external'];

/** fe finds the API's message for a field, an indexed one (trainers[2]) included. */
function fe(error, ...names) {
  const exact = fieldError(error, ...names);
  if (exact || !(error instanceof ApiError)) return exact;
  for (const [k, v] of Object.entries(error.fields)) if (names.some((n) => k.startsWith(n + '[') || k.includes('.' + n + '['))) return v;
  return undefined;
}

// ---- Sessions ----

function NewSession({ programmes, agencyHR, agency, orgList, onDone, onCancel }) {
  const [f, setF] = useState({ programme: '', agency: agencyHR ? agency : '', start: '', end: '', zone: 'Asia/Jakarta', place: '', link: '', capacity: '30', trainers: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF((x) => ({ ...x, [k]: v, ...(k === 'start' && (!x.end || x.end < v) ? { end: v } : {}) }));
  const usable = programmes.filter((p) => !p.retired && p.form !== 'PROGRAMME_FORM_INTERNSHIP');
  const submit = async (e) => {
    e.preventDefault();
    const body = {
      programme: f.programme, agency: f.agency || undefined, startTime: instant(f.start, f.zone), endTime: instant(f.end, f.zone), timeZone: f.zone,
      place: f.place.trim() || undefined, onlineLink: f.link.trim() || undefined, capacity: f.capacity === '' ? undefined : Number(f.capacity),
      trainers: f.trainers.split('\n').map((s) => s.trim()).filter(Boolean),
    };
    setBusy(true); setError(null);
    try {
      const s = await post('/v1/sessions', body, { headers: { 'Idempotency-Key': newKey() } });
      toast(t('trs.createdSession', { title: s.programmeTitle || '' }), 'ok');
      onDone(s);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} novalidate data-test="session-form">
    <${Select} label=${t('trs.f.programme')} name="programme" value=${f.programme} onValue=${set('programme')} required error=${fe(error, 'programme')}
      options=${[{ value: '', label: t('trs.f.programme.choose') }, ...usable.map((p) => ({ value: p.name, label: `${p.title} (${num(p.jp)} JP${p.agency ? ', ' + p.agency : ''})` }))]} data-test="session-programme" />
    ${agencyHR ? null : html`<${AgencyPicker} list=${orgList} value=${f.agency} onValue=${set('agency')} allowAll label=${t('trs.f.agency')} error=${fe(error, 'agency')} test="session-agency" />`}
    <div class="form-row">
      <${Input} type="datetime-local" label=${t('trs.f.start')} name="start_time" value=${f.start} onValue=${set('start')} required error=${fe(error, 'start_time')} data-test="session-start" />
      <${Input} type="datetime-local" label=${t('trs.f.end')} name="end_time" value=${f.end} min=${f.start || undefined} onValue=${set('end')} required error=${fe(error, 'end_time')} data-test="session-end" />
    </div>
    <div class="form-row">
      <${Select} label=${t('trs.f.zone')} name="time_zone" value=${f.zone} onValue=${set('zone')} options=${zoneOptions()} error=${fe(error, 'time_zone')} />
      <${Input} type="number" label=${t('trs.f.capacity')} name="capacity" value=${f.capacity} min="1" inputmode="numeric" onValue=${set('capacity')} required error=${fe(error, 'capacity')} data-test="session-capacity" />
    </div>
    <${Input} label=${t('trs.f.place')} name="place" value=${f.place} onValue=${set('place')} hint=${t('trs.f.place.hint')} maxlength="300" error=${fe(error, 'place')} data-test="session-place" />
    <${Input} type="url" label=${t('trs.f.link')} name="online_link" value=${f.link} onValue=${set('link')} placeholder="https://" maxlength="500" error=${fe(error, 'online_link')} />
    <${TextArea} label=${t('trs.f.trainers')} name="trainers" value=${f.trainers} onValue=${set('trainers')} hint=${t('trs.f.trainers.hint')} error=${fe(error, 'trainers')} data-test="session-trainers" />
    <${TrError} error=${error} fields=${['programme', 'agency', 'start_time', 'end_time', 'time_zone', 'capacity', 'place', 'online_link', 'trainers']} />
    <div class="actions">
      <${Button} type="submit" busy=${busy} data-test="session-submit">${t('trs.f.submitSession')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

function Sessions({ agency, year, canEdit, agencyHR, programmes, orgList }) {
  useLang();
  const [creating, setCreating] = useState(false);
  // Agency HR runs their agency's sessions and nominates into the city's: both, not other agencies'.
  const list = useAsync(() => getAll('/v1/sessions', { agency: agencyHR ? '' : agency, fromDate: `${year}-01-01`, toDate: `${year}-12-31`, pageSize: 1000 }, 'sessions', 10000)
    .then((xs) => (agencyHR ? xs.filter((s) => !s.agency || s.agency === agency) : xs)), [agency, year]);
  return html`<${Card} title=${t('trs.sessions', { year })} actions=${canEdit ? html`<${Button} onClick=${() => setCreating(true)} data-test="session-create">${t('trs.newSession')}</${Button}>` : null}>
    <div data-test="session-list"><${Async} state=${list}>${(rows) => html`<${Table} rows=${rows} rowKey=${(s) => s.name} empty=${t('trs.sessions.none')} columns=${[
      { key: 'programme', label: t('trs.col.programme'), render: (s) => html`<${Link} href=${`/sesi-pelatihan/${idOf(s.name)}`} data-test="session-row" data-name=${s.name}>${s.programmeTitle || idOf(s.programme)}</${Link}>` },
      { key: 'when', label: t('trs.col.when'), render: (s) => sessionWhen(s) },
      { key: 'owner', label: t('trs.col.owner'), render: (s) => s.agency || t('tr.city') },
      { key: 'seats', label: t('trs.col.seats'), num: true, render: (s) => html`<span>${t('trs.seats', { seated: fmtNumber(num(s.seated)), capacity: fmtNumber(num(s.capacity)) })}${num(s.waitlisted) ? html`<br /><span class="muted">${t('trs.waiting', { n: fmtNumber(num(s.waitlisted)) })}</span>` : null}</span>` },
      { key: 'state', label: t('trs.col.state'), render: (s) => html`<${SessionBadge} s=${s} />` },
    ]} />`}</${Async}></div>
    <${Dialog} title=${t('trs.newSession')} open=${creating} onClose=${() => setCreating(false)}>
      ${creating ? html`<${NewSession} programmes=${programmes} agencyHR=${agencyHR} agency=${agency} orgList=${orgList}
        onDone=${(s) => { setCreating(false); navigate(`/sesi-pelatihan/${idOf(s.name)}`); }} onCancel=${() => setCreating(false)} />` : null}
    </${Dialog}>
  </${Card}>`;
}

// ---- Programmes ----

function NewProgramme({ agencyHR, agency, orgList, onDone, onCancel }) {
  const [f, setF] = useState({
    id: '', title: '', description: '', competencyType: 'COMPETENCY_TYPE_TECHNICAL', competencies: '', form: 'PROGRAMME_FORM_CLASSROOM', minutes: '', jp: '',
    provider: '', providerKind: 'PROVIDER_KIND_CITY_TRAINING_UNIT', cost: '', certificate: true, latsar: false, agency: agencyHR ? agency : '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF((x) => ({ ...x, [k]: v }));
  const hours = HOUR_FORMS.has(f.form);
  const submit = async (e) => {
    e.preventDefault();
    const body = {
      title: f.title.trim(), description: f.description.trim() || undefined, competencyType: f.competencyType,
      competencies: f.competencies.split(',').map((s) => s.trim()).filter(Boolean), form: f.form,
      provider: f.provider.trim(), providerKind: f.providerKind, costPerSeat: f.cost === '' ? undefined : String(Math.round(Number(f.cost))),
      certificate: f.certificate, latsar: f.latsar, agency: f.agency || undefined,
    };
    if (hours) body.minutes = f.minutes === '' ? undefined : Number(f.minutes);
    else body.jp = f.jp === '' ? undefined : Number(f.jp);
    setBusy(true); setError(null);
    try {
      const p = await post('/v1/programmes' + qs({ programmeId: f.id || slug(f.title) }), body, { headers: { 'Idempotency-Key': newKey() } });
      toast(t('trs.createdProgramme', { title: p.title, jp: fmtNumber(num(p.jp)) }), 'ok');
      onDone(p);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const check = (k, text, test) => html`<div class="field"><label class="sv-check"><input type="checkbox" checked=${f[k]} onChange=${(e) => set(k)(e.currentTarget.checked)} data-test=${test} /> ${text}</label>
    ${fe(error, k) ? html`<p class="field-error" role="alert">${fe(error, k)}</p>` : null}</div>`;
  return html`<form onSubmit=${submit} novalidate data-test="programme-form">
    <${Input} label=${t('trs.f.title')} name="title" value=${f.title} onValue=${set('title')} required maxlength="200" error=${fe(error, 'title')} data-test="programme-title" />
    <${Input} label=${t('trs.f.id')} name="programme_id" value=${f.id} placeholder=${slug(f.title)} onValue=${(v) => set('id')(v.trim())} maxlength="63"
      hint=${t('trs.f.id.hint', { id: f.id || slug(f.title) || '…' })} error=${fe(error, 'programme_id')} data-test="programme-id" />
    <${TextArea} label=${t('trs.f.description')} name="description" value=${f.description} onValue=${set('description')} maxlength="4000" error=${fe(error, 'description')} />
    <div class="form-row">
      <${Select} label=${t('trs.f.ctype')} name="competency_type" value=${f.competencyType} onValue=${set('competencyType')} options=${options('ctype', COMPETENCY_TYPES)} error=${fe(error, 'competency_type')} />
      <${Select} label=${t('trs.f.form')} name="form" value=${f.form} onValue=${set('form')} options=${options('form', FORMS)} error=${fe(error, 'form')} data-test="programme-form-kind" />
    </div>
    <${Input} label=${t('trs.f.competencies')} name="competencies" value=${f.competencies} onValue=${set('competencies')} hint=${t('trs.f.competencies.hint')} error=${fe(error, 'competencies')} />
    ${hours ? html`<${Input} type="number" label=${t('trs.f.minutes')} name="minutes" value=${f.minutes} min="45" step="45" inputmode="numeric" onValue=${set('minutes')} required
        hint=${t('trs.f.minutes.hint')} error=${fe(error, 'minutes') || fe(error, 'jp')} data-test="programme-minutes" />`
      : html`<${Input} type="number" label=${t('trs.f.jp')} name="jp" value=${f.jp} min="1" inputmode="numeric" onValue=${set('jp')} required hint=${t('trs.f.jp.hint')} error=${fe(error, 'jp')} data-test="programme-jp" />`}
    <div class="form-row">
      <${Input} label=${t('trs.f.provider')} name="provider" value=${f.provider} onValue=${set('provider')} required maxlength="200" error=${fe(error, 'provider')} data-test="programme-provider" />
      <${Select} label=${t('trs.f.providerKind')} name="provider_kind" value=${f.providerKind} onValue=${set('providerKind')} options=${options('provider', PROVIDER_KINDS)} error=${fe(error, 'provider_kind')} />
    </div>
    <div class="form-row">
      <${Input} type="number" label=${t('trs.f.cost')} name="cost_per_seat" value=${f.cost} min="0" step="1000" inputmode="numeric" onValue=${set('cost')} error=${fe(error, 'cost_per_seat')} />
      ${agencyHR ? html`<${Input} label=${t('trs.f.owner')} name="agency" value=${agency} disabled />` : html`<${AgencyPicker} list=${orgList} value=${f.agency} onValue=${set('agency')} label=${t('trs.f.owner')} allowAll error=${fe(error, 'agency')} />`}
    </div>
    ${check('certificate', t('trs.f.certificate'), 'programme-certificate')}
    ${check('latsar', t('trs.f.latsar'), 'programme-latsar')}
    <${TrError} error=${error} fields=${['programme_id', 'title', 'description', 'competency_type', 'competencies', 'form', 'minutes', 'jp', 'provider', 'provider_kind', 'cost_per_seat', 'certificate', 'latsar', 'agency']} />
    <div class="actions">
      <${Button} type="submit" busy=${busy} data-test="programme-submit">${t('trs.f.submitProgramme')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

function Programmes({ state, canEdit, agencyHR, agency, orgList, onCreated }) {
  useLang();
  const [creating, setCreating] = useState(false);
  return html`<${Card} title=${t('trs.programmes')} actions=${canEdit ? html`<${Button} onClick=${() => setCreating(true)} data-test="programme-create">${t('trs.newProgramme')}</${Button}>` : null}>
    <div data-test="programme-list"><${Async} state=${state}>${(rows) => html`<${Table} rows=${rows} rowKey=${(p) => p.name} empty=${t('trs.programmes.none')} columns=${[
      { key: 'title', label: t('trs.col.programme'), render: (p) => html`<span data-test="programme-row" data-name=${p.name}><strong>${p.title}</strong>
        ${p.certificate ? html` <${Badge} kind="info">${t('trs.cert')}</${Badge}>` : null}${p.latsar ? html` <${Badge} kind="warn">${t('trs.latsar')}</${Badge}>` : null}
        ${p.retired ? html` <${Badge}>${t('trs.retired')}</${Badge}>` : null}</span>` },
      { key: 'form', label: t('trs.col.form'), render: (p) => label('form', p.form) },
      { key: 'jp', label: t('trs.col.jp'), num: true, render: (p) => fmtNumber(num(p.jp)) },
      { key: 'provider', label: t('trs.col.provider'), render: (p) => p.provider },
      { key: 'type', label: t('trs.col.type'), render: (p) => label('ctype', p.competencyType) },
      { key: 'owner', label: t('trs.col.owner'), render: (p) => p.agency || t('tr.city') },
      { key: 'cost', label: t('trs.col.cost'), num: true, render: (p) => rupiah(p.costPerSeat) },
    ]} />`}</${Async}></div>
    <${Dialog} title=${t('trs.newProgramme')} open=${creating} onClose=${() => setCreating(false)}>
      ${creating ? html`<${NewProgramme} agencyHR=${agencyHR} agency=${agency} orgList=${orgList}
        onDone=${() => { setCreating(false); onCreated(); }} onCancel=${() => setCreating(false)} />` : null}
    </${Dialog}>
  </${Card}>`;
}

/** TrainingSessions is the /sesi-pelatihan screen. */
export default function TrainingSessions({ session, query }) {
  useLang();
  const agencyHR = hasRole('agency-hr') && !hasRole('city-hr');
  const canEdit = !readOnly() && hasRole('agency-hr', 'city-hr');
  const org = useAgencies();
  const tab = TABS.includes(query.get('tab')) ? query.get('tab') : 'sessions';
  const [agency, setAgency] = useState(() => (agencyHR ? session.agency : query.get('agency') || ''));
  const [year, setYear] = useState(() => Number(query.get('tahun')) || thisYear());
  const [pv, setPv] = useState(0);
  const programmes = useAsync(() => getAll('/v1/programmes', { agency: agency || '', pageSize: 1000 }, 'programmes', 5000), [agency, pv]);
  const go = (next) => {
    const q = new URLSearchParams({ tab: next.tab ?? tab });
    const a = next.agency ?? agency, y = next.year ?? year;
    if (a && !agencyHR) q.set('agency', a);
    if (y !== thisYear()) q.set('tahun', String(y));
    navigate('/sesi-pelatihan?' + q.toString(), { replace: true });
  };
  const years = [thisYear() + 1, thisYear(), thisYear() - 1, thisYear() - 2].map((y) => ({ value: String(y), label: String(y) }));
  return html`<${Page} title=${t('trs.title')} wide>
    ${canEdit ? null : html`<p class="alert alert-info">${t('trs.readonly')}</p>`}
    <div class="sv-toolbar">
      ${agencyHR ? null : html`<${AgencyPicker} list=${org.list} value=${agency} onValue=${(v) => { setAgency(v); go({ agency: v }); }} allowAll test="training-agency" />`}
      ${tab === 'programmes' || tab === 'external' ? null : html`<${Select} label=${t('trs.year')} name="year" value=${String(year)} options=${years}
        onValue=${(v) => { setYear(Number(v)); go({ year: Number(v) }); }} data-test="training-year" />`}
    </div>
    <nav class="ch-tabs" aria-label=${t('trs.tabs')}>${TABS.map((k) => html`<${Link} href=${`/sesi-pelatihan?tab=${k}${agency && !agencyHR ? `&agency=${agency}` : ''}${year !== thisYear() ? `&tahun=${year}` : ''}`}
      class=${'ch-tab' + (k === tab ? ' active' : '')} aria-current=${k === tab ? 'page' : undefined} data-test=${'training-tab-' + k}>${t('trs.tab.' + k)}</${Link}>`)}</nav>
    ${tab === 'sessions' ? html`<${Sessions} agency=${agency} year=${year} canEdit=${canEdit} agencyHR=${agencyHR} programmes=${programmes.data || []} orgList=${org.list} />` : null}
    ${tab === 'programmes' ? html`<${Programmes} state=${programmes} canEdit=${canEdit} agencyHR=${agencyHR} agency=${agency} orgList=${org.list} onCreated=${() => setPv((v) => v + 1)} />` : null}
    ${tab === 'jp' ? html`<${JPShortfall} agency=${agency} year=${year} />` : null}
    ${tab === 'latsar' ? html`<${Latsar} agency=${agency} />` : null}
    ${tab === 'external' ? html`<${ExternalVerify} agency=${agency} canEdit=${canEdit} />` : null}
  </${Page}>`;
}
