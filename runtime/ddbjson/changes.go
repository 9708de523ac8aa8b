package ddbjson

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// The TTL deletions' user identity, and DynamoDB Local's event name for
// them (see ddb.IsExpiry).
const (
	ttlIdentityType      = "Service"
	ttlIdentityPrincipal = "dynamodb.amazonaws.com"
	localTTLEventName    = "UNKNOWN_TO_SDK_VERSION"
)

// DecodeChange decodes a record read from a stream event's raw JSON into
// the ddb.Change[T] that the generated Decode<T>Change gives for the same
// record of an events.DynamoDBEvent, its images decoded straight into T by
// T's DecodeJSONItem. schema is the table's (the generated <T>Schema):
// a record without the table's key attributes is refused as coming from
// another table's stream.
func DecodeChange[T any, P ItemPtr[T]](rec *StreamRecord, schema *ddb.TableSchema) (ddb.Change[T], error) {
	var c ddb.Change[T]
	for _, k := range keyNames(schema) {
		if err := hasKeyAttr(rec, k); err != nil {
			return c, fmt.Errorf("ddb: stream record %s of table %s: %w: is it from this table's stream?", rec.EventID, schema.Name, err)
		}
	}
	expired := (rec.EventName == localTTLEventName && !rec.NewImage.Present() && rec.UserType == "") ||
		(rec.EventName == ddb.StreamRemove && rec.UserType == ttlIdentityType && rec.UserPrincipal == ttlIdentityPrincipal)
	c.ChangeInfo = ddb.ChangeInfo{EventID: rec.EventID, EventName: rec.EventName, SequenceNumber: rec.SequenceNumber,
		Keys: rec.Keys, Expired: expired, At: rec.At}
	if expired {
		c.EventName = ddb.StreamRemove
	}
	if rec.OldImage.Present() {
		c.Old = new(T)
		if err := rec.OldImage.Decode(P(c.Old)); err != nil {
			return ddb.Change[T]{}, fmt.Errorf("ddb: decoding OldImage of stream record %s of table %s: %w", rec.EventID, schema.Name, err)
		}
	}
	if rec.NewImage.Present() {
		c.New = new(T)
		if err := rec.NewImage.Decode(P(c.New)); err != nil {
			return ddb.Change[T]{}, fmt.Errorf("ddb: decoding NewImage of stream record %s of table %s: %w", rec.EventID, schema.Name, err)
		}
	}
	if c.Old == nil && c.New == nil && len(c.Keys) > 0 {
		k := new(T)
		u, ok := any(k).(interface {
			UnmarshalItem(map[string]types.AttributeValue) error
		})
		if !ok {
			return ddb.Change[T]{}, fmt.Errorf("ddb: decoding Keys of stream record %s of table %s: %T has no UnmarshalItem", rec.EventID, schema.Name, k)
		}
		if err := u.UnmarshalItem(c.Keys); err != nil {
			return ddb.Change[T]{}, fmt.Errorf("ddb: decoding Keys of stream record %s of table %s: %w", rec.EventID, schema.Name, err)
		}
		c.Key = k
	}
	return c, nil
}

func keyNames(schema *ddb.TableSchema) []string {
	if schema.SK.Name == "" {
		return []string{schema.PK.Name}
	}
	return []string{schema.PK.Name, schema.SK.Name}
}

// hasKeyAttr checks that the record holds key attribute k: in Keys, or
// when it has none, in each image it has (as ddb.DecodeChange checks).
func hasKeyAttr(rec *StreamRecord, k string) error {
	if len(rec.Keys) > 0 {
		if _, ok := rec.Keys[k]; !ok {
			return fmt.Errorf("its Keys lack key attribute %q", k)
		}
		return nil
	}
	if !rec.NewImage.Present() && !rec.OldImage.Present() {
		return fmt.Errorf("it has no Keys and no image")
	}
	for _, im := range []struct {
		name string
		im   Image
	}{{"NewImage", rec.NewImage}, {"OldImage", rec.OldImage}} {
		if !im.im.Present() {
			continue
		}
		has, err := im.im.has(k)
		if err != nil {
			return err
		}
		if !has {
			return fmt.Errorf("its %s lacks key attribute %q", im.name, k)
		}
	}
	return nil
}

// HandleChanges returns the Lambda handler of a table's stream subscription
// (with ReportBatchItemFailures) that reads the event's raw JSON and calls
// fn with each change, decoded by DecodeChange straight into T:
//
//	lambda.Start(ddbjson.HandleChanges[models.Order](&models.OrderSchema, onOrder))
//
// It behaves as the generated Handle<T>Changes over an events.DynamoDBEvent
// (ddb.HandleChanges): records in order, the first that does not decode or
// whose fn fails or panics is reported to Lambda, which retries from it, and
// logged with slog.
//
// T may be an entity of a single-table design (schema is then its table's,
// <Table>Schema): records of the table's other entities, which its decoder
// refuses with ddb.ErrForeignItem, are skipped, so fn sees T's changes only.
// (A handler of every entity is the generated Handle<Table>Changes.)
func HandleChanges[T any, P ItemPtr[T]](schema *ddb.TableSchema, fn func(context.Context, ddb.Change[T]) error) StreamHandler {
	return func(ctx context.Context, recs []StreamRecord) (events.DynamoDBEventResponse, error) {
		var c ddb.Change[T]
		return ddb.HandleRecords(ctx, len(recs), func(i int) (string, string) {
			return recs[i].EventID, recs[i].SequenceNumber
		}, func(ctx context.Context, i int, decoding bool) (err error) {
			if decoding {
				c, err = DecodeChange[T, P](&recs[i], schema)
				if errors.Is(err, ddb.ErrForeignItem) {
					c, err = ddb.Change[T]{}, nil // another entity's record: skipped
				}
				return err
			}
			if c.Old == nil && c.New == nil && c.Key == nil && c.EventID == "" {
				return nil // skipped
			}
			return fn(ctx, c)
		}), nil
	}
}
