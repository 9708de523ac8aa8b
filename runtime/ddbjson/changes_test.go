package ddbjson_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbevents"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

var _ lambda.Handler = ddbjson.HandleChanges[benchtest.Order](&benchtest.OrderSchema, nil)

// changesBothWays runs the generated HandleOrderChanges over event and
// ddbjson.HandleChanges over its JSON, with the same fn, and returns the
// changes each saw and each response.
func changesBothWays(t *testing.T, event events.DynamoDBEvent, fn func(ddb.Change[benchtest.Order]) error) (got, want []ddb.Change[benchtest.Order], gresp, wresp events.DynamoDBEventResponse) {
	t.Helper()
	ctx := context.Background()
	raw, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	wresp = benchtest.HandleOrderChanges(ctx, event, func(_ context.Context, c benchtest.OrderChange) error {
		want = append(want, c)
		return fn(c)
	})
	out, err := ddbjson.HandleChanges[benchtest.Order](&benchtest.OrderSchema, func(_ context.Context, c ddb.Change[benchtest.Order]) error {
		got = append(got, c)
		return fn(c)
	}).Invoke(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &gresp); err != nil {
		t.Fatal(err)
	}
	return got, want, gresp, wresp
}

// TestHandleChangesFromRawJSON checks that ddbjson.HandleChanges over the
// raw JSON of a real stream of DynamoDB Local (inserts, a modify, a remove)
// and of built events (a TTL expiry, a keys-only record, a record of another
// table) gives fn exactly the changes the generated HandleOrderChanges gives
// it over the events.DynamoDBEvent, and the same response when fn fails,
// panics, or a record does not decode.
func TestHandleChangesFromRawJSON(t *testing.T) {
	event, orders := localStream(t)
	ctx := t.Context()
	expiry := ddbevents.MustEvent(benchtest.OrderSchema, ddbevents.Expire(&orders[1]), ddbevents.Insert(&orders[2]))
	keysOnly := benchtest.OrderSchema
	keysOnly.StreamView = "KEYS_ONLY"
	changed := orders[1]
	changed.Status = "changed"
	keyEvent := ddbevents.MustEvent(keysOnly, ddbevents.Modify(&orders[1], &changed))
	event.Records = append(event.Records, expiry.Records...)
	event.Records = append(event.Records, keyEvent.Records...)
	if !ddb.IsExpiry(event.Records[6]) || event.Records[8].Change.NewImage != nil {
		t.Fatal("the built records are not an expiry and a keys-only record")
	}

	got, want, gresp, wresp := changesBothWays(t, event, func(ddb.Change[benchtest.Order]) error { return nil })
	if len(want) != len(event.Records) || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gresp, wresp) {
		t.Fatalf("changes:\nraw    %+v\nevents %+v\n(responses %+v, %+v)", got, want, gresp, wresp)
	}
	if !got[6].Expired || got[8].Key == nil || got[4].Old == nil || got[5].New != nil {
		t.Errorf("expiry, keys-only, modify or remove decoded wrongly: %+v", got)
	}

	// fn fails at the fourth record: both stop there and report it.
	fail := errors.New("no")
	got, want, gresp, wresp = changesBothWays(t, event, func(c ddb.Change[benchtest.Order]) error {
		if c.EventID == event.Records[3].EventID {
			return fail
		}
		return nil
	})
	if len(got) != 4 || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gresp, wresp) || gresp.BatchItemFailures[0].ItemIdentifier != event.Records[3].Change.SequenceNumber {
		t.Errorf("failure: raw %d changes, response %+v; events %d, %+v", len(got), gresp, len(want), wresp)
	}
	// fn panics at the second record.
	got, want, gresp, wresp = changesBothWays(t, event, func(c ddb.Change[benchtest.Order]) error {
		if c.EventID == event.Records[1].EventID {
			panic("boom")
		}
		return nil
	})
	if len(got) != 2 || !reflect.DeepEqual(gresp, wresp) || gresp.BatchItemFailures[0].ItemIdentifier != event.Records[1].Change.SequenceNumber {
		t.Errorf("panic: raw %d changes, response %+v; events %d, %+v", len(got), gresp, len(want), wresp)
	}

	// "Records":null is an empty batch, as encoding/json reads it.
	if out, err := ddbjson.HandleChanges[benchtest.Order](&benchtest.OrderSchema, nil).Invoke(ctx, []byte(`{"Records":null}`)); err != nil || string(out) != `{"batchItemFailures":null}` {
		t.Errorf(`{"Records":null}: %s, %v`, out, err)
	}

	// A record of another table (no order_date) and an image that does not
	// decode: the same decoding errors, the batch reported from there.
	other := event.Records[0]
	other.Change.Keys = map[string]events.DynamoDBAttributeValue{"customer_id": events.NewStringAttribute("c")}
	bad := event.Records[1]
	bad.Change.NewImage = map[string]events.DynamoDBAttributeValue{"customer_id": events.NewStringAttribute("c"), "order_date": events.NewStringAttribute("d"), "version": events.NewBooleanAttribute(true)}
	for _, rec := range []events.DynamoDBEventRecord{other, bad} {
		ev := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{event.Records[2], rec}}
		raw, _ := json.Marshal(ev)
		recs, err := ddbjson.DecodeStreamEvent(raw)
		if err != nil {
			t.Fatal(err)
		}
		_, gerr := ddbjson.DecodeChange[benchtest.Order](&recs[1], &benchtest.OrderSchema)
		_, werr := benchtest.DecodeOrderChange(rec)
		if gerr == nil || werr == nil || gerr.Error() != werr.Error() {
			t.Errorf("undecodable record: raw %v, events %v", gerr, werr)
		}
		got, _, gresp, wresp = changesBothWays(t, ev, func(ddb.Change[benchtest.Order]) error { return nil })
		if len(got) != 1 || !reflect.DeepEqual(gresp, wresp) || !strings.Contains(gerr.Error(), rec.EventID) {
			t.Errorf("undecodable record in a batch: raw %d changes, %+v; events %+v", len(got), gresp, wresp)
		}
	}
}
