// leave.js: "Cuti", the employee's leave. (a) The request form: the type, the dates, the
// reason, the documents, and the child number or extension where the type needs them; while it
// is filled in, the API checks it without storing anything (CreateLeaveRequest with
// validateOnly) and the form shows the days it counts, the annual balance before and after, and
// every rule it breaks next to its field. (b) The history: each request's state, dates, days and
// decisions (who, when, why; deferred dates), and a cancel before the leave starts. (c) The
// annual-leave balance by year, with its ledger.
import { html, useState, useEffect, useRef } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, getLang, fmtDate, fmtNumber, todayIn, DEFAULT_TZ } from '../i18n.js';
import { get, getAll, post, ApiError, addErrorTranslations } from '../api.js';
import { Page, Card, useAsync, Async, Input, Select, TextArea, Field, fieldError, FormError, Button, Badge, Stat, Table, Dialog, Empty, toast } from '../ui.js';
import { leaveTypeName } from './home.js';
import { newClientId } from '../queue.js';

// The attachment kinds LeaveAttachment.kind takes (attendance domain: AttachmentKind).
const ATTACHMENT_KINDS = ['doctors_note', 'government_doctor_certificate', 'medical_certificate', 'supporting_document', 'bkn_approval'];

addMessages({
  id: {
    'leave.title': 'Cuti', 'leave.jump': 'Bagian halaman', 'leave.new': 'Ajukan cuti', 'leave.history': 'Riwayat permohonan', 'leave.balance': 'Saldo cuti tahunan',
    'leave.type': 'Jenis cuti',
    'leave.type.hint.LEAVE_TYPE_ANNUAL': '12 hari kerja setahun setelah 1 tahun masa kerja; dihitung dalam hari kerja dan diambil dari saldo.',
    'leave.type.hint.LEAVE_TYPE_LONG': 'Paling lama 3 bulan setelah 5 tahun masa kerja; tidak ada cuti tahunan pada tahun itu. Dihitung dalam hari kalender.',
    'leave.type.hint.LEAVE_TYPE_SICK': 'Dengan surat keterangan dokter; lebih dari 14 hari kerja dengan surat dokter pemerintah. Sakit 1 hari cukup diberitahukan.',
    'leave.type.hint.LEAVE_TYPE_MATERNITY': '3 bulan untuk anak ke-1 sampai ke-3, dengan surat keterangan dokter atau bidan. Dihitung dalam hari kalender.',
    'leave.type.hint.LEAVE_TYPE_IMPORTANT_REASONS': 'Paling lama 1 bulan: keluarga sakit atau meninggal, pernikahan sendiri, bencana. Alasan dan dokumen pendukung wajib.',
    'leave.type.hint.LEAVE_TYPE_UNPAID': 'Paling lama 3 tahun (dapat diperpanjang 1 tahun) setelah 5 tahun masa kerja, dengan persetujuan BKN.',
    'leave.collective': 'Cuti Bersama ditetapkan pemerintah untuk semua pegawai dan tidak perlu diajukan.',
    'leave.start': 'Tanggal mulai', 'leave.end': 'Tanggal selesai',
    'leave.child': 'Anak ke-', 'leave.child.hint': '1 untuk anak pertama; cuti melahirkan untuk anak ke-1 sampai ke-3.',
    'leave.extension': 'Perpanjangan CLTN (paling lama 1 tahun)',
    'leave.reason': 'Alasan', 'leave.reason.optional': 'Alasan (tidak wajib)', 'leave.reason.hint': 'Ditampilkan kepada atasan Anda.',
    'leave.reason.hint.important': 'Misalnya: orang tua sakit keras, keluarga meninggal, pernikahan sendiri, bencana.',
    'leave.attachments': 'Lampiran', 'leave.att.needs': 'Wajib: {kind}.', 'leave.att.optional': 'Tidak wajib untuk jenis cuti ini.',
    'leave.att.choose': '— pilih jenis dokumen —', 'leave.att.kind': 'Jenis dokumen {n}', 'leave.att.reference': 'Nomor atau tautan dokumen {n}',
    'leave.att.reference.hint': 'Nomor surat atau tautan dokumen di penyimpanan dokumen kota.', 'leave.att.add': 'Tambah lampiran', 'leave.att.remove': 'Hapus lampiran {n}',
    'leave.att.doctors_note': 'Surat keterangan dokter', 'leave.att.government_doctor_certificate': 'Surat keterangan dokter pemerintah',
    'leave.att.medical_certificate': 'Surat keterangan dokter atau bidan', 'leave.att.supporting_document': 'Dokumen pendukung (surat rumah sakit, akta kematian, undangan, keterangan bencana)',
    'leave.att.bkn_approval': 'Persetujuan BKN',
    'leave.att.file': 'Unggah berkas {n}', 'leave.att.file.hint': 'PDF, JPEG, atau PNG, paling besar 2 MB. Atau isi nomor/tautan dokumen di bawah.',
    'leave.att.uploading': 'Mengunggah…', 'leave.att.open': 'Lihat dokumen', 'leave.att.uploaded': 'Terunggah', 'leave.att.toolarge': 'Berkas {size} terlalu besar; paling besar 2 MB.',
    'leave.preview.busy': 'Memeriksa permohonan…', 'leave.preview.working': '{n} hari kerja dihitung', 'leave.preview.calendar': '{n} hari kalender',
    'leave.preview.balance': 'Sisa cuti tahunan: {before} → {after} hari', 'leave.preview.pending': '{n} hari dari permohonan lain masih menunggu keputusan.',
    'leave.preview.notice': 'Cuti sakit 1 hari cukup diberitahukan kepada atasan; langsung tercatat disetujui.',
    'leave.preview.second': 'Setelah atasan, bagian kepegawaian instansi juga perlu menyetujui.',
    'leave.submit': 'Kirim permohonan', 'leave.submitting': 'Mengirim…', 'leave.sent.toast': 'Permohonan cuti terkirim.',
    'leave.sent': '{type} {dates} ({days}) terkirim dan menunggu persetujuan atasan.', 'leave.sent.notice': '{type} {dates} ({days}) tercatat.',
    'leave.days.working': '{n} hari kerja', 'leave.days.calendar': '{n} hari kalender',
    'leave.history.empty': 'Belum ada permohonan cuti.',
    'leave.state.LEAVE_STATE_SUBMITTED': 'Menunggu atasan', 'leave.state.LEAVE_STATE_AWAITING_SECOND_APPROVAL': 'Menunggu persetujuan kedua',
    'leave.state.LEAVE_STATE_DEFERRED': 'Ditangguhkan', 'leave.state.LEAVE_STATE_APPROVED': 'Disetujui', 'leave.state.LEAVE_STATE_REJECTED': 'Ditolak',
    'leave.state.LEAVE_STATE_CANCELLED': 'Dibatalkan',
    'leave.action.submitted': 'Diajukan', 'leave.action.noticed': 'Diberitahukan', 'leave.action.approved': 'Disetujui',
    'leave.action.second_approved': 'Disetujui (persetujuan kedua)', 'leave.action.rejected': 'Ditolak', 'leave.action.deferred': 'Ditangguhkan',
    'leave.action.cancelled': 'Dibatalkan', 'leave.action.recounted': 'Dihitung ulang', 'leave.action.imported': 'Disetujui sebelum SIMPEG (impor)',
    'leave.role.employee': 'pegawai', 'leave.role.supervisor': 'atasan', 'leave.role.agency-hr': 'kepegawaian instansi', 'leave.role.city-hr': 'BKPSDM',
    'leave.by': 'oleh {who}', 'leave.decree': 'SK {n}', 'leave.deferred.dates': 'Ditangguhkan ke tanggal baru: {dates}',
    'leave.cancel': 'Batalkan', 'leave.cancel.title': 'Batalkan permohonan cuti', 'leave.cancel.confirm': 'Batalkan {type} {dates}?',
    'leave.cancel.returns': 'Hari cuti tahunan yang sudah dipotong dikembalikan ke saldo.', 'leave.cancel.yes': 'Ya, batalkan', 'leave.cancel.no': 'Tidak',
    'leave.cancelled': 'Permohonan cuti dibatalkan.',
    'leave.balance.year': 'Tahun', 'leave.balance.available': 'Sisa hari', 'leave.balance.granted': 'Hak tahun ini', 'leave.balance.carried': 'Sisa tahun lalu',
    'leave.balance.taken': 'Sudah diambil', 'leave.balance.long': 'Tahun ini ada cuti besar, jadi tidak ada cuti tahunan.',
    'leave.balance.ledger': 'Catatan saldo {year}', 'leave.balance.noentries': 'Belum ada catatan untuk tahun ini.',
    'leave.ledger.kind': 'Keterangan', 'leave.ledger.days': 'Hari', 'leave.ledger.note': 'Catatan',
    'leave.ledger.grant': 'Hak cuti tahunan', 'leave.ledger.carry_over': 'Sisa tahun sebelumnya', 'leave.ledger.taken': 'Diambil',
    'leave.ledger.returned': 'Dikembalikan', 'leave.ledger.collective': 'Cuti bersama',
  },
  en: {
    'leave.title': 'Leave', 'leave.jump': 'Page sections', 'leave.new': 'Request leave', 'leave.history': 'My requests', 'leave.balance': 'Annual leave balance',
    'leave.type': 'Leave type',
    'leave.type.hint.LEAVE_TYPE_ANNUAL': '12 working days a year after 1 year of service; counted in working days, taken from the balance.',
    'leave.type.hint.LEAVE_TYPE_LONG': 'Up to 3 months after 5 years of service; no annual leave that year. Counted in calendar days.',
    'leave.type.hint.LEAVE_TYPE_SICK': "With a doctor's note; over 14 working days a government doctor's certificate. One day is a notice.",
    'leave.type.hint.LEAVE_TYPE_MATERNITY': '3 months for the 1st to 3rd child, with a doctor\'s or midwife\'s certificate. Counted in calendar days.',
    'leave.type.hint.LEAVE_TYPE_IMPORTANT_REASONS': 'Up to 1 month: family illness or death, your own wedding, a disaster. Reason and supporting document required.',
    'leave.type.hint.LEAVE_TYPE_UNPAID': 'Up to 3 years (plus a 1-year extension) after 5 years of service, with BKN\'s approval.',
    'leave.collective': 'Collective leave is set by the government for everyone and is not requested.',
    'leave.start': 'First day', 'leave.end': 'Last day',
    'leave.child': 'Child number', 'leave.child.hint': '1 for the first child; maternity leave covers the 1st to 3rd child.',
    'leave.extension': 'Extension of unpaid leave (up to 1 year)',
    'leave.reason': 'Reason', 'leave.reason.optional': 'Reason (optional)', 'leave.reason.hint': 'Shown to your supervisor.',
    'leave.reason.hint.important': 'E.g. a parent seriously ill, a death in the family, your own wedding, a disaster.',
    'leave.attachments': 'Attachments', 'leave.att.needs': 'Required: {kind}.', 'leave.att.optional': 'Not required for this leave type.',
    'leave.att.choose': '— choose a document kind —', 'leave.att.kind': 'Document kind {n}', 'leave.att.reference': 'Document number or link {n}',
    'leave.att.reference.hint': "The letter's number or the document's link in the city's document store.", 'leave.att.add': 'Add attachment', 'leave.att.remove': 'Remove attachment {n}',
    'leave.att.doctors_note': "Doctor's note", 'leave.att.government_doctor_certificate': "Government doctor's certificate",
    'leave.att.medical_certificate': "Doctor's or midwife's certificate", 'leave.att.supporting_document': 'Supporting document (hospital letter, death certificate, invitation, disaster statement)',
    'leave.att.bkn_approval': "BKN's approval",
    'leave.att.file': 'Upload file {n}', 'leave.att.file.hint': 'PDF, JPEG or PNG, at most 2 MB. Or type the document\'s number or link below.',
    'leave.att.uploading': 'Uploading…', 'leave.att.open': 'Open document', 'leave.att.uploaded': 'Uploaded', 'leave.att.toolarge': 'The file ({size}) is too large; at most 2 MB.',
    'leave.preview.busy': 'Checking the request…', 'leave.preview.working': '{n} working days counted', 'leave.preview.calendar': '{n} calendar days',
    'leave.preview.balance': 'Annual leave left: {before} → {after} days', 'leave.preview.pending': '{n} days of other requests still await a decision.',
    'leave.preview.notice': 'One day of sick leave is a notice to your supervisor; it is recorded as approved at once.',
    'leave.preview.second': 'After your supervisor, agency HR approves too.',
    'leave.submit': 'Send request', 'leave.submitting': 'Sending…', 'leave.sent.toast': 'Leave request sent.',
    'leave.sent': '{type} {dates} ({days}) sent; it awaits your supervisor\'s approval.', 'leave.sent.notice': '{type} {dates} ({days}) recorded.',
    'leave.days.working': '{n} working days', 'leave.days.calendar': '{n} calendar days',
    'leave.history.empty': 'No leave requests yet.',
    'leave.state.LEAVE_STATE_SUBMITTED': 'Awaiting supervisor', 'leave.state.LEAVE_STATE_AWAITING_SECOND_APPROVAL': 'Awaiting second approval',
    'leave.state.LEAVE_STATE_DEFERRED': 'Deferred', 'leave.state.LEAVE_STATE_APPROVED': 'Approved', 'leave.state.LEAVE_STATE_REJECTED': 'Rejected',
    'leave.state.LEAVE_STATE_CANCELLED': 'Cancelled',
    'leave.action.submitted': 'Submitted', 'leave.action.noticed': 'Notified', 'leave.action.approved': 'Approved',
    'leave.action.second_approved': 'Approved (second approval)', 'leave.action.rejected': 'Rejected', 'leave.action.deferred': 'Deferred',
    'leave.action.cancelled': 'Cancelled', 'leave.action.recounted': 'Recounted', 'leave.action.imported': 'Approved before SIMPEG (imported)',
    'leave.role.employee': 'employee', 'leave.role.supervisor': 'supervisor', 'leave.role.agency-hr': 'agency HR', 'leave.role.city-hr': 'city HR',
    'leave.by': 'by {who}', 'leave.decree': 'decree {n}', 'leave.deferred.dates': 'Deferred to new dates: {dates}',
    'leave.cancel': 'Cancel', 'leave.cancel.title': 'Cancel leave request', 'leave.cancel.confirm': 'Cancel {type} {dates}?',
    'leave.cancel.returns': 'Annual leave days already taken return to the balance.', 'leave.cancel.yes': 'Yes, cancel it', 'leave.cancel.no': 'No',
    'leave.cancelled': 'Leave request cancelled.',
    'leave.balance.year': 'Year', 'leave.balance.available': 'Days left', 'leave.balance.granted': 'Granted this year', 'leave.balance.carried': 'Carried over',
    'leave.balance.taken': 'Taken', 'leave.balance.long': 'This year has long leave, so there is no annual leave.',
    'leave.balance.ledger': 'Balance ledger {year}', 'leave.balance.noentries': 'No entries for this year yet.',
    'leave.ledger.kind': 'Entry', 'leave.ledger.days': 'Days', 'leave.ledger.note': 'Note',
    'leave.ledger.grant': 'Annual grant', 'leave.ledger.carry_over': 'Carried over', 'leave.ledger.taken': 'Taken',
    'leave.ledger.returned': 'Returned', 'leave.ledger.collective': 'Collective leave',
  },
});

// The leave API's texts a person can meet (services/attendance/internal/domain/leave*.go,
// workflow.go, app/leave*.go), in Indonesian. The API names the field; these say why.
const unitsID = (s) => s.replace(/(\d+) years?/g, '$1 tahun').replace(/(\d+) months?/g, '$1 bulan');
const kindID = (k) => t('leave.att.' + k);
addErrorTranslations([
  { re: /^is required$/, id: 'Wajib diisi' },
  { re: /^(\S+) is before start_date (\S+); leave must end on or after its first day$/, id: 'Tanggal selesai $1 sebelum tanggal mulai $2; cuti berakhir pada atau setelah hari pertamanya' },
  { re: /^(\S+) is in the past; .+ must start today \((\S+)\) or later$/, id: 'Tanggal $1 sudah lewat; cuti ini dimulai paling awal hari ini ($2)' },
  { re: /^(\S+) is too far back; .+ may start at most (\d+) days before today \(\S+\), so not before (\S+)$/, id: 'Tanggal $1 terlalu jauh ke belakang; cuti ini paling awal dimulai $2 hari sebelum hari ini, yaitu $3' },
  { re: /needs (\d+) years? of service; employee has (\d+) \(appointed (\S+), counted on (\S+)\)$/, id: 'Jenis cuti ini memerlukan masa kerja $1 tahun; masa kerja Anda $2 tahun (diangkat $3, dihitung pada $4)' },
  { re: /^no annual leave in (\d+): the employee has long leave/, id: 'Tidak ada cuti tahunan pada $1 karena Anda mengambil cuti besar pada tahun itu' },
  { re: /^long leave \(cuti besar\) is given once in (\d+) years; the employee has long leave in (\d+)$/, id: 'Cuti besar hanya sekali dalam $1 tahun; Anda sudah mengambil cuti besar pada $2' },
  { re: /^maternity leave \(cuti melahirkan\) is for a woman giving birth$/, id: 'Cuti melahirkan diberikan kepada pegawai perempuan yang melahirkan' },
  { re: /^is required for maternity leave/, id: 'Wajib diisi untuk cuti melahirkan: 1 untuk anak pertama, 2 untuk anak kedua, 3 untuk anak ketiga' },
  { re: /^maternity leave \(cuti melahirkan\) covers the 1st to 3rd child; for child (\d+)/, id: 'Cuti melahirkan untuk anak ke-1 sampai ke-3; untuk anak ke-$1 ajukan cuti besar' },
  { re: /^is required for important-reason leave/, id: 'Wajib diisi: sebutkan alasan penting Anda (keluarga sakit atau meninggal, pernikahan sendiri, bencana, …)' },
  { re: /^is required for .+: state why$/, id: 'Wajib diisi: sebutkan alasannya' },
  { re: /^only unpaid leave \(CLTN\) can be extended$/, id: 'Hanya CLTN yang dapat diperpanjang' },
  { re: /^(\S+) to (\S+) has no working day;/, id: 'Tanggal $1 sampai $2 tidak memuat hari kerja; cuti ini dihitung dalam hari kerja, paling sedikit 1 hari' },
  { re: /may last at most (.+): from (\S+) it must end by (\S+)$/, id: (m) => `Cuti ini paling lama ${unitsID(m[1])}: mulai ${m[2]} harus berakhir paling lambat ${m[3]}` },
  { re: /^annual leave is taken from one year's balance; end this request by (\d+)-12-31/, id: 'Cuti tahunan diambil dari saldo satu tahun; akhiri permohonan ini paling lambat 31 Desember $1 dan ajukan sisanya terpisah' },
  { re: /^annual leave of (\d+) working days exceeds the (\d+) balance of (\d+) days$/, id: 'Cuti tahunan $1 hari kerja melebihi sisa cuti tahunan $2 sebanyak $3 hari' },
  { re: /^long leave is shortened by the (\d+) days of annual leave taken in (\d+): at most (\d+) working days from (\S+), this request has (\d+)$/, id: 'Cuti besar dikurangi $1 hari cuti tahunan yang sudah diambil pada $2: paling banyak $3 hari kerja sejak $4, permohonan ini $5 hari' },
  { re: /needs .+ \((doctors_note|government_doctor_certificate|medical_certificate|supporting_document|bkn_approval)\)$/, id: (m) => `Lampirkan ${kindID(m[1]).toLowerCase()} (nomor atau tautan dokumen)` },
  { re: /^attachment (\d+) has unknown kind/, id: 'Jenis dokumen lampiran $1 tidak dikenal; pilih dari daftar' },
  { re: /^(documents\/\S+) does not exist; upload the file first/, id: 'Dokumen $1 tidak ada; unggah berkasnya dulu' },
  { re: /^documents\/\S+ is another employee's document/, id: 'Dokumen ini milik pegawai lain; lampirkan dokumen yang Anda unggah sendiri' },
  { re: /^is not a PDF, JPEG or PNG file/, id: 'Berkas bukan PDF, JPEG, atau PNG; hanya jenis itu yang diterima' },
  { re: /^is (\d+) bytes; a document may have at most/, id: 'Berkas terlalu besar; paling besar 2 MB' },
  { re: /^attachment (\d+) \(\S+\) has no document reference$/, id: 'Lampiran $1 belum berisi nomor atau tautan dokumen' },
  { re: /^(\S+) to (\S+) overlaps leave request \S+ \(\S+, (\S+) to (\S+), \S+\)/, id: 'Tanggal ini bertumpuk dengan permohonan cuti Anda yang lain ($3 sampai $4); satu cuti pada satu waktu' },
  { re: /is set for everyone by the yearly decree/, id: 'Cuti bersama ditetapkan untuk semua pegawai dengan keputusan tahunan; tidak diajukan' },
  { re: /is not given to PPPK/, id: 'Jenis cuti ini tidak diberikan kepada PPPK (PP 49/2018 pasal 70): PPPK mendapat cuti tahunan, cuti sakit, cuti melahirkan, dan cuti bersama' },
  { re: /^(\S+) is in (\d+); annual leave is taken from a year's balance, which opens at most a year ahead \((\d+)\)$/, id: 'Tanggal $1 ada di tahun $2; saldo cuti tahunan dibuka paling jauh satu tahun ke depan ($3)' },
  { re: /leave request \S+ started on (\S+) \(today is \S+\); leave can be cancelled only before its first day/, id: 'Cuti ini sudah dimulai pada $1; pembatalan hanya dapat dilakukan sebelum hari pertamanya' },
  { re: /leave request \S+ is (\S+); only a submitted, awaiting_second_approval, deferred or approved request can be cancelled/, id: 'Permohonan ini berstatus $1 dan tidak dapat dibatalkan lagi' },
  { re: /years of service of employee \d+ are unknown/, id: 'Masa kerja Anda belum diketahui karena data pengangkatan belum lengkap. Hubungi bagian kepegawaian' },
  { re: /employee \d+ is (\S+), not active in the city; only active employees take leave/, id: 'Status kepegawaian Anda $1, tidak aktif; hanya pegawai aktif yang dapat mengajukan cuti' },
  { re: /year (\d+) is too far ahead: balances open at most a year ahead \((\d+)\)/, id: 'Tahun $1 terlalu jauh; saldo dibuka paling jauh satu tahun ke depan ($2)' },
  { re: /has no direct supervisor in the directory/, id: 'Anda belum memiliki atasan langsung di data kepegawaian; hubungi bagian kepegawaian' },
]);

// The types an employee asks for, in the regulation's order. Collective leave (cuti bersama) is
// in the proto too, but the yearly decree sets it for everyone: it is never requested.
const TYPES = ['LEAVE_TYPE_ANNUAL', 'LEAVE_TYPE_LONG', 'LEAVE_TYPE_SICK', 'LEAVE_TYPE_MATERNITY', 'LEAVE_TYPE_IMPORTANT_REASONS', 'LEAVE_TYPE_UNPAID'];
// The document each type needs (RequiredAttachment in the attendance domain); sick leave over
// 14 working days needs a government doctor's certificate instead of a doctor's note.
const NEEDS = {
  LEAVE_TYPE_SICK: 'doctors_note', LEAVE_TYPE_MATERNITY: 'medical_certificate',
  LEAVE_TYPE_IMPORTANT_REASONS: 'supporting_document', LEAVE_TYPE_UNPAID: 'bkn_approval',
};
const REASON_REQUIRED = new Set(['LEAVE_TYPE_IMPORTANT_REASONS', 'LEAVE_TYPE_UNPAID']);
const ACTIVE = new Set(['LEAVE_STATE_SUBMITTED', 'LEAVE_STATE_AWAITING_SECOND_APPROVAL', 'LEAVE_STATE_DEFERRED', 'LEAVE_STATE_APPROVED']);
const STATE_KIND = {
  LEAVE_STATE_SUBMITTED: 'warn', LEAVE_STATE_AWAITING_SECOND_APPROVAL: 'warn', LEAVE_STATE_DEFERRED: 'info',
  LEAVE_STATE_APPROVED: 'ok', LEAVE_STATE_REJECTED: 'bad', LEAVE_STATE_CANCELLED: 'neutral',
};
const FIELDS = ['type', 'start_date', 'end_date', 'reason', 'child_number', 'extension', 'attachments'];
const PREVIEW_DELAY = 450;

const emptyForm = () => ({ type: 'LEAVE_TYPE_ANNUAL', startDate: '', endDate: '', reason: '', childNumber: '', extension: false, attachments: [] });

/** body turns the form into the LeaveRequest the API takes. */
function body(f) {
  const b = { type: f.type, startDate: f.startDate, endDate: f.endDate };
  if (f.reason.trim()) b.reason = f.reason.trim();
  if (f.type === 'LEAVE_TYPE_MATERNITY' && f.childNumber) b.childNumber = Number(f.childNumber);
  if (f.type === 'LEAVE_TYPE_UNPAID' && f.extension) b.extension = true;
  const atts = f.attachments.filter((a) => a.kind || a.reference.trim()).map((a) => ({ kind: a.kind, reference: a.reference.trim() }));
  if (atts.length) b.attachments = atts;
  return b;
}

// The ledger's notes (attendance domain, ledger.go) in Indonesian; others as the API wrote them.
const NOTES = [
  [/^annual leave (\d{4})$/, 'Hak cuti tahunan $1'],
  [/^annual leave approved$/, 'Cuti tahunan disetujui'],
  [/^annual leave cancelled before its start$/, 'Cuti tahunan dibatalkan sebelum dimulai'],
  [/^unused in (\d{4}) \(no annual leave taken for (\d+) years in a row: cap (\d+)\)$/, 'Sisa $1 (tidak mengambil cuti tahunan $2 tahun berturut-turut: batas $3 hari)'],
  [/^unused in (\d{4})$/, 'Sisa tahun $1'],
  [/^collective leave \(cuti bersama\) (\d{4}): (\d+) days$/, 'Cuti bersama $1: $2 hari'],
  [/^collective leave \(cuti bersama\)$/, 'Cuti bersama'],
  [/^long leave \S+ approved: no annual leave in (\d{4})$/, 'Cuti besar disetujui: tidak ada cuti tahunan pada $1'],
  [/^opening balance: (\d+) days unused at the end of (\d{4}) \(source: (.*)\)$/, 'Saldo awal: $1 hari tersisa pada akhir $2 (sumber: $3)'],
];
function noteText(note) {
  if (!note || getLang() === 'en') return note || '';
  for (const [re, id] of NOTES) if (re.test(note)) return note.replace(re, id);
  return note;
}

const range = (a, b) => (a === b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);
const daysText = (n, counting) => t(counting === 'calendar_days' ? 'leave.days.calendar' : 'leave.days.working', { n: fmtNumber(n || 0) });
const fe = (err, name) => fieldError(err, name);

// ---- (a) the request form ----

function Preview({ p, busy }) {
  if (!p && !busy) return null;
  if (!p) return html`<p class="leave-preview muted" role="status">${t('leave.preview.busy')}</p>`;
  const r = p.leaveRequest || {};
  return html`<div class="leave-preview alert alert-info" role="status" aria-live="polite">
    <p data-test="leave-preview-days" data-days=${r.days || 0}><strong>${t(r.counting === 'calendar_days' ? 'leave.preview.calendar' : 'leave.preview.working', { n: fmtNumber(r.days || 0) })}</strong></p>
    ${p.annualDaysAvailable !== undefined ? html`<p data-test="leave-preview-balance" data-before=${p.annualDaysAvailable} data-after=${p.annualDaysAfter}>
      ${t('leave.preview.balance', { before: fmtNumber(p.annualDaysAvailable), after: fmtNumber(p.annualDaysAfter ?? 0) })}
      ${p.annualDaysPending ? html`<br /><span class="muted">${t('leave.preview.pending', { n: fmtNumber(p.annualDaysPending) })}</span>` : null}</p>` : null}
    ${r.state === 'LEAVE_STATE_APPROVED' ? html`<p>${t('leave.preview.notice')}</p>` : null}
    ${r.needsSecondApproval ? html`<p>${t('leave.preview.second')}</p>` : null}
  </div>`;
}

// A document goes up as soon as it is chosen (UploadDocument: PDF, JPEG or PNG, at most 2 MiB,
// its type read from its bytes by the service); the attachment then references it as
// "documents/{id}". A letter's number or a link typed in instead is a reference as well.
const MAX_UPLOAD = 2 << 20;
const fmtSize = (n) => (n >= 1 << 20 ? `${fmtNumber(n / (1 << 20), 1)} MB` : `${fmtNumber(Math.max(1, Math.round(n / 1024)))} KB`);

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function AttachmentRow({ a, i, kinds, err, update, remove }) {
  const [busy, setBusy] = useState(false);
  const [upErr, setUpErr] = useState(null);
  const upload = async (e) => {
    const file = e.currentTarget.files && e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!file) return;
    setUpErr(null);
    if (file.size > MAX_UPLOAD) { setUpErr(t('leave.att.toolarge', { size: fmtSize(file.size) })); return; }
    setBusy(true);
    try {
      const content = await readBase64(file);
      // The service reads the type from the bytes; a declared type it does not take is left out.
      const contentType = ['application/pdf', 'image/jpeg', 'image/png'].includes(file.type) ? file.type : undefined;
      const doc = await post('/v1/documents', { fileName: file.name, contentType, content });
      update({ reference: doc.name, doc: { name: doc.name, fileName: doc.fileName || file.name, sizeBytes: Number(doc.sizeBytes || file.size) } });
    } catch (x) {
      setUpErr(x instanceof ApiError ? Object.values(x.fields).join('; ') || x.text : t('error.generic'));
    } finally {
      setBusy(false);
    }
  };
  const refErr = fieldError(err, `attachments[${i}].reference`);
  const uploaded = a.doc && a.doc.name === a.reference ? a.doc : null;
  return html`<div class="leave-att" data-test="leave-attachment">
    <${Select} label=${t('leave.att.kind', { n: i + 1 })} value=${a.kind} options=${kinds} onValue=${(v) => update({ kind: v })} data-test="leave-attachment-kind" />
    ${uploaded ? html`<p class="leave-att-doc" data-test="leave-attachment-doc">
        <span aria-hidden="true">📎</span> <a href=${'/v1/' + uploaded.name} target="_blank" rel="noopener">${uploaded.fileName}</a>
        <span class="muted">(${fmtSize(uploaded.sizeBytes)})</span> <${Badge} kind="ok">${t('leave.att.uploaded')}</${Badge}></p>`
      : html`<${Field} label=${t('leave.att.file', { n: i + 1 })} hint=${t('leave.att.file.hint')} error=${upErr}>
        ${(p) => html`<input ...${p} type="file" accept="application/pdf,image/jpeg,image/png" onChange=${upload} disabled=${busy} data-test="leave-attachment-file" />`}
      </${Field}>
      ${busy ? html`<p class="muted" role="status">${t('leave.att.uploading')}</p>` : null}
      <${Input} label=${t('leave.att.reference', { n: i + 1 })} value=${a.reference} hint=${t('leave.att.reference.hint')}
        onValue=${(v) => update({ reference: v })} data-test="leave-attachment-reference" />`}
    ${refErr ? html`<p class="field-error" role="alert">${refErr}</p>` : null}
    <button type="button" class="btn btn-ghost" onClick=${remove}>${t('leave.att.remove', { n: i + 1 })}</button>
  </div>`;
}

function Attachments({ list, need, error, err, onChange }) {
  const kinds = [{ value: '', label: t('leave.att.choose') }, ...ATTACHMENT_KINDS.map((k) => ({ value: k, label: t('leave.att.' + k) }))];
  return html`<fieldset class=${'leave-atts' + (error ? ' field-invalid' : '')} data-field="attachments">
    <legend>${t('leave.attachments')}${need ? html`<span class="req" aria-hidden="true"> *</span>` : null}</legend>
    ${need ? html`<p class="hint">${t('leave.att.needs', { kind: t('leave.att.' + need) })}</p>` : html`<p class="hint">${t('leave.att.optional')}</p>`}
    ${list.map((a, i) => html`<${AttachmentRow} key=${a.id} a=${a} i=${i} kinds=${kinds} err=${err}
      update=${(patch) => onChange((xs) => xs.map((x) => (x.id === a.id ? { ...x, ...patch } : x)))}
      remove=${() => onChange((xs) => xs.filter((x) => x.id !== a.id))} />`)}
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
    ${list.length < 10 ? html`<button type="button" class="btn btn-secondary" data-test="leave-attachment-add"
      onClick=${() => onChange((xs) => [...xs, newAttachment(need)])}>${t('leave.att.add')}</button>` : null}
  </fieldset>`;
}

const newAttachment = (kind = '') => ({ id: newClientId(), kind, reference: '' });

function RequestForm({ onDone }) {
  useLang();
  const [f, setF] = useState(emptyForm);
  const [preview, setPreview] = useState(null);
  const [previewErr, setPreviewErr] = useState(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const [submitErr, setSubmitErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  // One Idempotency-Key per form content: a retry of the same request (a lost answer, a double
  // tap) never files it twice, and a corrected form is a new request with a new key.
  const key = useRef(newClientId());
  const set = (patch) => { setF((x) => ({ ...x, ...patch })); setSubmitErr(null); setDone(null); key.current = newClientId(); };
  const setAtts = (fn) => { setF((x) => ({ ...x, attachments: fn(x.attachments) })); setSubmitErr(null); setDone(null); key.current = newClientId(); };

  // Check the request as it is filled in, once the type and both dates are given.
  useEffect(() => {
    if (!f.type || !f.startDate || !f.endDate) { setPreview(null); setPreviewErr(null); return undefined; }
    const ctl = new AbortController();
    const timer = setTimeout(async () => {
      setPreviewBusy(true);
      try {
        setPreview(await post('/v1/leaveRequests?validateOnly=true', body(f), { signal: ctl.signal }));
        setPreviewErr(null);
      } catch (e) {
        if (e.name === 'AbortError') return;
        setPreview(null); setPreviewErr(e);
      } finally {
        if (!ctl.signal.aborted) setPreviewBusy(false);
      }
    }, PREVIEW_DELAY);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [JSON.stringify(body(f))]);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setSubmitErr(null);
    try {
      const res = await post('/v1/leaveRequests', body(f), { headers: { 'Idempotency-Key': key.current } });
      const r = res.leaveRequest || res;
      key.current = newClientId();
      setDone(r); setF(emptyForm()); setPreview(null); setPreviewErr(null);
      toast(t('leave.sent.toast'), 'info');
      onDone();
    } catch (err) {
      setSubmitErr(err);
    } finally {
      setBusy(false);
    }
  };

  // Errors of the submit win; those of the preview show while filling in.
  const err = submitErr || previewErr;
  const need = f.type === 'LEAVE_TYPE_SICK' && preview?.leaveRequest?.days > 14 ? 'government_doctor_certificate' : NEEDS[f.type];
  const today = todayIn(DEFAULT_TZ);
  const typeOptions = TYPES.map((v) => ({ value: v, label: leaveTypeName(v) }));
  const onType = (v) => {
    // Keep the documents already referenced; offer a row for the one the new type needs.
    const n = NEEDS[v];
    const kept = f.attachments.filter((a) => a.reference.trim());
    set({ type: v, attachments: n && !kept.some((a) => a.kind === n) ? [...kept, newAttachment(n)] : kept });
  };
  return html`<form onSubmit=${submit} novalidate data-test="leave-form">
    <${Select} label=${t('leave.type')} name="type" value=${f.type} options=${typeOptions} onValue=${onType} required
      hint=${t('leave.type.hint.' + f.type)} error=${fe(err, 'type')} data-test="leave-type" />
    <p class="hint leave-collective">${t('leave.collective')}</p>
    <div class="form-row">
      <${Input} type="date" label=${t('leave.start')} name="start_date" value=${f.startDate} min=${f.type === 'LEAVE_TYPE_ANNUAL' || f.type === 'LEAVE_TYPE_LONG' || f.type === 'LEAVE_TYPE_UNPAID' ? today : undefined}
        onValue=${(v) => set({ startDate: v, endDate: f.endDate && f.endDate >= v ? f.endDate : v })} required error=${fe(err, 'start_date')} data-test="leave-start" />
      <${Input} type="date" label=${t('leave.end')} name="end_date" value=${f.endDate} min=${f.startDate || undefined}
        onValue=${(v) => set({ endDate: v })} required error=${fe(err, 'end_date')} data-test="leave-end" />
    </div>
    ${f.type === 'LEAVE_TYPE_MATERNITY' ? html`<${Input} type="number" label=${t('leave.child')} name="child_number" value=${f.childNumber} min="1" max="20" inputmode="numeric"
      hint=${t('leave.child.hint')} onValue=${(v) => set({ childNumber: v })} required error=${fe(err, 'child_number')} data-test="leave-child" />` : null}
    ${f.type === 'LEAVE_TYPE_UNPAID' ? html`<div class=${'field leave-check' + (fe(err, 'extension') ? ' field-invalid' : '')}>
      <label><input type="checkbox" checked=${f.extension} onChange=${(e) => set({ extension: e.currentTarget.checked })} data-test="leave-extension" /> ${t('leave.extension')}</label>
      ${fe(err, 'extension') ? html`<p class="field-error" role="alert">${fe(err, 'extension')}</p>` : null}</div>` : null}
    <${TextArea} label=${REASON_REQUIRED.has(f.type) ? t('leave.reason') : t('leave.reason.optional')} name="reason" value=${f.reason} maxlength="1000"
      required=${REASON_REQUIRED.has(f.type)} hint=${t(f.type === 'LEAVE_TYPE_IMPORTANT_REASONS' ? 'leave.reason.hint.important' : 'leave.reason.hint')}
      onValue=${(v) => set({ reason: v })} error=${fe(err, 'reason')} data-test="leave-reason" />
    <${Attachments} list=${f.attachments} need=${need} error=${fe(err, 'attachments')} err=${err} onChange=${setAtts} />
    <${Preview} p=${preview} busy=${previewBusy} />
    ${submitErr ? html`<${FormError} error=${submitErr} fields=${[...FIELDS, ...f.attachments.map((_, i) => `attachments[${i}].reference`)]} />` : null}
    ${done ? html`<div class="alert alert-ok" role="status" data-test="leave-sent"><p>${t(done.state === 'LEAVE_STATE_APPROVED' ? 'leave.sent.notice' : 'leave.sent', { type: leaveTypeName(done.type), dates: range(done.startDate, done.endDate), days: daysText(done.days, done.counting) })}</p></div>` : null}
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="leave-submit">${busy ? t('leave.submitting') : t('leave.submit')}</${Button}></div>
  </form>`;
}

// ---- (b) the history ----

function Decisions({ list }) {
  if (!list || !list.length) return null;
  return html`<ol class="leave-decisions">${list.map((d) => html`<li>
    <span class="leave-dec-date">${d.date ? fmtDate(d.date, { style: 'short' }) : ''}</span>
    <strong>${t('leave.action.' + d.action) === 'leave.action.' + d.action ? d.action : t('leave.action.' + d.action)}</strong>
    ${d.actor ? html` ${t('leave.by', { who: d.role ? `${t('leave.role.' + d.role)} (${d.actor})` : d.actor })}` : null}
    ${d.decreeNumber ? html` · ${t('leave.decree', { n: d.decreeNumber })}` : null}
    ${d.reason ? html`<span class="leave-dec-reason">“${d.reason}”</span>` : null}
  </li>`)}</ol>`;
}

function History({ state, today, onCancel }) {
  return html`<div data-test="leave-history"><${Async} state=${state}>${(list) => (list.length === 0 ? html`<${Empty}>${t('leave.history.empty')}</${Empty}>` : html`
    <ul class="leave-history">${list.map((r) => {
      const deferred = (r.decisions || []).some((d) => d.action === 'deferred');
      const cancellable = ACTIVE.has(r.state) && today < r.startDate;
      return html`<li class="leave-item card" key=${r.name} data-test="leave-item" data-name=${r.name} data-state=${r.state}>
        <div class="leave-item-head">
          <strong>${leaveTypeName(r.type)}</strong>
          <${Badge} kind=${STATE_KIND[r.state] || 'neutral'}>${t('leave.state.' + r.state)}</${Badge}>
        </div>
        <p class="leave-item-dates">${range(r.startDate, r.endDate)} · ${daysText(r.days, r.counting)}
          ${deferred ? html`<br /><span class="muted">${t('leave.deferred.dates', { dates: range(r.startDate, r.endDate) })}</span>` : null}</p>
        ${r.reason ? html`<p class="muted">${r.reason}</p>` : null}
        ${(r.attachments || []).length ? html`<ul class="leave-item-atts">${r.attachments.map((a) => html`<li>
          ${t('leave.att.' + a.kind) === 'leave.att.' + a.kind ? a.kind : t('leave.att.' + a.kind)}:
          ${String(a.reference).startsWith('documents/') ? html` <a href=${'/v1/' + a.reference} target="_blank" rel="noopener">${t('leave.att.open')}</a>` : ` ${a.reference}`}</li>`)}</ul>` : null}
        <${Decisions} list=${r.decisions} />
        ${cancellable ? html`<div class="actions"><${Button} kind="secondary" data-test="leave-cancel" onClick=${() => onCancel(r)}>${t('leave.cancel')}</${Button}></div>` : null}
      </li>`;
    })}</ul>`)}</${Async}></div>`;
}

function CancelDialog({ req, onClose, onDone }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => { setError(null); }, [req]);
  const go = async () => {
    setBusy(true); setError(null);
    try {
      await post(`/v1/${req.name}:cancel`, {});
      toast(t('leave.cancelled'), 'info');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${t('leave.cancel.title')} open=${!!req} onClose=${onClose}>
    ${req ? html`<div class="leave-cancel">
      <p>${t('leave.cancel.confirm', { type: leaveTypeName(req.type), dates: range(req.startDate, req.endDate) })}</p>
      ${req.type === 'LEAVE_TYPE_ANNUAL' && req.state === 'LEAVE_STATE_APPROVED' ? html`<p class="muted">${t('leave.cancel.returns')}</p>` : null}
      <${FormError} error=${error} />
      <div class="actions">
        <${Button} kind="danger" busy=${busy} onClick=${go} data-test="leave-cancel-confirm">${t('leave.cancel.yes')}</${Button}>
        <${Button} kind="ghost" onClick=${onClose}>${t('leave.cancel.no')}</${Button}>
      </div></div>` : null}
  </${Dialog}>`;
}

// ---- (c) the balance ----

function Balance({ nip, year, setYear, version }) {
  useLang();
  const state = useAsync(() => get(`/v1/employees/${nip}/leaveBalances/${year}`), [nip, year, version]);
  const thisYear = Number(todayIn(DEFAULT_TZ).slice(0, 4));
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: String(y) }));
  const sign = (k) => (k === 'taken' || k === 'collective' ? -1 : 1);
  return html`<div class="leave-balance">
    <${Select} label=${t('leave.balance.year')} value=${String(year)} options=${years} onValue=${(v) => setYear(Number(v))} data-test="balance-year" />
    <${Async} state=${state}>${(b) => html`
      <div class="stats">
        <div class="stat ok" data-test="balance-annual" data-available=${b.available || 0}>
          <span class="stat-value">${fmtNumber(b.available || 0)}</span><span class="stat-label">${t('leave.balance.available')}</span></div>
        <${Stat} label=${t('leave.balance.granted')} value=${fmtNumber(b.granted || 0)} />
        <${Stat} label=${t('leave.balance.carried')} value=${fmtNumber(b.carriedOver || 0)} />
        <${Stat} label=${t('leave.balance.taken')} value=${fmtNumber(b.taken || 0)} />
      </div>
      ${b.longLeaveYear ? html`<p class="alert alert-info">${t('leave.balance.long')}</p>` : null}
      <${Table} caption=${t('leave.balance.ledger', { year })} rows=${b.entries || []} empty=${t('leave.balance.noentries')} columns=${[
        { key: 'kind', label: t('leave.ledger.kind'), render: (e) => t('leave.ledger.' + e.kind) },
        { key: 'days', label: t('leave.ledger.days'), num: true, render: (e) => `${sign(e.kind) < 0 ? '−' : '+'}${fmtNumber(e.days || 0)}` },
        { key: 'note', label: t('leave.ledger.note'), render: (e) => noteText(e.note) || (e.leaveRequest ? e.leaveRequest.replace(/^leaveRequests\//, '') : '') },
      ]} />`}</${Async}>
  </div>`;
}

/** Leave is the "Cuti" screen. */
export default function Leave({ session }) {
  useLang();
  const nip = session.subject;
  const [version, setVersion] = useState(0);
  const [year, setYear] = useState(() => Number(todayIn(DEFAULT_TZ).slice(0, 4)));
  const [cancelling, setCancelling] = useState(null);
  const history = useAsync(() => getAll('/v1/leaveRequests', { employee: nip, pageSize: 200 }, 'leaveRequests', 1000), [nip, version]);
  const today = todayIn(DEFAULT_TZ);
  const changed = () => setVersion((v) => v + 1);
  return html`<${Page} title=${t('leave.title')}>
    <nav class="leave-jump" aria-label=${t('leave.jump')}>
      <a href="#leave-new">${t('leave.new')}</a><a href="#leave-history">${t('leave.history')}</a><a href="#leave-balance">${t('leave.balance')}</a>
    </nav>
    <div class="grid grid-2 leave-grid">
      <${Card} title=${t('leave.new')} id="leave-new"><${RequestForm} onDone=${changed} /></${Card}>
      <${Card} title=${t('leave.balance')} id="leave-balance"><${Balance} nip=${nip} year=${year} setYear=${setYear} version=${version} /></${Card}>
    </div>
    <${Card} title=${t('leave.history')} id="leave-history">
      <${History} state=${history} today=${today} onCancel=${setCancelling} />
    </${Card}>
    <${CancelDialog} req=${cancelling} onClose=${() => setCancelling(null)} onDone=${() => { setCancelling(null); changed(); }} />
  </${Page}>`;
}
