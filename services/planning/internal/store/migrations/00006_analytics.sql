-- The HR information system's analytics (issue 12 §3): each employee's highest formal
-- education, for the dashboards, and the monthly reports the city archives. Portable SQL.

-- +goose Up
ALTER TABLE employees ADD COLUMN education TEXT NOT NULL DEFAULT '';  -- '' not recorded; sd … s3 (domain.Education)

-- The assignments of an agency: an agency's dashboard and the monthly report's headcount
-- changes read them by agency.
CREATE INDEX assignments_agency ON assignments (agency, start_date);

-- One report per agency and month, generated again in place: the CSV and the printable HTML
-- kept whole, each with its SHA-256 (hex) for the archive.
CREATE TABLE monthly_reports (
    agency        TEXT NOT NULL,
    month         TEXT NOT NULL,          -- YYYY-MM
    generate_time BIGINT NOT NULL,
    generated_by  TEXT NOT NULL,          -- "schedule" or the caller's subject
    csv           TEXT NOT NULL,
    html          TEXT NOT NULL,
    csv_sha256    TEXT NOT NULL,
    html_sha256   TEXT NOT NULL,
    csv_bytes     BIGINT NOT NULL,        -- the files' sizes, for the list without reading them
    html_bytes    BIGINT NOT NULL,
    PRIMARY KEY (agency, month)
);
CREATE INDEX monthly_reports_month ON monthly_reports (month, agency);

-- +goose Down
DROP TABLE monthly_reports;
DROP INDEX assignments_agency;
ALTER TABLE employees DROP COLUMN education;
