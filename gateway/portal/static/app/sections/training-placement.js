// training-placement.js: one internship placement (/magang/{id}) — the participant, the agency
// and unit, the mentor, the cohort and its dates; the logbook in date order, where the
// participant (or the mentor, for a student) writes what was done, for how long and what came
// of it, and the mentor reviews each entry (approved or not, with a comment); and the final
// assessment (score, passed, notes) that completes the placement and credits the internship
// programme's JP to an employee participant. The API decides who may write, review and assess;
// the page offers each form to the people it is meant for.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, todayIn } from '../i18n.js';
import { get, getAll, post } from '../api.js';
import { Page, Card, useAsync, Async, Input, TextArea, Button, Badge, Empty, ErrorBox, toast, fieldError } from '../ui.js';
import { Link } from '../router.js';
import { hasRole, readOnly } from '../session.js';
import { useNames } from './_shared/ch-common.js';
import { TrError, num, idOf, validId, newKey } from './_shared/training-common.js';
import { participantOf, PlacementBadge } from './training-internship.js';

addMessages({
  id: {
    'trp.title': 'Peserta magang', 'trp.back': 'Magang', 'trp.notFound': 'Penempatan ini tidak ditemukan. Pilih peserta dari daftar Magang.',
    'trp.participant': 'Peserta', 'trp.place': 'Penempatan', 'trp.mentor': 'Mentor', 'trp.cohort': 'Angkatan', 'trp.dates': 'Masa magang',
    'trp.student': '{name}, NIM {number}, {institution}{programme}', 'trp.result': 'Penilaian akhir', 'trp.passed': 'Lulus', 'trp.failed': 'Tidak lulus',
    'trp.score': 'Nilai {n}', 'trp.jp': '{n} JP dikreditkan',
    'trp.logbook': 'Logbook', 'trp.logbook.none': 'Belum ada catatan logbook.', 'trp.hours': '{n} jam', 'trp.outcome': 'Hasil: {text}',
    'trp.reviewed.ok': 'Disetujui mentor', 'trp.reviewed.no': 'Tidak disetujui mentor', 'trp.pending': 'Menunggu tinjauan mentor', 'trp.comment': 'Komentar mentor: {text}',
    'trp.new': 'Tulis logbook', 'trp.f.date': 'Tanggal', 'trp.f.hours': 'Jam kerja', 'trp.f.activities': 'Kegiatan', 'trp.f.outcome': 'Hasil yang dicapai', 'trp.f.save': 'Simpan catatan',
    'trp.saved': 'Catatan logbook tersimpan.',
    'trp.review': 'Tinjau', 'trp.review.approve': 'Setujui catatan ini', 'trp.review.comment': 'Komentar (tidak wajib)', 'trp.review.save': 'Simpan tinjauan', 'trp.reviewedToast': 'Tinjauan tersimpan.',
    'trp.assess': 'Penilaian akhir', 'trp.assess.hint': 'Penilaian akhir menyelesaikan magang; peserta pegawai yang lulus mendapat JP program magang.',
    'trp.f.score': 'Nilai akhir (0–100)', 'trp.f.passed': 'Peserta lulus', 'trp.f.notes': 'Catatan penilaian', 'trp.f.assess': 'Simpan penilaian akhir', 'trp.assessed': 'Magang selesai dinilai.',
  },
  en: {
    'trp.title': 'Intern', 'trp.back': 'Internships', 'trp.notFound': 'This placement was not found. Choose a participant from the Internships list.',
    'trp.participant': 'Participant', 'trp.place': 'Placement', 'trp.mentor': 'Mentor', 'trp.cohort': 'Cohort', 'trp.dates': 'Period',
    'trp.student': '{name}, student number {number}, {institution}{programme}', 'trp.result': 'Final assessment', 'trp.passed': 'Passed', 'trp.failed': 'Did not pass',
    'trp.score': 'Score {n}', 'trp.jp': '{n} JP credited',
    'trp.logbook': 'Logbook', 'trp.logbook.none': 'No logbook entries yet.', 'trp.hours': '{n} hours', 'trp.outcome': 'Outcome: {text}',
    'trp.reviewed.ok': 'Approved by the mentor', 'trp.reviewed.no': 'Not approved by the mentor', 'trp.pending': 'Waiting for the mentor\'s review', 'trp.comment': 'Mentor\'s comment: {text}',
    'trp.new': 'Write the logbook', 'trp.f.date': 'Date', 'trp.f.hours': 'Hours worked', 'trp.f.activities': 'Activities', 'trp.f.outcome': 'Outcome', 'trp.f.save': 'Save entry',
    'trp.saved': 'Logbook entry saved.',
    'trp.review': 'Review', 'trp.review.approve': 'Approve this entry', 'trp.review.comment': 'Comment (optional)', 'trp.review.save': 'Save review', 'trp.reviewedToast': 'Review saved.',
    'trp.assess': 'Final assessment', 'trp.assess.hint': 'The final assessment completes the internship; an employee participant who passes earns the internship programme\'s JP.',
    'trp.f.score': 'Final score (0–100)', 'trp.f.passed': 'The participant passed', 'trp.f.notes': 'Assessment notes', 'trp.f.assess': 'Save final assessment', 'trp.assessed': 'The internship is assessed.',
  },
});

const range = (a, b) => (!a ? '—' : a === b || !b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);

function Review({ entry, onDone }) {
  const [approved, setApproved] = useState(true);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${entry.name}:review`, { approved, comment: comment.trim() || undefined, etag: entry.etag || undefined });
      toast(t('trp.reviewedToast'), 'ok'); onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<details class="tr-review"><summary>${t('trp.review')}</summary><form onSubmit=${submit} novalidate data-test="logbook-review">
    <label class="sv-check"><input type="checkbox" checked=${approved} onChange=${(e) => setApproved(e.currentTarget.checked)} data-test="logbook-approve" /> ${t('trp.review.approve')}</label>
    <${TextArea} label=${t('trp.review.comment')} name="comment" value=${comment} onValue=${setComment} maxlength="2000" error=${fieldError(error, 'comment')} data-test="logbook-comment" />
    <${TrError} error=${error} fields=${['comment']} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="logbook-review-save">${t('trp.review.save')}</${Button}></div>
  </form></details>`;
}

function NewEntry({ p, onDone }) {
  const today = todayIn();
  const [f, setF] = useState({ date: today, hours: '8', activities: '', outcome: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF((x) => ({ ...x, [k]: v }));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${p.name}/logbookEntries`, { date: f.date, hours: f.hours === '' ? undefined : Number(f.hours), activities: f.activities.trim(), outcome: f.outcome.trim() || undefined },
        { headers: { 'Idempotency-Key': newKey() } });
      setF({ date: today, hours: '8', activities: '', outcome: '' });
      toast(t('trp.saved'), 'ok'); onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const fe = (n) => fieldError(error, n);
  return html`<${Card} title=${t('trp.new')}><form onSubmit=${submit} novalidate data-test="logbook-form">
    <div class="form-row">
      <${Input} type="date" label=${t('trp.f.date')} name="date" value=${f.date} max=${today} onValue=${set('date')} required error=${fe('date')} data-test="logbook-date" />
      <${Input} type="number" label=${t('trp.f.hours')} name="hours" value=${f.hours} min="1" max="24" inputmode="numeric" onValue=${set('hours')} required error=${fe('hours')} data-test="logbook-hours" />
    </div>
    <${TextArea} label=${t('trp.f.activities')} name="activities" value=${f.activities} onValue=${set('activities')} required maxlength="4000" error=${fe('activities')} data-test="logbook-activities" />
    <${TextArea} label=${t('trp.f.outcome')} name="outcome" value=${f.outcome} onValue=${set('outcome')} maxlength="2000" error=${fe('outcome')} data-test="logbook-outcome" />
    <${TrError} error=${error} fields=${['date', 'hours', 'activities', 'outcome']} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="logbook-submit">${t('trp.f.save')}</${Button}></div>
  </form></${Card}>`;
}

function Assess({ p, onDone }) {
  const [score, setScore] = useState('');
  const [passed, setPassed] = useState(true);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${p.name}:assess`, { score: score === '' ? 0 : Number(score), passed, notes: notes.trim() || undefined, etag: p.etag || undefined });
      toast(t('trp.assessed'), 'ok'); onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Card} title=${t('trp.assess')}><form onSubmit=${submit} novalidate data-test="assess-form">
    <p class="hint">${t('trp.assess.hint')}</p>
    <${Input} type="number" label=${t('trp.f.score')} name="score" value=${score} min="0" max="100" inputmode="numeric" onValue=${setScore} required error=${fieldError(error, 'score')} data-test="assess-score" />
    <label class="sv-check"><input type="checkbox" checked=${passed} onChange=${(e) => setPassed(e.currentTarget.checked)} data-test="assess-passed" /> ${t('trp.f.passed')}</label>
    <${TextArea} label=${t('trp.f.notes')} name="notes" value=${notes} onValue=${setNotes} maxlength="4000" error=${fieldError(error, 'notes')} data-test="assess-notes" />
    <${TrError} error=${error} fields=${['score', 'passed', 'notes']} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="assess-submit">${t('trp.f.assess')}</${Button}></div>
  </form></${Card}>`;
}

/** Placement is the /magang/:id screen. */
export default function Placement({ params, session }) {
  useLang();
  const ok = validId(params.id);
  const [version, setVersion] = useState(0);
  const data = useAsync(async () => {
    if (!ok) return null;
    const p = await get(`/v1/placements/${encodeURIComponent(params.id)}`);
    const [cohort, entries] = await Promise.all([
      get(`/v1/${p.cohort}`).catch(() => null),
      getAll(`/v1/${p.name}/logbookEntries`, { pageSize: 1000 }, 'logbookEntries', 5000),
    ]);
    return { p, cohort, entries };
  }, [params.id, version]);
  const names = useNames(data.data ? [data.data.p.mentor] : []);
  const changed = () => setVersion((v) => v + 1);
  const back = html`<${Link} class="btn btn-secondary" href="/magang">${t('trp.back')}</${Link}>`;
  if (!ok) return html`<${Page} title=${t('trp.title')} actions=${back}><p class="empty">${t('trp.notFound')}</p></${Page}>`;
  if (data.error && data.data === undefined) return html`<${Page} title=${t('trp.title')} actions=${back}><${ErrorBox} error=${data.error} onRetry=${data.reload} /></${Page}>`;
  const me = session.subject;
  return html`<${Page} title=${data.data ? participantOf(data.data.p) : t('trp.title')} actions=${back}>
    <${Async} state=${data}>${({ p, cohort, entries }) => {
      const active = p.state === 'PLACEMENT_STATE_ACTIVE';
      const mentor = p.mentor === me;
      const writer = !readOnly() && active && (p.employee ? p.employee === me : mentor);
      const assessor = !readOnly() && active && (mentor || hasRole('agency-hr', 'city-hr'));
      const s = p.student;
      return html`<div class="tr-stack" data-test="placement-page" data-name=${p.name} data-state=${p.state}>
        <${Card}>
          <div class="tr-item-head"><${PlacementBadge} p=${p} /></div>
          <dl class="sv-dl">
            <div class="sv-wide"><dt>${t('trp.participant')}</dt><dd>${s ? t('trp.student', { name: s.fullName, number: s.studentNumber, institution: s.institution, programme: s.studyProgramme ? `, ${s.studyProgramme}` : '' }) : `${participantOf(p)} (NIP ${p.employee})`}</dd></div>
            <div><dt>${t('trp.place')}</dt><dd>${[p.agency, p.unit].filter(Boolean).join(' · ')}</dd></div>
            <div><dt>${t('trp.mentor')}</dt><dd>${names[p.mentor] || p.mentor}</dd></div>
            <div><dt>${t('trp.cohort')}</dt><dd>${cohort?.displayName || idOf(p.cohort)}</dd></div>
            <div><dt>${t('trp.dates')}</dt><dd>${range(cohort?.startDate, cohort?.endDate)}</dd></div>
            ${p.state === 'PLACEMENT_STATE_COMPLETED' ? html`<div class="sv-wide"><dt>${t('trp.result')}</dt><dd data-test="placement-result">
              <${Badge} kind=${p.passed ? 'ok' : 'bad'}>${t(p.passed ? 'trp.passed' : 'trp.failed')}</${Badge}> ${t('trp.score', { n: fmtNumber(num(p.score)) })}
              ${num(p.jp) ? ` · ${t('trp.jp', { n: fmtNumber(num(p.jp)) })}` : ''}${p.assessmentNotes ? html`<br />${p.assessmentNotes}` : null}</dd></div>` : null}
          </dl>
        </${Card}>
        ${writer ? html`<${NewEntry} p=${p} onDone=${changed} />` : null}
        <${Card} title=${t('trp.logbook')}>
          ${entries.length === 0 ? html`<${Empty}>${t('trp.logbook.none')}</${Empty}>` : html`<ol class="tr-list tr-logbook" data-test="logbook">
            ${entries.map((e) => html`<li class="tr-item card" key=${e.name} data-test="logbook-entry" data-name=${e.name} data-reviewed=${e.reviewed ? 'true' : 'false'}>
              <div class="tr-item-head"><strong>${fmtDate(e.date, { style: 'long' })}</strong><span class="muted">${t('trp.hours', { n: fmtNumber(num(e.hours)) })}</span>
                <${Badge} kind=${!e.reviewed ? 'warn' : e.approved ? 'ok' : 'bad'}>${t(!e.reviewed ? 'trp.pending' : e.approved ? 'trp.reviewed.ok' : 'trp.reviewed.no')}</${Badge}></div>
              <p class="tr-desc">${e.activities}</p>
              ${e.outcome ? html`<p class="muted">${t('trp.outcome', { text: e.outcome })}</p>` : null}
              ${e.mentorComment ? html`<p class="muted">${t('trp.comment', { text: e.mentorComment })}</p>` : null}
              ${mentor && !readOnly() && !e.reviewed ? html`<${Review} entry=${e} onDone=${changed} />` : null}
            </li>`)}</ol>`}
        </${Card}>
        ${assessor ? html`<${Assess} p=${p} onDone=${changed} />` : null}
      </div>`;
    }}</${Async}>
  </${Page}>`;
}
