// evaluation-realisation.js: realisation and evidence per indicator per period of an approved
// SKP (issue 11 §2). Everyone who may see the SKP reads them (GET …/realisations?period=); the
// holder records or replaces one (POST …/realisations, the stored one's etag sent back) with up
// to ten pieces of evidence, each a title and an https link or a document reference.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages } from '../i18n.js';
import { get, post } from '../api.js';
import { Button, Input, Select, TextArea, toast, useAsync, Async } from '../ui.js';
import { periodLabel, EvError, fieldErr, today } from './_shared/evaluation-common.js';
import { SkpResults, EvidenceList, when } from './_shared/evaluation-skp.js';

addMessages({
  id: {
    'evr.period': 'Periode', 'evr.value': 'Realisasi', 'evr.value.hint': 'Misalnya "3 laporan, tepat waktu".', 'evr.evidence': 'Bukti dukung',
    'evr.ev.title': 'Judul bukti', 'evr.ev.uri': 'Tautan https:// atau nomor dokumen', 'evr.ev.add': 'Tambah bukti', 'evr.ev.remove': 'Hapus bukti {n}',
    'evr.ev.n': 'Bukti {n}', 'evr.record': 'Isi realisasi', 'evr.change': 'Ubah realisasi', 'evr.save': 'Simpan realisasi', 'evr.saved': 'Realisasi tersimpan.',
    'evr.none': 'Belum diisi untuk periode ini.', 'evr.updated': 'diperbarui {when}',
  },
  en: {
    'evr.period': 'Period', 'evr.value': 'Realisation', 'evr.value.hint': 'E.g. "3 reports, on time".', 'evr.evidence': 'Evidence',
    'evr.ev.title': 'Title', 'evr.ev.uri': 'An https:// link or a document number', 'evr.ev.add': 'Add evidence', 'evr.ev.remove': 'Remove evidence {n}',
    'evr.ev.n': 'Evidence {n}', 'evr.record': 'Record realisation', 'evr.change': 'Change realisation', 'evr.save': 'Save realisation', 'evr.saved': 'Realisation saved.',
    'evr.none': 'Not recorded for this period.', 'evr.updated': 'updated {when}',
  },
});

/** currentPeriod is the period running today, else the year's last that has begun, else the first. */
export function currentPeriod(periods = []) {
  const d = today();
  return periods.find((p) => p.startDate <= d && d <= p.endDate) || [...periods].reverse().find((p) => p.startDate <= d) || periods[0];
}

function RealisationForm({ skp, r, i, period, old, onDone, onCancel }) {
  const [value, setValue] = useState(old?.value || '');
  const [evidence, setEvidence] = useState(old?.evidence?.length ? old.evidence.map((e) => ({ ...e })) : []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const setEv = (n, k) => (v) => setEvidence(evidence.map((e, m) => (m === n ? { ...e, [k]: v } : e)));
  const save = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${skp.name}/realisations`, {
        resultId: r.id, indicatorId: i.id, period, value: value.trim(), etag: old?.etag || undefined,
        evidence: evidence.filter((x) => x.title.trim() || x.uri.trim()).map((x) => ({ title: x.title.trim(), uri: x.uri.trim() })),
      });
      toast(t('evr.saved'), 'ok');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form class="ev-real-form" onSubmit=${save} novalidate data-test="realisation-form">
    <${TextArea} label=${t('evr.value')} name="value" value=${value} onValue=${setValue} required maxlength="2000" rows="2" hint=${t('evr.value.hint')}
      error=${fieldErr(error, 'realisation.value', 'value')} data-test="realisation-value" />
    ${evidence.map((x, n) => html`<fieldset class="ev-evidence-edit" data-test="realisation-evidence">
      <legend>${t('evr.ev.n', { n: n + 1 })}</legend>
      <${Input} label=${t('evr.ev.title')} name=${`evidence[${n}].title`} value=${x.title} onValue=${setEv(n, 'title')} maxlength="200"
        error=${fieldErr(error, `evidence[${n}].title`)} data-test="evidence-title" />
      <${Input} label=${t('evr.ev.uri')} name=${`evidence[${n}].uri`} value=${x.uri} onValue=${setEv(n, 'uri')} maxlength="1000"
        error=${fieldErr(error, `evidence[${n}].uri`)} data-test="evidence-uri" />
      <${Button} kind="ghost" onClick=${() => setEvidence(evidence.filter((_, m) => m !== n))}>${t('evr.ev.remove', { n: n + 1 })}</${Button}>
    </fieldset>`)}
    <${EvError} error=${error} fields=${['value', 'evidence']} test="realisation-error" />
    <div class="actions">
      ${evidence.length < 10 ? html`<${Button} kind="secondary" onClick=${() => setEvidence([...evidence, { title: '', uri: '' }])} data-test="evidence-add">${t('evr.ev.add')}</${Button}>` : null}
      <${Button} type="submit" busy=${busy} data-test="realisation-save">${t('evr.save')}</${Button}>
      <${Button} kind="ghost" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

/** Realisations shows an SKP's results with each indicator's realisation in the chosen period;
 * the holder (canEdit) records them. parents maps the results' parent references to text. */
export function Realisations({ skp, periods, parents, canEdit }) {
  const [period, setPeriod] = useState(() => currentPeriod(periods)?.id || '');
  const [editing, setEditing] = useState('');
  const state = useAsync(() => (period ? get(`/v1/${skp.name}/realisations`, { period }) : Promise.resolve({ realisations: [] })), [skp.name, period]);
  const d = today();
  const started = periods.filter((p) => p.startDate <= d);
  return html`<div class="ev-real" data-test="realisations" data-period=${period}>
    <${Select} label=${t('evr.period')} name="period" value=${period} onValue=${(v) => { setPeriod(v); setEditing(''); }} data-test="realisation-period"
      options=${(started.length ? started : periods).map((p) => ({ value: p.id, label: periodLabel(p.id) }))} />
    <${Async} state=${state}>${(data) => {
      const of = (r, i) => (data.realisations || []).find((x) => x.resultId === r.id && x.indicatorId === i.id && x.period === period);
      return html`<${SkpResults} skp=${skp} parents=${parents} realisation=${(r, i) => {
        const key = `${r.id}.${i.id}`, old = of(r, i);
        return html`<div class="ev-real-line" data-test="realisation" data-key=${key} data-value=${old?.value || ''}>
          <p><span class="ev-sub">${t('evr.value')}:</span> ${old ? html`${old.value} <span class="muted ev-small">(${t('evr.updated', { when: when(old.updateTime) })})</span>` : html`<span class="muted">${t('evr.none')}</span>`}</p>
          <${EvidenceList} items=${old?.evidence} />
          ${canEdit && editing !== key ? html`<${Button} kind="ghost" onClick=${() => setEditing(key)} data-test="realisation-open">${t(old ? 'evr.change' : 'evr.record')}</${Button}>` : null}
          ${canEdit && editing === key ? html`<${RealisationForm} skp=${skp} r=${r} i=${i} period=${period} old=${old}
            onDone=${() => { setEditing(''); state.reload(); }} onCancel=${() => setEditing('')} />` : null}
        </div>`;
      }} />`;
    }}</${Async}>
  </div>`;
}
