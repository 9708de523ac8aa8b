package ddb_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// recorder passes requests to the local server and records the attribute
// names of the items it returned.
type recorder struct {
	*dynamodb.Client
	mu       sync.Mutex
	names    []map[string]bool // one per returned item
	queries  []*dynamodb.QueryInput
	scans    []*dynamodb.ScanInput
	getItems []*dynamodb.GetItemInput
}

func (r *recorder) record(items ...map[string]types.AttributeValue) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range items {
		r.names = append(r.names, maps.Collect(func(yield func(string, bool) bool) {
			for k := range it {
				if !yield(k, true) {
					return
				}
			}
		}))
	}
}

func (r *recorder) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	r.mu.Lock()
	r.getItems = append(r.getItems, in)
	r.mu.Unlock()
	out, err := r.Client.GetItem(ctx, in, o...)
	if err == nil && out.Item != nil {
		r.record(out.Item)
	}
	return out, err
}

func (r *recorder) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	r.mu.Lock()
	r.queries = append(r.queries, in)
	r.mu.Unlock()
	out, err := r.Client.Query(ctx, in, o...)
	if err == nil {
		r.record(out.Items...)
	}
	return out, err
}

func (r *recorder) Scan(ctx context.Context, in *dynamodb.ScanInput, o ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	r.mu.Lock()
	r.scans = append(r.scans, in)
	r.mu.Unlock()
	out, err := r.Client.Scan(ctx, in, o...)
	if err == nil {
		r.record(out.Items...)
	}
	return out, err
}

func (r *recorder) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	out, err := r.Client.BatchGetItem(ctx, in, o...)
	if err == nil {
		for _, items := range out.Responses {
			r.record(items...)
		}
	}
	return out, err
}

// attrNames returns the sorted attribute names of every recorded item, and forgets them.
func (r *recorder) attrNames() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := map[string]bool{}
	for _, n := range r.names {
		maps.Copy(seen, n)
	}
	r.names = nil
	return slices.Sorted(maps.Keys(seen))
}

// queryWidgets are the items of the query tests: six under pk "q", two under "r".
func queryWidgets() []*widget {
	return []*widget{
		{PK: "q", SK: 1, Status: "open", Name: "apple", Count: 1, Total: 10, Note: "a", Addr: &address{City: "Oslo", Zip: "1"}, Items: []string{"x", "y"}, Meta: map[string]string{"k": "v", "j": "w"}},
		{PK: "q", SK: 2, Status: "open", Name: "apricot", Count: 2, Total: 20, Note: "b"},
		{PK: "q", SK: 3, Status: "closed", Name: "banana", Count: 3, Total: 30},
		{PK: "q", SK: 4, Status: "open", Name: "blueberry", Count: 4, Total: 40, Note: "d"},
		{PK: "q", SK: 5, Name: "cherry", Count: 5, Total: 50},
		{PK: "q", SK: 6, Status: "closed", Count: 6, Total: 60, Note: "f"},
		{PK: "r", SK: 1, Status: "open", Name: "apple", Count: 7, Total: 15},
		{PK: "r", SK: 2, Status: "held", Name: "date", Count: 8, Total: 25},
	}
}

func seedQueries(t *testing.T, s *widgets) {
	t.Helper()
	for _, w := range queryWidgets() {
		s.put(w)
	}
}

func sks(ws []widget) []int {
	out := make([]int, len(ws))
	for i, w := range ws {
		out[i] = w.SK
	}
	return out
}

func TestQuerySortKeyConditions(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	cases := []struct {
		name string
		ix   *ddb.Index
		opts []ddb.TableQueryOption
		want []int
	}{
		{"all", widgetPrimary, nil, []int{1, 2, 3, 4, 5, 6}},
		{"descending", widgetPrimary, []ddb.TableQueryOption{ddb.Descending()}, []int{6, 5, 4, 3, 2, 1}},
		{"eq", widgetPrimary, []ddb.TableQueryOption{W.SK.Eq(3)}, []int{3}},
		{"lt", widgetPrimary, []ddb.TableQueryOption{W.SK.Lt(3)}, []int{1, 2}},
		{"le", widgetPrimary, []ddb.TableQueryOption{W.SK.Le(3)}, []int{1, 2, 3}},
		{"gt", widgetPrimary, []ddb.TableQueryOption{W.SK.Gt(4), ddb.ConsistentRead()}, []int{5, 6}},
		{"ge descending", widgetPrimary, []ddb.TableQueryOption{W.SK.Ge(4), ddb.Descending()}, []int{6, 5, 4}},
		{"between", widgetPrimary, []ddb.TableQueryOption{W.SK.Between(2, 4)}, []int{2, 3, 4}},
		{"filter", widgetPrimary, []ddb.TableQueryOption{ddb.Filter(W.Status.Eq("open"))}, []int{1, 2, 4}},
		{"two filters", widgetPrimary, []ddb.TableQueryOption{ddb.Filter(W.Status.Eq("open")), ddb.Filter(W.Note.Exists()), ddb.Filter(ddb.Cond{})}, []int{1, 2, 4}},
		{"sort key and filter", widgetPrimary, []ddb.TableQueryOption{W.SK.Ge(2), ddb.Filter(W.Count.Lt(5))}, []int{2, 3, 4}},
		{"LSI", widgetByName, nil, []int{1, 2, 3, 4, 5}},
		{"LSI begins_with", widgetByName, []ddb.TableQueryOption{W.Name.BeginsWith("ap")}, []int{1, 2}},
		{"LSI begins_with descending", widgetByName, []ddb.TableQueryOption{W.Name.BeginsWith("b"), ddb.Descending(), ddb.ConsistentRead()}, []int{4, 3}},
		{"LSI between", widgetByName, []ddb.TableQueryOption{W.Name.Between("apricot", "blueberry")}, []int{2, 3, 4}},
		{"LSI lt", widgetByName, []ddb.TableQueryOption{W.Name.Lt("b")}, []int{1, 2}},
		{"LSI filter on the table's sort key", widgetByName, []ddb.TableQueryOption{ddb.Filter(W.SK.Gt(2))}, []int{3, 4, 5}},
	}
	for _, c := range cases {
		got, err := all(t, ddb.QueryIndex[widget](&s.r, c.ix, W.PK.Key("q"), c.opts))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !slices.Equal(sks(got), c.want) {
			t.Errorf("%s: %v, want %v", c.name, sks(got), c.want)
		}
		n, err := ddb.QueryIndex[widget](&s.r, c.ix, W.PK.Key("q"), c.opts).Count(t.Context())
		if err != nil || n != len(c.want) {
			t.Errorf("%s: Count %d, %v; want %d", c.name, n, err, len(c.want))
		}
	}
	// A global index, queried by its own partition key.
	for _, c := range []struct {
		name   string
		status string
		opts   []ddb.QueryOption
		want   []string
	}{
		{"GSI", "open", nil, []string{"q/1", "r/1", "q/2", "q/4"}},
		{"GSI descending", "open", []ddb.QueryOption{ddb.Descending()}, []string{"q/4", "q/2", "r/1", "q/1"}},
		{"GSI sort key", "open", []ddb.QueryOption{W.Total.Between(15, 20)}, []string{"r/1", "q/2"}},
		{"GSI filter on the table's key", "open", []ddb.QueryOption{ddb.Filter(W.PK.Eq("q"))}, []string{"q/1", "q/2", "q/4"}},
		{"GSI other partition", "closed", nil, []string{"q/3", "q/6"}},
	} {
		got, err := all(t, ddb.QueryIndex[widget](&s.r, widgetByStatus, W.Status.Key(c.status), c.opts))
		if err != nil || !slices.Equal(ids(got), c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, ids(got), err, c.want)
		}
	}
}

// Options that do not fit a query are refused before anything is sent.
func TestQueryRefusesMisplacedOptions(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	api := &recorder{Client: s.client}
	r := ddb.NewReader(api, s.name, plainWidgets)
	gadget := ddb.NewNumber(ddb.TableAttr("gadgets", "sk"), ddb.EncN[int])
	gadgetNote := ddb.NewString(ddb.TableAttr("gadgets", "note"), ddb.EncS[string])
	cases := []struct {
		name string
		ix   *ddb.Index
		opts []ddb.TableQueryOption
		want string
	}{
		{"condition on another attribute", widgetPrimary, []ddb.TableQueryOption{W.Count.Eq(1)}, "not a sort key condition"},
		{"condition on the sort key of another index", widgetPrimary, []ddb.TableQueryOption{W.Name.Eq("apple")}, "not a sort key condition"},
		{"two sort key conditions", widgetPrimary, []ddb.TableQueryOption{W.SK.Gt(1), W.SK.Lt(4)}, "one sort key condition"},
		{"ne on the sort key", widgetPrimary, []ddb.TableQueryOption{W.SK.Ne(1)}, "not a sort key condition"},
		{"in on the sort key", widgetPrimary, []ddb.TableQueryOption{W.SK.In(1, 2)}, "not a sort key condition"},
		{"exists on the sort key", widgetPrimary, []ddb.TableQueryOption{W.SK.Exists()}, "not a sort key condition"},
		{"combined sort key conditions", widgetPrimary, []ddb.TableQueryOption{ddb.And(W.SK.Gt(1), W.SK.Lt(4))}, "not a sort key condition"},
		{"negated sort key condition", widgetPrimary, []ddb.TableQueryOption{ddb.Not(W.SK.Gt(1))}, "not a sort key condition"},
		{"size of the sort key", widgetByName, []ddb.TableQueryOption{W.Name.Size().Gt(1)}, "not a sort key condition"},
		{"contains on the sort key", widgetByName, []ddb.TableQueryOption{W.Name.Contains("a")}, "not a sort key condition"},
		{"sort key of another table", widgetPrimary, []ddb.TableQueryOption{gadget.Gt(1)}, "not a sort key condition"},
		{"filter on the sort key", widgetPrimary, []ddb.TableQueryOption{ddb.Filter(W.SK.Gt(1))}, "sk"},
		{"filter on the partition key", widgetPrimary, []ddb.TableQueryOption{ddb.Filter(ddb.Or(W.Count.Gt(1), W.PK.Eq("q")))}, "pk"},
		{"filter on the index sort key", widgetByName, []ddb.TableQueryOption{ddb.Filter(W.Name.Eq("apple"))}, "name"},
		{"filter of another table", widgetPrimary, []ddb.TableQueryOption{ddb.Filter(ddb.Not(gadgetNote.Eq("x")))}, "gadgets"},
		{"limit 0", widgetPrimary, []ddb.TableQueryOption{ddb.Limit(0)}, "limit"},
		{"negative limit", widgetPrimary, []ddb.TableQueryOption{ddb.Limit(-1)}, "limit"},
		{"segment", widgetPrimary, []ddb.TableQueryOption{ddb.Segment(0, 2)}, "Segment"},
		{"parallel", widgetPrimary, []ddb.TableQueryOption{ddb.Parallel(2)}, "Parallel"},
	}
	for _, c := range cases {
		check := func(op string, err error) {
			t.Helper()
			if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %s: %v, want ErrInvalidInput mentioning %q", c.name, op, err, c.want)
			}
		}
		got, err := all(t, ddb.QueryIndex[widget](&r, c.ix, W.PK.Key("q"), c.opts))
		check("All", err)
		if len(got) != 0 {
			t.Errorf("%s: All yielded %d items", c.name, len(got))
		}
		_, _, err = ddb.QueryIndex[widget](&r, c.ix, W.PK.Key("q"), c.opts).Page(t.Context(), "")
		check("Page", err)
		_, err = ddb.QueryIndex[widget](&r, c.ix, W.PK.Key("q"), c.opts).Count(t.Context())
		check("Count", err)
	}
	// An index without a sort key takes no sort key condition.
	_, err := all(t, ddb.QueryIndex[widgetKeys](&r, widgetByCode, W.Code.Key("c"), []ddb.QueryOption{W.PK.Eq("q")}))
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "no sort key") {
		t.Errorf("sort key condition on an index without one: %v", err)
	}
	if len(api.queries) != 0 {
		t.Fatalf("%d queries were sent", len(api.queries))
	}
}

func TestScanRefusesMisplacedOptions(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	api := &recorder{Client: s.client}
	r := ddb.NewReader(api, s.name, plainWidgets)
	for _, c := range []struct {
		name string
		opts []ddb.TableQueryOption
		want string
	}{
		{"descending", []ddb.TableQueryOption{ddb.Descending()}, "Descending"},
		{"sort key condition", []ddb.TableQueryOption{W.SK.Gt(1)}, "Filter"},
		{"parallel and segment", []ddb.TableQueryOption{ddb.Parallel(2), ddb.Segment(0, 2)}, "drop Segment or Parallel"},
		{"segment and parallel", []ddb.TableQueryOption{ddb.Segment(1, 2), ddb.Parallel(3)}, "drop Segment or Parallel"},
		{"parallel 0", []ddb.TableQueryOption{ddb.Parallel(0)}, "parallel"},
		{"parallel too many", []ddb.TableQueryOption{ddb.Parallel(1000001)}, "parallel"},
		{"segment out of range", []ddb.TableQueryOption{ddb.Segment(2, 2)}, "segment"},
		{"negative segment", []ddb.TableQueryOption{ddb.Segment(-1, 2)}, "segment"},
		{"no segments", []ddb.TableQueryOption{ddb.Segment(0, 0)}, "segment"},
		{"limit 0", []ddb.TableQueryOption{ddb.Limit(0)}, "limit"},
		{"limit 0 parallel", []ddb.TableQueryOption{ddb.Parallel(2), ddb.Limit(0)}, "limit"},
	} {
		got, err := all(t, ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, c.opts))
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) || len(got) != 0 {
			t.Errorf("%s: All: %d items, %v; want ErrInvalidInput mentioning %q", c.name, len(got), err, c.want)
		}
		_, _, err = ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, c.opts).Page(t.Context(), "")
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Page: %v; want ErrInvalidInput mentioning %q", c.name, err, c.want)
		}
		_, err = ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, c.opts).Count(t.Context())
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Count: %v; want ErrInvalidInput mentioning %q", c.name, err, c.want)
		}
	}
	// A parallel scan has no page order: Page refuses it (All and Count read it).
	_, _, err := ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(2)}).Page(t.Context(), "")
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "Segment(i, n)") {
		t.Errorf("Page of a parallel scan: %v", err)
	}
	if len(api.scans) != 0 {
		t.Fatalf("%d scans were sent", len(api.scans))
	}
}

func TestQueryAndScanCount(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	for _, c := range []struct {
		name string
		q    *ddb.Query[widget]
		want int
	}{
		{"query", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{}), 6},
		{"query with a filter", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Filter(W.Note.NotExists())}), 2},
		{"query with a filter matching nothing", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Filter(W.Count.Gt(100))}), 0},
		{"query ignores Limit", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2)}), 6},
		{"query with a sort key condition", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{W.SK.Le(2)}), 2},
		{"query of a missing partition", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("none"), []ddb.TableQueryOption{}), 0},
		{"query of a GSI", ddb.QueryIndex[widget](&s.r, widgetByStatus, W.Status.Key("open"), []ddb.QueryOption{ddb.Filter(W.Count.Gt(1))}), 3},
		{"scan", ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{}), 8},
		{"scan with a filter", ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(W.Name.BeginsWith("ap"))}), 3},
		{"scan with a filter on the keys", ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(ddb.And(W.PK.Eq("r"), W.SK.Eq(2)))}), 1},
		{"scan ignores Limit", ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Limit(1), ddb.ConsistentRead()}), 8},
		{"scan of a sparse index", ddb.QueryIndex[widget](&s.r, widgetByName, ddb.ScanAll, []ddb.TableQueryOption{}), 7},
		{"scan of a sparse GSI with a filter", ddb.QueryIndex[widget](&s.r, widgetByStatus, ddb.ScanAll, []ddb.QueryOption{ddb.Filter(W.Status.Eq("closed"))}), 2},
	} {
		n, err := c.q.Count(t.Context())
		if err != nil || n != c.want {
			t.Errorf("%s: Count %d, %v; want %d", c.name, n, err, c.want)
		}
	}
	// Segments: the counts of the segments add up to the table.
	total := 0
	for i := range int32(3) {
		n, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Segment(i, 3)}).Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != 8 {
		t.Errorf("segments count %d items, want 8", total)
	}
}

// Count pages through results larger than one response.
func TestCountAcrossPages(t *testing.T) {
	s := newWidgets(t, false)
	pad := strings.Repeat("x", 10<<10)
	var puts []widget
	for i := range bigItems {
		puts = append(puts, widget{PK: "big", SK: i, Note: pad, Count: i % 2})
	}
	if err := ddb.WriteBatch(t.Context(), &s.w, puts, nil, nil); err != nil {
		t.Fatal(err)
	}
	api := &recorder{Client: s.client}
	r := ddb.NewReader(api, s.name, plainWidgets)
	n, err := ddb.QueryIndex[widget](&r, widgetPrimary, W.PK.Key("big"), []ddb.TableQueryOption{ddb.Filter(W.Count.Eq(1))}).Count(t.Context())
	if err != nil || n != bigItems/2 {
		t.Fatalf("query count %d, %v; want %d", n, err, bigItems/2)
	}
	n, err = ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{}).Count(t.Context())
	if err != nil || n != bigItems {
		t.Fatalf("scan count %d, %v; want %d", n, err, bigItems)
	}
	// (DynamoDB Local answers a counting Query of more than 1 MB in one
	// response; a counting Scan it pages.)
	if len(api.scans) < 2 {
		t.Fatalf("%d scans: the count should span more than one page", len(api.scans))
	}
	t.Logf("%d counting queries, %d counting scans", len(api.queries), len(api.scans))
	for _, in := range api.queries {
		if in.Select != types.SelectCount || in.Limit != nil {
			t.Fatalf("count query with Select %q Limit %v", in.Select, in.Limit)
		}
	}
}

func TestLimitAndPages(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	got, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(4)}))
	if err != nil || !slices.Equal(sks(got), []int{1, 2, 3, 4}) {
		t.Fatalf("query limit 4: %v, %v", sks(got), err)
	}
	// With a filter, All keeps reading until it has Limit items.
	got, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2), ddb.Filter(W.Status.Eq("closed"))}))
	if err != nil || !slices.Equal(sks(got), []int{3, 6}) {
		t.Fatalf("query limit 2 with a filter: %v, %v; want [3 6]", sks(got), err)
	}
	got, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Limit(3)}))
	if err != nil || len(got) != 3 {
		t.Fatalf("scan limit 3: %d items, %v", len(got), err)
	}
	// Pages of 4, ascending and descending.
	for _, desc := range []bool{false, true} {
		opts := []ddb.TableQueryOption{ddb.Limit(4)}
		want := []int{1, 2, 3, 4, 5, 6}
		if desc {
			opts = append(opts, ddb.Descending())
			slices.Reverse(want)
		}
		var seen []int
		cursor, pages := "", 0
		for {
			page, next, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), opts).Page(t.Context(), cursor)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			seen = append(seen, sks(page)...)
			if next == "" {
				break
			}
			cursor = next
		}
		if !slices.Equal(seen, want) || pages != 2 {
			t.Errorf("descending %t: %v in %d pages, want %v in 2", desc, seen, pages, want)
		}
	}
	// A cursor is bound to its query.
	_, next, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2)}).Page(t.Context(), "")
	if err != nil || next == "" {
		t.Fatalf("first page: %q, %v", next, err)
	}
	for _, c := range []struct {
		name string
		q    *ddb.Query[widget]
	}{
		{"other partition", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("r"), []ddb.TableQueryOption{ddb.Limit(2)})},
		{"other direction", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2), ddb.Descending()})},
		{"other filter", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2), ddb.Filter(W.Count.Gt(0))})},
		{"other sort key condition", ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2), W.SK.Gt(0)})},
		{"other index", ddb.QueryIndex[widget](&s.r, widgetByName, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(2)})},
		{"scan", ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Limit(2)})},
	} {
		if _, _, err := c.q.Page(t.Context(), next); !errors.Is(err, ddb.ErrInvalidCursor) {
			t.Errorf("%s: %v, want ErrInvalidCursor", c.name, err)
		}
	}
	// The same query with another Limit continues where the first stopped.
	page, _, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Limit(3)}).Page(t.Context(), next)
	if err != nil || !slices.Equal(sks(page), []int{3, 4, 5}) {
		t.Errorf("next page with another limit: %v, %v", sks(page), err)
	}
}

func TestSelect(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	api := &recorder{Client: s.client}
	r := ddb.NewReader(api, s.name, plainWidgets)
	keys := []string{"pk", "sk"}
	with := func(names ...string) []string { return slices.Sorted(slices.Values(append(names, keys...))) }

	got, err := ddb.Get(t.Context(), &r, widgetKey("q", 1), []ddb.ReadOption{ddb.Select(&W.Name, &W.Count), ddb.ConsistentRead()}, new(widget))
	if err != nil || !sameWidget(got, &widget{PK: "q", SK: 1, Name: "apple", Count: 1}) {
		t.Errorf("Get: %+v, %v", got, err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("name", "count")) {
		t.Errorf("Get returned %v", names)
	}
	if in := api.getItems[len(api.getItems)-1]; !aws.ToBool(in.ConsistentRead) || strings.Contains(aws.ToString(in.ProjectionExpression), "name") {
		t.Errorf("GetItem input: consistent %v projection %q", in.ConsistentRead, aws.ToString(in.ProjectionExpression))
	}
	// Nested paths: a struct field, a list element, a map value; and a path given twice.
	got, err = ddb.Get(t.Context(), &r, widgetKey("q", 1), []ddb.ReadOption{ddb.Select(&W.Addr.City, W.Items.At(1), W.Meta.Key("k"), &W.Addr.City)}, new(widget))
	if err != nil || !sameWidget(got, &widget{PK: "q", SK: 1, Addr: &address{City: "Oslo"}, Items: []string{"y"}, Meta: map[string]string{"k": "v"}}) {
		t.Errorf("Get of nested paths: %+v, %v", got, err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("addr", "items", "meta")) {
		t.Errorf("Get of nested paths returned %v", names)
	}
	// Selecting a key attribute is harmless.
	if _, err := ddb.Get(t.Context(), &r, widgetKey("q", 1), []ddb.ReadOption{ddb.Select(&W.PK, &W.Note)}, new(widget)); err != nil {
		t.Errorf("Get selecting a key: %v", err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("note")) {
		t.Errorf("Get selecting a key returned %v", names)
	}

	qs, err := all(t, ddb.QueryIndex[widget](&r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.Select(&W.Status), W.SK.Le(2)}))
	if err != nil || len(qs) != 2 || !sameWidget(&qs[0], &widget{PK: "q", SK: 1, Status: "open"}) {
		t.Errorf("query: %+v, %v", qs, err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("status")) {
		t.Errorf("query returned %v", names)
	}
	page, _, err := ddb.QueryIndex[widget](&r, widgetByStatus, W.Status.Key("closed"), []ddb.QueryOption{ddb.Select(&W.Total)}).Page(t.Context(), "")
	if err != nil || len(page) != 2 || !sameWidget(&page[0], &widget{PK: "q", SK: 3, Total: 30}) {
		t.Errorf("GSI query page: %+v, %v", page, err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("total")) {
		t.Errorf("GSI query returned %v", names)
	}
	sc, err := all(t, ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Select(&W.Name), ddb.Filter(W.Count.Gt(6))}))
	if err != nil || len(sc) != 2 {
		t.Errorf("scan: %+v, %v", sc, err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("name")) {
		t.Errorf("scan returned %v", names)
	}
	batch, err := ddb.GetBatch[widget](t.Context(), &r, []map[string]types.AttributeValue{widgetKey("q", 2), widgetKey("r", 2)}, []ddb.ReadOption{ddb.Select(&W.Count, &W.Note)})
	if err != nil || len(batch) != 2 || !sameWidget(&batch[0], &widget{PK: "q", SK: 2, Count: 2, Note: "b"}) {
		t.Errorf("GetBatch: %+v, %v", batch, err)
	}
	if names := api.attrNames(); !slices.Equal(names, with("count", "note")) {
		t.Errorf("GetBatch returned %v", names)
	}
	// Several Select options add up.
	got, err = ddb.Get(t.Context(), &r, widgetKey("q", 1), []ddb.ReadOption{ddb.Select(&W.Name), ddb.Select(&W.Note)}, new(widget))
	if err != nil || got.Name != "apple" || got.Note != "a" || got.Count != 0 {
		t.Errorf("Get with two Selects: %+v, %v", got, err)
	}
}

func TestParallelScan(t *testing.T) {
	s := newWidgets(t, false)
	var puts []widget
	for i := range 120 {
		puts = append(puts, widget{PK: "p" + itoa(i%7), SK: i, Count: i})
	}
	if err := ddb.WriteBatch(t.Context(), &s.w, puts, nil, nil); err != nil {
		t.Fatal(err)
	}
	api := &recorder{Client: s.client}
	r := ddb.NewReader(api, s.name, plainWidgets)
	seen := map[int]int{}
	for v, err := range ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(4)}).All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		seen[v.SK]++
	}
	if len(seen) != 120 {
		t.Fatalf("%d distinct items, want 120", len(seen))
	}
	for sk, n := range seen {
		if n != 1 {
			t.Fatalf("item %d seen %d times", sk, n)
		}
	}
	segs := map[int32]bool{}
	for _, in := range api.scans {
		if in.TotalSegments == nil || *in.TotalSegments != 4 {
			t.Fatalf("scan with TotalSegments %v, want 4", in.TotalSegments)
		}
		segs[*in.Segment] = true
	}
	if len(segs) != 4 {
		t.Fatalf("segments %v scanned, want 0..3", segs)
	}
	// With a filter, a limit and a projection.
	got, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(3), ddb.Filter(W.Count.Lt(30)), ddb.Select(&W.Count)}))
	if err != nil || len(got) != 30 {
		t.Fatalf("filtered parallel scan: %d items, %v; want 30", len(got), err)
	}
	got, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(3), ddb.Limit(10)}))
	if err != nil || len(got) != 10 {
		t.Fatalf("parallel scan with limit 10: %d items, %v", len(got), err)
	}
	// Breaking out of the loop stops it.
	n := 0
	for _, err := range ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(2)}).All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 5 {
			break
		}
	}
	if n != 5 {
		t.Fatalf("loop ran %d times", n)
	}
	// A segment of its own, read by a single scan.
	seen = map[int]int{}
	for i := range int32(3) {
		got, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Segment(i, 3)}))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range got {
			seen[v.SK]++
		}
	}
	if len(seen) != 120 {
		t.Fatalf("segments hold %d distinct items, want 120", len(seen))
	}
	// A scan of an index in parallel.
	gsi, err := all(t, ddb.QueryIndex[widget](&s.r, widgetByName, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(2)}))
	if err != nil || len(gsi) != 0 {
		t.Fatalf("parallel scan of an empty sparse index: %d, %v", len(gsi), err)
	}
}

// Query.All stops at a decoding error, yielding it once.
func TestQueryDecodeError(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "q", SK: 1})
	if _, err := s.client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(s.name),
		Item: map[string]types.AttributeValue{"pk": ddb.S("q"), "sk": ddb.NInt(2), "count": ddb.S("not a number")}}); err != nil {
		t.Fatal(err)
	}
	s.put(&widget{PK: "q", SK: 3})
	var got []int
	errs := 0
	for v, err := range ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{}).All(t.Context()) {
		if err != nil {
			errs++
			continue
		}
		got = append(got, v.SK)
	}
	if errs != 1 || !slices.Equal(got, []int{1}) {
		t.Fatalf("%v and %d errors, want [1] and one error", got, errs)
	}
	if _, _, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{}).Page(t.Context(), ""); err == nil {
		t.Fatal("Page decoded an item that does not decode")
	}
	if _, err := s.getWidget("q", 2); err == nil || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("Get of an item that does not decode: %v", err)
	}
	items, err := ddb.GetBatch[widget](t.Context(), &s.r, []map[string]types.AttributeValue{widgetKey("q", 1), widgetKey("q", 2), widgetKey("q", 3)}, nil)
	if err == nil || len(items) != 2 {
		t.Fatalf("GetBatch with an item that does not decode: %d items, %v; want 2 and an error", len(items), err)
	}
}

// A query can be run again, by every method, with the same result.
func TestQueryReuse(t *testing.T) {
	s := newWidgets(t, false)
	seedQueries(t, s)
	for _, q := range []*ddb.Query[widget]{
		ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{W.SK.Ge(2), ddb.Filter(W.Status.Eq("open"))}),
		ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(W.Status.Eq("open")), ddb.Limit(3)}),
	} {
		first, err := all(t, q)
		if err != nil {
			t.Fatal(err)
		}
		n, err := q.Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		page, _, err := q.Page(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		again, err := all(t, q)
		if err != nil || !slices.Equal(ids(first), ids(again)) || len(first) == 0 {
			t.Fatalf("second run %v, %v; first %v", ids(again), err, ids(first))
		}
		if len(page) > len(first) || n < len(first) {
			t.Fatalf("page of %d, count %d, all %d", len(page), n, len(first))
		}
	}
}

// A Query not made by QueryIndex (its zero value) reports an error from All,
// Page and Count instead of panicking on its missing client.
func TestZeroQueryIsAnError(t *testing.T) {
	var q ddb.Query[widget]
	for _, err := range q.All(t.Context()) {
		if !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("All: %v, want ErrInvalidInput", err)
		}
	}
	if _, _, err := q.Page(t.Context(), ""); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("Page: %v, want ErrInvalidInput", err)
	}
	if _, err := q.Count(t.Context()); !errors.Is(err, ddb.ErrInvalidInput) || !strings.HasPrefix(err.Error(), "ddb: a zero ddb.Query: ") || !strings.Contains(err.Error(), "store.Query") {
		t.Errorf("Count: %v, want ErrInvalidInput naming the fix", err)
	}
}

// notAnItem has no UnmarshalItem: a query of it compiles (R is not
// constrained, as generated code converts a ReadIndex to *Query[R]), and its
// items are an error, not a panic, with the type named.
type notAnItem struct{ PK string }

func TestQueryOfTypeWithoutUnmarshalItem(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "n"})
	ix := widgetPrimary
	_, err := all(t, ddb.QueryIndex[notAnItem](&s.r, ix, W.PK.Key("p"), []ddb.TableQueryOption{}))
	if err == nil || !strings.Contains(err.Error(), "ddb_test.notAnItem has no UnmarshalItem method") {
		t.Errorf("All: %v", err)
	}
	_, _, err = ddb.QueryIndex[notAnItem](&s.r, ix, ddb.ScanAll, []ddb.TableQueryOption{}).Page(t.Context(), "")
	if err == nil || !strings.Contains(err.Error(), "has no UnmarshalItem method") {
		t.Errorf("Page: %v", err)
	}
}

// Errors found while a query is built are returned as they are, before
// anything is sent, also by a store made with a nil client (which must not
// look like a zero Query); of several operands that fail to encode, the
// last is reported.
func TestBuildErrorsOfAQueryWithoutClient(t *testing.T) {
	r := ddb.NewReader(nil, "widgets", plainWidgets)
	empty := ddb.QueryIndex[widget](&r, widgetPrimary, W.PK.Key(""), []ddb.TableQueryOption{})
	for _, err := range empty.All(t.Context()) {
		if !errors.Is(err, ddb.ErrEmptyKey) {
			t.Errorf("All: %v, want ErrEmptyKey", err)
		}
	}
	if _, _, err := empty.Page(t.Context(), ""); !errors.Is(err, ddb.ErrEmptyKey) {
		t.Errorf("Page: %v, want ErrEmptyKey", err)
	}
	if _, err := empty.Count(t.Context()); !errors.Is(err, ddb.ErrEmptyKey) {
		t.Errorf("Count: %v, want ErrEmptyKey", err)
	}

	refuse := ddb.NewString(ddb.TableAttr("widgets", "name"), func(v string) (types.AttributeValue, error) {
		return nil, errors.New("cannot encode " + v)
	})
	scan := ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(refuse.In("bad1", "bad3"))})
	if _, err := scan.Count(t.Context()); err == nil || !strings.Contains(err.Error(), "cannot encode bad3") {
		t.Errorf("Count of a filter whose operands fail: %v, want the last operand's error", err)
	}
}

// Found by a new user's review: a Select of an attribute an index does not
// hold was sent (a global index refuses it) or, on a local index, read from
// the table into a result type without that field and dropped. Both are
// refused before sending, as is a Filter on one on a global index.
func TestIndexReadsOfAttributesTheIndexLacks(t *testing.T) {
	schema := plainWidgetSchema
	schema.LSIs = []ddb.IndexSchema{{Name: "by-name", SK: ddb.KeyAttr{Name: "name", Type: types.ScalarAttributeTypeS}, Projection: types.ProjectionTypeInclude, NonKey: []string{"status"}}}
	r := ddb.NewReader(nil, "widgets", ddb.NewTable(schema, (*widget)(nil), nil))
	refused := func(what string, q *ddb.Query[widgetKeys], want string) {
		t.Helper()
		_, err := q.Count(t.Context())
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want ErrInvalidInput saying %q", what, err, want)
		}
	}
	refused("Select on a KEYS_ONLY GSI", ddb.QueryIndex[widgetKeys](&r, widgetByCode, W.Code.Key("c"), []ddb.QueryOption{ddb.Select(&W.Name)}),
		`global index by-code (projection KEYS_ONLY) does not hold attribute "name"`)
	refused("Scan with Select on a KEYS_ONLY GSI", ddb.QueryIndex[widgetKeys](&r, widgetByCode, ddb.ScanAll, []ddb.QueryOption{ddb.Select(&W.PK, &W.Total)}),
		`does not hold attribute "total"`)
	refused("Filter on a KEYS_ONLY GSI", ddb.QueryIndex[widgetKeys](&r, widgetByCode, W.Code.Key("c"), []ddb.QueryOption{ddb.Filter(W.Code.Eq("c").And(W.Total.Gt(1)))}),
		`Filter on "total": global index by-code (projection KEYS_ONLY) does not hold it`)
	byName := &ddb.Index{Name: "by-name", PK: "pk", SK: "name"}
	refused("Select on an INCLUDE LSI, as generated methods query it", (*ddb.Query[widgetKeys])(ddb.ReadIndex(&r, byName, W.PK.Key("p"), []ddb.TableQueryOption{ddb.Select(&W.Total)})),
		`local index by-name (projection INCLUDE) does not hold attribute "total", and its items decode into a type without it`)

	// What the index holds is accepted, and read.
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "n", Code: aws.String("c"), Total: 3})
	// QueryIndex lets a local index's items decode into the model, which
	// has the field; DynamoDB reads the attribute from the table.
	lr := ddb.NewReader(s.client, s.name, ddb.NewTable(schema, (*widget)(nil), nil))
	ws, err := all(t, ddb.QueryIndex[widget](&lr, byName, W.PK.Key("p"), []ddb.TableQueryOption{ddb.Select(&W.Total)}))
	if err != nil || len(ws) != 1 || ws[0].Total != 3 {
		t.Errorf("QueryIndex of an LSI with Select of an attribute it does not project: %+v, %v", ws, err)
	}
	got, err := all(t, (*ddb.Query[widgetKeys])(ddb.ReadIndex(&s.r, widgetByCode, W.Code.Key("c"), []ddb.QueryOption{ddb.Select(&W.PK, &W.Code), ddb.Filter(W.SK.Eq(1))})))
	if err != nil || len(got) != 1 || got[0].PK != "p" || got[0].Code != "c" {
		t.Errorf("Select and Filter of what a KEYS_ONLY GSI holds: %+v, %v", got, err)
	}
}
