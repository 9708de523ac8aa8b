package streamtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/cli"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/internal/streamrecords"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// payload lets the scenario reach the Payload every table embeds.
func (p *Payload) payload() *Payload { return p }

// The payloads of the scenario's writes. first is what an item is created
// with; second replaces it with every kind changed (nil pointers set, a nil
// list, an empty list and an empty map, sets dropped or changed); third is
// second after the actions of updates. Sets are sorted, as decoded values are
// before comparison (DynamoDB keeps no order in a set).
func first() Payload {
	return Payload{
		Blob:    []byte{0, 1, 2, 0xff},
		Tags:    []string{"a", "b"},
		Sizes:   []int{1, 3},
		Address: Address{Street: "1 Main St", Lines: []string{"Flat 2", "Floor 3"}},
		Scores:  []float64{1.5, -2, 1e-7},
		Counts:  map[string]int{"x": 1, "z": -4},
		Amount:  10.5,
		Active:  true,
	}
}

func second() Payload {
	note := "fragile ✓"
	return Payload{
		Blob:    []byte{0xfe},
		Tags:    []string{"c"},
		Address: Address{Street: "2 High St", Lines: []string{}, Geo: &GeoPoint{Lat: 51.5, Lng: -0.125}},
		Counts:  map[string]int{},
		Note:    &note,
	}
}

func third() Payload {
	p := second()
	p.Amount = 2.25
	p.Tags = []string{"a", "c"}
	p.Note = nil
	p.Active = true
	p.Address.Street = "3 Low St"
	p.Counts = map[string]int{"y": 7}
	return p
}

// updates are the actions that turn second into third, made from a table's handles.
func updates(amount *ddb.Number[float64], tags *ddb.Set[string], note *ddb.String[string], active *ddb.Value[bool], address *AddressAttributes, counts *ddb.Map[int, ddb.Number[int]]) []ddb.UpdateOption {
	return []ddb.UpdateOption{
		amount.Add(2.25),
		tags.Add("a"),
		note.Remove(),
		active.Set(true),
		address.Street.Set("3 Low St"),
		counts.Key("y").Set(7),
	}
}

// table is what the scenario needs of one generated table: its schema and
// stream decoder, and its store's writes on item number n of the scenario.
type table[T any] struct {
	schema ddb.TableSchema
	decode func(events.DynamoDBEventRecord) (ddb.Change[T], error)
	// item builds item n with a version (ignored by tables without one).
	item func(n int, version int64, p Payload) *T
	// keys is item n's key as DynamoDB stores it.
	keys   func(n int) map[string]types.AttributeValue
	create func(ctx context.Context, v *T) error
	put    func(ctx context.Context, v *T) error
	update func(ctx context.Context, n int, version int64) (*T, error)
	delete func(ctx context.Context, n int, version int64) error
	// versioned says the table has optimistic locking: versions count writes.
	versioned bool
}

func sessions(s *SessionStore) table[Session] {
	return table[Session]{
		schema: SessionSchema,
		decode: DecodeSessionChange,
		item: func(n int, version int64, p Payload) *Session {
			return &Session{User: "u", Seq: int64(n), Version: version, Payload: p}
		},
		keys: func(n int) map[string]types.AttributeValue {
			return map[string]types.AttributeValue{"user": ddb.S("u"), "seq": &types.AttributeValueMemberN{Value: fmt.Sprint(n)}}
		},
		create: func(ctx context.Context, v *Session) error { return s.Create(ctx, v) },
		put:    func(ctx context.Context, v *Session) error { return s.Put(ctx, v) },
		update: func(ctx context.Context, n int, version int64) (*Session, error) {
			a := &SessionAttrs
			return s.Update(ctx, "u", int64(n), version, updates(&a.Amount, &a.Tags, &a.Note, &a.Active, &a.Address, &a.Counts)...)
		},
		delete: func(ctx context.Context, n int, version int64) error {
			return s.DeleteVersion(ctx, "u", int64(n), version)
		},
		versioned: true,
	}
}

// sensor is Reading's binary partition key: not valid UTF-8, with bytes
// whose base64 uses '+' and '/'.
var sensor = []byte{0xfb, 0xff, 0x00, 0x80}

func readings(s *ReadingStore) table[Reading] {
	at := func(n int) string { return fmt.Sprintf("2026-11-0%dT10:00:00Z", n) }
	return table[Reading]{
		schema: ReadingSchema,
		decode: DecodeReadingChange,
		item: func(n int, _ int64, p Payload) *Reading {
			return &Reading{Sensor: bytes.Clone(sensor), At: at(n), Payload: p}
		},
		keys: func(n int) map[string]types.AttributeValue {
			return map[string]types.AttributeValue{"sensor": &types.AttributeValueMemberB{Value: bytes.Clone(sensor)}, "at": ddb.S(at(n))}
		},
		create: func(ctx context.Context, v *Reading) error { return s.Create(ctx, v) },
		put:    func(ctx context.Context, v *Reading) error { return s.Put(ctx, v) },
		update: func(ctx context.Context, n int, _ int64) (*Reading, error) {
			a := &ReadingAttrs
			return s.Update(ctx, sensor, at(n), updates(&a.Amount, &a.Tags, &a.Note, &a.Active, &a.Address, &a.Counts)...)
		},
		delete: func(ctx context.Context, n int, _ int64) error { return s.Delete(ctx, sensor, at(n)) },
	}
}

func profiles(s *ProfileStore) table[Profile] {
	id := func(n int) string { return fmt.Sprintf("p-%d", n) }
	return table[Profile]{
		schema: ProfileSchema,
		decode: DecodeProfileChange,
		item: func(n int, version int64, p Payload) *Profile {
			return &Profile{ID: id(n), Version: version, Payload: p}
		},
		keys: func(n int) map[string]types.AttributeValue {
			return map[string]types.AttributeValue{"id": ddb.S(id(n))}
		},
		create: func(ctx context.Context, v *Profile) error { return s.Create(ctx, v) },
		put:    func(ctx context.Context, v *Profile) error { return s.Put(ctx, v) },
		update: func(ctx context.Context, n int, version int64) (*Profile, error) {
			a := &ProfileAttrs
			return s.Update(ctx, id(n), version, updates(&a.Amount, &a.Tags, &a.Note, &a.Active, &a.Address, &a.Counts)...)
		},
		delete: func(ctx context.Context, n int, version int64) error {
			return s.DeleteVersion(ctx, id(n), version)
		},
		versioned: true,
	}
}

func accounts(s *AccountStore) table[Account] {
	id := func(n int) string { return fmt.Sprintf("acct-%d", n) }
	return table[Account]{
		schema: AccountSchema,
		decode: DecodeAccountChange,
		item: func(n int, version int64, p Payload) *Account {
			// An expiry far in the future: TTL is on, nothing may expire.
			return &Account{Tenant: "t", ID: id(n), ExpiresAt: 4102444800 + int64(n), Version: version, Payload: p}
		},
		keys: func(n int) map[string]types.AttributeValue {
			return map[string]types.AttributeValue{"tenant": ddb.S("t"), "id": ddb.S(id(n))}
		},
		create: func(ctx context.Context, v *Account) error { return s.Create(ctx, v) },
		put:    func(ctx context.Context, v *Account) error { return s.Put(ctx, v) },
		update: func(ctx context.Context, n int, version int64) (*Account, error) {
			a := &AccountAttrs
			return s.Update(ctx, "t", id(n), version, updates(&a.Amount, &a.Tags, &a.Note, &a.Active, &a.Address, &a.Counts)...)
		},
		delete: func(ctx context.Context, n int, version int64) error {
			return s.DeleteVersion(ctx, "t", id(n), version)
		},
		versioned: true,
	}
}

func TestStreamKeysOnly(t *testing.T) {
	client, name := newTable(t, SessionSchema)
	runScenario(t, client, name, sessions(NewSessionStore(client, name)))
}

func TestStreamNewImage(t *testing.T) {
	client, name := newTable(t, ReadingSchema)
	runScenario(t, client, name, readings(NewReadingStore(client, name)))
}

func TestStreamOldImage(t *testing.T) {
	client, name := newTable(t, ProfileSchema)
	runScenario(t, client, name, profiles(NewProfileStore(client, name)))
}

func TestStreamNewAndOldImages(t *testing.T) {
	client, name := newTable(t, AccountSchema)
	runScenario(t, client, name, accounts(NewAccountStore(client, name)))
}

// Each table declares the view its test is about.
func TestSchemasHaveTheirViews(t *testing.T) {
	for schema, view := range map[*ddb.TableSchema]types.StreamViewType{
		&SessionSchema: types.StreamViewTypeKeysOnly,
		&ReadingSchema: types.StreamViewTypeNewImage,
		&ProfileSchema: types.StreamViewTypeOldImage,
		&AccountSchema: types.StreamViewTypeNewAndOldImages,
	} {
		if schema.StreamView != view {
			t.Errorf("table %s has stream view %q, want %q", schema.Name, schema.StreamView, view)
		}
	}
}

// The committed generated code is what stelviogen writes for models.go now.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"-check", "."}, &stdout, &stderr); code != 0 {
		t.Fatalf("generated code of internal/streamtest is stale (exit %d): run go generate ./internal/streamtest\n%s%s", code, stdout.String(), stderr.String())
	}
}

func newTable(t *testing.T, schema ddb.TableSchema) (*dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, schema.Name)
	if err := ddb.CreateTable(t.Context(), client, schema, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return client, name
}

// step is one write of the scenario and the stream record it must produce:
// the event name, the item's key, and the item before and after the write, both
// as the model value and as the attributes DynamoDB stored (read back with GetItem).
type step[T any] struct {
	what           string
	event          string
	keys           map[string]types.AttributeValue
	old, new       *T
	oldRaw, newRaw map[string]types.AttributeValue
}

// runScenario writes through the generated store of tb: create item 1, replace
// it with Put, update it, create item 2, delete item 1, delete item 2. It then
// reads the stream and checks each record: metadata, keys, the images the
// table's view carries (and none other) decoded by the generated
// Decode<T>Change, and the same images attribute by attribute.
func runScenario[T any, P interface {
	*T
	payload() *Payload
}](t *testing.T, client *dynamodb.Client, name string, tb table[T]) {
	ctx := t.Context()
	start := time.Now()
	var steps []step[T]
	raw := func(n int) map[string]types.AttributeValue {
		t.Helper()
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: tb.keys(n), ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Item
	}
	stored := map[int]*T{}
	write := func(what, event string, n int, newValue *T, do func() error) {
		t.Helper()
		before := raw(n)
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		after := raw(n)
		if (newValue == nil) != (after == nil) {
			t.Fatalf("%s: item as stored afterwards: %v", what, after)
		}
		steps = append(steps, step[T]{what: what, event: event, keys: tb.keys(n), old: stored[n], new: newValue, oldRaw: before, newRaw: after})
		stored[n] = newValue
	}
	version := func(v int64) int64 {
		if tb.versioned {
			return v
		}
		return 0
	}

	a := tb.item(1, 0, first())
	write("Create item 1", ddb.StreamInsert, 1, a, func() error { return tb.create(ctx, a) })
	if want := tb.item(1, version(1), first()); !reflect.DeepEqual(a, want) {
		t.Fatalf("Create left %s, want %s", show(a), show(want))
	}

	b := tb.item(1, version(1), second())
	write("Put item 1", ddb.StreamModify, 1, b, func() error { return tb.put(ctx, b) })
	if want := tb.item(1, version(2), second()); !reflect.DeepEqual(b, want) {
		t.Fatalf("Put left %s, want %s", show(b), show(want))
	}

	c := tb.item(1, version(3), third())
	write("Update item 1", ddb.StreamModify, 1, c, func() error {
		got, err := tb.update(ctx, 1, version(2))
		if err != nil {
			return err
		}
		normalize(P(got).payload())
		if !reflect.DeepEqual(got, c) {
			return fmt.Errorf("Update returned %s, want %s", show(got), show(c))
		}
		return nil
	})

	d := tb.item(2, 0, first())
	write("Create item 2", ddb.StreamInsert, 2, d, func() error { return tb.create(ctx, d) })
	write("Delete item 1", ddb.StreamRemove, 1, nil, func() error { return tb.delete(ctx, 1, version(3)) })
	write("Delete item 2", ddb.StreamRemove, 2, nil, func() error { return tb.delete(ctx, 2, version(1)) })

	arn, err := streamrecords.StreamARN(ctx, client, name)
	if err != nil {
		t.Fatal(err)
	}
	recs := streamrecords.Read(t, client, name, len(steps))
	if len(recs) != len(steps) {
		t.Fatalf("read %d stream records, want %d (one per write): %+v", len(recs), len(steps), recs)
	}
	view := string(tb.schema.StreamView)
	hasNew := view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES"
	hasOld := view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES"
	ids := map[string]bool{}
	var lastSeq *big.Int
	for i, s := range steps {
		r := recs[i]
		t.Run(fmt.Sprintf("%d %s", i+1, s.what), func(t *testing.T) {
			// What Lambda adds and the stream carries about the record.
			if r.EventName != s.event {
				t.Errorf("eventName %q, want %q", r.EventName, s.event)
			}
			if r.EventSource != "aws:dynamodb" || r.EventSourceArn != arn || r.EventVersion == "" || r.AWSRegion == "" {
				t.Errorf("eventSource %q, eventSourceARN %q (want %q), eventVersion %q, awsRegion %q",
					r.EventSource, r.EventSourceArn, arn, r.EventVersion, r.AWSRegion)
			}
			if !strings.Contains(arn, ":table/"+name+"/stream/") {
				t.Errorf("stream ARN %q does not name table %s", arn, name)
			}
			if r.EventID == "" || ids[r.EventID] {
				t.Errorf("eventID %q empty or repeated", r.EventID)
			}
			ids[r.EventID] = true
			if r.Change.StreamViewType != view {
				t.Errorf("StreamViewType %q, want %q", r.Change.StreamViewType, view)
			}
			if r.Change.SizeBytes <= 0 {
				t.Errorf("SizeBytes %d", r.Change.SizeBytes)
			}
			if at := r.Change.ApproximateCreationDateTime.Time; at.Before(start.Add(-time.Minute)) || at.After(time.Now().Add(time.Minute)) {
				t.Errorf("ApproximateCreationDateTime %v, written at %v", at, start)
			}
			seq, ok := new(big.Int).SetString(r.Change.SequenceNumber, 10)
			if !ok || (lastSeq != nil && seq.Cmp(lastSeq) <= 0) {
				t.Errorf("SequenceNumber %q does not follow %v", r.Change.SequenceNumber, lastSeq)
			}
			lastSeq = seq

			// The images, attribute by attribute: exactly what DynamoDB stored.
			checkImage(t, "Keys", r.Change.Keys, s.keys)
			checkImage(t, "NewImage", r.Change.NewImage, pick(hasNew, s.newRaw))
			checkImage(t, "OldImage", r.Change.OldImage, pick(hasOld, s.oldRaw))

			// The generated decoder.
			ch, err := tb.decode(r)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if ch.EventName != s.event || ch.EventID != r.EventID || ch.SequenceNumber != r.Change.SequenceNumber {
				t.Errorf("change EventName %q, EventID %q, SequenceNumber %q; record has %q, %q, %q",
					ch.EventName, ch.EventID, ch.SequenceNumber, s.event, r.EventID, r.Change.SequenceNumber)
			}
			if !reflect.DeepEqual(ch.Keys, s.keys) {
				t.Errorf("change Keys %v, want %v", ch.Keys, s.keys)
			}
			checkValue[T, P](t, "New", ch.New, pick(hasNew, s.new))
			checkValue[T, P](t, "Old", ch.Old, pick(hasOld, s.old))
		})
	}
}

// pick returns v when the view carries it, else the zero value (nil).
func pick[V any](carried bool, v V) V {
	if carried {
		return v
	}
	var zero V
	return zero
}

func checkValue[T any, P interface {
	*T
	payload() *Payload
}](t *testing.T, what string, got, want *T) {
	t.Helper()
	if got != nil {
		normalize(P(got).payload())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, show(got), show(want))
	}
}

// show prints a value with what its pointers point to.
func show[T any](v *T) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v (%v)", v, err)
	}
	return string(b)
}

// normalize sorts the sets: DynamoDB keeps no order in a set.
func normalize(p *Payload) {
	slices.Sort(p.Tags)
	slices.Sort(p.Sizes)
}

// checkImage compares a stream image as aws-lambda-go decoded it with the
// attributes DynamoDB stored (nil: the record must not carry the image).
func checkImage(t *testing.T, what string, img map[string]events.DynamoDBAttributeValue, want map[string]types.AttributeValue) {
	t.Helper()
	if want == nil {
		if img != nil {
			t.Errorf("%s is present: %v", what, img)
		}
		return
	}
	got, err := ddb.FromStreamImage(img)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if g, w := sortSets(got), sortSets(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %s\nwant %s", what, dump(g), dump(w))
	}
}

// sortSets returns a copy of an item with the members of its sets sorted.
func sortSets(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(item))
	for k, v := range item {
		out[k] = sortValue(v)
	}
	return out
}

func sortValue(v types.AttributeValue) types.AttributeValue {
	switch v := v.(type) {
	case *types.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: slices.Sorted(slices.Values(v.Value))}
	case *types.AttributeValueMemberNS:
		return &types.AttributeValueMemberNS{Value: slices.Sorted(slices.Values(v.Value))}
	case *types.AttributeValueMemberBS:
		bs := slices.Clone(v.Value)
		slices.SortFunc(bs, bytes.Compare)
		return &types.AttributeValueMemberBS{Value: bs}
	case *types.AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			l[i] = sortValue(e)
		}
		return &types.AttributeValueMemberL{Value: l}
	case *types.AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: sortSets(v.Value)}
	}
	return v
}

// dump prints an item with its values, sorted by attribute name.
func dump(item map[string]types.AttributeValue) string {
	var b strings.Builder
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range item {
			if !yield(k) {
				return
			}
		}
	}) {
		fmt.Fprintf(&b, "%s=%s ", k, dumpValue(item[k]))
	}
	return b.String()
}

func dumpValue(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("S:%q", v.Value)
	case *types.AttributeValueMemberN:
		return "N:" + v.Value
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("B:%x", v.Value)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprintf("BOOL:%v", v.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS:%q", v.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("NS:%v", v.Value)
	case *types.AttributeValueMemberBS:
		return fmt.Sprintf("BS:%x", v.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(v.Value))
		for i, e := range v.Value {
			parts[i] = dumpValue(e)
		}
		return "L:[" + strings.Join(parts, " ") + "]"
	case *types.AttributeValueMemberM:
		return "M:{" + strings.TrimSpace(dump(v.Value)) + "}"
	}
	return fmt.Sprintf("%T", v)
}
