package events

// SubjectMonthlyReportGenerated carries MonthlyReportGenerated: an agency's monthly report
// generated (again).
const SubjectMonthlyReportGenerated = "simpeg.planning.monthly_report.generated"
