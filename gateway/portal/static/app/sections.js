// sections.js: the one list of the portal's screens (icon: a name from icons.js). A screen is an entry here and a module
// under sections/ that exports `default` (a Preact component receiving { params, query,
// session }) and registers its own messages. Adding a later service's screens (training,
// evaluation, staffing plans) is adding entries and files: the menu, the routes, the role check
// and lazy loading follow from this table. `roles`: who sees the entry (any of them); the API
// enforces the same rules on every call anyway. `nav: false` keeps a route out of the menu;
// `public: true` lets a signed-out visitor open it too (main.js).
const ALL = ['employee', 'supervisor', 'agency-hr', 'city-hr', 'auditor'];

export const sections = [
  // Employee (and a supervisor for themselves).
  { path: '/', key: 'home', icon: 'clock', title: { id: 'Hari ini', en: 'Today' }, roles: ['employee', 'supervisor'], load: () => import('./sections/home.js') },
  { path: '/kehadiran', key: 'month', icon: 'calendar', title: { id: 'Kehadiran saya', en: 'My attendance' }, roles: ['employee', 'supervisor'], load: () => import('./sections/month.js') },
  { path: '/cuti', key: 'leave', icon: 'leave', title: { id: 'Cuti', en: 'Leave' }, roles: ['employee', 'supervisor'], load: () => import('./sections/leave.js') },
  // Supervisor.
  { path: '/persetujuan', key: 'approvals', icon: 'check', title: { id: 'Persetujuan', en: 'Approvals' }, roles: ['supervisor', 'agency-hr', 'city-hr'], load: () => import('./sections/approvals.js') },
  { path: '/tim', key: 'team', icon: 'users', title: { id: 'Tim hari ini', en: 'Team today' }, roles: ['supervisor'], load: () => import('./sections/team.js') },
  { path: '/tim/:nip', key: 'member', nav: false, title: { id: 'Kehadiran anggota tim', en: 'Team member' }, roles: ['supervisor', 'agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/member.js') },
  // Agency HR.
  { path: '/instansi', key: 'agency', icon: 'building', title: { id: 'Dasbor instansi', en: 'Agency dashboard' }, roles: ['agency-hr'], load: () => import('./sections/agency.js') },
  { path: '/kantor', key: 'offices', icon: 'pin', title: { id: 'Kantor & jam kerja', en: 'Offices & hours' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/offices.js') },
  { path: '/rekap', key: 'recap', icon: 'chart', title: { id: 'Rekap bulanan', en: 'Monthly recap' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/recap.js') },
  { path: '/sedang-cuti', key: 'onleave', icon: 'suitcase', title: { id: 'Sedang cuti', en: 'On leave' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/onleave.js') },
  { path: '/disiplin', key: 'discipline', icon: 'alert', title: { id: 'Disiplin', en: 'Discipline' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/discipline.js') },
  { path: '/pegawai', key: 'employees', icon: 'card', title: { id: 'Pegawai', en: 'Employees' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/employees.js') },
  { path: '/pegawai/:nip', key: 'employee', nav: false, title: { id: 'Data pegawai', en: 'Employee' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/employee.js') },
  // City HR and the inspectorate.
  { path: '/kota', key: 'city', icon: 'city', title: { id: 'Dasbor kota', en: 'City dashboard' }, roles: ['city-hr', 'auditor'], load: () => import('./sections/city.js') },
  { path: '/hari-libur', key: 'holidays', icon: 'flag', title: { id: 'Hari libur & cuti bersama', en: 'Holidays' }, roles: ['city-hr', 'auditor', 'agency-hr'], load: () => import('./sections/holidays.js') },
  { path: '/organisasi', key: 'organisation', icon: 'bank', title: { id: 'Instansi & jabatan', en: 'Agencies & positions' }, roles: ['city-hr', 'auditor'], load: () => import('./sections/organisation.js') },
  { path: '/audit', key: 'audit', icon: 'search', title: { id: 'Jejak audit', en: 'Audit trail' }, roles: ['city-hr', 'auditor'], load: () => import('./sections/audit.js') },
  // Training (issue 10): the employee's JP and enrolments, the catalogue, HR's sessions, internships, the city's figures.
  { path: '/pelatihan', key: 'training', icon: 'book', title: { id: 'Pelatihan', en: 'Training' }, roles: ['employee', 'supervisor'], load: () => import('./sections/training.js') },
  { path: '/katalog-pelatihan', key: 'trainingCatalogue', icon: 'list', title: { id: 'Katalog pelatihan', en: 'Training catalogue' }, roles: ['employee', 'supervisor'], load: () => import('./sections/training-catalogue.js') },
  { path: '/sesi-pelatihan', key: 'trainingSessions', icon: 'book', title: { id: 'Sesi pelatihan', en: 'Training sessions' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/training-sessions.js') },
  { path: '/sesi-pelatihan/:id', key: 'trainingSession', nav: false, title: { id: 'Sesi pelatihan', en: 'Training session' }, roles: ['agency-hr', 'city-hr', 'auditor'], load: () => import('./sections/training-session.js') },
  { path: '/magang', key: 'internship', icon: 'school', title: { id: 'Magang', en: 'Internships' }, roles: ALL, load: () => import('./sections/training-internship.js') },
  { path: '/magang/:id', key: 'placement', nav: false, title: { id: 'Peserta magang', en: 'Intern' }, roles: ALL, load: () => import('./sections/training-placement.js') },
  { path: '/pelatihan-kota', key: 'trainingCity', icon: 'award', title: { id: 'Pelatihan kota', en: 'City training' }, roles: ['city-hr', 'auditor'], load: () => import('./sections/training-city.js') },
  // Evaluation (issue 11): my SKP, feedback and ratings; the team's SKPs I appraise; the city's predicate distribution.
  { path: '/kinerja', key: 'evaluation', icon: 'award', title: { id: 'Kinerja saya', en: 'My performance' }, roles: ['employee', 'supervisor'], load: () => import('./sections/evaluation.js') },
  { path: '/kinerja-tim', key: 'evaluationTeam', icon: 'users', title: { id: 'Kinerja tim', en: 'Team performance' }, roles: ['supervisor', 'city-hr'], load: () => import('./sections/evaluation-team.js') },
  { path: '/kinerja-kota', key: 'evaluationCity', icon: 'chart', title: { id: 'Sebaran predikat', en: 'Predicate distribution' }, roles: ['city-hr', 'auditor', 'agency-hr'], load: () => import('./sections/evaluation-city.js') },
  // Staffing (issue 12): workload and needs, retirements and formasi, the work plans and their live page. Agency heads
  // sign in as supervisors: the API decides who reads (a supervisor who heads no agency is told so).
  { path: '/beban-kerja', key: 'workload', icon: 'chart', title: { id: 'Beban kerja', en: 'Workload' }, roles: ['agency-hr', 'city-hr', 'auditor', 'supervisor'], load: () => import('./sections/planning-workload.js') },
  { path: '/pensiun', key: 'retirement', icon: 'calendar', title: { id: 'Pensiun & formasi', en: 'Retirements & formasi' }, roles: ['agency-hr', 'city-hr', 'auditor', 'supervisor'], load: () => import('./sections/planning-retirement.js') },
  { path: '/rencana', key: 'plans', icon: 'flag', title: { id: 'Rencana kerja', en: 'Work plans' }, roles: ['agency-hr', 'city-hr', 'auditor', 'supervisor'], load: () => import('./sections/planning-plans.js') },
  { path: '/rencana/:id', key: 'plan', nav: false, title: { id: 'Rencana kerja', en: 'Work plan' }, roles: ['agency-hr', 'city-hr', 'auditor', 'supervisor'], load: () => import('./sections/planning-live.js') },
  { path: '/rencana/:id/ubah', key: 'planEdit', nav: false, title: { id: 'Ubah rencana kerja', en: 'Edit work plan' }, roles: ['agency-hr', 'city-hr'], load: () => import('./sections/planning-plan-editor.js') },
  // Public: anyone checks a certificate's number, signed in or not (main.js shows it without the sign-in).
  { path: '/sertifikat', key: 'certificate', nav: false, public: true, title: { id: 'Cek sertifikat', en: 'Certificate check' }, roles: ALL, load: () => import('./sections/training-verify.js') },
];

/** homeFor is where a role lands after signing in. */
export function homeFor(roles) {
  if (roles.includes('employee') || roles.includes('supervisor')) return '/';
  if (roles.includes('agency-hr')) return '/instansi';
  if (roles.includes('city-hr') || roles.includes('auditor')) return '/kota';
  return '/';
}
