package ddb

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
)

// RecordEntity returns the number of the entity among entities that the
// stream record's item is (by its image's type attribute, or for a
// KEYS_ONLY stream its key's shape), or -1 when it is none of them.
func RecordEntity(r *events.DynamoDBEventRecord, entities []*Entity) (int, error) {
	rec, err := NewStreamRecord(*r)
	if err != nil {
		return -1, err
	}
	img := rec.NewImage
	if img == nil {
		img = rec.OldImage
	}
	if img == nil {
		img = rec.Keys
	}
	for i, e := range entities {
		if e.Owns(img) {
			return i, nil
		}
	}
	return -1, nil
}

// HandleEntityChanges calls fn on each record of a stream batch of an
// entity table with the number of its entity among entities (the generated
// Handle<Table>Changes decodes it and calls that entity's handler method).
// Records of no entity of the table are skipped. The first failure is
// reported to Lambda, as HandleChanges does.
func HandleEntityChanges(ctx context.Context, event events.DynamoDBEvent, entities []*Entity, fn func(ctx context.Context, entity int, r *events.DynamoDBEventRecord) error) events.DynamoDBEventResponse {
	member := -1
	return handleBatch(ctx, event, func(ctx context.Context, r *events.DynamoDBEventRecord, decoding bool) (err error) {
		if decoding {
			member, err = RecordEntity(r, entities)
			return err
		}
		if member < 0 {
			return nil
		}
		return fn(ctx, member, r)
	})
}
