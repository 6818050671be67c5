-- An idempotency claim is a lease its owner renews while the call runs (platform/idempotency):
-- owner names the call that holds it, lease_until is when a retry may take it over. State 2
-- ("committed") is written by the call's own business transaction (platform/unitofwork), so a
-- claim whose change committed is never run again, even if its answer was never stored.

-- +goose Up
ALTER TABLE idempotency_keys ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE idempotency_keys DROP COLUMN lease_until;
ALTER TABLE idempotency_keys DROP COLUMN owner;
