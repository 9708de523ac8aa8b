package benchtest

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// A conditional update as DynamoDB answers it: the new item (ReturnValues ALL_NEW).
var updatedOrder = []byte(`{"Attributes":{"customer_id":{"S":"customer-1000"},"order_date":{"S":"2026-01-01T00:00:00Z"},"status":{"S":"shipped"},"total":{"N":"100"},"items":{"L":[{"S":"sku-0"},{"S":"sku-1"}]},"expires_at":{"N":"1795600000"},"version":{"N":"3"}}}`)

func newWriteTransport() *Transport {
	tr := NewTransport(OrdersPage(1))
	tr.Serve("UpdateItem", updatedOrder)
	tr.Serve("TransactWriteItems", []byte(`{}`))
	return tr
}

func txWork() *TxWork {
	w := &TxWork{Check: PageOrder(9)}
	for i := range w.Put {
		o := PageOrder(i)
		w.Put[i] = &o
	}
	for i := range w.Ship {
		w.Ship[i] = PageOrder(4 + i)
	}
	for i := range w.Delete {
		w.Delete[i] = PageOrder(7 + i)
	}
	return w
}

// generatedTx is HandwrittenTx with the generated store.
func generatedTx(ctx context.Context, client ddb.TxWriteAPI, s *OrderStore, w *TxWork) error {
	return ddb.WriteTx(ctx, client,
		s.TxPut(w.Put[0]), s.TxPut(w.Put[1]), s.TxPut(w.Put[2]), s.TxPut(w.Put[3]),
		s.TxUpdate(w.Ship[0].CustomerID, w.Ship[0].OrderDate, w.Ship[0].Version, OrderAttrs.Status.Set("shipped"), ddb.If(OrderAttrs.Status.Eq("paid"))),
		s.TxUpdate(w.Ship[1].CustomerID, w.Ship[1].OrderDate, w.Ship[1].Version, OrderAttrs.Status.Set("shipped"), ddb.If(OrderAttrs.Status.Eq("paid"))),
		s.TxUpdate(w.Ship[2].CustomerID, w.Ship[2].OrderDate, w.Ship[2].Version, OrderAttrs.Status.Set("shipped"), ddb.If(OrderAttrs.Status.Eq("paid"))),
		s.TxDeleteVersion(w.Delete[0].CustomerID, w.Delete[0].OrderDate, w.Delete[0].Version),
		s.TxDeleteVersion(w.Delete[1].CustomerID, w.Delete[1].OrderDate, w.Delete[1].Version),
		s.TxCheck(w.Check.CustomerID, w.Check.OrderDate, OrderAttrs.Status.Eq("paid")),
	)
}

// The compared write paths must send the same requests (expressions compared
// with names and values substituted) and leave the same results.
func TestWritePathsAgree(t *testing.T) {
	ctx := context.Background()
	tr := newWriteTransport()
	tr.KeepRequests = true
	client := NewClient(tr)
	store := NewOrderStore(client, "orders")

	hand, err := HandwrittenConditionalUpdate(ctx, client, "orders", "customer-1000", "2026-01-01T00:00:00Z", 2, "shipped", "paid", 10)
	if err != nil {
		t.Fatal(err)
	}
	handReq := resolveWrite(t, tr.LastRequest)
	gen, err := store.Update(ctx, "customer-1000", "2026-01-01T00:00:00Z", 2, OrderAttrs.Status.Set("shipped"), ddb.If(OrderAttrs.Status.Eq("paid").And(OrderAttrs.Total.Ge(10))))
	if err != nil {
		t.Fatal(err)
	}
	genReq := resolveWrite(t, tr.LastRequest)
	if !reflect.DeepEqual(*hand, *gen) || gen.Version != 3 || gen.Status != "shipped" {
		t.Fatalf("decoded:\nhandwritten %+v\ngenerated   %+v", *hand, *gen)
	}
	if !reflect.DeepEqual(handReq, genReq) {
		t.Fatalf("update requests differ:\nhandwritten %s\ngenerated   %s", pretty(handReq), pretty(genReq))
	}
	t.Logf("update request: %s", pretty(genReq))

	hw, gw := txWork(), txWork()
	if err := HandwrittenTx(ctx, client, "orders", hw); err != nil {
		t.Fatal(err)
	}
	handReq = resolveWrite(t, tr.LastRequest)
	if err := generatedTx(ctx, client, store, gw); err != nil {
		t.Fatal(err)
	}
	genReq = resolveWrite(t, tr.LastRequest)
	if !reflect.DeepEqual(handReq, genReq) {
		t.Fatalf("transactions differ:\nhandwritten %s\ngenerated   %s", pretty(handReq), pretty(genReq))
	}
	if n := len(genReq["TransactItems"].([]any)); n != 10 {
		t.Fatalf("%d actions, want 10", n)
	}
	for i := range hw.Put {
		if hw.Put[i].Version != gw.Put[i].Version || gw.Put[i].Version != PageOrder(i).Version+1 {
			t.Fatalf("put %d: versions %d and %d after commit", i, hw.Put[i].Version, gw.Put[i].Version)
		}
	}
}

var (
	placeholder = regexp.MustCompile(`[#:][A-Za-z0-9_]+`)
	function    = regexp.MustCompile(`\b(attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|size|if_not_exists|list_append)\s+\(`)
)

// resolveWrite decodes a request body with every expression's placeholders
// replaced by what they stand for, parentheses and the order of update
// clauses and of AND-ed conditions left out: what DynamoDB would do.
func resolveWrite(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var req map[string]any
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatal(err)
	}
	resolveNode(req)
	delete(req, "ClientRequestToken") // a fresh one per call, made by the SDK
	return req
}

func resolveNode(n any) {
	switch n := n.(type) {
	case []any:
		for _, e := range n {
			resolveNode(e)
		}
	case map[string]any:
		names, _ := n["ExpressionAttributeNames"].(map[string]any)
		values, _ := n["ExpressionAttributeValues"].(map[string]any)
		for _, f := range []string{"ConditionExpression", "UpdateExpression", "KeyConditionExpression"} {
			e, ok := n[f].(string)
			if !ok {
				continue
			}
			e = placeholder.ReplaceAllStringFunc(e, func(p string) string {
				if v, ok := names[p]; ok {
					return v.(string)
				}
				if v, ok := values[p]; ok {
					b, _ := json.Marshal(v)
					return string(b)
				}
				return p
			})
			n[f] = canonicalExpr(f, normalizeSpaces(function.ReplaceAllString(e, "$1(")))
		}
		delete(n, "ExpressionAttributeNames")
		delete(n, "ExpressionAttributeValues")
		for _, v := range n {
			resolveNode(v)
		}
	}
}

var clause = regexp.MustCompile(`\b(SET|REMOVE|ADD|DELETE) `)

// canonicalExpr sorts the clauses of an update and the terms of a top-level
// AND, whose order DynamoDB ignores.
func canonicalExpr(field, e string) string {
	var parts []string
	if field == "UpdateExpression" {
		idx := clause.FindAllStringIndex(e, -1)
		for i, m := range idx {
			end := len(e)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			parts = append(parts, strings.TrimSpace(e[m[0]:end]))
		}
	} else {
		parts = strings.Split(e, " AND ")
	}
	sort.Strings(parts)
	return strings.Join(parts, " | ")
}

func pretty(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func BenchmarkConditionalUpdate(b *testing.B) {
	ctx := context.Background()
	client := NewClient(newWriteTransport())
	store := NewOrderStore(client, "orders")
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := HandwrittenConditionalUpdate(ctx, client, "orders", "customer-1000", "2026-01-01T00:00:00Z", 2, "shipped", "paid", 10); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := store.Update(ctx, "customer-1000", "2026-01-01T00:00:00Z", 2, OrderAttrs.Status.Set("shipped"), ddb.If(OrderAttrs.Status.Eq("paid").And(OrderAttrs.Total.Ge(10)))); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTransaction10(b *testing.B) {
	ctx := context.Background()
	client := NewClient(newWriteTransport())
	store := NewOrderStore(client, "orders")
	w := txWork()
	reset := func() {
		for i, o := range w.Put {
			o.Version = PageOrder(i).Version
		}
	}
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			reset()
			if err := HandwrittenTx(ctx, client, "orders", w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			reset()
			if err := generatedTx(ctx, client, store, w); err != nil {
				b.Fatal(err)
			}
		}
	})
}
