// evaluation-team.js: "Kinerja tim" (/kinerja-tim, issue 11 §5): the SKPs I appraise for a
// year (GET /v1/skps?appraiser=me), grouped by state with the proposed ones first, and the
// objections sent to me to decide; ?skp=… opens one (evaluation-review.js). City HR appraises
// the agency heads, whose SKPs have no appraiser in the directory: they see those.
//
// Objections waiting for me: the API has no list of them yet (/tmp/notes/proto-portal.md), so
// the screen reads the annual rating of each approved SKP I see but do not appraise (my
// subordinates' subordinates) and keeps those objected with me as the decider.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber } from '../i18n.js';
import { get, getAll, ApiError } from '../api.js';
import { Page, Card, useAsync, Async, Stat, Button, Input } from '../ui.js';
import { Link, navigate } from '../router.js';
import { hasRole } from '../session.js';
import { YearSwitch, thisYear, SkpBadge, idOf, skpName, None, errText } from './_shared/evaluation-common.js';
import { span } from './_shared/evaluation-skp.js';
import { Review } from './evaluation-review.js';

addMessages({
  id: {
    'evt.title': 'Kinerja tim', 'evt.back': 'Kembali ke daftar SKP tim', 'evt.none': 'Tidak ada SKP yang Anda nilai pada tahun {year}.',
    'evt.heads': 'SKP kepala instansi yang menunggu persetujuan BKPSDM Kota', 'evt.find': 'Buka SKP berdasarkan NIP', 'evt.find.go': 'Buka',
    'evt.find.none': 'Pegawai ini belum memiliki SKP {year}.', 'evt.mine': 'SKP yang saya nilai', 'evt.objections': 'Keberatan yang menunggu keputusan saya',
    'evt.objections.none': 'Tidak ada keberatan yang menunggu keputusan Anda.', 'evt.objections.find': 'Cari keberatan',
    'evt.objections.hint': 'Keberatan atas penilaian tahunan pegawai yang dinilai oleh bawahan langsung Anda diputuskan oleh Anda (PP 30/2019 pasal 59).', 'evt.count': '{n} SKP', 'evt.open': 'Buka SKP {name}',
    'evt.group.SKP_STATE_PROPOSED': 'Menunggu persetujuan', 'evt.group.SKP_STATE_APPROVED': 'Disetujui', 'evt.group.SKP_STATE_RETURNED': 'Dikembalikan',
    'evt.group.SKP_STATE_DRAFT': 'Masih draf', 'evt.group.SKP_STATE_CLOSED': 'Ditutup',
  },
  en: {
    'evt.title': 'Team performance', 'evt.back': 'Back to the team\'s SKPs', 'evt.none': 'You appraise no SKP in {year}.',
    'evt.heads': 'Agency heads\' SKPs waiting for city HR\'s approval', 'evt.find': 'Open an SKP by NIP', 'evt.find.go': 'Open',
    'evt.find.none': 'This employee has no SKP for {year}.', 'evt.mine': 'SKPs I appraise', 'evt.objections': 'Objections waiting for my decision',
    'evt.objections.none': 'No objection is waiting for you.', 'evt.objections.find': 'Look for objections',
    'evt.objections.hint': 'You decide the objections to the annual ratings your direct subordinates gave (PP 30/2019 art. 59).', 'evt.count': '{n} SKPs', 'evt.open': 'Open the SKP of {name}',
    'evt.group.SKP_STATE_PROPOSED': 'Waiting for approval', 'evt.group.SKP_STATE_APPROVED': 'Approved', 'evt.group.SKP_STATE_RETURNED': 'Returned',
    'evt.group.SKP_STATE_DRAFT': 'Still drafts', 'evt.group.SKP_STATE_CLOSED': 'Closed',
  },
});

const ORDER = ['SKP_STATE_PROPOSED', 'SKP_STATE_APPROVED', 'SKP_STATE_RETURNED', 'SKP_STATE_DRAFT', 'SKP_STATE_CLOSED'];
const href = (s) => `/kinerja-tim?skp=${encodeURIComponent(idOf(s.name))}`;

const SkpLink = ({ s }) => html`<li class="ev-team-item" data-test="team-skp" data-name=${s.name} data-state=${s.state}>
  <${Link} href=${href(s)} aria-label=${t('evt.open', { name: s.employeeName || s.employee })}><strong>${s.employeeName || s.employee}</strong></${Link}>
  <span class="muted ev-small">${s.position || ''}${s.unit ? ` · ${s.unit}` : ''}</span>
  <span class="ev-team-meta"><${SkpBadge} s=${s.state} /> <span class="muted ev-small">${span(s.startDate, s.endDate)}</span></span>
</li>`;

/** FindByNip opens an employee's SKP of the year by NIP (city HR: an agency head's). */
function FindByNip({ year }) {
  const [nip, setNip] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const go = async (e) => {
    e.preventDefault();
    setBusy(true); setError('');
    try {
      const d = await get('/v1/skps', { year, employee: nip.trim(), pageSize: 20 });
      const s = (d.skps || []).find((x) => x.state !== 'SKP_STATE_CLOSED') || (d.skps || [])[0];
      if (s) navigate(href(s)); else setError(t('evt.find.none', { year }));
    } catch (x) { setError(errText(x)); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${go} novalidate class="ev-find" data-test="team-find">
    <${Input} label=${t('evt.find')} name="employee" value=${nip} onValue=${setNip} inputmode="numeric" error=${error || undefined} data-test="team-find-nip" />
    <div class="actions"><${Button} type="submit" kind="secondary" busy=${busy}>${t('evt.find.go')}</${Button}></div>
  </form>`;
}

function Groups({ list, year }) {
  if (!list.length) return html`<${None}>${t('evt.none', { year })}</${None}>`;
  const by = Object.fromEntries(ORDER.map((s) => [s, list.filter((x) => x.state === s)]));
  return html`<div class="ev-stack">
    <div class="stats" data-test="team-counts">${ORDER.filter((s) => by[s].length).map((s) => html`<${Stat} label=${t('evt.group.' + s)} value=${fmtNumber(by[s].length)}
      kind=${s === 'SKP_STATE_PROPOSED' ? 'warn' : s === 'SKP_STATE_APPROVED' ? 'ok' : ''} />`)}</div>
    ${ORDER.filter((s) => by[s].length).map((s) => html`<section class="ev-group" aria-label=${t('evt.group.' + s)}>
      <h3 class="h3">${t('evt.group.' + s)} <span class="muted">(${fmtNumber(by[s].length)})</span></h3>
      <ul class="ev-team">${by[s].map((x) => html`<${SkpLink} key=${x.name} s=${x} />`)}</ul></section>`)}
  </div>`;
}

/** waitingObjections finds the annual ratings objected to with me as the decider, among the
 * approved SKPs I may see but do not appraise whose annual rating is objected (bounded: 200
 * SKPs); only those are read, for their decider. */
async function waitingObjections(me, year, cityHR) {
  const seen = await getAll('/v1/skps', { year, state: 'SKP_STATE_APPROVED', pageSize: 200 }, 'skps', 200);
  const candidates = seen.filter((s) => s.annualState === 'ANNUAL_RATING_STATE_OBJECTED').filter((s) => (cityHR ? !s.agencyHead : s.appraiser && s.appraiser !== me && s.employee !== me));
  const out = [];
  for (let i = 0; i < candidates.length; i += 8) {
    const batch = await Promise.all(candidates.slice(i, i + 8).map((s) => get(`/v1/${s.name}/annualRating`).then((a) => ({ s, a })).catch((e) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
      throw e;
    })));
    for (const x of batch) {
      if (x && x.a.state === 'ANNUAL_RATING_STATE_OBJECTED' && (x.a.objection?.decider ? x.a.objection.decider === me : cityHR)) out.push(x.s);
    }
  }
  return out;
}

function Objections({ me, year, cityHR }) {
  const [asked, setAsked] = useState(false);
  const state = useAsync(() => (asked ? waitingObjections(me, year, cityHR) : Promise.resolve(null)), [me, year, cityHR, asked]);
  return html`<${Card} title=${t('evt.objections')}><div data-test="team-objections" data-searched=${String(asked && !state.loading)}>
    ${!asked ? html`<p class="hint">${t('evt.objections.hint')}</p><div class="actions"><${Button} kind="secondary" onClick=${() => setAsked(true)} data-test="objections-find">${t('evt.objections.find')}</${Button}></div>`
      : html`<${Async} state=${state}>${(list) => (list?.length
        ? html`<ul class="ev-team">${list.map((s) => html`<${SkpLink} key=${s.name} s=${s} />`)}</ul>`
        : html`<p class="muted">${t('evt.objections.none')}</p>`)}</${Async}>`}</div></${Card}>`;
}

export default function EvaluationTeam({ session, query }) {
  useLang();
  const [year, setYear] = useState(thisYear());
  const cityHR = hasRole('city-hr');
  const open = skpName(query.get('skp'));
  const me = session.subject;
  const list = useAsync(async () => {
    if (open) return null;
    // City HR appraises the agency heads. Without a filter for them (/tmp/notes/proto-portal.md)
    // the list is the proposed ones, the action waiting; an approved one is opened by its NIP.
    if (cityHR) return (await getAll('/v1/skps', { year, state: 'SKP_STATE_PROPOSED', pageSize: 1000 }, 'skps', 3000)).filter((s) => s.agencyHead);
    return getAll('/v1/skps', { year, appraiser: 'me', pageSize: 500 }, 'skps', 2000);
  }, [year, cityHR, open]);
  if (open) {
    return html`<${Page} title=${t('evt.title')}>
      <p><${Link} href="/kinerja-tim" data-test="team-back">← ${t('evt.back')}</${Link}></p>
      <${Review} name=${open} me=${me} cityHR=${cityHR} onBack=${() => navigate('/kinerja-tim')} />
    </${Page}>`;
  }
  return html`<${Page} title=${t('evt.title')} actions=${html`<${YearSwitch} year=${year} setYear=${setYear} />`}>
    <${Card} title=${cityHR ? t('evt.heads') : t('evt.mine')}>${cityHR ? html`<${FindByNip} year=${year} />` : null}<div data-test="team-skps"><${Async} state=${list}>${(l) => html`<${Groups} list=${l || []} year=${year} />`}</${Async}></div></${Card}>
    <${Objections} me=${me} year=${year} cityHR=${cityHR} />
  </${Page}>`;
}

