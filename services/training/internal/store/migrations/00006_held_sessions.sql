-- Sessions recorded after they were held (Session.held): training before the city used
-- simpeg, or organised outside it. The default keeps every session stored before, and every
-- fixture inserting sessions without the column, a session scheduled to come.

-- +goose Up
ALTER TABLE sessions ADD COLUMN held INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE sessions DROP COLUMN held;
