// training-catalogue.js: "Katalog pelatihan" (/katalog-pelatihan), the sessions open for
// enrolment (GET /v1/sessions?openOnly=true) with their programmes' titles, descriptions, forms,
// providers and JP (GET /v1/programmes), searchable by words and form. "Daftar" asks for a seat
// (POST /v1/enrolments with the session; the caller is the employee): the answer is said in
// words — waiting for the supervisor's approval, enrolled, or waitlist position N — and a
// session one already holds, asked for or waits in says so instead of offering the button.
import { html, useState, useRef } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber } from '../i18n.js';
import { getAll, post } from '../api.js';
import { Page, Card, useAsync, Async, Input, Select, Button, Badge, Empty, toast } from '../ui.js';
import { Link } from '../router.js';
import { hasRole } from '../session.js';
import { EnrolmentBadge, TrError, label, options, num, newKey, sessionWhen, FORMS, OPEN_STATES, SEAT_STATES } from './_shared/training-common.js';

addMessages({
  id: {
    'trc.title': 'Katalog pelatihan', 'trc.search': 'Cari judul, penyelenggara atau kompetensi', 'trc.form': 'Bentuk', 'trc.form.all': 'Semua bentuk',
    'trc.none': 'Tidak ada sesi yang dibuka untuk pendaftaran.', 'trc.noneMatch': 'Tidak ada sesi yang cocok dengan pencarian.',
    'trc.count': '{n} sesi dibuka', 'trc.enrol': 'Daftar', 'trc.enrolling': 'Mendaftar…', 'trc.back': 'Kembali ke Pelatihan saya',
    'trc.place': 'Tempat', 'trc.provider': 'Penyelenggara', 'trc.jp': '{n} JP', 'trc.full': 'Penuh — pendaftar baru masuk daftar tunggu',
    'trc.certificate': 'Bersertifikat (STTPP)', 'trc.latsar': 'Latsar CPNS', 'trc.trainers': 'Pengajar: {names}', 'trc.competencies': 'Kompetensi: {list}',
    'trc.outcome.ENROLMENT_STATE_REQUESTED': 'Permohonan terkirim dan menunggu persetujuan atasan Anda.',
    'trc.outcome.ENROLMENT_STATE_ENROLLED': 'Anda terdaftar dan mendapat kursi.',
    'trc.outcome.ENROLMENT_STATE_WAITLISTED': 'Sesi penuh: Anda di daftar tunggu ke-{n}. Anda otomatis naik bila ada kursi kosong.',
    'trc.mine': 'Status Anda:', 'trc.agency': 'Sesi {agency}', 'trc.nominate': 'Pegawai mendaftar sendiri di sini; kepegawaian menominasikan di Sesi pelatihan.',
    'trc.done': 'Pendaftaran {title}: {state}',
  },
  en: {
    'trc.title': 'Training catalogue', 'trc.search': 'Search title, provider or competency', 'trc.form': 'Form', 'trc.form.all': 'All forms',
    'trc.none': 'No session is open for enrolment.', 'trc.noneMatch': 'No session matches the search.',
    'trc.count': '{n} sessions open', 'trc.enrol': 'Enrol', 'trc.enrolling': 'Enrolling…', 'trc.back': 'Back to My training',
    'trc.place': 'Place', 'trc.provider': 'Provider', 'trc.jp': '{n} JP', 'trc.full': 'Full — new requests join the waitlist',
    'trc.certificate': 'Certificate (STTPP)', 'trc.latsar': 'Latsar for CPNS', 'trc.trainers': 'Trainers: {names}', 'trc.competencies': 'Competencies: {list}',
    'trc.outcome.ENROLMENT_STATE_REQUESTED': 'Your request is sent and awaits your supervisor\'s approval.',
    'trc.outcome.ENROLMENT_STATE_ENROLLED': 'You are enrolled and have a seat.',
    'trc.outcome.ENROLMENT_STATE_WAITLISTED': 'The session is full: you are number {n} on the waitlist. You move up automatically when a seat frees.',
    'trc.mine': 'Your status:', 'trc.agency': 'Session of {agency}', 'trc.nominate': 'Employees enrol themselves here; HR nominates in Training sessions.',
    'trc.done': 'Enrolment in {title}: {state}',
  },
});

/** competencyName shows planning's "technical:network-administration" as "network administration". */
const competencyName = (c) => String(c).split(':').pop().replace(/-/g, ' ');

/** outcomeText says in words what a new enrolment's state means. */
export const outcomeText = (e) => t('trc.outcome.' + e.state, { n: fmtNumber(num(e.waitlistPosition)) }) === 'trc.outcome.' + e.state
  ? label('enrol', e.state) : t('trc.outcome.' + e.state, { n: fmtNumber(num(e.waitlistPosition)) });

function SessionCard({ s, p, mine, onEnrolled }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const key = useRef(newKey());
  const held = mine && (OPEN_STATES.has(mine.state) || SEAT_STATES.has(mine.state)) ? mine : null;
  const enrol = async () => {
    setBusy(true); setError(null);
    try {
      const e = await post('/v1/enrolments', { session: s.name }, { headers: { 'Idempotency-Key': key.current } });
      setDone(e);
      toast(t('trc.done', { title: s.programmeTitle || p?.title || '', state: label('enrol', e.state) }), 'ok');
      onEnrolled(e);
    } catch (x) {
      key.current = newKey();
      setError(x);
    } finally { setBusy(false); }
  };
  const capacity = num(s.capacity), seated = num(s.seated), waiting = num(s.waitlisted);
  const full = capacity > 0 && seated >= capacity;
  const title = s.programmeTitle || p?.title || s.programme;
  const hid = 'trc-' + s.name.replace(/\W/g, '');
  return html`<article class="tr-session card" data-test="catalogue-session" data-name=${s.name} aria-labelledby=${hid}>
    <div class="tr-item-head"><h2 class="tr-session-title" id=${hid}>${title}</h2><${Badge} kind="ok">${t('trc.jp', { n: fmtNumber(num(s.jp || p?.jp)) })}</${Badge}></div>
    <p class="tr-session-when"><strong>${sessionWhen(s)}</strong></p>
    <p class="muted">${[p ? label('form', p.form) : null, p?.provider, s.place || (s.onlineLink ? t('tr.online') : null), s.agency ? t('trc.agency', { agency: s.agency }) : t('tr.city')].filter(Boolean).join(' · ')}</p>
    ${p?.description ? html`<p class="tr-desc">${p.description}</p>` : null}
    ${p?.competencies?.length ? html`<p class="hint">${t('trc.competencies', { list: p.competencies.map(competencyName).join(', ') })}</p>` : null}
    ${s.trainers?.length ? html`<p class="hint">${t('trc.trainers', { names: s.trainers.join(', ') })}</p>` : null}
    <p class="tr-seats">${t('tr.seats', { seated: fmtNumber(seated), capacity: fmtNumber(capacity) })}${waiting ? ` · ${t('tr.waiting', { n: fmtNumber(waiting) })}` : ''}
      ${p?.certificate ? html` <${Badge} kind="info">${t('trc.certificate')}</${Badge}>` : null}${p?.latsar ? html` <${Badge} kind="warn">${t('trc.latsar')}</${Badge}>` : null}</p>
    ${full && !held && !done ? html`<p class="hint">${t('trc.full')}</p>` : null}
    ${done ? html`<div class="alert alert-ok" role="status" data-test="enrol-outcome" data-state=${done.state} data-name=${done.name}><p>${outcomeText(done)}</p></div>`
      : held ? html`<p data-test="enrol-status" data-state=${held.state}>${t('trc.mine')} <${EnrolmentBadge} e=${held} /></p>`
        : html`<div class="actions"><${Button} busy=${busy} onClick=${enrol} data-test="enrol">${busy ? t('trc.enrolling') : t('trc.enrol')}</${Button}></div>`}
    <${TrError} error=${error} test="enrol-error" />
  </article>`;
}

/** Catalogue is the /katalog-pelatihan screen. */
export default function Catalogue({ session }) {
  useLang();
  const [q, setQ] = useState('');
  const [form, setForm] = useState('');
  const [mineLocal, setMineLocal] = useState({});
  const data = useAsync(async () => {
    const [sessions, programmes, mine] = await Promise.all([
      getAll('/v1/sessions', { openOnly: true, pageSize: 500 }, 'sessions', 2000),
      getAll('/v1/programmes', { pageSize: 1000 }, 'programmes', 5000),
      getAll('/v1/enrolments', { employee: session.subject, pageSize: 500 }, 'enrolments', 2000),
    ]);
    const byName = Object.fromEntries(programmes.map((p) => [p.name, p]));
    const bySession = {};
    for (const e of mine) if (!bySession[e.session] || OPEN_STATES.has(e.state) || SEAT_STATES.has(e.state)) bySession[e.session] = e;
    return { sessions, byName, bySession };
  }, [session.subject]);
  const words = q.trim().toLowerCase();
  const match = (s, p) => (!form || p?.form === form) && (!words || [s.programmeTitle, p?.title, p?.provider, p?.description, ...(p?.competencies || [])]
    .filter(Boolean).join(' ').toLowerCase().includes(words));
  return html`<${Page} title=${t('trc.title')} actions=${html`<${Link} class="btn btn-secondary" href="/pelatihan">${t('trc.back')}</${Link}>`}>
    <${Card}>
      <div class="sv-toolbar">
        <${Input} type="search" label=${t('trc.search')} name="query" value=${q} onValue=${setQ} data-test="catalogue-search" />
        <${Select} label=${t('trc.form')} name="form" value=${form} onValue=${setForm} options=${options('form', FORMS, t('trc.form.all'))} />
      </div>
      ${hasRole('employee', 'supervisor') ? null : html`<p class="hint">${t('trc.nominate')}</p>`}
    </${Card}>
    <${Async} state=${data}>${(d) => {
      const list = d.sessions.filter((s) => match(s, d.byName[s.programme]));
      if (!d.sessions.length) return html`<${Empty}>${t('trc.none')}</${Empty}>`;
      return html`<p class="muted" aria-live="polite">${t('trc.count', { n: fmtNumber(list.length) })}</p>
        ${list.length ? html`<div class="tr-sessions" data-test="catalogue">${list.map((s) => html`<${SessionCard} key=${s.name} s=${s} p=${d.byName[s.programme]}
          mine=${mineLocal[s.name] || d.bySession[s.name]} onEnrolled=${(e) => setMineLocal((m) => ({ ...m, [s.name]: e }))} />`)}</div>`
          : html`<${Empty}>${t('trc.noneMatch')}</${Empty}>`}`;
    }}</${Async}>
  </${Page}>`;
}
