package ddb

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/aws/aws-lambda-go/events"
)

// HandleChanges processes a batch of a table's stream as a Lambda function
// subscribed with ReportBatchItemFailures does: it decodes each record with
// decode (the generated Decode<T>Change) and calls fn with it, in order. At
// the first record that does not decode, or whose fn returns an error or
// panics, it stops and returns the response that reports that record's
// sequence number: Lambda then retries the batch from that record on, so no
// change is lost and none after it is processed out of order. (Records
// after a failure are retried even when they would have succeeded: fn must
// be idempotent, as with any stream consumer.) An empty response means the
// whole batch succeeded.
//
// The failure is logged with slog (the default logger) with the record's
// event ID, sequence number and error; Lambda sends the log to CloudWatch.
// Return the response with a nil error from the handler: an error makes
// Lambda retry the whole batch.
//
// The generated Handle<T>Changes calls it with the table's decoder.
func HandleChanges[T any](ctx context.Context, event events.DynamoDBEvent, decode func(events.DynamoDBEventRecord) (Change[T], error), fn func(context.Context, Change[T]) error) events.DynamoDBEventResponse {
	// The work is in handleBatch, compiled once; only this closure is
	// compiled per model.
	var c Change[T]
	return handleBatch(ctx, event, func(ctx context.Context, r *events.DynamoDBEventRecord, decoding bool) (err error) {
		if decoding {
			c, err = decode(*r)
			return err
		}
		return fn(ctx, c)
	})
}

// step decodes record r (decoding true), or handles the record it decoded.
type step func(ctx context.Context, r *events.DynamoDBEventRecord, decoding bool) error

// handleBatch decodes and then handles each record, in order, and reports
// the first that fails.
func handleBatch(ctx context.Context, event events.DynamoDBEvent, do step) events.DynamoDBEventResponse {
	return HandleRecords(ctx, len(event.Records), func(i int) (string, string) {
		return event.Records[i].EventID, event.Records[i].Change.SequenceNumber
	}, func(ctx context.Context, i int, decoding bool) error {
		return do(ctx, &event.Records[i], decoding)
	})
}

// HandleRecords is HandleChanges over n records of any form (the raw
// event JSON of runtime/ddbjson, say): id(i) gives record i's event ID and
// sequence number, do(ctx, i, true) decodes it and do(ctx, i, false)
// handles what it decoded. The same order, failure report, logging and
// panic recovery as HandleChanges.
func HandleRecords(ctx context.Context, n int, id func(i int) (eventID, sequenceNumber string), do func(ctx context.Context, i int, decoding bool) error) events.DynamoDBEventResponse {
	for i := range n {
		if err := handleChange(ctx, i, id, do); err != nil {
			return failedAt(ctx, i, id, err)
		}
	}
	return events.DynamoDBEventResponse{}
}

// ChangeError is the failure of one record of a stream batch.
type ChangeError struct {
	Index          int // position in the batch
	EventID        string
	SequenceNumber string
	Decode         bool // the record did not decode; fn was not called
	Err            error
}

func (e *ChangeError) Error() string {
	what := "handling"
	if e.Decode {
		what = "decoding"
	}
	return fmt.Sprintf("ddb: %s stream record %d (event %s, sequence number %s): %v", what, e.Index, e.EventID, e.SequenceNumber, e.Err)
}

func (e *ChangeError) Unwrap() error { return e.Err }

// handleChange decodes and handles record i; a panic in either is its error.
func handleChange(ctx context.Context, i int, id func(int) (string, string), do func(context.Context, int, bool) error) (err error) {
	if derr := decodeSafely(ctx, i, do); derr != nil {
		eventID, seq := id(i)
		return &ChangeError{EventID: eventID, SequenceNumber: seq, Decode: true, Err: derr}
	}
	defer func() {
		if p := recover(); p != nil {
			eventID, seq := id(i)
			err = &ChangeError{EventID: eventID, SequenceNumber: seq, Err: fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
		}
	}()
	if err := do(ctx, i, false); err != nil {
		eventID, seq := id(i)
		return &ChangeError{EventID: eventID, SequenceNumber: seq, Err: err}
	}
	return nil
}

// decodeSafely turns a panic of a decoder (a custom unmarshaler of the
// model, say) into an error.
func decodeSafely(ctx context.Context, i int, do func(context.Context, int, bool) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return do(ctx, i, true)
}

// failedAt logs the failure of record i and reports it to Lambda.
func failedAt(ctx context.Context, i int, id func(int) (string, string), err error) events.DynamoDBEventResponse {
	if ce, ok := err.(*ChangeError); ok {
		ce.Index = i
	}
	eventID, seq := id(i)
	slog.ErrorContext(ctx, "stream record failed; Lambda retries the batch from it",
		"index", i, "eventID", eventID, "sequenceNumber", seq, "error", err)
	// An empty identifier would fail the whole batch: a record without a
	// sequence number (not one DynamoDB sends) is reported as such.
	return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{{ItemIdentifier: seq}}}
}
