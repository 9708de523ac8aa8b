package streamtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/streamrecords"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// accountBatch writes n accounts through the generated store and returns the
// stream batch a subscribed function would receive for them.
func accountBatch(t *testing.T, n int) (*dynamodb.Client, string, events.DynamoDBEvent) {
	client, name := newTable(t, AccountSchema)
	s := NewAccountStore(client, name)
	for i := range n {
		if err := s.Create(t.Context(), &Account{Tenant: "t", ID: fmt.Sprint(i), Payload: Payload{Amount: float64(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	return client, name, streamrecords.Event(t, client, name, n)
}

func reported(resp events.DynamoDBEventResponse) []string {
	var out []string
	for _, f := range resp.BatchItemFailures {
		out = append(out, f.ItemIdentifier)
	}
	return out
}

func TestHandleChangesReportsTheFirstFailure(t *testing.T) {
	_, _, event := accountBatch(t, 5)
	var seen []string
	resp := HandleAccountChanges(t.Context(), event, func(ctx context.Context, c AccountChange) error {
		seen = append(seen, c.New.ID)
		if c.New.ID == "2" {
			return errors.New("payment service down")
		}
		return nil
	})
	if got := strings.Join(seen, ","); got != "0,1,2" {
		t.Fatalf("handled %s, want 0,1,2: nothing after the failure, in order", got)
	}
	want := event.Records[2].Change.SequenceNumber
	if got := reported(resp); len(got) != 1 || got[0] != want || want == "" {
		t.Fatalf("reported %q, want the failed record's sequence number %q", got, want)
	}

	// Lambda retries from the reported record; this time all succeed.
	retry := events.DynamoDBEvent{Records: event.Records[2:]}
	seen = nil
	resp = HandleAccountChanges(t.Context(), retry, func(ctx context.Context, c AccountChange) error {
		seen = append(seen, c.New.ID)
		return nil
	})
	if len(resp.BatchItemFailures) != 0 || strings.Join(seen, ",") != "2,3,4" {
		t.Fatalf("retry handled %v, reported %v", seen, reported(resp))
	}
}

func TestHandleChangesUndecodableRecordIsAFailure(t *testing.T) {
	client, name := newTable(t, AccountSchema)
	s := NewAccountStore(client, name)
	ctx := t.Context()
	if err := s.Create(ctx, &Account{Tenant: "t", ID: "good-1"}); err != nil {
		t.Fatal(err)
	}
	// Another writer stores amount as a string: the model cannot decode it.
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: map[string]types.AttributeValue{
		"tenant": &types.AttributeValueMemberS{Value: "t"}, "id": &types.AttributeValueMemberS{Value: "bad"},
		"amount": &types.AttributeValueMemberS{Value: "twelve"},
	}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, &Account{Tenant: "t", ID: "good-2"}); err != nil {
		t.Fatal(err)
	}
	event := streamrecords.Event(t, client, name, 3)
	if _, err := DecodeAccountChange(event.Records[1]); err == nil || !strings.Contains(err.Error(), "amount") {
		t.Fatalf("decoding the bad record: %v, want an error naming amount", err)
	}
	var seen []string
	resp := HandleAccountChanges(ctx, event, func(ctx context.Context, c AccountChange) error {
		seen = append(seen, c.New.ID)
		return nil
	})
	if strings.Join(seen, ",") != "good-1" {
		t.Fatalf("handled %v, want good-1 only", seen)
	}
	if got := reported(resp); len(got) != 1 || got[0] != event.Records[1].Change.SequenceNumber {
		t.Fatalf("reported %v, want the undecodable record", got)
	}
}

func TestHandleChangesPanicIsAFailure(t *testing.T) {
	_, _, event := accountBatch(t, 3)
	resp := HandleAccountChanges(t.Context(), event, func(ctx context.Context, c AccountChange) error {
		if c.New.ID == "1" {
			var m map[string]int
			m["boom"]++ // a bug in the handler
		}
		return nil
	})
	if got := reported(resp); len(got) != 1 || got[0] != event.Records[1].Change.SequenceNumber {
		t.Fatalf("reported %v, want record 1", got)
	}
	if resp := HandleAccountChanges(t.Context(), events.DynamoDBEvent{}, nil); len(resp.BatchItemFailures) != 0 {
		t.Fatal("an empty batch failed")
	}
}

func TestExpiryIsToldFromADelete(t *testing.T) {
	client, name := newTable(t, AccountSchema)
	s := NewAccountStore(client, name)
	ctx := t.Context()
	// Deleted by a request...
	if err := s.Create(ctx, &Account{Tenant: "t", ID: "deleted"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "t", "deleted"); err != nil {
		t.Fatal(err)
	}
	// ...and by DynamoDB Local's TTL process, which deletes an item whose
	// expiry is past within seconds.
	if err := s.Create(ctx, &Account{Tenant: "t", ID: "expired", ExpiresAt: time.Now().Add(-time.Hour).Unix()}); err != nil {
		t.Fatal(err)
	}
	event := streamrecords.Event(t, client, name, 4)
	var changes []AccountChange
	resp := HandleAccountChanges(ctx, event, func(ctx context.Context, c AccountChange) error {
		changes = append(changes, c)
		return nil
	})
	if len(resp.BatchItemFailures) != 0 || len(changes) != 4 {
		t.Fatalf("%d changes, failures %v", len(changes), reported(resp))
	}
	del, local := changes[1], changes[3]
	if del.EventName != ddb.StreamRemove || del.Expired || del.Old == nil || del.Old.ID != "deleted" {
		t.Fatalf("a deletion by request: %+v", del.ChangeInfo)
	}
	if event.Records[3].EventName != "UNKNOWN_TO_SDK_VERSION" || event.Records[3].UserIdentity != nil {
		t.Logf("DynamoDB Local now marks TTL deletions as %q, %+v", event.Records[3].EventName, event.Records[3].UserIdentity)
	}
	if local.EventName != ddb.StreamRemove || !local.Expired || local.Old == nil || local.Old.ID != "expired" || local.New != nil {
		t.Fatalf("DynamoDB Local's TTL deletion: %+v (record event name %q)", local.ChangeInfo, event.Records[3].EventName)
	}

	// DynamoDB marks its TTL deletions with the service's identity, as AWS
	// documents it: the deletion by request, marked so, is an expiry.
	aws := event.Records[1]
	aws.UserIdentity = &events.DynamoDBUserIdentity{Type: "Service", PrincipalID: "dynamodb.amazonaws.com"}
	c, err := DecodeAccountChange(aws)
	if err != nil || !c.Expired || c.EventName != ddb.StreamRemove || !ddb.IsExpiry(aws) {
		t.Fatalf("AWS's TTL record: %+v, %v", c.ChangeInfo, err)
	}
	// Another identity is not TTL.
	aws.UserIdentity = &events.DynamoDBUserIdentity{Type: "Service", PrincipalID: "other.amazonaws.com"}
	if ddb.IsExpiry(aws) {
		t.Fatal("a removal by another service counted as a TTL expiry")
	}
	if c.At.IsZero() || time.Since(c.At) > time.Hour {
		t.Fatalf("change time %v", c.At)
	}
}
