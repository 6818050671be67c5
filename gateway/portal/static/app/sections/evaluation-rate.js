// evaluation-rate.js: the appraiser's rating forms (issue 11 §3), each with the 3×3 matrix of
// PermenPANRB 6/2022 shown and the resulting predicate highlighted live as the two ratings are
// chosen — the predicate is never typed, the API computes it by the same matrix: rating a
// period that has ended (PUT …/ratings/{period}, re-rating with the stored etag), finalising
// the annual rating (POST …/annualRating:finalise; a refusal by the agency's distribution bound
// is shown with the API's message, which names the bound, the counts and what would satisfy
// it), and deciding an objection (uphold, or change with a new rating; POST …:decide).
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages } from '../i18n.js';
import { get, post, request } from '../api.js';
import { Button, Select, TextArea, toast, useAsync, Async } from '../ui.js';
import { RatingFields, emptyRating, checkRating, EvError, fieldErr, periodLabel, today, None } from './_shared/evaluation-common.js';
import { AnnualView, useAnnual } from './_shared/evaluation-skp.js';

addMessages({
  id: {
    'evt.period': 'Periode yang dinilai', 'evt.period.none': 'Belum ada periode yang berakhir untuk dinilai.', 'evt.rate': 'Simpan penilaian periode',
    'evt.rerate': 'Ubah penilaian {p}', 'evt.rated': 'Penilaian {p} tersimpan.', 'evt.already': 'Periode ini sudah dinilai; menyimpan lagi mengubah penilaiannya.',
    'evt.finalise': 'Tetapkan penilaian tahunan', 'evt.finalised': 'Penilaian tahunan ditetapkan.', 'evt.finalise.hint': 'Predikat tahunan mengikuti matriks yang sama dan dibatasi sebaran predikat instansi sesuai predikat organisasinya.',
    'evt.decide': 'Putuskan keberatan', 'evt.decide.uphold': 'Pertahankan penilaian', 'evt.decide.change': 'Ubah penilaian', 'evt.decide.reason': 'Alasan keputusan',
    'evt.decide.hint': '3 sampai 4000 karakter. Keputusan bersifat final (PP 30/2019 pasal 59).', 'evt.decided': 'Keberatan diputuskan.', 'evt.decide.what': 'Keputusan',
    'evt.notYet': 'Penilaian tahunan belum ditetapkan.',
  },
  en: {
    'evt.period': 'Period rated', 'evt.period.none': 'No period has ended yet.', 'evt.rate': 'Save the period rating',
    'evt.rerate': 'Change the rating of {p}', 'evt.rated': 'Rating of {p} saved.', 'evt.already': 'This period is rated; saving again changes its rating.',
    'evt.finalise': 'Finalise the annual rating', 'evt.finalised': 'Annual rating finalised.', 'evt.finalise.hint': 'The annual predicate follows the same matrix and is held to the agency\'s distribution bound for its organisation predicate.',
    'evt.decide': 'Decide the objection', 'evt.decide.uphold': 'Uphold the rating', 'evt.decide.change': 'Change the rating', 'evt.decide.reason': 'Reasons for the decision',
    'evt.decide.hint': '3 to 4000 characters. The decision is final (PP 30/2019 art. 59).', 'evt.decided': 'Objection decided.', 'evt.decide.what': 'Decision',
    'evt.notYet': 'The annual rating is not finalised yet.',
  },
});

const ratingBody = (v) => ({ results: v.results, resultsReason: v.resultsReason.trim(), behaviour: v.behaviour, behaviourReason: v.behaviourReason.trim() });

/** RatePeriod rates an ended period of an approved SKP; onDone after saving. */
export function RatePeriod({ skp, periods, onDone }) {
  const d = today();
  const ended = periods.filter((p) => p.endDate < d);
  const ratings = useAsync(() => get(`/v1/${skp.name}/ratings`).then((x) => x.periodRatings || []), [skp.name]);
  const [period, setPeriod] = useState(() => ended[ended.length - 1]?.id || '');
  const [v, setV] = useState(emptyRating());
  const [local, setLocal] = useState({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  if (!ended.length) return html`<${None}>${t('evt.period.none')}</${None}>`;
  const old = (ratings.data || []).find((r) => r.period === period);
  const save = async (e) => {
    e.preventDefault();
    const miss = checkRating(v);
    setLocal(miss);
    if (Object.keys(miss).length) return;
    setBusy(true); setError(null);
    try {
      const q = old?.etag ? `?etag=${encodeURIComponent(old.etag)}` : '';
      await request('PUT', `/v1/${skp.name}/ratings/${period}${q}`, ratingBody(v));
      toast(t('evt.rated', { p: periodLabel(period) }), 'ok');
      ratings.reload();
      onDone?.();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${save} novalidate data-test="rate-period-form">
    <${Select} label=${t('evt.period')} name="period" value=${period} onValue=${(p) => { setPeriod(p); setError(null); }} data-test="rate-period"
      options=${ended.map((p) => ({ value: p.id, label: periodLabel(p.id) }))} error=${fieldErr(error, 'period')} />
    ${old ? html`<p class="hint" data-test="rate-period-already">${t('evt.already')}</p>` : null}
    <${RatingFields} value=${v} onValue=${setV} error=${error} local=${local} test="rate" />
    <${EvError} error=${error} fields=${['rating', 'period']} test="rate-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="rate-save">${old ? t('evt.rerate', { p: periodLabel(period) }) : t('evt.rate')}</${Button}></div>
  </form>`;
}

function FinaliseForm({ skp, onDone }) {
  const [v, setV] = useState(emptyRating());
  const [local, setLocal] = useState({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    const miss = checkRating(v);
    setLocal(miss);
    if (Object.keys(miss).length) return;
    setBusy(true); setError(null);
    try {
      const a = await post(`/v1/${skp.name}/annualRating:finalise`, ratingBody(v));
      toast(t('evt.finalised'), 'ok');
      onDone(a);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${save} novalidate data-test="finalise-form">
    <p class="hint">${t('evt.finalise.hint')}</p>
    <${RatingFields} value=${v} onValue=${setV} error=${error} local=${local} test="finalise" />
    <${EvError} error=${error} fields=${['rating']} test="finalise-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="finalise-save">${t('evt.finalise')}</${Button}></div>
  </form>`;
}

function DecideForm({ a, onDone }) {
  const [change, setChange] = useState(false);
  const [v, setV] = useState(emptyRating(a.rating));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    const miss = change ? checkRating(v) : {};
    setLocal(miss);
    if (Object.keys(miss).length) return;
    setBusy(true); setError(null);
    try {
      const out = await post(`/v1/${a.name}:decide`, { change, rating: change ? ratingBody(v) : undefined, reason: reason.trim() });
      toast(t('evt.decided'), 'ok');
      onDone(out);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${save} novalidate data-test="decide-form">
    <fieldset class="ev-choice"><legend>${t('evt.decide.what')}</legend><div class="ev-choice-row">
      <label class=${'ev-option' + (!change ? ' on' : '')}><input type="radio" name="change" checked=${!change} onChange=${() => setChange(false)} data-test="decide-uphold" /><span>${t('evt.decide.uphold')}</span></label>
      <label class=${'ev-option' + (change ? ' on' : '')}><input type="radio" name="change" checked=${change} onChange=${() => setChange(true)} data-test="decide-change" /><span>${t('evt.decide.change')}</span></label>
    </div></fieldset>
    ${change ? html`<${RatingFields} value=${v} onValue=${setV} error=${error} local=${local} test="decide" />` : null}
    <${TextArea} label=${t('evt.decide.reason')} name="reason" value=${reason} onValue=${setReason} required maxlength="4000" hint=${t('evt.decide.hint')}
      error=${fieldErr(error, 'reason')} data-test="decide-reason" />
    <${EvError} error=${error} fields=${['rating', 'reason']} test="decide-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="decide-save">${t('evt.decide')}</${Button}></div>
  </form>`;
}

/** AnnualPanel is the annual rating for the appraiser and the objection's decider: the rating
 * and history when there is one; the finalise form for the appraiser (canFinalise) when there
 * is none; the decision form for the decider (canDecide(a)) while an objection waits. */
export function AnnualPanel({ skp, canFinalise, canDecide, onChanged }) {
  const state = useAnnual(skp);
  const set = (a) => { state.set(a); onChanged?.(a); };
  return html`<div data-test="annual-panel"><${Async} state=${state}>${(a) => {
    if (!a) return canFinalise ? html`<${FinaliseForm} skp=${skp} onDone=${set} />` : html`<${None}>${t('evt.notYet')}</${None}>`;
    return html`<div class="ev-stack"><${AnnualView} a=${a} />
      ${a.state === 'ANNUAL_RATING_STATE_OBJECTED' && canDecide(a) ? html`<h3 class="h3">${t('evt.decide')}</h3><${DecideForm} a=${a} onDone=${set} />` : null}</div>`;
  }}</${Async}></div>`;
}
