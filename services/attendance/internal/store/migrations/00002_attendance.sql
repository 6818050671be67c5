-- Check-ins and check-outs. The client's id makes a re-upload find the first record.

-- +goose Up
CREATE TABLE attendance_records (
    employee         TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    kind             TEXT NOT NULL,        -- in, out
    device_time      BIGINT NOT NULL,
    server_time      BIGINT NOT NULL,
    latitude         DOUBLE PRECISION NOT NULL,
    longitude        DOUBLE PRECISION NOT NULL,
    accuracy_meters  DOUBLE PRECISION NOT NULL,
    device_id        TEXT NOT NULL,
    office           TEXT NOT NULL,
    work_date        TEXT NOT NULL,
    outcome          TEXT NOT NULL,
    late_minutes     INTEGER NOT NULL,
    early_minutes    INTEGER NOT NULL,
    outside_geofence INTEGER NOT NULL,
    distance_meters  DOUBLE PRECISION NOT NULL,
    late_synced      INTEGER NOT NULL,
    PRIMARY KEY (employee, client_id)
);
CREATE INDEX attendance_records_day ON attendance_records (employee, work_date, device_time);

-- +goose Down
DROP TABLE attendance_records;
