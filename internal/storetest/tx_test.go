package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// txStores is an orders table and a counters table on the local server.
type txStores struct {
	client   *dynamodb.Client
	orders   *OrderStore
	counters *CounterStore
}

func newTxStores(t *testing.T) txStores {
	client, orders := newTable(t, OrderSchema)
	_, counters := newTable(t, CounterSchema)
	return txStores{client, NewOrderStore(storeAPI(client), orders), NewCounterStore(storeAPI(client), counters)}
}

// placeOrder is the business rule the transaction tests exercise: an order is
// created only if its stock counter can be decremented, all or nothing.
func (s txStores) placeOrder(ctx context.Context, o *Order, sku string, parts ...ddb.TxPart) error {
	return ddb.WriteTx(ctx, s.client, append([]ddb.TxPart{
		s.orders.TxCreate(o),
		s.counters.TxUpdate(sku, CounterAttrs.Hits.Decrement(1), ddb.If(CounterAttrs.Hits.Ge(1))),
	}, parts...)...)
}

func TestWriteTxCommitsAcrossTables(t *testing.T) {
	s := newTxStores(t)
	ctx := t.Context()
	must(t, s.counters.Put(ctx, &Counter{ID: "sku-1", Hits: 2}))
	must(t, s.counters.Put(ctx, &Counter{ID: "audit"}))

	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new", Total: 9}
	if err := s.placeOrder(ctx, &o, "sku-1", s.counters.TxCheck("audit", CounterAttrs.Hits.Eq(0))); err != nil {
		t.Fatal(err)
	}
	if o.Version != 1 {
		t.Fatalf("version after a committed TxCreate = %d, want 1", o.Version)
	}
	got, err := s.orders.Get(ctx, "c1", "2025-01-01", ddb.ConsistentRead())
	if err != nil || got.Version != 1 || got.Total != 9 {
		t.Fatalf("stored order %+v, %v", got, err)
	}
	if c, _ := s.counters.Get(ctx, "sku-1", ddb.ConsistentRead()); c.Hits != 1 {
		t.Fatalf("stock after one order = %d, want 1", c.Hits)
	}

	// Put and DeleteVersion of versioned items check and bump versions.
	got.Status = "paid"
	other := Order{CustomerID: "c1", OrderDate: "2025-01-02", Status: "new"}
	must(t, s.orders.Create(ctx, &other))
	if err := ddb.WriteTx(ctx, s.client, s.orders.TxPut(got), s.orders.TxDeleteVersion("c1", "2025-01-02", 1)); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Fatalf("version after TxPut = %d, want 2", got.Version)
	}
	if _, err := s.orders.Get(ctx, "c1", "2025-01-02", ddb.ConsistentRead()); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("TxDeleteVersion left the item: %v", err)
	}
	if err := ddb.WriteTx(ctx, s.client, s.orders.TxUpdate("c1", "2025-01-01", 2, OrderAttrs.Status.Set("shipped"))); err != nil {
		t.Fatal(err)
	}
	after, _ := s.orders.Get(ctx, "c1", "2025-01-01", ddb.ConsistentRead())
	if after.Status != "shipped" || after.Version != 3 {
		t.Fatalf("after TxUpdate: %+v, want shipped at version 3", after)
	}
}

func TestWriteTxConditionFailureWritesNothing(t *testing.T) {
	s := newTxStores(t)
	ctx := t.Context()
	must(t, s.counters.Put(ctx, &Counter{ID: "sku-1", Hits: 0, Label: "empty shelf"}))

	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new"}
	err := s.placeOrder(ctx, &o, "sku-1")
	if !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("order with no stock: %v, want ErrConditionFailed", err)
	}
	var tce *ddb.TxCanceledError
	if !errors.As(err, &tce) || len(tce.Reasons) != 2 {
		t.Fatalf("error %T %v, want a *TxCanceledError with 2 reasons", err, err)
	}
	if r := tce.Reasons[0]; r.Code != "None" || r.Err != nil || r.Op != "Put" {
		t.Fatalf("reason 0 = %+v, want None for the order's Put", r)
	}
	if r := tce.Reasons[1]; r.Code != "ConditionalCheckFailed" || r.Op != "Update" || r.Table != s.counters.TableName() {
		t.Fatalf("reason 1 = %+v", r)
	}
	if errors.Is(err, ddb.ErrVersionConflict) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("a failed user condition reads as a version conflict or a missing item: %v", err)
	}
	// The stored item the failed condition found, typed.
	if c, ok := tce.TxItem(1).(*Counter); !ok || c.Hits != 0 || c.Label != "empty shelf" {
		t.Fatalf("TxItem(1) = %#v", tce.TxItem(1))
	}
	if c := ddb.FailedItem[Counter](err); c == nil || c.Label != "empty shelf" {
		t.Fatalf("FailedItem[Counter] = %+v", c)
	}
	if ddb.FailedItem[Order](err) != nil || tce.TxItem(0) != nil {
		t.Fatal("an action that did not fail has a failed item")
	}
	if !strings.Contains(err.Error(), "action 1 (Update "+s.counters.TableName()) {
		t.Fatalf("message does not name the failed action: %v", err)
	}
	var sdk *types.TransactionCanceledException
	if !errors.As(err, &sdk) {
		t.Fatal("the SDK's TransactionCanceledException is not reachable")
	}

	if o.Version != 0 {
		t.Fatalf("a cancelled TxCreate left version %d, want 0", o.Version)
	}
	if _, err := s.orders.Get(ctx, "c1", "2025-01-01", ddb.ConsistentRead()); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("a cancelled transaction wrote the order: %v", err)
	}

	// A missing counter on a TxUpdate is ErrNotFound; an existing order on a
	// TxCreate is "already exists".
	must(t, s.orders.Create(ctx, &Order{CustomerID: "c1", OrderDate: "2025-02-02", Status: "new"}))
	dup := Order{CustomerID: "c1", OrderDate: "2025-02-02", Status: "new"}
	err = s.placeOrder(ctx, &dup, "no-such-sku")
	if !errors.Is(err, ddb.ErrNotFound) || !errors.Is(err, ddb.ErrConditionFailed) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate order of a missing sku: %v", err)
	}
	if errors.As(err, &tce); tce.Reasons[0].Code != "ConditionalCheckFailed" || tce.Reasons[1].Code != "ConditionalCheckFailed" {
		t.Fatalf("reasons %+v", tce.Reasons)
	}
	if dup.Version != 0 {
		t.Fatalf("version %d after a cancelled create", dup.Version)
	}
}

func TestWriteTxVersionConflict(t *testing.T) {
	s := newTxStores(t)
	ctx := t.Context()
	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new"}
	must(t, s.orders.Create(ctx, &o))
	stale := o
	must(t, s.orders.Put(ctx, &o)) // now at version 2

	err := ddb.WriteTx(ctx, s.client, s.orders.TxPut(&stale))
	if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("stale TxPut: %v, want ErrVersionConflict", err)
	}
	if stale.Version != 1 {
		t.Fatalf("stale TxPut left version %d, want 1", stale.Version)
	}
	if cur := ddb.FailedItem[Order](err); cur == nil || cur.Version != 2 {
		t.Fatalf("FailedItem = %+v, want the stored order at version 2", cur)
	}
	if err := ddb.WriteTx(ctx, s.client, s.orders.TxUpdate("c1", "2025-01-01", 1, OrderAttrs.Total.Set(3))); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("stale TxUpdate: %v", err)
	}
	if err := ddb.WriteTx(ctx, s.client, s.orders.TxDeleteVersion("c1", "2025-01-01", 1)); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("stale TxDeleteVersion: %v", err)
	}
	// Every action of a cancelled transaction gets its version back, also
	// those that did not fail.
	fresh := Order{CustomerID: "c2", OrderDate: "2025-01-01", Status: "new"}
	err = ddb.WriteTx(ctx, s.client, s.orders.TxCreate(&fresh), s.orders.TxPut(&stale))
	if !errors.Is(err, ddb.ErrVersionConflict) || fresh.Version != 0 || stale.Version != 1 {
		t.Fatalf("%v; versions %d and %d, want 0 and 1", err, fresh.Version, stale.Version)
	}
}

func TestWriteTxTokenMakesItIdempotent(t *testing.T) {
	s := newTxStores(t)
	ctx := t.Context()
	must(t, s.counters.Put(ctx, &Counter{ID: "sku-1", Hits: 5}))
	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new"}
	if err := s.placeOrder(ctx, &o, "sku-1", ddb.Token("order-c1-2025-01-01")); err != nil {
		t.Fatal(err)
	}
	// The same request again (say the Lambda was retried after a timeout):
	// DynamoDB answers success and applies nothing.
	again := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new"}
	if err := s.placeOrder(ctx, &again, "sku-1", ddb.Token("order-c1-2025-01-01")); err != nil {
		t.Fatalf("replay with the same token: %v", err)
	}
	if c, _ := s.counters.Get(ctx, "sku-1", ddb.ConsistentRead()); c.Hits != 4 {
		t.Fatalf("stock = %d after a replayed transaction, want 4 (applied once)", c.Hits)
	}
	// The same token with other actions is DynamoDB's
	// IdempotentParameterMismatchException.
	other := Order{CustomerID: "c1", OrderDate: "2025-01-02", Status: "new"}
	err := s.placeOrder(ctx, &other, "sku-1", ddb.Token("order-c1-2025-01-01"))
	var mismatch *types.IdempotentParameterMismatchException
	if !errors.As(err, &mismatch) || !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "use a new token") {
		t.Fatalf("same token, other actions: %v", err)
	}
	if other.Version != 0 {
		t.Fatalf("version %d after a refused transaction", other.Version)
	}
}

// countingTx counts the transactions that reach the server.
type countingTx struct {
	api   *dynamodb.Client
	calls atomic.Int32
}

func (c *countingTx) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	c.calls.Add(1)
	return c.api.TransactWriteItems(ctx, in, o...)
}

func TestWriteTxRefusesWhatDynamoDBRefuses(t *testing.T) {
	s := newTxStores(t)
	ctx := t.Context()
	api := &countingTx{api: s.client}
	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new"}

	many := make([]ddb.TxPart, 101)
	for i := range many {
		many[i] = s.counters.TxUpdate(string(rune('a'+i%26))+strings.Repeat("x", i), CounterAttrs.Hits.Add(1), ddb.Upsert())
	}
	var big []ddb.TxPart
	for i := range 11 {
		big = append(big, s.orders.TxPut(&Order{CustomerID: "c", OrderDate: string(rune('a' + i)), Status: "s", Notes: strings.Repeat("n", 390_000)}))
	}
	var old *Order
	cases := []struct {
		name  string
		parts []ddb.TxPart
		want  string
	}{
		{"no actions", nil, "no actions"},
		{"101 actions", many, "101 actions, DynamoDB takes at most 100"},
		{"two actions on one item", []ddb.TxPart{s.orders.TxCreate(&o), s.orders.TxCheck("c1", "2025-01-01", OrderAttrs.Status.Exists())}, "actions 0 and 1 are on the same item"},
		{"over 4 MB", big, "DynamoDB takes at most 4194304"},
		{"token too long", []ddb.TxPart{s.orders.TxCreate(&o), ddb.Token(strings.Repeat("t", 37))}, "token of 37 characters"},
		{"empty token", []ddb.TxPart{s.orders.TxCreate(&o), ddb.Token("")}, "token of 0 characters"},
		{"two tokens", []ddb.TxPart{s.orders.TxCreate(&o), ddb.Token("a"), ddb.Token("b")}, "2 tokens"},
		{"ReturnOld", []ddb.TxPart{s.orders.TxPut(&o, ddb.ReturnOld(&old))}, "ReturnOld has no meaning in a transaction"},
		{"Return", []ddb.TxPart{s.counters.TxUpdate("x", CounterAttrs.Hits.Add(1), ddb.Return(ddb.OldItem))}, "Return has no meaning in a transaction"},
		{"check without condition", []ddb.TxPart{s.counters.TxCheck("x", ddb.Cond{})}, "a condition check needs a condition"},
		{"condition on another table", []ddb.TxPart{s.counters.TxCheck("x", OrderAttrs.Status.Exists())}, "orders"},
		{"empty update", []ddb.TxPart{s.counters.TxUpdate("x")}, "empty update"},
		{"update of a key", []ddb.TxPart{s.counters.TxUpdate("x", CounterAttrs.ID.Set("y"))}, "key"},
		{"empty key", []ddb.TxPart{s.counters.TxDelete("")}, "empty"},
		{"empty index key", []ddb.TxPart{s.orders.TxPut(&Order{CustomerID: "c", OrderDate: "d"})}, "status"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ddb.WriteTx(ctx, api, tc.parts...)
			if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrInvalidInput mentioning %q", err, tc.want)
			}
		})
	}
	if n := api.calls.Load(); n != 0 {
		t.Fatalf("%d refused transactions reached the server", n)
	}
	if o.Version != 0 {
		t.Fatalf("refused transactions left version %d", o.Version)
	}
	// Exactly 100 actions are taken.
	if err := ddb.WriteTx(ctx, api, many[:100]...); err != nil {
		t.Fatalf("100 actions: %v", err)
	}
}

// conflicting answers every transaction as DynamoDB does when another request
// holds one of its items: cancelled with TransactionConflict.
type conflicting struct{}

func (conflicting) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	for i := range reasons {
		reasons[i].Code = aws.String("None")
	}
	reasons[len(reasons)-1] = types.CancellationReason{Code: aws.String("TransactionConflict"), Message: aws.String("Transaction is ongoing for the item")}
	return nil, &types.TransactionCanceledException{Message: aws.String("Transaction cancelled"), CancellationReasons: reasons}
}

// DynamoDB Local runs transactions one at a time and never reports a
// conflict, so the conflict's typing is checked against DynamoDB's documented
// answer.
func TestWriteTxConflictIsRetryableAndRestoresVersions(t *testing.T) {
	s := newTxStores(t)
	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new"}
	err := s.placeOrderWith(t.Context(), conflicting{}, &o, "sku-1")
	if !errors.Is(err, ddb.ErrTxConflict) || errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("conflict: %v, want ErrTxConflict and not ErrConditionFailed", err)
	}
	if o.Version != 0 {
		t.Fatalf("version %d after a conflict", o.Version)
	}
	var tce *ddb.TxCanceledError
	if !errors.As(err, &tce) || tce.Reasons[1].Code != "TransactionConflict" || tce.Reasons[0].Err != nil {
		t.Fatalf("reasons %+v", tce)
	}
}

func (s txStores) placeOrderWith(ctx context.Context, api ddb.TxWriteAPI, o *Order, sku string) error {
	return ddb.WriteTx(ctx, api, s.orders.TxCreate(o), s.counters.TxUpdate(sku, CounterAttrs.Hits.Decrement(1), ddb.If(CounterAttrs.Hits.Ge(1))))
}

func TestReadTxReadsASnapshot(t *testing.T) {
	s := newTxStores(t)
	ctx := t.Context()
	o := Order{CustomerID: "c1", OrderDate: "2025-01-01", Status: "new", Total: 4, Note: ptr("n")}
	must(t, s.orders.Create(ctx, &o))
	must(t, s.counters.Put(ctx, &Counter{ID: "sku-1", Hits: 7, Label: "l"}))

	var gotOrder Order
	var gotCounter, missing Counter
	missing.Label = "untouched"
	found, err := ddb.ReadTx(ctx, s.client,
		s.orders.TxGet(&gotOrder, "c1", "2025-01-01"),
		s.counters.TxGet(&gotCounter, "sku-1", ddb.Select(&CounterAttrs.Hits)),
		s.counters.TxGet(&missing, "nope"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 3 || !found[0] || !found[1] || found[2] {
		t.Fatalf("found = %v, want [true true false]", found)
	}
	if gotOrder.Total != 4 || gotOrder.Version != 1 || gotOrder.Note == nil || *gotOrder.Note != "n" {
		t.Fatalf("order %+v", gotOrder)
	}
	if gotCounter.Hits != 7 || gotCounter.Label != "" || gotCounter.ID != "sku-1" {
		t.Fatalf("projected counter %+v, want its key and hits only", gotCounter)
	}
	if missing.Label != "untouched" {
		t.Fatal("a missing item changed its destination")
	}

	var a, b Counter
	if _, err := ddb.ReadTx(ctx, s.client, s.counters.TxGet(&a, "x"), s.counters.TxGet(&b, "x")); !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "same item") {
		t.Fatalf("two reads of one item: %v", err)
	}
	if _, err := ddb.ReadTx(ctx, s.client); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Fatalf("no reads: %v", err)
	}
	if _, err := ddb.ReadTx(ctx, s.client, s.counters.TxGet(&a, "")); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Fatalf("empty key: %v", err)
	}
	ro := NewCounterReadOnlyStore(storeAPI(s.client), s.counters.TableName())
	if _, err := ddb.ReadTx(ctx, s.client, ro.TxGet(&a, "sku-1")); err != nil {
		t.Fatalf("read-only store in a read transaction: %v", err)
	}
	if a.Hits != 7 {
		t.Fatalf("read-only TxGet: %+v", a)
	}
}

// allConflicting cancels every action of a transaction.
type allConflicting struct{}

func (allConflicting) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	for i := range reasons {
		reasons[i] = types.CancellationReason{Code: aws.String("TransactionConflict"), Message: aws.String("Transaction is ongoing for the item")}
	}
	return nil, &types.TransactionCanceledException{Message: aws.String("Transaction cancelled"), CancellationReasons: reasons}
}

// A cancellation of many actions lists the first few in its message and
// keeps every reason in Reasons.
func TestTxCanceledMessageIsBounded(t *testing.T) {
	s := newTxStores(t)
	var parts []ddb.TxPart
	for i := range 40 {
		parts = append(parts, s.counters.TxUpdate(fmt.Sprint("c", i), CounterAttrs.Hits.Add(1), ddb.Upsert()))
	}
	err := ddb.WriteTx(t.Context(), allConflicting{}, parts...)
	var tce *ddb.TxCanceledError
	if !errors.As(err, &tce) || len(tce.Reasons) != 40 {
		t.Fatalf("%v", err)
	}
	msg := err.Error()
	if strings.Count(msg, "; action ") != 5 || !strings.Contains(msg, "and 35 more failed actions") || len(msg) > 2000 {
		t.Fatalf("message of %d bytes: %s", len(msg), msg)
	}
}
