// evaluation-common.js: what the evaluation screens (sections/evaluation*.js, issue 11) share:
// the vocabulary of PermenPANRB 6/2022 in both languages (SKP states, the three expectations,
// the five predicates, the seven BerAKHLAK behaviours, organisation predicates, target aspects,
// functional levels), the predicate matrix and its 3×3 table with the resulting cell
// highlighted, the rating form whose matrix follows the two choices live, badges, the API's
// refusals in words, and small helpers (years, periods, names).
import { html, useState } from '../../../vendor/preact-htm.js';
import { t, addMessages, getLang, todayIn, DEFAULT_TZ } from '../../i18n.js';
import { ApiError, addErrorTranslations } from '../../api.js';
import { Badge, TextArea, Empty } from '../../ui.js';

addMessages({
  id: {
    'ev.state.SKP_STATE_DRAFT': 'Draf', 'ev.state.SKP_STATE_PROPOSED': 'Diajukan', 'ev.state.SKP_STATE_RETURNED': 'Dikembalikan',
    'ev.state.SKP_STATE_APPROVED': 'Disetujui', 'ev.state.SKP_STATE_CLOSED': 'Ditutup',
    'ev.exp.EXPECTATION_ABOVE': 'Di atas ekspektasi', 'ev.exp.EXPECTATION_MEETS': 'Sesuai ekspektasi', 'ev.exp.EXPECTATION_BELOW': 'Di bawah ekspektasi',
    'ev.expShort.EXPECTATION_ABOVE': 'Di atas', 'ev.expShort.EXPECTATION_MEETS': 'Sesuai', 'ev.expShort.EXPECTATION_BELOW': 'Di bawah',
    'ev.pred.PREDICATE_SANGAT_BAIK': 'Sangat Baik', 'ev.pred.PREDICATE_BAIK': 'Baik', 'ev.pred.PREDICATE_BUTUH_PERBAIKAN': 'Butuh Perbaikan',
    'ev.pred.PREDICATE_KURANG': 'Kurang', 'ev.pred.PREDICATE_SANGAT_KURANG': 'Sangat Kurang',
    'ev.org.ORGANISATION_PREDICATE_ISTIMEWA': 'Istimewa', 'ev.org.ORGANISATION_PREDICATE_BAIK': 'Baik', 'ev.org.ORGANISATION_PREDICATE_BUTUH_PERBAIKAN': 'Butuh Perbaikan',
    'ev.org.ORGANISATION_PREDICATE_KURANG': 'Kurang', 'ev.org.ORGANISATION_PREDICATE_SANGAT_KURANG': 'Sangat Kurang', 'ev.org.none': 'Belum ditetapkan',
    'ev.beh.BEHAVIOUR_BERORIENTASI_PELAYANAN': 'Berorientasi Pelayanan', 'ev.beh.BEHAVIOUR_AKUNTABEL': 'Akuntabel', 'ev.beh.BEHAVIOUR_KOMPETEN': 'Kompeten',
    'ev.beh.BEHAVIOUR_HARMONIS': 'Harmonis', 'ev.beh.BEHAVIOUR_LOYAL': 'Loyal', 'ev.beh.BEHAVIOUR_ADAPTIF': 'Adaptif', 'ev.beh.BEHAVIOUR_KOLABORATIF': 'Kolaboratif',
    'ev.aspect.TARGET_ASPECT_QUANTITY': 'Kuantitas', 'ev.aspect.TARGET_ASPECT_QUALITY': 'Kualitas', 'ev.aspect.TARGET_ASPECT_TIME': 'Waktu', 'ev.aspect.TARGET_ASPECT_COST': 'Biaya',
    'ev.level.FUNCTIONAL_LEVEL_UNSPECIFIED': 'Bukan jabatan fungsional', 'ev.level.FUNCTIONAL_LEVEL_PEMULA': 'Pemula', 'ev.level.FUNCTIONAL_LEVEL_TERAMPIL': 'Terampil',
    'ev.level.FUNCTIONAL_LEVEL_MAHIR': 'Mahir', 'ev.level.FUNCTIONAL_LEVEL_PENYELIA': 'Penyelia', 'ev.level.FUNCTIONAL_LEVEL_AHLI_PERTAMA': 'Ahli Pertama',
    'ev.level.FUNCTIONAL_LEVEL_AHLI_MUDA': 'Ahli Muda', 'ev.level.FUNCTIONAL_LEVEL_AHLI_MADYA': 'Ahli Madya', 'ev.level.FUNCTIONAL_LEVEL_AHLI_UTAMA': 'Ahli Utama',
    'ev.annual.ANNUAL_RATING_STATE_FINALISED': 'Ditetapkan, menunggu tanggapan', 'ev.annual.ANNUAL_RATING_STATE_ACKNOWLEDGED': 'Diterima',
    'ev.annual.ANNUAL_RATING_STATE_OBJECTED': 'Keberatan diajukan', 'ev.annual.ANNUAL_RATING_STATE_DECIDED': 'Keberatan diputuskan',
    'ev.kind.FEEDBACK_KIND_FEEDBACK': 'Umpan balik', 'ev.kind.FEEDBACK_KIND_REPLY': 'Tanggapan', 'ev.kind.FEEDBACK_KIND_DIALOGUE': 'Dialog kinerja',
    'ev.quarter': 'Triwulan {n}', 'ev.year': 'Tahun', 'ev.years': 'Pilih tahun',
    'ev.matrix.caption': 'Matriks predikat kinerja (PermenPANRB 6/2022)', 'ev.matrix.corner': 'Hasil kerja ↓ · Perilaku kerja →',
    'ev.matrix.results': 'Hasil kerja', 'ev.matrix.behaviour': 'Perilaku kerja', 'ev.matrix.result': 'Predikat: {p}', 'ev.matrix.pick': 'Pilih kedua penilaian untuk melihat predikatnya.',
    'ev.matrix.cell': 'Hasil kerja {r}, perilaku {b}: {p}', 'ev.matrix.selected': '(terpilih)',
    'ev.rate.results': 'Penilaian hasil kerja', 'ev.rate.behaviour': 'Penilaian perilaku kerja', 'ev.rate.resultsReason': 'Alasan penilaian hasil kerja',
    'ev.rate.behaviourReason': 'Alasan penilaian perilaku kerja', 'ev.rate.pick': 'Pilih salah satu.', 'ev.rate.reasonHint': '3 sampai 4000 karakter.',
    'ev.reason': 'Alasan: {r}', 'ev.nip': 'NIP {nip}', 'ev.none': '—',
    'ev.bound': 'Ditolak: predikat ini melampaui batas sebaran predikat instansi (PermenPANRB 6/2022). Alasan dari layanan:',
  },
  en: {
    'ev.state.SKP_STATE_DRAFT': 'Draft', 'ev.state.SKP_STATE_PROPOSED': 'Proposed', 'ev.state.SKP_STATE_RETURNED': 'Returned',
    'ev.state.SKP_STATE_APPROVED': 'Approved', 'ev.state.SKP_STATE_CLOSED': 'Closed',
    'ev.exp.EXPECTATION_ABOVE': 'Above expectations', 'ev.exp.EXPECTATION_MEETS': 'Meets expectations', 'ev.exp.EXPECTATION_BELOW': 'Below expectations',
    'ev.expShort.EXPECTATION_ABOVE': 'Above', 'ev.expShort.EXPECTATION_MEETS': 'Meets', 'ev.expShort.EXPECTATION_BELOW': 'Below',
    'ev.org.none': 'Not set',
    'ev.aspect.TARGET_ASPECT_QUANTITY': 'Quantity', 'ev.aspect.TARGET_ASPECT_QUALITY': 'Quality', 'ev.aspect.TARGET_ASPECT_TIME': 'Time', 'ev.aspect.TARGET_ASPECT_COST': 'Cost',
    'ev.level.FUNCTIONAL_LEVEL_UNSPECIFIED': 'Not a functional position',
    'ev.annual.ANNUAL_RATING_STATE_FINALISED': 'Finalised, awaiting your answer', 'ev.annual.ANNUAL_RATING_STATE_ACKNOWLEDGED': 'Acknowledged',
    'ev.annual.ANNUAL_RATING_STATE_OBJECTED': 'Objection filed', 'ev.annual.ANNUAL_RATING_STATE_DECIDED': 'Objection decided',
    'ev.kind.FEEDBACK_KIND_FEEDBACK': 'Feedback', 'ev.kind.FEEDBACK_KIND_REPLY': 'Reply', 'ev.kind.FEEDBACK_KIND_DIALOGUE': 'Performance dialogue',
    'ev.quarter': 'Quarter {n}', 'ev.year': 'Year', 'ev.years': 'Choose the year',
    'ev.matrix.caption': 'Performance predicate matrix (PermenPANRB 6/2022)', 'ev.matrix.corner': 'Results ↓ · Behaviour →',
    'ev.matrix.results': 'Work results', 'ev.matrix.behaviour': 'Work behaviour', 'ev.matrix.result': 'Predicate: {p}', 'ev.matrix.pick': 'Choose both ratings to see the predicate.',
    'ev.matrix.cell': 'Results {r}, behaviour {b}: {p}', 'ev.matrix.selected': '(selected)',
    'ev.rate.results': 'Rating of the work results', 'ev.rate.behaviour': 'Rating of the work behaviour', 'ev.rate.resultsReason': 'Why (results)',
    'ev.rate.behaviourReason': 'Why (behaviour)', 'ev.rate.pick': 'Choose one.', 'ev.rate.reasonHint': '3 to 4000 characters.',
    'ev.reason': 'Reason: {r}', 'ev.nip': 'NIP {nip}', 'ev.none': '—',
    'ev.bound': 'Refused: this predicate breaks the agency\'s predicate distribution bound (PermenPANRB 6/2022). The service says:',
  },
});

export const EXPECTATIONS = ['EXPECTATION_ABOVE', 'EXPECTATION_MEETS', 'EXPECTATION_BELOW'];
export const PREDICATES = ['PREDICATE_SANGAT_BAIK', 'PREDICATE_BAIK', 'PREDICATE_BUTUH_PERBAIKAN', 'PREDICATE_KURANG', 'PREDICATE_SANGAT_KURANG'];
export const ORG_PREDICATES = ['ORGANISATION_PREDICATE_ISTIMEWA', 'ORGANISATION_PREDICATE_BAIK', 'ORGANISATION_PREDICATE_BUTUH_PERBAIKAN',
  'ORGANISATION_PREDICATE_KURANG', 'ORGANISATION_PREDICATE_SANGAT_KURANG'];
export const BEHAVIOURS = ['BEHAVIOUR_BERORIENTASI_PELAYANAN', 'BEHAVIOUR_AKUNTABEL', 'BEHAVIOUR_KOMPETEN', 'BEHAVIOUR_HARMONIS',
  'BEHAVIOUR_LOYAL', 'BEHAVIOUR_ADAPTIF', 'BEHAVIOUR_KOLABORATIF'];
export const ASPECTS = ['TARGET_ASPECT_QUANTITY', 'TARGET_ASPECT_QUALITY', 'TARGET_ASPECT_TIME', 'TARGET_ASPECT_COST'];
export const LEVELS = ['FUNCTIONAL_LEVEL_UNSPECIFIED', 'FUNCTIONAL_LEVEL_PEMULA', 'FUNCTIONAL_LEVEL_TERAMPIL', 'FUNCTIONAL_LEVEL_MAHIR',
  'FUNCTIONAL_LEVEL_PENYELIA', 'FUNCTIONAL_LEVEL_AHLI_PERTAMA', 'FUNCTIONAL_LEVEL_AHLI_MUDA', 'FUNCTIONAL_LEVEL_AHLI_MADYA', 'FUNCTIONAL_LEVEL_AHLI_UTAMA'];

/** ev shows an enum value in the user's language: ev('pred', 'PREDICATE_BAIK') → "Baik". */
export function ev(group, v) {
  if (!v) return t('ev.none');
  const key = `ev.${group}.${v}`;
  const s = t(key);
  return s === key ? String(v) : s;
}

/** predicateOf is DOMAIN.md's matrix (PermenPANRB 6/2022), as the service computes it
 * (domain.PredicateOf): there is no weighted formula.
 *
 *	results \ behaviour | above           | meets           | below
 *	above               | Sangat Baik     | Baik            | Kurang
 *	meets               | Baik            | Baik            | Kurang
 *	below               | Butuh Perbaikan | Butuh Perbaikan | Sangat Kurang
 */
export function predicateOf(results, behaviour) {
  if (!EXPECTATIONS.includes(results) || !EXPECTATIONS.includes(behaviour)) return '';
  const A = 'EXPECTATION_ABOVE', B = 'EXPECTATION_BELOW';
  if (results === A && behaviour === A) return 'PREDICATE_SANGAT_BAIK';
  if (results !== B && behaviour !== B) return 'PREDICATE_BAIK';
  if (results !== B) return 'PREDICATE_KURANG';
  if (behaviour !== B) return 'PREDICATE_BUTUH_PERBAIKAN';
  return 'PREDICATE_SANGAT_KURANG';
}

const PRED_KIND = { PREDICATE_SANGAT_BAIK: 'ok', PREDICATE_BAIK: 'ok', PREDICATE_BUTUH_PERBAIKAN: 'warn', PREDICATE_KURANG: 'bad', PREDICATE_SANGAT_KURANG: 'bad' };
/** PredicateBadge is a predicate as a badge. */
export const PredicateBadge = ({ p }) => (p ? html`<${Badge} kind=${PRED_KIND[p] || 'neutral'}><span data-test="predicate" data-predicate=${p}>${ev('pred', p)}</span></${Badge}>` : null);

const STATE_KIND = { SKP_STATE_DRAFT: 'neutral', SKP_STATE_PROPOSED: 'info', SKP_STATE_RETURNED: 'warn', SKP_STATE_APPROVED: 'ok', SKP_STATE_CLOSED: 'neutral' };
/** SkpBadge is an SKP's state as a badge. */
export const SkpBadge = ({ s }) => html`<${Badge} kind=${STATE_KIND[s] || 'neutral'}><span data-test="skp-state" data-state=${s}>${ev('state', s)}</span></${Badge}>`;

/** Matrix is the 3×3 predicate matrix with the cell of results × behaviour highlighted (and
 * named in words for screen readers); with neither chosen, nothing is highlighted. */
export function Matrix({ results, behaviour, compact = false, test = 'matrix' }) {
  const p = predicateOf(results, behaviour);
  return html`<div class=${'ev-matrix-wrap' + (compact ? ' ev-matrix-compact' : '')}>
    <table class="ev-matrix" data-test=${test} data-predicate=${p}>
      <caption>${t('ev.matrix.caption')}</caption>
      <thead><tr><th scope="col" class="ev-corner">${t('ev.matrix.corner')}</th>
        ${EXPECTATIONS.map((b) => html`<th scope="col" class=${b === behaviour ? 'ev-axis-on' : ''}>${ev('expShort', b)}</th>`)}</tr></thead>
      <tbody>${EXPECTATIONS.map((r) => html`<tr>
        <th scope="row" class=${r === results ? 'ev-axis-on' : ''}>${ev('expShort', r)}</th>
        ${EXPECTATIONS.map((b) => {
          const cell = predicateOf(r, b), on = r === results && b === behaviour;
          return html`<td class=${'ev-cell ev-cell-' + cell.replace('PREDICATE_', '').toLowerCase() + (on ? ' ev-cell-on' : '')}
            data-results=${r} data-behaviour=${b} aria-current=${on ? 'true' : undefined}>${ev('pred', cell)}${on ? html`<span class="ev-sr"> ${t('ev.matrix.selected')}</span>` : null}</td>`;
        })}</tr>`)}</tbody>
    </table>
    ${compact ? null : html`<p class="ev-matrix-result" aria-live="polite" data-test=${test + '-result'} data-predicate=${p}>
      ${p ? html`${t('ev.matrix.result', { p: '' })}<${PredicateBadge} p=${p} />` : t('ev.matrix.pick')}</p>`}
  </div>`;
}

/** ExpectationChoice is a radio group of the three expectations. */
function ExpectationChoice({ name, legend, value, onValue, error, test }) {
  return html`<fieldset class=${'ev-choice' + (error ? ' field-invalid' : '')} data-field=${name}>
    <legend>${legend}<span class="req" aria-hidden="true"> *</span></legend>
    <div class="ev-choice-row">${EXPECTATIONS.map((x) => html`<label class=${'ev-option' + (value === x ? ' on' : '')}>
      <input type="radio" name=${name} value=${x} checked=${value === x} onChange=${() => onValue(x)} data-test=${`${test}-${name}-${x}`} />
      <span>${ev('exp', x)}</span></label>`)}</div>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </fieldset>`;
}

/** emptyRating is a rating form's starting value, or a stored rating's when re-rating. */
export const emptyRating = (r) => ({ results: r?.results || '', resultsReason: r?.resultsReason || '', behaviour: r?.behaviour || '', behaviourReason: r?.behaviourReason || '' });

/** checkRating returns the form's own errors (a choice missing) before anything is sent. */
export function checkRating(v) {
  const miss = {};
  if (!v.results) miss.results = t('ev.rate.pick');
  if (!v.behaviour) miss.behaviour = t('ev.rate.pick');
  return miss;
}

/** RatingFields are the two ratings with their reasons and the matrix, highlighted live as the
 * two are chosen. error is the API's (fields "rating.results_reason", …), local the form's. */
export function RatingFields({ value, onValue, error, local = {}, test = 'rate', fieldPrefix = 'rating' }) {
  const set = (k) => (x) => onValue({ ...value, [k]: x });
  const err = (k, snake) => local[k] || fieldErr(error, `${fieldPrefix}.${snake}`, snake);
  return html`<div class="ev-rating-fields">
    <div class="ev-rating-choices">
      <${ExpectationChoice} name="results" legend=${t('ev.rate.results')} value=${value.results} onValue=${set('results')} error=${err('results', 'results')} test=${test} />
      <${TextArea} label=${t('ev.rate.resultsReason')} name="results_reason" value=${value.resultsReason} onValue=${set('resultsReason')} required
        hint=${t('ev.rate.reasonHint')} maxlength="4000" error=${err('resultsReason', 'results_reason')} data-test=${`${test}-results-reason`} />
      <${ExpectationChoice} name="behaviour" legend=${t('ev.rate.behaviour')} value=${value.behaviour} onValue=${set('behaviour')} error=${err('behaviour', 'behaviour')} test=${test} />
      <${TextArea} label=${t('ev.rate.behaviourReason')} name="behaviour_reason" value=${value.behaviourReason} onValue=${set('behaviourReason')} required
        hint=${t('ev.rate.reasonHint')} maxlength="4000" error=${err('behaviourReason', 'behaviour_reason')} data-test=${`${test}-behaviour-reason`} />
    </div>
    <${Matrix} results=${value.results} behaviour=${value.behaviour} test=${test + '-matrix'} />
  </div>`;
}

/** RatingView shows a stored rating: the predicate, both ratings with their reasons, and the
 * matrix cell it came from. */
export function RatingView({ r, test = 'rating' }) {
  if (!r) return null;
  return html`<div class="ev-rating" data-test=${test} data-predicate=${r.predicate || ''}>
    <p class="ev-rating-head"><${PredicateBadge} p=${r.predicate} /></p>
    <dl class="ev-dl">
      <dt>${t('ev.matrix.results')}</dt><dd><strong>${ev('exp', r.results)}</strong>${r.resultsReason ? html` — ${r.resultsReason}` : null}</dd>
      <dt>${t('ev.matrix.behaviour')}</dt><dd><strong>${ev('exp', r.behaviour)}</strong>${r.behaviourReason ? html` — ${r.behaviourReason}` : null}</dd>
    </dl>
    <${Matrix} results=${r.results} behaviour=${r.behaviour} compact test=${test + '-matrix'} />
  </div>`;
}

/** fieldErr is the API's message for a field path: exact, ending in it, or (for a repeated
 * field's child) starting with it. */
export function fieldErr(error, ...names) {
  if (!(error instanceof ApiError)) return undefined;
  for (const n of names) {
    for (const [k, v] of Object.entries(error.fields)) if (k === n || k.endsWith('.' + n)) return v;
  }
  return undefined;
}

// The API's refusals the evaluation screens can meet, in Indonesian (the API writes English; an
// unknown text is shown as written, which still names the rule, the counts and the fix).
const TRANSLATIONS = [
  { re: /^only the holder of \S+ \(\S+\) may do this/, id: 'Hanya pemegang SKP ini yang dapat melakukannya.' },
  { re: /^only the appraiser of \S+ \(\S+\) may do this/, id: 'Hanya pejabat penilai SKP ini yang dapat melakukannya.' },
  { re: /heads their agency: only city HR appraises it/, id: 'SKP kepala instansi dinilai oleh BKPSDM Kota.' },
  { re: /may not see skps\//, id: 'Anda tidak berwenang melihat SKP ini.' },
  { re: /^must (?:have|be) (\d+) to (\d+) characters, (?:has|got) (\d+)$/, id: 'harus $1 sampai $2 karakter, terisi $3' },
  { re: /^must be (\d+) to (\d+) characters/, id: 'harus $1 sampai $2 karakter' },
  { re: /^is required$/, id: 'wajib diisi' },
  { re: /^skps\/\S+ is (\w+): only a (\w+) SKP can be (\w+)/, id: 'SKP ini berstatus $1; hanya SKP $2 yang dapat di-$3.' },
  { re: /^SKP \S+ has not been approved \(it is \S+\): only an approved SKP is rated$/, id: 'SKP ini belum disetujui; hanya SKP yang disetujui yang dinilai.' },
  { re: /^period (\S+) of (\d+) ends on (\S+): it may be rated from the day after$/, id: 'Periode $1 tahun $2 berakhir $3; penilaiannya dapat diberikan mulai hari berikutnya.' },
  { re: /^the annual ratings of (\d+) may be finalised from (\S+); today is (\S+)$/, id: 'Penilaian tahunan $1 dapat ditetapkan mulai $2 (hari ini $3).' },
  { re: /^the objection deadline of the annual rating of SKP \S+ was (\S+)/, id: 'Batas waktu keberatan sudah lewat ($1; PP 30/2019 pasal 59).' },
  { re: /^the annual rating of SKP \S+ is (\S+): only a finalised rating may be/, id: 'Penilaian tahunan ini sudah $1; hanya penilaian yang baru ditetapkan yang dapat diterima atau diajukan keberatan.' },
  { re: /^city HR has not set (\S+)'s organisation predicate for (\d+)/, id: 'BKPSDM Kota belum menetapkan predikat organisasi $1 untuk $2; penilaian tahunan instansi ini belum dapat ditetapkan.' },
  { re: /^only (\S+), the appraiser's supervisor, decides the objection/, id: 'Keberatan ini diputuskan oleh atasan pejabat penilai ($1).' },
  { re: /^peer form \S+ was submitted on (\S+); a form is submitted once$/, id: 'Formulir ini sudah dikirim pada $1; setiap formulir dikirim sekali.' },
  { re: /^performance year (\d+) is not open/, id: 'Tahun kinerja $1 belum dibuka; BKPSDM Kota membukanya.' },
  { re: /^skp\.year: performance year (\d+) is not open/, id: 'Tahun kinerja $1 belum dibuka; BKPSDM Kota membukanya.' },
  { re: /holds \S+: the holder replies to feedback and does not give it$/, id: 'Pemegang SKP menanggapi umpan balik, bukan memberikannya.' },
  { re: /^only the appraiser of \S+ \(\S+\) and the supervisors above its holder give feedback/, id: 'Umpan balik diberikan oleh pejabat penilai dan atasan di atasnya.' },
];
addErrorTranslations(TRANSLATIONS);

/** errText is what to say about a failed call: the API's own reason (translated when known),
 * which for a refusal by state or by the distribution bound names the rule and the fix. */
export function errText(e) {
  if (!(e instanceof ApiError)) return t('error.generic');
  if (e.reason === 'DISTRIBUTION_BOUND' && !/^city HR has not set/.test(e.message)) return e.message;
  if (e.status === 0 || e.status === 401 || e.status >= 500) return e.text;
  if (e.message && !Object.keys(e.fields).length) {
    if (getLang() !== 'en') for (const tr of TRANSLATIONS) { const m = tr.re.exec(e.message); if (m) return tr.id.replace(/\$(\d)/g, (_, i) => m[i] ?? ''); }
    if (e.status === 404) return e.text;
    return e.message;
  }
  return e.text;
}

/** EvError shows a failed call with errText, and the field errors not placed next to a field. */
export function EvError({ error, fields = [], test }) {
  if (!error) return null;
  const unplaced = error instanceof ApiError ? Object.entries(error.fields).filter(([k]) => !fields.some((n) => k === n || k.endsWith('.' + n) || k.includes('.' + n + '[') || k.includes('.' + n + '.'))) : [];
  const bound = error instanceof ApiError && error.reason === 'DISTRIBUTION_BOUND';
  return html`<div class="alert alert-error" role="alert" data-test=${test} data-status=${error instanceof ApiError ? error.status : ''} data-reason=${error instanceof ApiError ? error.reason : ''}>
    ${bound ? html`<p><strong>${t('ev.bound')}</strong></p>` : null}<p lang=${bound && errText(error) === error.message ? 'en' : undefined}>${errText(error)}</p>
    ${unplaced.length ? html`<ul>${unplaced.map(([k, v]) => html`<li><code>${k}</code>: ${v}</li>`)}</ul>` : null}</div>`;
}

/** thisYear is the current year in Medan's zone; today the date there. */
export const today = () => todayIn(DEFAULT_TZ);
export const thisYear = () => Number(today().slice(0, 4));

/** YearSwitch picks this year or the last. */
export function YearSwitch({ year, setYear, years }) {
  const ys = years || [thisYear(), thisYear() - 1];
  return html`<div class="ev-years" role="group" aria-label=${t('ev.years')}>
    ${ys.map((y) => html`<button type="button" class=${'btn ' + (y === year ? 'btn-primary' : 'btn-ghost')} aria-pressed=${y === year ? 'true' : 'false'}
      onClick=${() => setYear(y)} data-test="year" data-year=${y}>${y}</button>`)}</div>`;
}

const ROMAN = ['I', 'II', 'III', 'IV'];
/** periodLabel: "q2" → "Triwulan II", "m03" → "Maret". */
export function periodLabel(id) {
  if (!id) return t('ev.none');
  const q = /^q([1-4])$/.exec(id);
  if (q) return t('ev.quarter', { n: ROMAN[Number(q[1]) - 1] });
  const m = /^m(\d{2})$/.exec(id);
  if (m) return new Intl.DateTimeFormat(getLang() === 'id' ? 'id-ID' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, Number(m[1]) - 1, 1)));
  return id;
}

/** idOf is the last part of a resource name: "skps/2026-1987-1" → "2026-1987-1". */
export const idOf = (name) => String(name || '').split('/').pop();
/** skpName is the resource name of an SKP id given in a route's query (?skp=…), or '' when it
 * is not one. */
export const skpName = (id) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(id || '') ? `skps/${id}` : '');

/** Person: "Name (NIP …)", or the NIP alone. */
export const person = (name, nip) => (name ? `${name} (${t('ev.nip', { nip })})` : nip || t('ev.none'));

/** EmptyCard text. */
export const None = ({ children }) => html`<${Empty}>${children}</${Empty}>`;

/** useToggle: a boolean state with a toggle. */
export function useToggle(v = false) {
  const [on, set] = useState(v);
  return [on, () => set((x) => !x), set];
}
