package ddbevents

import (
	"context"
	"encoding/json"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// schema is a table with a binary partition key and a numeric sort key.
func schema(view ddbtypes.StreamViewType) ddb.TableSchema {
	return ddb.TableSchema{
		Name:       "things",
		PK:         ddb.KeyAttr{Name: "id", Type: ddbtypes.ScalarAttributeTypeB},
		SK:         ddb.KeyAttr{Name: "n", Type: ddbtypes.ScalarAttributeTypeN},
		StreamView: view,
	}
}

// things is an item of every type, with key id and n.
func thing(n string, extra map[string]ddbtypes.AttributeValue) Values {
	m := everyTypeDynamoDB()
	m["id"] = &ddbtypes.AttributeValueMemberB{Value: []byte{0xff, 0}}
	m["n"] = &ddbtypes.AttributeValueMemberN{Value: n}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// What Event builds from changes is what the DynamoDB Local stream of a table
// delivers for the same writes, field by field, for each stream view type:
// only the event IDs, sequence numbers and times, which the server chooses,
// differ.
func TestEventMatchesTheStreamOfDynamoDBLocal(t *testing.T) {
	client := ddblocal.Client(t)
	for _, view := range []ddbtypes.StreamViewType{
		ddbtypes.StreamViewTypeNewAndOldImages, ddbtypes.StreamViewTypeNewImage,
		ddbtypes.StreamViewTypeOldImage, ddbtypes.StreamViewTypeKeysOnly,
	} {
		t.Run(string(view), func(t *testing.T) {
			ctx := t.Context()
			s := schema(view)
			name := ddblocal.UniqueTableName(t, "things")
			if err := ddb.CreateTable(ctx, client, s, name); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = ddb.DeleteTable(context.Background(), client, name) })

			a := thing("1.50", nil)
			a2 := thing("1.50", map[string]ddbtypes.AttributeValue{
				"s":     &ddbtypes.AttributeValueMemberS{Value: "changed, and longer"},
				"big":   &ddbtypes.AttributeValueMemberN{Value: "-123456789012345678901234567890.0012"},
				"small": &ddbtypes.AttributeValueMemberN{Value: "0.000100"},
				"ints":  &ddbtypes.AttributeValueMemberNS{Value: []string{"100", "-7", "1e3"}},
			})
			b := thing("-20", nil)
			for _, it := range []Values{a, a2, b} {
				if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: it}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(name), Key: map[string]ddbtypes.AttributeValue{
				"id": a["id"], "n": a["n"],
			}}); err != nil {
				t.Fatal(err)
			}
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			got, err := ReadEvent(rctx, client, name, 4)
			if err != nil {
				t.Fatal(err)
			}

			// The server's ARN, region, and first sequence number.
			arn := got.Records[0].EventSourceArn
			region, account, label := arnParts(t, arn)
			want, err := Stream{Schema: s, Table: name, Region: region, Account: account, Label: label}.Event(
				Insert(a), Modify(a, a2), Insert(b), Remove(a2))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Records) != len(want.Records) {
				t.Fatalf("%d records from the server, want %d", len(got.Records), len(want.Records))
			}
			for i := range got.Records {
				g, w := got.Records[i], want.Records[i]
				if g.AWSRegion != w.AWSRegion {
					t.Errorf("record %d: awsRegion %q, built %q", i, g.AWSRegion, w.AWSRegion)
				}
				for _, r := range []*events.DynamoDBEventRecord{&g, &w} {
					r.EventID, r.Change.SequenceNumber, r.Change.ApproximateCreationDateTime = "", "", events.SecondsEpochTime{}
				}
				// Sets have no order: DynamoDB returns them in its own.
				if gj, wj := sortedSets(t, g), sortedSets(t, w); !reflect.DeepEqual(gj, wj) {
					t.Errorf("record %d:\nserver %v\n built %v", i, gj, wj)
				}
			}
		})
	}
}

// sortedSets is a record as JSON values, with the members of every set sorted.
func sortedSets(t *testing.T, r events.DynamoDBEventRecord) any {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if l, ok := e.([]any); ok && (k == "SS" || k == "NS" || k == "BS") {
					slices.SortFunc(l, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
				}
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return v
}

func arnParts(t *testing.T, arn string) (region, account, label string) {
	t.Helper()
	// arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>
	p := strings.SplitN(arn, ":", 6)
	_, label, ok := strings.Cut(p[len(p)-1], "/stream/")
	if len(p) != 6 || !ok {
		t.Fatalf("stream ARN %q", arn)
	}
	return p[3], p[4], label
}

// AWS's sample DynamoDB event (Lambda developer guide) has these sizes.
func TestSizeBytesOfAWSSampleEvent(t *testing.T) {
	s := ddb.TableSchema{Name: "ExampleTableWithStream", PK: ddb.KeyAttr{Name: "Id", Type: ddbtypes.ScalarAttributeTypeN}, StreamView: ddbtypes.StreamViewTypeNewAndOldImages}
	item := func(msg string) Values {
		return Values{"Id": &ddbtypes.AttributeValueMemberN{Value: "101"}, "Message": &ddbtypes.AttributeValueMemberS{Value: msg}}
	}
	ev, err := Event(s, Insert(item("New item!")), Modify(item("New item!"), item("This item has changed")), Remove(item("This item has changed")))
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int64
	for _, r := range ev.Records {
		sizes = append(sizes, r.Change.SizeBytes)
	}
	if want := []int64{26, 59, 38}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("SizeBytes %v, want %v", sizes, want)
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		in, canonical string
		size          int64
	}{
		{"0", "0", 1}, {"-0.00", "0", 1}, {"7", "7", 2}, {"-7", "-7", 3}, {"101", "101", 3}, {"100", "100", 2},
		{"1.50", "1.5", 3}, {"1e3", "1000", 2}, {"1E+3", "1000", 2}, {"0.000100", "0.0001", 2}, {"0.001", "0.001", 2},
		{"12.345", "12.345", 4}, {"+42", "42", 2}, {"-2.5e-3", "-0.0025", 3}, {"123456789012345678901234567890", "123456789012345678901234567890", 16},
		{"x", "x", 1},
	} {
		if got := canonicalNumber(c.in); got != c.canonical {
			t.Errorf("canonicalNumber(%q) = %q, want %q", c.in, got, c.canonical)
		}
		if got := numberSize(c.in); got != c.size {
			t.Errorf("numberSize(%q) = %d, want %d", c.in, got, c.size)
		}
	}
}

func TestEventFields(t *testing.T) {
	at := time.Unix(1767225600, 0)
	s := Stream{Schema: schema(ddbtypes.StreamViewTypeNewAndOldImages), At: at, FirstSequence: 41}
	s.Schema.TTL = "expires"
	a := thing("1", nil)
	ev, err := s.Event(Insert(a), Expire(a))
	if err != nil {
		t.Fatal(err)
	}
	ins, exp := ev.Records[0], ev.Records[1]
	if ins.EventName != "INSERT" || ins.EventVersion != "1.1" || ins.EventSource != "aws:dynamodb" || ins.AWSRegion != "us-east-1" ||
		ins.EventSourceArn != "arn:aws:dynamodb:us-east-1:123456789012:table/things/stream/2026-01-01T00:00:00.000" ||
		ins.UserIdentity != nil || ins.Change.SequenceNumber != "000000000000000000041" || ins.EventID == exp.EventID ||
		!ins.Change.ApproximateCreationDateTime.Equal(at) || ins.Change.OldImage != nil || len(ins.Change.Keys) != 2 {
		t.Errorf("INSERT record %+v", ins)
	}
	if exp.EventName != "REMOVE" || exp.UserIdentity == nil || exp.UserIdentity.Type != "Service" ||
		exp.UserIdentity.PrincipalID != "dynamodb.amazonaws.com" || exp.Change.SequenceNumber != "000000000000000000042" ||
		exp.Change.NewImage != nil || exp.Change.OldImage == nil {
		t.Errorf("expiry record %+v", exp)
	}
	// The runtime reads the expiry as one.
	info, err := ddb.NewStreamRecord(exp)
	if err != nil || info.EventName != ddb.StreamRemove {
		t.Errorf("NewStreamRecord: %+v, %v", info, err)
	}
}

type nilItem struct{}

func (*nilItem) MarshalItem() (map[string]ddbtypes.AttributeValue, error) { panic("called") }

func TestEventErrors(t *testing.T) {
	ok := schema(ddbtypes.StreamViewTypeNewImage)
	noStream := schema("")
	a, b := thing("1", nil), thing("2", nil)
	noKey := Values{"id": a["id"]}
	for _, c := range []struct {
		schema  ddb.TableSchema
		changes []Change
		want    string
	}{
		{noStream, []Change{Insert(a)}, "table things has no stream"},
		{ok, []Change{Modify(a, b)}, "change 0 (MODIFY) of table things: the old and new items have different keys"},
		{ok, []Change{Insert(a), Remove(noKey)}, `change 1 (REMOVE) of table things: the old item has no key attribute "n"`},
		{ok, []Change{{}}, "a zero Change"},
		{ok, []Change{Insert(a), Expire(a)}, `change 1 (REMOVE) of table things: Expire on a table without TTL: DynamoDB deletes no item of it by TTL, so no record has the TTL identity (use Remove, or set dynamo:"ttl" on a field of the model)`},
		{ok, []Change{Insert(nil)}, "change 0 (INSERT) of table things: no new item"},
		{ok, []Change{Modify(a, Values(nil))}, "change 0 (MODIFY) of table things: no new item"},
		{ok, []Change{Remove((*nilItem)(nil))}, "change 0 (REMOVE) of table things: no old item"},
		{ok, []Change{Insert(Values{"id": a["id"], "n": a["n"], "x": nil})}, "new item attribute x has a value of unknown type"},
	} {
		_, err := Event(c.schema, c.changes...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}

// ddbevents is handler-side: a test binary of a handler package must not link
// the Pulumi SDK through it.
func TestLinksNoPulumi(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/pulumi/") {
			t.Errorf("ddbevents links %s", dep)
		}
	}
}
