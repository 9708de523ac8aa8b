package storetest

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// An item with a NaN or infinite float is refused by the generated codec
// before anything is sent, naming the attribute; DynamoDB answered these
// writes with a ValidationException ("cannot be converted into a number").
func TestNonFiniteItemsRefusedBeforeSending(t *testing.T) {
	client, name := newTable(t, OrderSchema)
	s := NewOrderStore(storeAPI(client), name)
	ctx := t.Context()
	bad := func() *Order { return &Order{CustomerID: "c", OrderDate: "d", Status: "new", Total: math.NaN()} }
	err := s.Put(ctx, bad())
	if want := "ddb: PutItem " + name + `: encode attribute "total": NaN cannot be stored: DynamoDB numbers cannot be NaN or infinite`; err == nil || err.Error() != want {
		t.Errorf("Put: %v\nwant %s", err, want)
	}
	for op, err := range map[string]error{
		"Put":        err,
		"Create":     s.Create(ctx, &Order{CustomerID: "c", OrderDate: "d", Status: "new", Total: math.Inf(-1)}),
		"TxPut":      ddb.WriteTx(ctx, client, s.TxPut(bad())),
		"BatchWrite": s.BatchWrite(ctx, []Order{{CustomerID: "c", OrderDate: "a", Status: "new"}, *bad()}, nil),
		"Update":     func() error { _, err := s.Update(ctx, "c", "d", 0, OrderAttrs.Total.Set(math.Inf(1))); return err }(),
		"Query key condition": func() error {
			_, err := s.QueryStatusTotalIndex("new", OrderAttrs.Total.Gt(math.NaN())).Count(ctx)
			return err
		}(),
	} {
		var api smithy.APIError
		if !errors.Is(err, ddb.ErrInvalidInput) || errors.As(err, &api) || !strings.Contains(err.Error(), `"total"`) && !strings.Contains(err.Error(), "total:") {
			t.Errorf("%s: %v, want ErrInvalidInput naming total, before sending", op, err)
		}
	}
	if n, err := s.Scan().Count(ctx); err != nil || n != 0 {
		t.Fatalf("%d items, %v: a refused write wrote", n, err)
	}
	// A float partition key of an index, queried with NaN.
	shipClient, shipName := newTable(t, ShipmentSchema)
	ship := NewShipmentStore(storeAPI(shipClient), shipName)
	if _, err := ship.QueryByWeightIndex(float32(math.NaN())).Count(ctx); !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "cannot be NaN or infinite") {
		t.Errorf("query of a NaN partition key: %v, want ErrInvalidInput", err)
	}
}
