package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// The entity of the migration tests: order items in a single table (pk, sk
// strings, type attribute _et). Its sort-key template changes from
// ORDER#{ID} to ORDER#{N}#{ID} (N an integer attribute): every item moves.
var (
	migSchema = ddb.TableSchema{
		Name: "shop",
		PK:   ddb.KeyAttr{Name: "pk", Type: types.ScalarAttributeTypeS},
		SK:   ddb.KeyAttr{Name: "sk", Type: types.ScalarAttributeTypeS},
	}
	migOldSK = keys.MustBind("ORDER#{ID}", keys.SortKey, '#', keys.KindString)
	migNewSK = keys.MustBind("ORDER#{N}#{ID}", keys.SortKey, '#', keys.KindInt, keys.KindString)
)

func migCustomer(i int) string { return fmt.Sprintf("CUSTOMER#c%d", i%37) }

// migOldItem is order i as the old code stored it.
func migOldItem(id string, i int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": ddb.S(migCustomer(i)), "sk": ddb.S("ORDER#" + id), "_et": ddb.S("order"),
		"id": ddb.S(id), "n": ddb.NInt(int64(i)), "cnt": ddb.NInt(0), "version": ddb.NInt(1),
	}
}

func migNewSKOf(item map[string]types.AttributeValue) (string, error) {
	var n int64
	if _, err := fmt.Sscan(item["n"].(*types.AttributeValueMemberN).Value, &n); err != nil {
		return "", err
	}
	return migNewSK.Begin(nil).Int(n).Text(item["id"].(*types.AttributeValueMemberS).Value).Key()
}

// newMigration is the migration of the order entity, as a generated wrapper
// would fill it: NewKeys computes the new sort key from the item's attributes.
func newMigration(client ddb.MigrateAPI, table string, versioned bool, segments int) *ddb.Migration {
	m := &ddb.Migration{
		Client: client, Table: table, PK: "pk", SK: "sk", TypeAttr: "_et", Entity: "order",
		Old: map[string]*keys.Template{"sk": migOldSK},
		NewKeys: func(old map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
			sk, err := migNewSKOf(old)
			return map[string]types.AttributeValue{"sk": ddb.S(sk)}, err
		},
		Segments: segments,
		PageSize: 25,
	}
	if versioned {
		m.Version = "version"
	} else {
		m.Attrs = []string{"pk", "sk", "_et", "id", "n", "cnt", "version", "note"}
		m.NewKeys = ddb.RekeyFrom[migOrder]("sk")
	}
	return m
}

// migOrder stands for a generated entity codec: it keeps the item's
// attributes and writes its sort key from the new template.
type migOrder struct {
	raw map[string]types.AttributeValue
}

func (o *migOrder) UnmarshalItem(m map[string]types.AttributeValue) error {
	o.raw = m
	return nil
}

func (o *migOrder) MarshalItem() (map[string]types.AttributeValue, error) {
	out := maps.Clone(o.raw)
	sk, err := migNewSKOf(o.raw)
	out["sk"] = ddb.S(sk)
	return out, err
}

func seedOrders(t *testing.T, client *dynamodb.Client, table string, n int) {
	t.Helper()
	var items []map[string]types.AttributeValue
	for i := range n {
		items = append(items, migOldItem(fmt.Sprintf("o%d", i), i))
	}
	for c := range chunks(items, 25) {
		var reqs []types.WriteRequest
		for _, it := range c {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		}
		for len(reqs) > 0 {
			out, err := client.BatchWriteItem(t.Context(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
			if err != nil {
				t.Fatalf("seed: %v", err)
			}
			reqs = out.UnprocessedItems[table]
		}
	}
}

func chunks[T any](s []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// migWriters runs, until stop is closed, updaters that increment cnt (and
// version) of random seeded orders where they are (old keys, else new keys:
// old code and new code running side by side) and creators that put new
// orders at new keys. It returns the increments that succeeded per id and the
// ids created.
type migWriters struct {
	wg      sync.WaitGroup
	stop    chan struct{}
	mu      sync.Mutex
	incs    map[string]int
	created []string
	updates atomic.Int64
	errs    chan error
}

func startWriters(t *testing.T, client *dynamodb.Client, table string, n, updaters, creators int) *migWriters {
	w := &migWriters{stop: make(chan struct{}), incs: map[string]int{}, errs: make(chan error, updaters+creators)}
	ctx := context.Background()
	inc := func(key map[string]types.AttributeValue) error {
		_, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String(table), Key: key,
			UpdateExpression:          aws.String("SET cnt = cnt + :one, version = version + :one, note = :note"),
			ConditionExpression:       aws.String("attribute_exists(pk)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":one": ddb.NInt(1), ":note": ddb.S("touched")},
		})
		return err
	}
	for u := range updaters {
		w.wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(u), 7))
			for {
				select {
				case <-w.stop:
					return
				default:
				}
				i := r.IntN(n)
				id := fmt.Sprintf("o%d", i)
				old := map[string]types.AttributeValue{"pk": ddb.S(migCustomer(i)), "sk": ddb.S("ORDER#" + id)}
				err := inc(old)
				if ddb.IsConditionalCheckFailed(err) {
					sk, _ := migNewSKOf(migOldItem(id, i))
					err = inc(map[string]types.AttributeValue{"pk": ddb.S(migCustomer(i)), "sk": ddb.S(sk)})
				}
				var tc *types.TransactionConflictException
				if errors.As(err, &tc) {
					continue // the item is being moved: try another one
				}
				if err != nil {
					w.errs <- fmt.Errorf("update %s: %w", id, err)
					return
				}
				w.updates.Add(1)
				w.mu.Lock()
				w.incs[id]++
				w.mu.Unlock()
			}
		})
	}
	for c := range creators {
		w.wg.Go(func() {
			for k := 0; ; k++ {
				select {
				case <-w.stop:
					return
				default:
				}
				id := fmt.Sprintf("new%d-%d", c, k)
				it := migOldItem(id, 1000+k)
				sk, _ := migNewSKOf(it)
				it["sk"] = ddb.S(sk)
				if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it, ConditionExpression: aws.String("attribute_not_exists(pk)")}); err != nil {
					w.errs <- fmt.Errorf("create %s: %w", id, err)
					return
				}
				w.mu.Lock()
				w.created = append(w.created, id)
				w.mu.Unlock()
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	return w
}

func (w *migWriters) finish(t *testing.T) {
	t.Helper()
	close(w.stop)
	w.wg.Wait()
	close(w.errs)
	for err := range w.errs {
		t.Error(err)
	}
}

// checkMigrated checks that every seeded order and every created one is
// stored exactly once, at its new key, with every increment it received;
// extra items (the conflict) are left to the caller.
func checkMigrated(t *testing.T, client *dynamodb.Client, table string, n int, w *migWriters, extra int) {
	t.Helper()
	items := scanAllS(t, client, table)
	seen := map[string]int{}
	for _, it := range items {
		id := it["id"].(*types.AttributeValueMemberS).Value
		if strings.HasPrefix(id, "conflict") {
			continue
		}
		sk := it["sk"].(*types.AttributeValueMemberS).Value
		if want, _ := migNewSKOf(it); sk != want {
			t.Errorf("%s is at %s, not at its new key %s", id, sk, want)
			continue
		}
		seen[id]++
		var cnt, version int
		fmt.Sscan(it["cnt"].(*types.AttributeValueMemberN).Value, &cnt)
		fmt.Sscan(it["version"].(*types.AttributeValueMemberN).Value, &version)
		if w != nil && cnt != w.incs[id] {
			t.Errorf("%s: cnt %d, but %d increments succeeded (an update was lost)", id, cnt, w.incs[id])
		}
		if version != 1+cnt {
			t.Errorf("%s: version %d with cnt %d", id, version, cnt)
		}
	}
	want := n
	for i := range n {
		if c := seen[fmt.Sprintf("o%d", i)]; c != 1 {
			t.Errorf("o%d stored %d times at its new key", i, c)
		}
	}
	if w != nil {
		for _, id := range w.created {
			if seen[id] != 1 {
				t.Errorf("created %s stored %d times", id, seen[id])
			}
		}
		want += len(w.created)
	}
	if got := len(items) - extra; got != want {
		t.Errorf("%d items in the table, want %d (+%d conflicting)", len(items), want, extra)
	}
}

func scanAllS(t *testing.T, client *dynamodb.Client, table string) []map[string]types.AttributeValue {
	t.Helper()
	var out []map[string]types.AttributeValue
	for it, err := range ddb.ScanItems(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)}, identity) {
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		out = append(out, it)
	}
	return out
}

// TestMigrateConcurrentWriters moves every item of an entity while updaters
// change items being moved and creators add items at new keys, with a second
// run of one segment at the same time (a Lambda invoked twice): nothing lost,
// nothing duplicated, every item at its new key once; an item whose new key
// holds a different item is reported and both are left.
func TestMigrateConcurrentWriters(t *testing.T) {
	for _, c := range []struct {
		name      string
		versioned bool
		items     int
	}{{"version attribute", true, 1200}, {"every attribute", false, 400}} {
		t.Run(c.name, func(t *testing.T) {
			client, table := newTestTable(t, migSchema)
			seedOrders(t, client, table, c.items)
			// One old item whose new key already holds another item.
			conflictOld := migOldItem("conflict", 5)
			conflictNew := migOldItem("conflict", 5)
			sk, _ := migNewSKOf(conflictNew)
			conflictNew["sk"], conflictNew["cnt"], conflictNew["version"] = ddb.S(sk), ddb.NInt(7), ddb.NInt(8)
			for _, it := range []map[string]types.AttributeValue{conflictOld, conflictNew} {
				if _, err := client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
					t.Fatal(err)
				}
			}
			w := startWriters(t, client, table, c.items, 4, 2)
			m := newMigration(client, table, c.versioned, 4)
			var twice ddb.MigrationStats
			var twiceErr error
			var wg sync.WaitGroup
			wg.Go(func() { _, twice, twiceErr = m.Segment(t.Context(), ddb.Checkpoint{Segment: 1}) })
			start := time.Now()
			cps, st, err := m.All(t.Context(), nil)
			wg.Wait()
			w.finish(t)
			if err != nil || twiceErr != nil {
				t.Fatalf("migrate: %v; second run of segment 1: %v", err, twiceErr)
			}
			for _, cp := range cps {
				if !cp.Done {
					t.Errorf("segment %d not done: %+v", cp.Segment, cp)
				}
			}
			st.Moved += twice.Moved
			st.Retried += twice.Retried
			st.Duplicates += twice.Duplicates
			t.Logf("%d items, 4 segments (+1 run twice), 4 updaters (%d updates), 2 creators (%d items): moved %d, skipped %d (+%d), retried %d, duplicates %d, conflicts %d, in %v",
				c.items+1, w.updates.Load(), len(w.created), st.Moved, st.Skipped, twice.Skipped, st.Retried, st.Duplicates, len(st.Conflicts)+len(twice.Conflicts), time.Since(start).Round(time.Millisecond))
			if st.Moved != c.items {
				t.Errorf("moved %d items, want %d", st.Moved, c.items)
			}
			conflicts := append(st.Conflicts, twice.Conflicts...)
			if len(conflicts) == 0 || ddb.FormatKey(conflicts[0].Old) != ddb.FormatKey(map[string]types.AttributeValue{"pk": conflictOld["pk"], "sk": conflictOld["sk"]}) {
				t.Errorf("conflicts %v, want the conflicting item", conflicts)
			}
			if w.updates.Load() == 0 || len(w.created) == 0 {
				t.Fatalf("the writers did nothing (%d updates, %d created)", w.updates.Load(), len(w.created))
			}
			checkMigrated(t, client, table, c.items, w, 2)
			// The conflicting items are both left as they were.
			for _, it := range []map[string]types.AttributeValue{conflictOld, conflictNew} {
				out, err := client.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]}, ConsistentRead: aws.Bool(true)})
				if err != nil || out.Item == nil || out.Item["cnt"].(*types.AttributeValueMemberN).Value != it["cnt"].(*types.AttributeValueMemberN).Value {
					t.Errorf("conflicting item %v: %v, %v", it["sk"], out, err)
				}
			}
		})
	}
}

// cancelAfter cancels a context after n transactions.
type cancelAfter struct {
	*dynamodb.Client
	n      atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	if c.n.Add(-1) == 0 {
		c.cancel()
	}
	return c.Client.TransactWriteItems(ctx, in, opts...)
}

// TestMigrateResume interrupts a migration midway (its context canceled),
// resumes it from the checkpoints, then runs a finished segment again.
func TestMigrateResume(t *testing.T) {
	const n = 500
	client, table := newTestTable(t, migSchema)
	seedOrders(t, client, table, n)
	ctx, cancel := context.WithCancel(t.Context())
	interrupting := &cancelAfter{Client: client, cancel: cancel}
	interrupting.n.Store(200)
	m := newMigration(interrupting, table, true, 3)
	m.Concurrency = 4
	cps, first, err := m.All(ctx, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	if first.Moved == 0 || first.Moved >= n {
		t.Fatalf("interrupted run moved %d of %d", first.Moved, n)
	}
	notDone := 0
	for _, cp := range cps {
		if !cp.Done {
			notDone++
		}
	}
	if notDone == 0 {
		t.Fatal("every segment done after the interruption")
	}
	m.Client = client
	cps, rest, err := m.All(t.Context(), cps)
	if err != nil {
		t.Fatalf("resumed run: %v", err)
	}
	t.Logf("%d items, 3 segments: interrupted after %d moves (%d segments unfinished), resumed: %d moved, %d skipped", n, first.Moved, notDone, rest.Moved, rest.Skipped)
	// A transaction under way when the context ended may have been applied
	// without its answer arriving: at most Concurrency per segment are not
	// counted (checkMigrated checks every item).
	if sum := first.Moved + rest.Moved; sum > n || sum < n-3*4 {
		t.Errorf("moved %d + %d, want %d (or up to 12 fewer)", first.Moved, rest.Moved, n)
	}
	checkMigrated(t, client, table, n, nil, 0)

	// A finished segment run again, from its end and from its start: harmless.
	if _, st, err := m.Segment(t.Context(), cps[0]); err != nil || st.Scanned != 0 {
		t.Errorf("done segment run again: %+v, %v", st, err)
	}
	cp, st, err := m.Segment(t.Context(), ddb.Checkpoint{Segment: 0})
	if err != nil || !cp.Done || st.Moved != 0 || st.Skipped != st.Scanned || st.Scanned == 0 {
		t.Errorf("segment 0 rerun from the start: %+v %+v, %v", cp, st, err)
	}
	checkMigrated(t, client, table, n, nil, 0)

	// A checkpoint of another segment (or segment count) is refused.
	other := cps[1]
	other.Done, other.After = false, midScanCursor(t, client, table)
	other.Segment = 2
	if _, _, err := m.Segment(t.Context(), other); !errors.Is(err, ddb.ErrInvalidCursor) {
		t.Errorf("checkpoint of segment 1 used for segment 2: %v", err)
	}
	m.Segments = 4
	if _, _, err := m.Segment(t.Context(), cps[0]); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("checkpoint of 3 segments used with 4: %v", err)
	}
}

// midScanCursor returns a real mid-scan position of segment 1 of 3.
func midScanCursor(t *testing.T, client *dynamodb.Client, table string) string {
	t.Helper()
	m := newMigration(client, table, true, 3)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	m.Client = &scanOnce{Client: client, cancel: cancel}
	cp, _, _ := m.Segment(ctx, ddb.Checkpoint{Segment: 1})
	if cp.After == "" {
		t.Fatal("no mid-scan checkpoint")
	}
	return cp.After
}

// scanOnce cancels the context when a second scan page is asked for.
type scanOnce struct {
	*dynamodb.Client
	cancel context.CancelFunc
	calls  int
}

func (s *scanOnce) Scan(ctx context.Context, in *dynamodb.ScanInput, opts ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	if s.calls++; s.calls > 1 {
		s.cancel()
		return nil, ctx.Err()
	}
	return s.Client.Scan(ctx, in, opts...)
}

// TestMigrateInPlace: when only an index key's template changes, the table
// key stays and the item is rewritten in place, conditionally.
func TestMigrateInPlace(t *testing.T) {
	client, table := newTestTable(t, migSchema)
	seedOrders(t, client, table, 60)
	m := newMigration(client, table, false, 2)
	m.Old = nil // every order item; already moved ones are told by NewKeys
	m.NewKeys = func(old map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
		return map[string]types.AttributeValue{
			"gsi1pk": ddb.S("ORDERID#" + old["id"].(*types.AttributeValueMemberS).Value),
			"note":   nil, // removed
		}, nil
	}
	_, st, err := m.All(t.Context(), nil)
	if err != nil || st.Moved != 60 {
		t.Fatalf("in place: %+v, %v", st, err)
	}
	_, st, err = m.All(t.Context(), nil)
	if err != nil || st.Moved != 0 || st.Skipped != 60 {
		t.Fatalf("in place, again: %+v, %v", st, err)
	}
	for _, it := range scanAllS(t, client, table) {
		if g, ok := it["gsi1pk"].(*types.AttributeValueMemberS); !ok || g.Value != "ORDERID#"+it["id"].(*types.AttributeValueMemberS).Value {
			t.Errorf("item %v: gsi1pk not set", it["id"])
		}
	}
}

// TestMigrateDuplicate: an identical item already at the new key (another
// writer made the same move) only has the old copy deleted; invalid
// migrations are refused before anything is sent.
func TestMigrateDuplicate(t *testing.T) {
	client, table := newTestTable(t, migSchema)
	old := migOldItem("dup", 3)
	moved := migOldItem("dup", 3)
	sk, _ := migNewSKOf(moved)
	moved["sk"] = ddb.S(sk)
	for _, it := range []map[string]types.AttributeValue{old, moved} {
		if _, err := client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
			t.Fatal(err)
		}
	}
	m := newMigration(client, table, true, 1)
	_, st, err := m.Segment(t.Context(), ddb.Checkpoint{})
	if err != nil || st.Duplicates != 1 || st.Moved != 0 || len(st.Conflicts) != 0 {
		t.Fatalf("duplicate: %+v, %v", st, err)
	}
	items := scanAllS(t, client, table)
	if len(items) != 1 || items[0]["sk"].(*types.AttributeValueMemberS).Value != sk {
		t.Fatalf("items after the move: %v", items)
	}

	bad := newMigration(client, table, true, 2)
	bad.NewKeys = nil
	if _, _, err := bad.Segment(t.Context(), ddb.Checkpoint{}); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("no NewKeys: %v", err)
	}
	bad = newMigration(client, table, true, 2)
	if _, _, err := bad.Segment(t.Context(), ddb.Checkpoint{Segment: 2}); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("segment 2 of 2: %v", err)
	}
	if _, _, err := bad.All(t.Context(), make([]ddb.Checkpoint, 3)); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("3 checkpoints for 2 segments: %v", err)
	}
}
