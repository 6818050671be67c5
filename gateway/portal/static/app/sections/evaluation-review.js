// evaluation-review.js: one SKP as its appraiser works on it (/kinerja-tim?skp=…, issue 11
// §5): approve a proposed SKP with the appraiser's expectation of each BerAKHLAK behaviour, or
// return it with a comment; give feedback on a result, a behaviour or the work in general;
// record a performance dialogue; ask colleagues for peer input and see its aggregate; rate a
// period and finalise the annual rating with the matrix shown (evaluation-rate.js); decide an
// objection sent to me. The realisations and the whole feedback thread are shown read-only.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages } from '../i18n.js';
import { get, post } from '../api.js';
import { Card, Button, Input, Select, TextArea, toast, useAsync, Async } from '../ui.js';
import { ev, BEHAVIOURS, SkpBadge, EvError, fieldErr, periodLabel, person, today } from './_shared/evaluation-common.js';
import { SkpHead, SkpResults, Behaviours, Thread, PeriodRatings, useParents } from './_shared/evaluation-skp.js';
import { Realisations, currentPeriod } from './evaluation-realisation.js';
import { PeerSummary } from './evaluation-peer.js';
import { RatePeriod, AnnualPanel } from './evaluation-rate.js';

addMessages({
  id: {
    'evw.approve': 'Setujui SKP', 'evw.approve.hint': 'Tuliskan ekspektasi khusus Anda atas setiap perilaku kerja (tidak wajib).', 'evw.approved': 'SKP disetujui.',
    'evw.return': 'Kembalikan dengan catatan', 'evw.return.comment': 'Catatan untuk pegawai', 'evw.return.hint': '3 sampai 4000 karakter: apa yang perlu diubah.',
    'evw.returned': 'SKP dikembalikan kepada pegawai.', 'evw.decision': 'Persetujuan SKP',
    'evw.feedback': 'Beri umpan balik', 'evw.feedback.about': 'Tentang', 'evw.feedback.general': 'Pekerjaan secara umum', 'evw.feedback.text': 'Umpan balik',
    'evw.feedback.send': 'Kirim umpan balik', 'evw.feedback.sent': 'Umpan balik terkirim; pegawai langsung melihatnya.',
    'evw.dialogue': 'Catat dialog kinerja', 'evw.dialogue.date': 'Tanggal dialog', 'evw.dialogue.text': 'Ringkasan dialog', 'evw.dialogue.actions': 'Tindak lanjut yang disepakati',
    'evw.dialogue.actionsHint': 'Satu tindak lanjut per baris, paling banyak 20.', 'evw.dialogue.send': 'Simpan dialog', 'evw.dialogue.sent': 'Dialog kinerja tercatat.',
    'evw.peer': 'Penilaian rekan kerja (360)', 'evw.peer.period': 'Periode', 'evw.peer.raters': 'NIP rekan penilai', 'evw.peer.hint': '3 sampai 10 rekan di instansi yang sama, satu NIP per baris atau dipisah koma.',
    'evw.peer.ask': 'Minta penilaian rekan', 'evw.peer.asked': '{n} formulir dikirim.',
    'evw.rate': 'Penilaian periodik', 'evw.annual': 'Penilaian tahunan', 'evw.real': 'Realisasi dan bukti dukung', 'evw.thread': 'Umpan balik dan dialog',
    'evw.behaviours': 'Perilaku kerja', 'evw.employee': 'Pegawai',
  },
  en: {
    'evw.approve': 'Approve the SKP', 'evw.approve.hint': 'Write your specific expectation of each behaviour (optional).', 'evw.approved': 'SKP approved.',
    'evw.return': 'Return with a comment', 'evw.return.comment': 'Comment for the employee', 'evw.return.hint': '3 to 4000 characters: what to change.',
    'evw.returned': 'SKP returned to the employee.', 'evw.decision': 'SKP approval',
    'evw.feedback': 'Give feedback', 'evw.feedback.about': 'About', 'evw.feedback.general': 'The work in general', 'evw.feedback.text': 'Feedback',
    'evw.feedback.send': 'Send feedback', 'evw.feedback.sent': 'Feedback sent; the employee sees it at once.',
    'evw.dialogue': 'Record a performance dialogue', 'evw.dialogue.date': 'Date held', 'evw.dialogue.text': 'Summary', 'evw.dialogue.actions': 'Actions agreed',
    'evw.dialogue.actionsHint': 'One action per line, at most 20.', 'evw.dialogue.send': 'Save the dialogue', 'evw.dialogue.sent': 'Performance dialogue recorded.',
    'evw.peer': 'Peer input (360)', 'evw.peer.period': 'Period', 'evw.peer.raters': 'Raters\' NIPs', 'evw.peer.hint': '3 to 10 colleagues of the same agency, one NIP a line or comma-separated.',
    'evw.peer.ask': 'Ask for peer input', 'evw.peer.asked': '{n} forms sent.',
    'evw.rate': 'Periodic rating', 'evw.annual': 'Annual rating', 'evw.real': 'Realisation and evidence', 'evw.thread': 'Feedback and dialogue',
    'evw.behaviours': 'Work behaviour', 'evw.employee': 'Employee',
  },
});

function Decision({ skp, onChanged }) {
  const [exp, setExp] = useState(() => Object.fromEntries((skp.behaviours || []).map((b) => [b.behaviour, b.expectation || ''])));
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const approve = async (e) => {
    e.preventDefault();
    setBusy('approve'); setError(null);
    try {
      const out = await post(`/v1/${skp.name}:approve`, { etag: skp.etag, behaviours: BEHAVIOURS.map((b) => ({ behaviour: b, expectation: (exp[b] || '').trim() })) });
      toast(t('evw.approved'), 'ok');
      onChanged(out);
    } catch (x) { setError(x); } finally { setBusy(''); }
  };
  const ret = async () => {
    setBusy('return'); setError(null);
    try {
      const out = await post(`/v1/${skp.name}:return`, { etag: skp.etag, comment: comment.trim() });
      toast(t('evw.returned'), 'ok');
      onChanged(out);
    } catch (x) { setError(x); } finally { setBusy(''); }
  };
  return html`<form onSubmit=${approve} novalidate data-test="approve-form">
    <p class="hint">${t('evw.approve.hint')}</p>
    ${BEHAVIOURS.map((b, i) => html`<${TextArea} label=${ev('beh', b)} name=${`behaviours[${i}].expectation`} value=${exp[b]} rows="2" maxlength="1000"
      onValue=${(v) => setExp({ ...exp, [b]: v })} error=${fieldErr(error, `behaviours[${i}].expectation`)} data-test=${`approve-${b}`} />`)}
    <div class="actions"><${Button} type="submit" busy=${busy === 'approve'} data-test="skp-approve">${t('evw.approve')}</${Button}></div>
    <${TextArea} label=${t('evw.return.comment')} name="comment" value=${comment} onValue=${setComment} maxlength="4000" hint=${t('evw.return.hint')}
      error=${fieldErr(error, 'comment')} data-test="return-comment" />
    <div class="actions"><${Button} kind="secondary" busy=${busy === 'return'} onClick=${ret} data-test="skp-return">${t('evw.return')}</${Button}></div>
    <${EvError} error=${error} fields=${['behaviours', 'comment']} test="decision-error" />
  </form>`;
}

function FeedbackForm({ skp, onSent }) {
  const [about, setAbout] = useState('');
  const [text, setText] = useState('');
  const [sentN, setSentN] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const options = [{ value: '', label: t('evw.feedback.general') },
    ...(skp.results || []).map((r) => ({ value: `r:${r.id}`, label: `${r.id}: ${r.text.length > 60 ? r.text.slice(0, 57) + '…' : r.text}` })),
    ...BEHAVIOURS.map((b) => ({ value: `b:${b}`, label: ev('beh', b) }))];
  const send = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${skp.name}/feedback`, { text: text.trim(), resultId: about.startsWith('r:') ? about.slice(2) : undefined, behaviour: about.startsWith('b:') ? about.slice(2) : undefined });
      toast(t('evw.feedback.sent'), 'ok');
      setText(''); setSentN((n) => n + 1);
      onSent();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${send} novalidate data-test="feedback-form">
    <${Select} label=${t('evw.feedback.about')} name="about" value=${about} onValue=${setAbout} options=${options} data-test="feedback-about"
      error=${fieldErr(error, 'feedback.result_id', 'feedback.behaviour')} />
    <${TextArea} key=${'f' + sentN} label=${t('evw.feedback.text')} name="text" value=${text} onValue=${setText} required maxlength="4000" error=${fieldErr(error, 'feedback.text', 'text')} data-test="feedback-text" />
    <${EvError} error=${error} fields=${['text', 'result_id', 'behaviour']} test="feedback-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="feedback-send">${t('evw.feedback.send')}</${Button}></div>
  </form>`;
}

function DialogueForm({ skp, onSent }) {
  const [date, setDate] = useState(today());
  const [text, setText] = useState('');
  const [actions, setActions] = useState('');
  const [sentN, setSentN] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${skp.name}/dialogues`, { dialogueDate: date, text: text.trim(), agreedActions: actions.split('\n').map((x) => x.trim()).filter(Boolean) });
      toast(t('evw.dialogue.sent'), 'ok');
      setText(''); setActions(''); setSentN((n) => n + 1);
      onSent();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${send} novalidate data-test="dialogue-form">
    <${Input} type="date" label=${t('evw.dialogue.date')} name="dialogue_date" value=${date} onValue=${setDate} required max=${today()}
      error=${fieldErr(error, 'feedback.dialogue_date', 'dialogue_date')} data-test="dialogue-date" />
    <${TextArea} key=${'t' + sentN} label=${t('evw.dialogue.text')} name="text" value=${text} onValue=${setText} required maxlength="4000" error=${fieldErr(error, 'feedback.text', 'text')} data-test="dialogue-text" />
    <${TextArea} key=${'a' + sentN} label=${t('evw.dialogue.actions')} name="agreed_actions" value=${actions} onValue=${setActions} hint=${t('evw.dialogue.actionsHint')}
      error=${fieldErr(error, 'feedback.agreed_actions', 'agreed_actions')} data-test="dialogue-actions" />
    <${EvError} error=${error} fields=${['text', 'dialogue_date', 'agreed_actions']} test="dialogue-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="dialogue-send">${t('evw.dialogue.send')}</${Button}></div>
  </form>`;
}

function PeerRequest({ skp, periods }) {
  const [period, setPeriod] = useState(() => currentPeriod(periods)?.id || '');
  const [raters, setRaters] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const out = await post(`/v1/${skp.name}:requestPeerInput`, { period, raters: raters.split(/[\s,;]+/).filter(Boolean) });
      toast(t('evw.peer.asked', { n: (out.peerForms || []).length }), 'ok');
      setRaters(''); setVersion((v) => v + 1);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<div class="ev-stack">
    <form onSubmit=${send} novalidate data-test="peer-request-form">
      <${Select} label=${t('evw.peer.period')} name="period" value=${period} onValue=${setPeriod} options=${periods.map((p) => ({ value: p.id, label: periodLabel(p.id) }))}
        error=${fieldErr(error, 'period')} data-test="peer-period" />
      <${TextArea} key=${'r' + version} label=${t('evw.peer.raters')} name="raters" value=${raters} onValue=${setRaters} required rows="3" hint=${t('evw.peer.hint')}
        error=${fieldErr(error, 'raters')} data-test="peer-raters" inputmode="numeric" />
      <${EvError} error=${error} fields=${['raters', 'period']} test="peer-request-error" />
      <div class="actions"><${Button} type="submit" busy=${busy} data-test="peer-ask">${t('evw.peer.ask')}</${Button}></div>
    </form>
    ${period ? html`<${PeerSummary} skp=${skp} period=${period} version=${version} />` : null}
  </div>`;
}

/** Review is one SKP for its appraiser (or a supervisor above, or city HR for an agency head):
 * what the API lets them do, shown by the SKP's state; me is the caller's NIP, cityHR whether
 * they act as city HR. */
export function Review({ name, me, cityHR, onBack }) {
  const [version, setVersion] = useState(0);
  const state = useAsync(() => get(`/v1/${name}`), [name, version]);
  const periodOf = useAsync(async () => (state.data ? get(`/v1/periods/${state.data.year}`) : null), [state.data?.year]);
  const bump = () => setVersion((v) => v + 1);
  return html`<${Async} state=${state}>${(skp) => html`<${ReviewBody} skp=${skp} periods=${periodOf.data?.periods || []} me=${me} cityHR=${cityHR}
    onChanged=${(s) => (s?.name ? state.set(s) : bump())} onBack=${onBack} />`}</${Async}>`;
}

function ReviewBody({ skp, periods, me, cityHR, onChanged }) {
  const parents = useParents(skp);
  const [threadVersion, setThreadVersion] = useState(0);
  const appraiser = skp.agencyHead ? cityHR : skp.appraiser === me;
  const inForce = skp.state === 'SKP_STATE_APPROVED' || skp.revision > 0;
  const sent = () => setThreadVersion((v) => v + 1);
  return html`<div class="ev-stack" data-test="review" data-name=${skp.name} data-state=${skp.state}>
    <${Card} title=${person(skp.employeeName, skp.employee)} actions=${html`<${SkpBadge} s=${skp.state} />`}>
      <${SkpHead} skp=${skp} />
      <h3 class="h3">${t('evs.results')}</h3>
      <${SkpResults} skp=${skp} parents=${parents.data?.map || {}} />
    </${Card}>
    ${skp.state === 'SKP_STATE_PROPOSED' && appraiser ? html`<${Card} title=${t('evw.decision')}><${Decision} skp=${skp} onChanged=${onChanged} /></${Card}>` : null}
    <${Card} title=${t('evw.behaviours')}><${Behaviours} skp=${skp} /></${Card}>
    ${inForce && periods.length ? html`<${Card} title=${t('evw.real')}><${Realisations} skp=${skp} periods=${periods} parents=${parents.data?.map || {}} canEdit=${false} /></${Card}>` : null}
    <div class="grid grid-2">
      <${Card} title=${t('evw.feedback')}><${FeedbackForm} skp=${skp} onSent=${sent} /></${Card}>
      <${Card} title=${t('evw.dialogue')}><${DialogueForm} skp=${skp} onSent=${sent} /></${Card}>
    </div>
    <${Card} title=${t('evw.thread')}><${Thread} skp=${skp} canReply=${false} version=${threadVersion} /></${Card}>
    ${inForce && appraiser && periods.length ? html`<${Card} title=${t('evw.peer')}><${PeerRequest} skp=${skp} periods=${periods} /></${Card}>` : null}
    ${inForce ? html`<${Card} title=${t('evw.rate')}>
      <div class="ev-stack">${appraiser && skp.state === 'SKP_STATE_APPROVED' ? html`<${RatePeriod} skp=${skp} periods=${periods} onDone=${() => setThreadVersion((v) => v + 1)} />` : null}
      <${PeriodRatings} skp=${skp} version=${threadVersion} /></div></${Card}>
    <${Card} title=${t('evw.annual')}><${AnnualPanel} skp=${skp} canFinalise=${appraiser && skp.state === 'SKP_STATE_APPROVED'}
      canDecide=${(a) => (a.objection?.decider ? a.objection.decider === me : cityHR)} /></${Card}>` : null}
  </div>`;
}
