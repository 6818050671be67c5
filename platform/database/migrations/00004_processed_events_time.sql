-- The consumers' processed event ids are kept only as long as an event can still be delivered
-- again (SIMPEG_PROCESSED_EVENTS_RETENTION, at least the streams' SIMPEG_NATS_STREAM_MAX_AGE)
-- and then deleted in batches, oldest first (platform/bus, PruneProcessed): by this index.

-- +goose Up
CREATE INDEX processed_events_processed ON processed_events (processed_at);

-- +goose Down
DROP INDEX processed_events_processed;
