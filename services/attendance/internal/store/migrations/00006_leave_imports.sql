-- Go-live import of leave approved before go-live (issue 8, item 9): each imported row's client
-- reference, the request it became and the row's content, so that a second run of the same
-- file changes nothing and a changed row under the same reference is refused.

-- +goose Up
CREATE TABLE leave_imports (
    reference  TEXT PRIMARY KEY,
    request_id TEXT NOT NULL,
    content    TEXT NOT NULL
);

-- +goose Down
DROP TABLE leave_imports;
