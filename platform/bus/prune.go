package bus

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
)

// ProcessedRows is the pruning of the consumers' processed event ids, over the index
// processed_events_processed.
var ProcessedRows = outbox.Pruning{Table: "processed_events", Time: "processed_at"}

// PruneProcessed deletes the processed event ids recorded before cutoff, in batches
// (outbox.Pruning.Delete), and returns how many it deleted.
//
// An id is needed only while its event can be delivered again: JetStream drops a message once
// it is older than the stream's MaxAge (limits retention), and a message is stored before any
// consumer records it, so an id recorded more than MaxAge ago belongs to a message the stream
// no longer has. The caller keeps ids for at least the stream's max age plus a margin for a
// message published again after JetStream's two-minute duplicate window (a relay that could
// not mark its row sent) and for clocks (service.Config.Validate refuses less than the max age).
func PruneProcessed(ctx context.Context, db *database.DB, cutoff time.Time) (int, error) {
	return ProcessedRows.Delete(ctx, db, cutoff)
}
