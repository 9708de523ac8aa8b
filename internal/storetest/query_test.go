package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// seedOrders stores orders c/2024-01-01#000.. with statuses cycling over
// new, paid, shipped and totals equal to their index.
func seedOrders(t *testing.T, s *OrderStore, n int, pad int) {
	t.Helper()
	statuses := []string{"new", "paid", "shipped"}
	var orders []Order
	for i := range n {
		orders = append(orders, Order{CustomerID: "c", OrderDate: date(i), Status: statuses[i%3], Total: float64(i), Notes: strings.Repeat("x", pad)})
	}
	if err := s.BatchPut(t.Context(), orders); err != nil {
		t.Fatal(err)
	}
}

func dates(orders []Order) string {
	var out []string
	for _, o := range orders {
		out = append(out, o.OrderDate[len(o.OrderDate)-3:])
	}
	return strings.Join(out, " ")
}

func TestTableQueryEverySortKeyCondition(t *testing.T) {
	s := orderStore(t)
	seedOrders(t, s, 6, 0)
	ctx := t.Context()
	od := OrderAttrs.OrderDate
	q := func(opts ...ddb.TableQueryOption) *ddb.Query[Order] {
		return s.Query("c", append(opts, ddb.ConsistentRead())...)
	}
	cases := map[string]struct {
		q    *ddb.Query[Order]
		want string
	}{
		"none":       {q(), "000 001 002 003 004 005"},
		"eq":         {q(od.Eq(date(2))), "002"},
		"lt":         {q(od.Lt(date(2))), "000 001"},
		"le":         {q(od.Le(date(2))), "000 001 002"},
		"gt":         {q(od.Gt(date(3))), "004 005"},
		"ge":         {q(od.Ge(date(3))), "003 004 005"},
		"between":    {q(od.Between(date(1), date(3))), "001 002 003"},
		"beginsWith": {q(od.BeginsWith("2024-01-01#00")), "000 001 002 003 004 005"},
		"descending": {q(od.Ge(date(3)), ddb.Descending()), "005 004 003"},
		"limit":      {q(ddb.Limit(2)), "000 001"},
		"filter":     {q(ddb.Filter(OrderAttrs.Status.Eq("paid"))), "001 004"},
		"other pk":   {s.Query("someone-else"), ""},
	}
	for name, c := range cases {
		if got := dates(collect(t, c.q.All(ctx))); got != c.want {
			t.Errorf("%s: got %q, want %q", name, got, c.want)
		}
	}
	// A query can run again.
	if got := dates(collect(t, cases["ge"].q.All(ctx))); got != "003 004 005" {
		t.Fatalf("second run: %q", got)
	}
	// Limit counts items before the filter: a page may hold fewer matches;
	// All keeps paging until it has Limit matches.
	page, next, err := s.Query("c", ddb.Limit(2), ddb.Filter(OrderAttrs.Status.Eq("paid"))).Page(ctx, "")
	if err != nil || dates(page) != "001" || next == "" {
		t.Fatalf("filtered page: %q, next %q, %v", dates(page), next, err)
	}
	if got := dates(collect(t, s.Query("c", ddb.Limit(2), ddb.Filter(OrderAttrs.Status.Eq("paid"))).All(ctx))); got != "001 004" {
		t.Fatalf("filtered All with Limit 2: %q", got)
	}
	if n, err := s.Query("c", ddb.Filter(OrderAttrs.Status.Ne("new"))).Count(ctx); err != nil || n != 4 {
		t.Fatalf("Count: %d, %v", n, err)
	}
	// A sort key condition is on the sort key itself, one per query; other
	// conditions go in Filter. Misplaced ones are refused before sending.
	for name, bad := range map[string]*ddb.Query[Order]{
		"not the sort key": s.Query("c", OrderAttrs.Status.Eq("paid")),
		"two conditions":   s.Query("c", od.Ge(date(1)), od.Le(date(3))),
		"not a key op":     s.Query("c", od.Ne(date(1))),
		"empty prefix":     s.Query("c", od.BeginsWith("")),
		"empty value":      s.Query("c", od.Eq("")),
		"empty partition":  s.Query(""),
		"limit 0":          s.Query("c", ddb.Limit(0)),
		"segment":          s.Query("c", ddb.Segment(0, 2)),
		"filter on a key":  s.Query("c", ddb.Filter(od.Gt(date(1)))),
	} {
		if _, _, err := bad.Page(ctx, ""); !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
	if _, _, err := s.Query("", od.BeginsWith("")).Page(ctx, ""); !errors.Is(err, ddb.ErrEmptyKey) || !strings.Contains(err.Error(), "customer_id") {
		t.Errorf("empty partition key: %v, want ErrEmptyKey naming customer_id", err)
	}
}

func TestTableQueryPagesAcrossMoreThan1MB(t *testing.T) {
	s := orderStore(t)
	const n = 150 // × 10 KB
	seedOrders(t, s, n, 10<<10)
	ctx := t.Context()
	all := collect(t, s.Query("c").All(ctx))
	if len(all) != n || all[0].OrderDate != date(0) || all[n-1].OrderDate != date(n-1) {
		t.Fatalf("All: %d items", len(all))
	}
	// Without a limit a page stops at 1 MB: several pages are needed.
	var seen []Order
	cursor, pages := "", 0
	for {
		page, next, err := s.Query("c").Page(ctx, cursor)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		seen = append(seen, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != n || pages < 2 {
		t.Fatalf("%d items in %d pages; want %d in more than one", len(seen), pages, n)
	}
	if dates(seen) != dates(all) {
		t.Fatal("pages and All disagree")
	}
	// Scans page the same way.
	if got := len(collect(t, s.Scan().All(ctx))); got != n {
		t.Fatalf("Scan: %d items", got)
	}
}

func TestQueryPageCursorIsOpaqueAndBound(t *testing.T) {
	s := orderStore(t)
	seedOrders(t, s, 10, 0)
	ctx := t.Context()
	p1, next, err := s.Query("c", ddb.Limit(4)).Page(ctx, "")
	if err != nil || len(p1) != 4 || next == "" {
		t.Fatalf("first page: %d items, cursor %q, %v", len(p1), next, err)
	}
	if strings.Contains(next, "customer_id") || strings.Contains(next, "2024") {
		t.Fatalf("cursor %q shows the key in clear", next)
	}
	p2, _, err := s.Query("c", ddb.Limit(4)).Page(ctx, next)
	if err != nil || dates(p2) != "004 005 006 007" {
		t.Fatalf("second page %q, %v", dates(p2), err)
	}
	// Tampered, truncated and foreign cursors are clear errors.
	for name, bad := range map[string]string{
		"tampered":  next[:5] + string(next[5]^1) + next[6:],
		"truncated": next[:len(next)/2],
		"garbage":   "%%%",
	} {
		if _, _, err := s.Query("c").Page(ctx, bad); !errors.Is(err, ddb.ErrInvalidCursor) {
			t.Errorf("%s cursor: %v, want ErrInvalidCursor", name, err)
		}
	}
	if _, _, err := s.QueryStatusIndex("c").Page(ctx, next); !errors.Is(err, ddb.ErrInvalidCursor) || !strings.Contains(err.Error(), "another table, index") {
		t.Fatalf("table cursor on an index: %v", err)
	}
	if _, _, err := s.Scan().Page(ctx, next); !errors.Is(err, ddb.ErrInvalidCursor) {
		t.Fatalf("query cursor on a scan: %v", err)
	}
}

func TestLSIQueryReturnsItsProjection(t *testing.T) {
	s := orderStore(t)
	seedOrders(t, s, 9, 0)
	got := collect(t, s.QueryStatusIndex("c", OrderAttrs.Status.Eq("paid"), ddb.ConsistentRead()).All(t.Context()))
	// Items with equal index sort keys come in no documented order.
	slices.SortFunc(got, func(a, b OrderStatusIndexProjection) int { return strings.Compare(a.OrderDate, b.OrderDate) })
	want := []OrderStatusIndexProjection{
		{CustomerID: "c", OrderDate: date(1), Status: "paid", Total: 1},
		{CustomerID: "c", OrderDate: date(4), Status: "paid", Total: 4},
		{CustomerID: "c", OrderDate: date(7), Status: "paid", Total: 7},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	// The projection type holds exactly the keys and the included attribute.
	var fields []string
	for f := range reflect.TypeFor[OrderStatusIndexProjection]().Fields() {
		fields = append(fields, f.Name)
	}
	if strings.Join(fields, ",") != "CustomerID,OrderDate,Status,Total" {
		t.Fatalf("projection fields %v", fields)
	}
	if got := collect(t, s.QueryStatusIndex("c", OrderAttrs.Status.BeginsWith("s")).All(t.Context())); len(got) != 3 || got[0].Status != "shipped" {
		t.Fatalf("begins_with s: %+v", got)
	}
	if got := collect(t, s.QueryStatusIndex("c", OrderAttrs.Status.Ge("a"), ddb.Descending()).All(t.Context())); len(got) != 9 || got[0].Status != "shipped" || got[8].Status != "new" {
		t.Fatalf("descending by status: %+v", got)
	}
	if got := collect(t, s.QueryStatusIndex("c", OrderAttrs.Status.Between("new", "paid"), ddb.Limit(4)).All(t.Context())); len(got) != 4 {
		t.Fatalf("between with limit: %d items", len(got))
	}
}

func TestGSIQueryNumericSortKeyReturnsFullItems(t *testing.T) {
	s := orderStore(t)
	seedOrders(t, s, 12, 0) // shipped: totals 2, 5, 8, 11
	ctx := t.Context()
	tot := OrderAttrs.Total
	cases := map[string]struct {
		q    *ddb.Query[Order]
		want string
	}{
		"all":     {s.QueryStatusTotalIndex("shipped"), "002 005 008 011"},
		"eq":      {s.QueryStatusTotalIndex("shipped", tot.Eq(5)), "005"},
		"lt":      {s.QueryStatusTotalIndex("shipped", tot.Lt(8)), "002 005"},
		"le":      {s.QueryStatusTotalIndex("shipped", tot.Le(8)), "002 005 008"},
		"gt":      {s.QueryStatusTotalIndex("shipped", tot.Gt(5)), "008 011"},
		"ge":      {s.QueryStatusTotalIndex("shipped", tot.Ge(5)), "005 008 011"},
		"between": {s.QueryStatusTotalIndex("shipped", tot.Between(4.5, 8)), "005 008"},
		"desc":    {s.QueryStatusTotalIndex("shipped", ddb.Descending(), ddb.Limit(2)), "011 008"},
	}
	for name, c := range cases {
		got := collect(t, c.q.All(ctx))
		if dates(got) != c.want {
			t.Errorf("%s: got %q, want %q", name, dates(got), c.want)
		}
		for _, o := range got {
			if o.Status != "shipped" || o.Total != float64(parseIdx(o.OrderDate)) {
				t.Errorf("%s: ALL projection lost attributes: %+v", name, o)
			}
		}
	}
}

func parseIdx(d string) int {
	var i int
	fmt.Sscanf(d[len(d)-3:], "%d", &i)
	return i
}

// What DynamoDB refuses is absent from the types: checked here by
// reflection; compile_test.go checks that such code does not compile.
func TestQueryOptionsFollowDynamoDBRules(t *testing.T) {
	optsOf := func(store any, method string) reflect.Type {
		m, ok := reflect.TypeOf(store).MethodByName(method)
		if !ok {
			t.Fatalf("%T has no %s", store, method)
		}
		return m.Type.In(m.Type.NumIn() - 1).Elem() // the variadic options
	}
	table, query := reflect.TypeFor[ddb.TableQueryOption](), reflect.TypeFor[ddb.QueryOption]()
	// Consistent reads: table and LSIs only. ConsistentRead is a
	// TableQueryOption, not a QueryOption.
	for store, methods := range map[any][]string{
		&OrderStore{}:   {"Query", "QueryStatusIndex", "Scan", "ScanStatusIndex"},
		&ReadingStore{}: {"Query", "QueryByTimeIndex"},
	} {
		for _, m := range methods {
			if got := optsOf(store, m); got != table {
				t.Errorf("%T.%s takes %v, want ddb.TableQueryOption", store, m, got)
			}
		}
	}
	for store, methods := range map[any][]string{
		&OrderStore{}:   {"QueryStatusTotalIndex", "ScanStatusTotalIndex"},
		&EventStore{}:   {"QueryByStatusIndex"},
		&ReadingStore{}: {"QueryByKindIndex", "ScanByKindIndex"},
	} {
		for _, m := range methods {
			if got := optsOf(store, m); got != query {
				t.Errorf("%T.%s takes %v, want ddb.QueryOption", store, m, got)
			}
		}
	}
	if _, ok := any(ddb.ConsistentRead()).(ddb.QueryOption); ok {
		t.Error("ConsistentRead is a QueryOption: a GSI would accept it")
	}
	has := func(v any, m string) bool { _, ok := reflect.TypeOf(v).MethodByName(m); return ok }
	// begins_with: string and binary attributes only; ranges only where the
	// stored order is the Go order.
	if !has(&OrderAttrs.OrderDate, "BeginsWith") || has(&OrderAttrs.Total, "BeginsWith") || has(&ReadingAttrs.Seq, "BeginsWith") || !has(&ReadingAttrs.Sensor, "BeginsWith") {
		t.Error("BeginsWith offered on a number or missing on a string or binary")
	}
	for _, h := range []any{&ReadingAttrs.At, &ShipmentAttrs.Seq} { // RFC 3339 text, a number stored as text
		for _, m := range []string{"Lt", "Le", "Gt", "Ge", "Between", "BeginsWith"} {
			if has(h, m) {
				t.Errorf("%T has %s, which would compare text, not values", h, m)
			}
		}
	}
	if !has(&ShipmentAttrs.When, "Between") { // a time stored as unix seconds
		t.Error("a unixtime attribute lacks Between")
	}
	// Conditions take the attribute's Go type.
	if m, _ := reflect.TypeOf(&ReadingAttrs.Seq).MethodByName("Between"); m.Type.In(1).Kind() != reflect.Int64 {
		t.Errorf("Seq.Between takes %v", m.Type.In(1))
	}
	if m, _ := reflect.TypeOf(&ReadingAttrs.At).MethodByName("Eq"); m.Type.In(1) != reflect.TypeFor[time.Time]() {
		t.Errorf("At.Eq takes %v", m.Type.In(1))
	}
	// Arithmetic on numbers and sets only, set deletion on sets only.
	if !has(&OrderAttrs.Total, "Add") || has(&OrderAttrs.Status, "Add") || !has(&OrderAttrs.Tags, "Delete") || has(&OrderAttrs.Status, "Delete") {
		t.Error("Add or Delete offered where DynamoDB refuses it")
	}
}

func TestReservedWordNamesEverywhere(t *testing.T) {
	client, name := newTable(t, EventSchema)
	s := NewEventStore(storeAPI(client), name)
	ctx := t.Context()
	for i, st := range []string{"open", "closed", "open", "open"} {
		e := Event{Name: "launch", Date: fmt.Sprintf("2024-0%d-01", i+1), Status: st, Count: i * 10, Data: "d", Total: uint32(i)}
		if err := s.Create(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	e, err := s.Update(ctx, "launch", "2024-01-01", EventAttrs.Data.Set("changed"), EventAttrs.Total.Add(5), EventAttrs.Count.Add(1), EventAttrs.Status.Set("closed"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Data != "changed" || e.Total != 5 || e.Count != 1 || e.Status != "closed" {
		t.Fatalf("updated %+v", e)
	}
	if got := collect(t, s.Query("launch", EventAttrs.Date.Between("2024-0", "2024-04"), ddb.Filter(EventAttrs.Data.Eq("d")), ddb.ConsistentRead()).All(ctx)); len(got) != 2 {
		t.Fatalf("query by name and date: %d items", len(got))
	}
	got := collect(t, s.QueryByStatusIndex("open", EventAttrs.Count.Ge(20)).All(ctx))
	want := []EventByStatusIndexProjection{
		{Name: "launch", Date: "2024-03-01", Status: "open", Count: 20},
		{Name: "launch", Date: "2024-04-01", Status: "open", Count: 30},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("KEYS_ONLY GSI query: %+v, want %+v", got, want)
	}
	if _, err := s.Get(ctx, "launch", "2024-02-01", ddb.ConsistentRead()); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "launch", "2024-02-01"); err != nil {
		t.Fatal(err)
	}
}

func TestBinaryAndNumericAndTimeKeys(t *testing.T) {
	client, name := newTable(t, ReadingSchema)
	s := NewReadingStore(storeAPI(client), name)
	ctx := t.Context()
	sensor := []byte{0, 1, 2, 0xff}
	base := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var rs []Reading
	for i := range 10 {
		kind := "temp"
		if i%2 == 1 {
			kind = "hum"
		}
		rs = append(rs, Reading{Sensor: sensor, Seq: int64(i*10 - 20), At: base.Add(time.Duration(i) * time.Minute), Kind: kind, Value: float32(i) / 2, Unit: "u", Comment: "not projected"})
	}
	if err := s.BatchPut(ctx, rs); err != nil {
		t.Fatal(err)
	}
	seqs := func(rs []Reading) string {
		var out []string
		for _, r := range rs {
			out = append(out, fmt.Sprint(r.Seq))
		}
		return strings.Join(out, " ")
	}
	if got := seqs(collect(t, s.Query(sensor, ReadingAttrs.Seq.Between(-10, 20)).All(ctx))); got != "-10 0 10 20" {
		t.Fatalf("SeqBetween(-10, 20): %s", got)
	}
	if got := seqs(collect(t, s.Query(sensor, ReadingAttrs.Seq.Lt(0), ddb.Descending()).All(ctx))); got != "-10 -20" {
		t.Fatalf("SeqLt(0) descending: %s", got)
	}
	if got := seqs(collect(t, s.QueryByTimeIndex(sensor, ReadingAttrs.At.Eq(base.Add(8*time.Minute))).All(ctx))); got != "60" {
		t.Fatalf("AtEq: %s", got)
	}
	hum := collect(t, s.QueryByKindIndex("hum").All(ctx))
	if len(hum) != 5 {
		t.Fatalf("by-kind hum: %d items", len(hum))
	}
	for _, h := range hum {
		if !bytes.Equal(h.Sensor, sensor) || h.Unit != "u" || h.Kind != "hum" {
			t.Fatalf("INCLUDE projection %+v", h)
		}
	}
	r, err := s.Get(ctx, sensor, 30)
	if err != nil || r.Comment != "not projected" || !r.At.Equal(base.Add(5*time.Minute)) {
		t.Fatalf("Get(sensor, 30) = %+v, %v", r, err)
	}
	if _, err := s.Get(ctx, []byte{9}, 30); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("Get of another sensor: %v", err)
	}
}

func TestScanSegmentsAndParallel(t *testing.T) {
	s := orderStore(t)
	seedOrders(t, s, 40, 0)
	ctx := t.Context()
	seen := map[string]int{}
	for seg := range int32(3) {
		cursor := ""
		for {
			page, next, err := s.Scan(ddb.Segment(seg, 3), ddb.Limit(7)).Page(ctx, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page {
				seen[o.OrderDate]++
			}
			if next == "" {
				break
			}
			cursor = next
		}
	}
	if len(seen) != 40 {
		t.Fatalf("segments saw %d distinct items, want 40", len(seen))
	}
	for d, n := range seen {
		if n != 1 {
			t.Fatalf("%s seen %d times", d, n)
		}
	}
	if got := len(collect(t, s.Scan(ddb.Parallel(4)).All(ctx))); got != 40 {
		t.Fatalf("Parallel: %d items", got)
	}
	if got := len(collect(t, s.Scan(ddb.ConsistentRead(), ddb.Limit(15)).All(ctx))); got != 15 {
		t.Fatalf("Limit(15): %d items", got)
	}
}

func TestNamedAndReencodedKeys(t *testing.T) {
	client, name := newTable(t, ShipmentSchema)
	s := NewShipmentStore(storeAPI(client), name)
	ctx := t.Context()
	when := time.Unix(1714564800, 0)
	var all []Shipment
	for i := range 12 {
		all = append(all, Shipment{Carrier: "ups", Seq: uint32(i), When: when.Add(time.Duration(i) * time.Hour), Weight: 1.5, Label: Blob{byte(i % 2)}, Audit: Audit{By: "me", Rev: i}})
	}
	if err := s.BatchPut(ctx, all); err != nil {
		t.Fatal(err)
	}
	// seq is stored as a string, so only equality is offered (DynamoDB would
	// compare "10" < "2").
	if got := collect(t, s.Query("ups", ShipmentAttrs.Seq.Eq(10)).All(ctx)); len(got) != 1 || got[0].Seq != 10 {
		t.Fatalf("SeqEq(10) on a string-encoded key: %+v", got)
	}
	if got, err := s.Get(ctx, "ups", 7); err != nil || got.Rev != 7 || !got.When.Equal(when.Add(7*time.Hour)) {
		t.Fatalf("Get: %+v, %v", got, err)
	}
	if got := collect(t, s.QueryByWhenIndex("ups", ShipmentAttrs.When.Between(when.Add(2*time.Hour), when.Add(4*time.Hour))).All(ctx)); len(got) != 3 || got[0].Seq != 2 {
		t.Fatalf("unixtime LSI between: %+v", got)
	}
	if got := collect(t, s.QueryByWeightIndex(1.5).All(ctx)); len(got) != 12 {
		t.Fatalf("float32 GSI key: %d items", len(got))
	}
	if got := collect(t, s.QueryByLabelIndex(Blob{1}).All(ctx)); len(got) != 6 || got[0].By != "me" {
		t.Fatalf("named []byte GSI key: %+v", got)
	}
	u, err := s.Update(ctx, "ups", 3, ShipmentAttrs.By.Set("you"), ShipmentAttrs.Rev.Add(10))
	if err != nil || u.By != "you" || u.Rev != 13 {
		t.Fatalf("update of promoted fields: %+v, %v", u, err)
	}
}
