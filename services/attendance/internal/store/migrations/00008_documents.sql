-- Supporting documents for leave requests (issue 9): PDF, JPEG or PNG files of at most 2 MiB,
-- uploaded through the API and referenced by a leave attachment as "documents/{id}".
-- leave_request is the first request that attached the document ('' while none has): it opens
-- the document to whoever may read that request.

-- +goose Up
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    employee      TEXT NOT NULL,
    uploader      TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    leave_request TEXT NOT NULL,
    create_time   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE documents;
