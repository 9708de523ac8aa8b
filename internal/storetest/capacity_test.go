package storetest

import (
	"context"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// TestConsumedCapacityOnEveryStoreMethod passes ddb.ConsumedCapacity to
// every generated method that sends requests (so it compiles on each) and
// checks that each adds what DynamoDB Local reports.
func TestConsumedCapacityOnEveryStoreMethod(t *testing.T) {
	client, name := newTable(t, OrderSchema)
	s := NewOrderStore(storeAPI(client), name)
	ctx := t.Context()
	var c ddb.Capacity
	cc := ddb.ConsumedCapacity(&c)
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if c.Total() <= 0 || c.Responses() < 1 {
			t.Errorf("%s: %v in %d responses, want some units", what, &c, c.Responses())
		}
		c.Reset()
	}
	o := &Order{CustomerID: "c", OrderDate: "2026-01-01", Status: "new", Total: 3}
	step("Create", s.Create(ctx, o, cc))
	step("Put", s.Put(ctx, o, cc))
	_, err := s.Get(ctx, "c", "2026-01-01", cc)
	step("Get", err)
	_, err = s.BatchGet(ctx, []OrderKey{{CustomerID: "c", OrderDate: "2026-01-01"}}, cc)
	step("BatchGet", err)
	_, err = s.Update(ctx, "c", "2026-01-01", o.Version, OrderAttrs.Total.Add(1), cc)
	step("Update", err)
	_, err = s.UpdateAnyVersion(ctx, "c", "2026-01-01", OrderAttrs.Total.Add(1), cc)
	step("UpdateAnyVersion", err)
	for _, q := range []*ddb.Query[Order]{s.Query("c", cc), s.Scan(cc), s.QueryStatusTotalIndex("new", cc), s.ScanStatusTotalIndex(cc)} {
		_, err := collectErr(ctx, q)
		step("query or scan", err)
		_, _, err = q.Page(ctx, "")
		step("Page", err)
		_, err = q.Count(ctx)
		step("Count", err)
	}
	for _, q := range []*ddb.Query[OrderStatusIndexProjection]{s.QueryStatusIndex("c", cc), s.ScanStatusIndex(cc)} {
		_, _, err := q.Page(ctx, "")
		step("local index Page", err)
	}
	step("BatchPut", s.BatchPut(ctx, []Order{{CustomerID: "c", OrderDate: "2026-01-02", Status: "new"}}, cc))
	step("BatchWrite", s.BatchWrite(ctx, []Order{{CustomerID: "c", OrderDate: "2026-01-03", Status: "new"}}, []OrderKey{{CustomerID: "c", OrderDate: "2026-01-02"}}, cc))
	step("BatchDelete", s.BatchDelete(ctx, []OrderKey{{CustomerID: "c", OrderDate: "2026-01-03"}}, cc))
	step("Put to check", s.Put(ctx, &Order{CustomerID: "c", OrderDate: "2026-01-06", Status: "new"}, cc))
	cur, err := s.Get(ctx, "c", "2026-01-01")
	if err != nil {
		t.Fatal(err)
	}
	step("WriteTx", ddb.WriteTx(ctx, client,
		s.TxUpdate("c", "2026-01-01", cur.Version, OrderAttrs.Total.Add(1), cc),
		s.TxPut(&Order{CustomerID: "c", OrderDate: "2026-01-04", Status: "new"}, cc),
		s.TxCreate(&Order{CustomerID: "c", OrderDate: "2026-01-05", Status: "new"}, cc),
		s.TxUpdateAnyVersion("c", "2026-01-07", OrderAttrs.Total.Add(1), ddb.Upsert(), cc),
		s.TxCheck("c", "2026-01-06", OrderAttrs.Status.Eq("new")),
		cc))
	step("WriteTx of deletes", ddb.WriteTx(ctx, client, s.TxDelete("c", "2026-01-04", cc), s.TxDeleteVersion("c", "2026-01-05", 1, cc)))
	_, err = ddb.ReadTx(ctx, storeAPI(client).(ddb.TxReadAPI), s.TxGet(new(Order), "c", "2026-01-01", cc))
	step("ReadTx", err)
	step("DeleteVersion", s.DeleteVersion(ctx, "c", "2026-01-07", 1, cc))
	step("Delete", s.Delete(ctx, "c", "2026-01-01", cc))
}

func collectErr[R any](ctx context.Context, q *ddb.Query[R]) ([]R, error) {
	var out []R
	for v, err := range q.All(ctx) {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
