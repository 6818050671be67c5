// ui.js: the few building blocks every screen uses, so screens look and behave alike: pages
// with one h1 that takes focus on arrival, cards, labelled fields whose API error sits under
// them (aria-describedby), buttons, tables that turn into cards on a phone, badges, loading,
// error and empty states, and toasts announced to screen readers.
import { html, useState, useEffect, useRef, useCallback } from '../vendor/preact-htm.js';
import { t } from './i18n.js';
import { ApiError } from './api.js';

export { html };

/** useAsync runs fn (an async function) when deps change: { data, error, loading, reload, set }. */
export function useAsync(fn, deps = []) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(async () => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const data = await fn();
      if (n === seq.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (n === seq.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, deps);
  useEffect(() => { run(); }, [run]);
  return { ...state, reload: run, set: (data) => setState((s) => ({ ...s, data })) };
}

/** Page is a screen: its title (document title too) as the h1, focused after navigation. */
export function Page({ title, actions, children, wide }) {
  const h = useRef(null);
  useEffect(() => {
    document.title = `${title} — SIMPEG`;
    h.current?.focus({ preventScroll: false });
  }, [title]);
  return html`<section class=${'page' + (wide ? ' page-wide' : '')}>
    <header class="page-head"><h1 tabindex="-1" ref=${h}>${title}</h1>${actions ? html`<div class="page-actions">${actions}</div>` : null}</header>
    ${children}
  </section>`;
}

export const Card = ({ title, actions, children, class: cls = '', id }) => html`<section class=${'card ' + cls} id=${id} aria-label=${title || undefined}>
  ${title || actions ? html`<div class="card-head">${title ? html`<h2>${title}</h2>` : null}${actions ? html`<div class="card-actions">${actions}</div>` : null}</div>` : null}
  ${children}
</section>`;

export const Loading = ({ label }) => html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${label || t('common.loading')}</p>`;
export const Empty = ({ children }) => html`<p class="empty">${children || t('common.empty')}</p>`;

/** ErrorBox shows a failed call in the user's language, with a retry when given. */
export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.text : t('error.generic');
  return html`<div class="alert alert-error" role="alert"><p>${text}</p>
    ${onRetry ? html`<button type="button" class="btn btn-secondary" onClick=${onRetry}>${t('common.retry')}</button>` : null}</div>`;
}

/** Async renders a useAsync state: loading, error (with retry) or children(data). */
export function Async({ state, children }) {
  if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${state.reload} />`;
  if (state.loading && state.data === undefined) return html`<${Loading} />`;
  return children(state.data);
}

let fieldSeq = 0;
/** Field wraps one control with its label, hint and error. name is the API field path it binds to. */
export function Field({ label, name, error, hint, required, children, id }) {
  const ref = useRef(id || `f${++fieldSeq}`);
  const fid = ref.current;
  const described = [hint ? `${fid}-hint` : null, error ? `${fid}-err` : null].filter(Boolean).join(' ') || undefined;
  const control = typeof children === 'function' ? children({ id: fid, 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined, name, required }) : children;
  return html`<div class=${'field' + (error ? ' field-invalid' : '')} data-field=${name}>
    <label for=${fid}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
    ${control}
    ${hint ? html`<p class="hint" id=${`${fid}-hint`}>${hint}</p>` : null}
    ${error ? html`<p class="field-error" id=${`${fid}-err`} role="alert">${error}</p>` : null}
  </div>`;
}

/** Input is a labelled <input>; onValue gets the value (not the event). */
export const Input = ({ label, name, error, hint, required, value, onValue, type = 'text', ...rest }) => html`<${Field} label=${label} name=${name} error=${error} hint=${hint} required=${required}>
  ${(a) => html`<input ...${a} type=${type} value=${value ?? ''} onInput=${(e) => onValue?.(e.currentTarget.value)} ...${rest} />`}
</${Field}>`;

/** Select is a labelled <select> over options [{ value, label }]. */
export const Select = ({ label, name, error, hint, required, value, onValue, options, ...rest }) => html`<${Field} label=${label} name=${name} error=${error} hint=${hint} required=${required}>
  ${(a) => html`<select ...${a} value=${value ?? ''} onChange=${(e) => onValue?.(e.currentTarget.value)} ...${rest}>
    ${options.map((o) => html`<option value=${o.value} selected=${String(o.value) === String(value ?? '')}>${o.label}</option>`)}
  </select>`}
</${Field}>`;

export const TextArea = ({ label, name, error, hint, required, value, onValue, ...rest }) => html`<${Field} label=${label} name=${name} error=${error} hint=${hint} required=${required}>
  ${(a) => html`<textarea ...${a} onInput=${(e) => onValue?.(e.currentTarget.value)} ...${rest}>${value ?? ''}</textarea>`}
</${Field}>`;

/** fieldError picks the API's message for a field: exact path, or a path ending in it. */
export function fieldError(error, ...names) {
  if (!(error instanceof ApiError)) return undefined;
  for (const n of names) {
    for (const [k, v] of Object.entries(error.fields)) if (k === n || k.endsWith('.' + n)) return v;
  }
  return undefined;
}

/** FormError shows what a failed submit could not tie to a field. */
export function FormError({ error, fields = [] }) {
  if (!error) return null;
  const unplaced = error instanceof ApiError ? Object.entries(error.fields).filter(([k]) => !fields.some((n) => k === n || k.endsWith('.' + n))) : [];
  return html`<div class="alert alert-error" role="alert"><p>${error instanceof ApiError ? error.text : t('error.generic')}</p>
    ${unplaced.length ? html`<ul>${unplaced.map(([k, v]) => html`<li><code>${k}</code>: ${v}</li>`)}</ul>` : null}</div>`;
}

export const Button = ({ kind = 'primary', busy, children, type = 'button', ...rest }) => html`<button type=${type} class=${'btn btn-' + kind} disabled=${busy || rest.disabled} aria-busy=${busy ? 'true' : undefined} ...${rest}>${children}</button>`;

export const Badge = ({ kind = 'neutral', children }) => html`<span class=${'badge badge-' + kind}>${children}</span>`;

export const Stat = ({ label, value, kind = '' }) => html`<div class=${'stat ' + kind}><span class="stat-value">${value}</span><span class="stat-label">${label}</span></div>`;

/** Table: columns [{ key, label, render?(row), num? }]; rows become cards under 600 px (data-label). */
export function Table({ caption, columns, rows, rowKey = (r, i) => i, empty }) {
  if (!rows || rows.length === 0) return html`<${Empty}>${empty}</${Empty}>`;
  return html`<div class="table-wrap"><table class="table">
    ${caption ? html`<caption>${caption}</caption>` : null}
    <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.num ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((r, i) => html`<tr key=${rowKey(r, i)}>${columns.map((c) => html`<td data-label=${c.label} class=${c.num ? 'num' : ''}>${c.render ? c.render(r) : r[c.key]}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

const toastListeners = new Set();
/** toast shows a short message at the bottom, announced politely. */
export const toast = (text, kind = 'info') => toastListeners.forEach((f) => f({ text, kind, id: Date.now() + Math.random() }));
export function Toasts() {
  const [items, setItems] = useState([]);
  useEffect(() => {
    const f = (it) => { setItems((xs) => [...xs, it]); setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== it.id)), 5000); };
    toastListeners.add(f); return () => toastListeners.delete(f);
  }, []);
  return html`<div class="toasts" role="status" aria-live="polite">${items.map((it) => html`<p class=${'toast toast-' + it.kind} key=${it.id}>${it.text}</p>`)}</div>`;
}

/** Dialog is a modal <dialog> with a title; close() on Escape or the close button. */
export function Dialog({ title, open, onClose, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current; if (!d) return;
    if (open && !d.open) d.showModal(); else if (!open && d.open) d.close();
  }, [open]);
  return html`<dialog ref=${ref} class="dialog" aria-label=${title} onClose=${onClose} onCancel=${onClose}>
    <div class="dialog-head"><h2>${title}</h2><button type="button" class="btn btn-ghost" aria-label=${t('common.close')} onClick=${onClose}>×</button></div>
    ${open ? children : null}
  </dialog>`;
}

/** downloadLink: a plain link the browser downloads (the cookie goes with it, same origin). */
export const DownloadLink = ({ href, children, filename }) => html`<a class="btn btn-secondary" href=${href} download=${filename || ''}>${children}</a>`;
