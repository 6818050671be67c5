-- The feedback area: a peer-input form carries its version, bumped when it is submitted, so the
-- submission is an UPDATE … WHERE version = old like every other change.

-- +goose Up
ALTER TABLE peer_forms ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE peer_forms DROP COLUMN version;
