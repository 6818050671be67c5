// queue.js: check-ins made without a network. When the upload of a check-in fails because the
// device is offline (or the API is unreachable), the record is kept in IndexedDB with its client
// id and device time — the moment the button was pressed — and uploaded later: at start, when
// the browser says it is online again, when the service worker relays a Background Sync
// ('simpeg-checkins') as a 'simpeg:flush' message, and every minute while something waits.
//
// The server is idempotent by client id (a second upload returns the first record), and this
// module never sends one record twice at the same time: one flush runs at a time in a tab, and
// the Web Locks API ('simpeg-queue') makes tabs take turns. Records go up in device-time order.
// A record the server answers is removed; one it refuses (a 4xx other than 401, 408 and 429:
// e.g. too old, outside a refusing geofence) is removed too and kept in a "failed" list with the
// reason; on 5xx, 401 (signed out) or no network it stays for the next try.
//
// Each record belongs to the person who made it (the session's subject): a flush uploads only
// the signed-in person's records, so switching users on a shared device never sends someone
// else's check-in under the wrong name.
import { post, ApiError, addErrorTranslations } from './api.js';
import { getSession } from './session.js';
import { t, addMessages } from './i18n.js';

addMessages({
  id: {
    'queue.reason.DEVICE_TIME_TOO_OLD': 'Absensi ini terlalu lama tersimpan di perangkat (lebih dari 72 jam) dan tidak dapat dikirim lagi. Hubungi bagian kepegawaian.',
    'queue.reason.DEVICE_TIME_IN_FUTURE': 'Jam perangkat Anda lebih cepat dari jam server. Periksa pengaturan jam dan tanggal perangkat.',
    'queue.reason.OUTSIDE_GEOFENCE': 'Lokasi Anda di luar radius kantor; absensi di luar radius ditolak di kantor ini.',
    'queue.reason.EMPLOYEE_NOT_IN_DIRECTORY': 'Data Anda belum ada di layanan absensi. Coba lagi beberapa saat lagi atau hubungi bagian kepegawaian.',
    'queue.reason.EMPLOYEE_NOT_ACTIVE': 'Status kepegawaian Anda tidak aktif; absensi tidak dapat dicatat.',
  },
  en: {
    'queue.reason.DEVICE_TIME_TOO_OLD': 'This check-in waited on the device too long (over 72 hours) and can no longer be uploaded. Contact HR.',
    'queue.reason.DEVICE_TIME_IN_FUTURE': 'Your device clock is ahead of the server. Check the device\'s date and time settings.',
    'queue.reason.OUTSIDE_GEOFENCE': 'You are outside the office radius; this office refuses check-ins outside it.',
    'queue.reason.EMPLOYEE_NOT_IN_DIRECTORY': 'Your record is not in the attendance service yet. Try again shortly or contact HR.',
    'queue.reason.EMPLOYEE_NOT_ACTIVE': 'Your employment is not active; the check-in cannot be recorded.',
  },
});

// The check-in texts of RecordAttendance (services/attendance/internal/domain/checkin.go) that a
// person can meet, in Indonesian.
addErrorTranslations([
  { re: /device time \S+ is (\S+) ahead of the server's clock/, id: 'Jam perangkat $1 lebih cepat dari jam server; lebih dari 5 menit ditolak. Periksa jam perangkat.' },
  { re: /device time \S+ is (\S+) old; offline check-ins may be uploaded up to (\S+)/, id: 'Absensi ini sudah $1 tersimpan; absensi luring hanya dapat dikirim paling lama $2 setelahnya.' },
  { re: /the position is (\d+) m from (.+) \(accuracy (\d+) m\), outside its (\d+) m geofence/, id: 'Posisi Anda $1 m dari $2 (akurasi $3 m), di luar radius $4 m; absensi di luar radius ditolak.' },
  { re: /^employee \d+ is not in the attendance service's copy/, id: 'Data Anda belum ada di layanan absensi; pegawai baru muncul dalam beberapa detik.' },
  { re: /^employee \d+ is (\S+), not active in the city; only active employees check in/, id: 'Status Anda $1, tidak aktif; hanya pegawai aktif yang dapat absen.' },
  { re: /agency (\S+) has no office to check in at yet/, id: 'Instansi $1 belum memiliki kantor untuk absensi; bagian kepegawaian perlu mendaftarkannya.' },
]);

const DB_NAME = 'simpeg-queue';
const PENDING = 'pending';
const FAILED = 'failed';
const LOCK = 'simpeg-queue';
const SYNC_TAG = 'simpeg-checkins';
const RETRY_MS = 60_000;

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (!('indexedDB' in self)) { reject(new Error('no IndexedDB')); return; }
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains(PENDING)) d.createObjectStore(PENDING, { keyPath: 'clientId' });
        if (!d.objectStoreNames.contains(FAILED)) d.createObjectStore(FAILED, { keyPath: 'clientId' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

// tx runs f(store) in a transaction on one store and resolves with the request's result once
// the transaction has committed.
async function tx(store, mode, f) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const x = d.transaction(store, mode);
    const r = f(x.objectStore(store));
    x.oncomplete = () => resolve(r ? r.result : undefined);
    x.onerror = () => reject(x.error);
    x.onabort = () => reject(x.error || new Error('transaction aborted'));
  });
}
const readAll = (store) => tx(store, 'readonly', (s) => s.getAll()).catch(() => []);

const bySubject = (items, subject) => items.filter((i) => i.subject === subject);
const byDeviceTime = (a, b) => String(a.record.deviceTime).localeCompare(String(b.record.deviceTime));
const currentSubject = () => {
  const s = getSession();
  return s && s.signedIn ? s.subject : '';
};

// ---- ids ----

/** newClientId returns a fresh client id: 32 hex characters (a UUID without dashes). */
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, '');
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** deviceId returns this browser installation's id, made once and kept in localStorage. */
export function deviceId() {
  const key = 'simpeg.deviceId';
  try {
    let id = localStorage.getItem(key);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = 'web-' + newClientId();
      localStorage.setItem(key, id);
    }
    return id;
  } catch {
    return 'web-private';
  }
}

// ---- state and events ----

let state = { pending: [], failed: [], synced: [], syncing: false, subject: '' };
const listeners = new Set();

/** subscribe calls fn(state) now and on every change: { pending, failed, synced, syncing }, the
 * signed-in person's queued and failed records, and the records the last flush uploaded (each
 * with `result`, the server's answer). It returns the unsubscribe function. The same state is
 * dispatched on window as the 'simpeg:queue' event (detail). */
export function subscribe(fn) {
  listeners.add(fn);
  fn(state);
  return () => listeners.delete(fn);
}
export const getState = () => state;

async function refresh(extra = {}) {
  const subject = currentSubject();
  const [pending, failed] = await Promise.all([readAll(PENDING), readAll(FAILED)]);
  state = {
    ...state, ...extra,
    pending: bySubject(pending, subject).sort(byDeviceTime),
    failed: bySubject(failed, subject).sort(byDeviceTime),
  };
  listeners.forEach((f) => { try { f(state); } catch { /* a listener's bug is its own */ } });
  dispatchEvent(new CustomEvent('simpeg:queue', { detail: state }));
  return state;
}

// ---- queueing ----

/** enqueue keeps record (the RecordAttendance body: clientId, kind, deviceTime, latitude,
 * longitude, accuracyMeters, deviceId) for the signed-in person and asks for a Background
 * Sync. It resolves with the stored item. */
export async function enqueue(record) {
  const item = { clientId: record.clientId, subject: currentSubject(), record, queuedAt: new Date().toISOString() };
  await tx(PENDING, 'readwrite', (s) => s.put(item));
  registerSync();
  await refresh({ synced: [] });
  return item;
}

function registerSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready
    .then((reg) => reg.sync && reg.sync.register(SYNC_TAG))
    .catch(() => { /* no Background Sync (Firefox, Safari): 'online' and start() cover it */ });
}

/** dismissFailed forgets a failed record once the person has read why. */
export async function dismissFailed(clientId) {
  await tx(FAILED, 'readwrite', (s) => s.delete(clientId));
  await refresh();
}

/** clearSynced hides the "sent" notice. */
export const clearSynced = () => refresh({ synced: [] });

// ---- uploading ----

// keeps says whether a failed upload stays queued: no network, the server busy or down, the
// session ended (the person signs in again and it goes up then).
const keeps = (e) => !(e instanceof ApiError) || e.offline || e.status >= 500 || e.status === 401 || e.status === 408 || e.status === 429;

async function upload() {
  const subject = currentSubject();
  if (!subject) return [];
  // Read inside the lock: another tab may have sent some of them a moment ago.
  const items = bySubject(await readAll(PENDING), subject).sort(byDeviceTime);
  const sent = [];
  for (const it of items) {
    let result;
    try {
      result = await post('/v1/attendanceRecords', it.record);
    } catch (e) {
      if (keeps(e)) break; // the rest would fail the same way; keep the order for the next try
      const failure = {
        ...it, failedAt: new Date().toISOString(),
        error: { status: e.status, code: e.code, message: e.message, reason: e.reason, fields: e.fields },
      };
      await tx(FAILED, 'readwrite', (s) => s.put(failure));
      await tx(PENDING, 'readwrite', (s) => s.delete(it.clientId));
      continue;
    }
    await tx(PENDING, 'readwrite', (s) => s.delete(it.clientId));
    sent.push({ ...it, result });
  }
  return sent;
}

let running = null;

/** flush uploads the signed-in person's queued records now; concurrent calls share one run,
 * and tabs take turns through the 'simpeg-queue' Web Lock. It resolves with the records sent. */
export function flush() {
  if (running) return running;
  running = (async () => {
    const subject = currentSubject();
    const mine = subject ? bySubject(await readAll(PENDING), subject) : [];
    if (!mine.length) {
      // Nothing to send; bring the state up to date when the person or the queue changed.
      if (state.subject !== subject || state.pending.length) await refresh({ subject });
      return [];
    }
    await refresh({ syncing: true, subject });
    let sent = [];
    try {
      sent = navigator.locks ? await navigator.locks.request(LOCK, upload) : await upload();
    } catch { /* IndexedDB unavailable: nothing was queued either */ }
    await refresh(sent.length ? { syncing: false, synced: sent } : { syncing: false });
    return sent;
  })().finally(() => { running = null; });
  return running;
}

/** failureText says, in the person's language, why the server refused a failed record. */
export function failureText(item) {
  const e = item.error || {};
  if (e.reason && t('queue.reason.' + e.reason) !== 'queue.reason.' + e.reason) return t('queue.reason.' + e.reason);
  const err = new ApiError(e.status || 400, e.code || 0, e.message || '', {});
  return err.text;
}

let started = false;

/** start uploads what waits now and whenever the network or the service worker says so. */
export function start() {
  if (started) return;
  started = true;
  addEventListener('online', () => flush());
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'simpeg:flush') flush();
    });
  }
  // A server that was down comes back without an 'online' event: try again now and then.
  setInterval(() => { if (navigator.onLine) flush(); }, RETRY_MS);
  flush();
}
