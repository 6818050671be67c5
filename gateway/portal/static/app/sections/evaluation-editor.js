// evaluation-editor.js: the holder's editor of a draft or returned SKP (used by /kinerja): the
// work results, each cascaded from one of the appraiser's results (intervensi) — chosen from
// ListParentResults, since the holder may not read the appraiser's SKP itself — or, for an
// agency head, from a target of the agency's plan; each result's indicators (1 to 10) with one
// target per aspect at most; the functional level. Saved with PATCH …?updateMask=results,
// functional_level and the SKP's etag; the API's field errors sit next to their fields
// ("skp.results[0].indicators[1].targets[0].value").
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages } from '../i18n.js';
import { patch } from '../api.js';
import { Button, Input, Select, TextArea, toast } from '../ui.js';
import { ev, ASPECTS, LEVELS, EvError, fieldErr } from './_shared/evaluation-common.js';

addMessages({
  id: {
    'eve.title': 'Ubah SKP', 'eve.level': 'Jenjang jabatan fungsional', 'eve.level.hint': 'Menentukan angka kredit (PermenPANRB 1/2023).',
    'eve.result': 'Hasil kerja {n}', 'eve.result.text': 'Rumusan hasil kerja', 'eve.result.parent': 'Intervensi dari hasil kerja atasan',
    'eve.result.parent.pick': '— pilih hasil kerja atasan —', 'eve.result.parent.hint': 'Setiap hasil kerja diturunkan dari hasil kerja pejabat penilai.',
    'eve.result.parent.none': 'SKP atasan Anda belum disetujui, jadi daftarnya belum ada. Tulis rujukannya, misalnya skps/2026-198001012005011001-1/results/r1.',
    'eve.result.parent.type': 'Tulis rujukan sendiri', 'eve.result.parent.list': 'Pilih dari daftar', 'eve.result.plan': 'Sasaran rencana instansi (Renstra/Perjanjian Kinerja)',
    'eve.result.add': 'Tambah hasil kerja', 'eve.result.remove': 'Hapus hasil kerja {n}',
    'eve.indicator': 'Indikator {n}', 'eve.indicator.text': 'Indikator kinerja', 'eve.indicator.add': 'Tambah indikator', 'eve.indicator.remove': 'Hapus indikator {n}',
    'eve.target.aspect': 'Aspek target', 'eve.target.value': 'Target', 'eve.target.add': 'Tambah target', 'eve.target.remove': 'Hapus target',
    'eve.save': 'Simpan SKP', 'eve.saved': 'SKP tersimpan.', 'eve.cancel': 'Batal',
  },
  en: {
    'eve.title': 'Edit the SKP', 'eve.level': 'Functional position level', 'eve.level.hint': 'Fixes the credit points (PermenPANRB 1/2023).',
    'eve.result': 'Work result {n}', 'eve.result.text': 'The work result', 'eve.result.parent': 'Cascaded from the supervisor\'s result',
    'eve.result.parent.pick': '— choose the supervisor\'s result —', 'eve.result.parent.hint': 'Every result comes from one of the appraiser\'s results.',
    'eve.result.parent.none': 'Your supervisor\'s SKP is not approved yet, so there is no list. Type the reference, e.g. skps/2026-198001012005011001-1/results/r1.',
    'eve.result.parent.type': 'Type a reference', 'eve.result.parent.list': 'Choose from the list', 'eve.result.plan': 'Target of the agency\'s plan (Renstra/Perjanjian Kinerja)',
    'eve.result.add': 'Add a work result', 'eve.result.remove': 'Remove work result {n}',
    'eve.indicator': 'Indicator {n}', 'eve.indicator.text': 'Performance indicator', 'eve.indicator.add': 'Add an indicator', 'eve.indicator.remove': 'Remove indicator {n}',
    'eve.target.aspect': 'Aspect', 'eve.target.value': 'Target', 'eve.target.add': 'Add a target', 'eve.target.remove': 'Remove the target',
    'eve.save': 'Save the SKP', 'eve.saved': 'SKP saved.', 'eve.cancel': 'Cancel',
  },
});

const blankTarget = () => ({ aspect: 'TARGET_ASPECT_QUANTITY', value: '' });
const blankIndicator = () => ({ id: '', text: '', targets: [blankTarget()] });
const blankResult = () => ({ id: '', text: '', parentResult: '', planReference: '', indicators: [blankIndicator()] });

/** fromSkp copies an SKP's results into the editor's state (one empty result when none). */
const fromSkp = (skp) => {
  const rs = (skp.results || []).map((r) => ({
    id: r.id || '', text: r.text || '', parentResult: r.parentResult || '', planReference: r.planReference || '',
    indicators: (r.indicators || []).map((i) => ({ id: i.id || '', text: i.text || '', targets: (i.targets || []).map((x) => ({ aspect: x.aspect, value: x.value || '' })) })),
  }));
  return rs.length ? rs : [blankResult()];
};

/** toBody is the results as the API takes them: trimmed, ids kept, empty targets left out. */
const toBody = (rs, head) => rs.map((r) => ({
  id: r.id || undefined, text: r.text.trim(),
  parentResult: head ? undefined : r.parentResult.trim() || undefined,
  planReference: head ? r.planReference.trim() || undefined : undefined,
  indicators: r.indicators.map((i) => ({ id: i.id || undefined, text: i.text.trim(), targets: i.targets.filter((x) => x.value.trim()).map((x) => ({ aspect: x.aspect, value: x.value.trim() })) })),
}));

function ParentField({ r, i, parents, set, error }) {
  const options = parents?.results || [];
  const inList = !r.parentResult || options.some((p) => p.ref === r.parentResult);
  const [typing, setTyping] = useState(!options.length || !inList);
  const err = fieldErr(error, `results[${i}].parent_result`, `results[${i}].parentResult`);
  if (typing || !options.length) {
    return html`<div class="ev-parent-field">
      <${Input} label=${t('eve.result.parent')} name=${`results[${i}].parent_result`} value=${r.parentResult} onValue=${set} required
        hint=${options.length ? t('eve.result.parent.hint') : t('eve.result.parent.none')} error=${err} data-test="editor-parent-text" autocomplete="off" />
      ${options.length ? html`<${Button} kind="ghost" onClick=${() => setTyping(false)}>${t('eve.result.parent.list')}</${Button}>` : null}
    </div>`;
  }
  return html`<div class="ev-parent-field">
    <${Select} label=${t('eve.result.parent')} name=${`results[${i}].parent_result`} value=${r.parentResult} onValue=${set} required
      hint=${t('eve.result.parent.hint')} error=${err} data-test="editor-parent"
      options=${[{ value: '', label: t('eve.result.parent.pick') }, ...options.map((p) => ({ value: p.ref, label: parents.map[p.ref] || p.ref }))]} />
    <${Button} kind="ghost" onClick=${() => setTyping(true)}>${t('eve.result.parent.type')}</${Button}>
  </div>`;
}

function IndicatorFields({ ind, i, j, onChange, onRemove, error }) {
  const path = `results[${i}].indicators[${j}]`;
  const set = (k) => (v) => onChange({ ...ind, [k]: v });
  const setTarget = (k, x) => (v) => onChange({ ...ind, targets: ind.targets.map((y, n) => (n === k ? { ...y, [x]: v } : y)) });
  return html`<fieldset class="ev-indicator-edit" data-test="editor-indicator">
    <legend>${t('eve.indicator', { n: j + 1 })}</legend>
    <${TextArea} label=${t('eve.indicator.text')} name=${`${path}.text`} value=${ind.text} onValue=${set('text')} required maxlength="500" rows="2"
      error=${fieldErr(error, `${path}.text`)} data-test="editor-indicator-text" />
    ${ind.targets.map((x, k) => html`<div class="ev-target-row" data-test="editor-target" data-n=${k}>
      <${Select} label=${t('eve.target.aspect')} name=${`${path}.targets[${k}].aspect`} value=${x.aspect} onValue=${setTarget(k, 'aspect')}
        options=${ASPECTS.map((a) => ({ value: a, label: ev('aspect', a) }))} error=${fieldErr(error, `${path}.targets[${k}].aspect`)} data-test="editor-target-aspect" />
      <${Input} label=${t('eve.target.value')} name=${`${path}.targets[${k}].value`} value=${x.value} onValue=${setTarget(k, 'value')} maxlength="200"
        error=${fieldErr(error, `${path}.targets[${k}].value`)} data-test="editor-target-value" />
      ${ind.targets.length > 1 ? html`<${Button} kind="ghost" onClick=${() => onChange({ ...ind, targets: ind.targets.filter((_, n) => n !== k) })}>${t('eve.target.remove')}</${Button}>` : null}
    </div>`)}
    ${fieldErr(error, `${path}.targets`) ? html`<p class="field-error" role="alert">${fieldErr(error, `${path}.targets`)}</p>` : null}
    <div class="actions">
      ${ind.targets.length < ASPECTS.length ? html`<${Button} kind="ghost" onClick=${() => onChange({ ...ind, targets: [...ind.targets, { aspect: ASPECTS.find((a) => !ind.targets.some((y) => y.aspect === a)), value: '' }] })}
        data-test="editor-target-add">${t('eve.target.add')}</${Button}>` : null}
      ${onRemove ? html`<${Button} kind="ghost" onClick=${onRemove}>${t('eve.indicator.remove', { n: j + 1 })}</${Button}>` : null}
    </div>
  </fieldset>`;
}

function ResultFields({ r, i, parents, head, onChange, onRemove, error }) {
  const set = (k) => (v) => onChange({ ...r, [k]: v });
  const setInd = (j) => (v) => onChange({ ...r, indicators: r.indicators.map((x, n) => (n === j ? v : x)) });
  return html`<fieldset class="ev-result-edit card" data-test="editor-result">
    <legend>${t('eve.result', { n: i + 1 })}${r.id ? html` <span class="muted">(${r.id})</span>` : null}</legend>
    <${TextArea} label=${t('eve.result.text')} name=${`results[${i}].text`} value=${r.text} onValue=${set('text')} required maxlength="1000" rows="2"
      error=${fieldErr(error, `results[${i}].text`)} data-test="editor-result-text" />
    ${head
      ? html`<${Input} label=${t('eve.result.plan')} name=${`results[${i}].plan_reference`} value=${r.planReference} onValue=${set('planReference')} required
          error=${fieldErr(error, `results[${i}].plan_reference`)} data-test="editor-plan" />`
      : html`<${ParentField} r=${r} i=${i} parents=${parents} set=${set('parentResult')} error=${error} />`}
    ${r.indicators.map((ind, j) => html`<${IndicatorFields} key=${j} ind=${ind} i=${i} j=${j} onChange=${setInd(j)} error=${error}
      onRemove=${r.indicators.length > 1 ? () => onChange({ ...r, indicators: r.indicators.filter((_, n) => n !== j) }) : null} />`)}
    ${fieldErr(error, `results[${i}].indicators`) ? html`<p class="field-error" role="alert">${fieldErr(error, `results[${i}].indicators`)}</p>` : null}
    <div class="actions">
      ${r.indicators.length < 10 ? html`<${Button} kind="secondary" onClick=${() => onChange({ ...r, indicators: [...r.indicators, blankIndicator()] })} data-test="editor-indicator-add">${t('eve.indicator.add')}</${Button}>` : null}
      ${onRemove ? html`<${Button} kind="ghost" onClick=${onRemove}>${t('eve.result.remove', { n: i + 1 })}</${Button}>` : null}
    </div>
  </fieldset>`;
}

/** SkpEditor edits skp's results and functional level; onSaved gets the SKP as stored. */
export function SkpEditor({ skp, parents, onSaved, onCancel }) {
  const [results, setResults] = useState(() => fromSkp(skp));
  const [level, setLevel] = useState(skp.functionalLevel || 'FUNCTIONAL_LEVEL_UNSPECIFIED');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const out = await patch(`/v1/${skp.name}?updateMask=results,functional_level`, { name: skp.name, etag: skp.etag, results: toBody(results, skp.agencyHead), functionalLevel: level });
      toast(t('eve.saved'), 'ok');
      onSaved(out);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form class="ev-editor" onSubmit=${save} novalidate data-test="skp-editor">
    <${Select} label=${t('eve.level')} name="functional_level" value=${level} onValue=${setLevel} hint=${t('eve.level.hint')}
      options=${LEVELS.map((l) => ({ value: l, label: ev('level', l) }))} error=${fieldErr(error, 'functional_level')} data-test="editor-level" />
    ${results.map((r, i) => html`<${ResultFields} key=${i} r=${r} i=${i} parents=${parents} head=${skp.agencyHead} error=${error}
      onChange=${(v) => setResults(results.map((x, n) => (n === i ? v : x)))}
      onRemove=${results.length > 1 ? () => setResults(results.filter((_, n) => n !== i)) : null} />`)}
    ${fieldErr(error, 'skp.results') && !Object.keys(error.fields).some((k) => k.includes('results[')) ? html`<p class="field-error" role="alert">${fieldErr(error, 'skp.results')}</p>` : null}
    <${EvError} error=${error} fields=${['results', 'functional_level']} test="editor-error" />
    <div class="actions">
      ${results.length < 20 ? html`<${Button} kind="secondary" onClick=${() => setResults([...results, blankResult()])} data-test="editor-result-add">${t('eve.result.add')}</${Button}>` : null}
      <${Button} type="submit" busy=${busy} data-test="editor-save">${t('eve.save')}</${Button}>
      ${onCancel ? html`<${Button} kind="ghost" onClick=${onCancel}>${t('eve.cancel')}</${Button}>` : null}
    </div>
  </form>`;
}
