package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// stockStores is a versioned stock table and a table of reservation
// records (counters) on the local server.
type stockStores struct {
	client       *dynamodb.Client
	stock        *StockStore
	reservations *CounterStore
}

func newStockStores(t *testing.T) stockStores {
	client, stock := newTable(t, StockSchema)
	_, reservations := newTable(t, CounterSchema)
	return stockStores{client, NewStockStore(storeAPI(client), stock), NewCounterStore(storeAPI(client), reservations)}
}

// The race of the issue: 20 goroutines reserve stock of one versioned item
// at once, each only if enough is left (If(Quantity.Ge(n))). With
// UpdateAnyVersion, alone or as TxUpdateAnyVersion in a WriteTx that also
// records the reservation, no write checks a version, so none needs a
// retry: each either succeeds or fails on its condition. Nothing is
// oversold or undersold and the version counts the successful writes. The
// same race at the version read (Update with expectedVersion) is correct
// too, but only with a read-and-retry loop.
func TestStockReservationRace(t *testing.T) {
	const (
		racers  = 20
		initial = 30 // demand is 39: some reservations must fail
		sku     = "sku-1"
	)
	want := func(i int) int64 { return int64(1 + i%3) }
	run := rand.Text() // tokens of this run: a token is remembered for 10 minutes
	type reserve func(ctx context.Context, s stockStores, i int, n int64) (retries int, err error)
	ways := []struct {
		name      string
		reserve   reserve
		noRetries bool
		records   bool // WriteTx also created a reservation record
	}{
		{"UpdateAnyVersion", func(ctx context.Context, s stockStores, i int, n int64) (int, error) {
			_, err := s.stock.UpdateAnyVersion(ctx, sku, StockAttrs.Quantity.Decrement(n), StockAttrs.Held.Add(n),
				ddb.If(StockAttrs.Quantity.Ge(n)), ddb.Return(ddb.NoItem))
			return 0, err
		}, true, false},
		{"TxUpdateAnyVersion in WriteTx", func(ctx context.Context, s stockStores, i int, n int64) (int, error) {
			return 0, ddb.WriteTx(ctx, s.client,
				s.stock.TxUpdateAnyVersion(sku, StockAttrs.Quantity.Decrement(n), StockAttrs.Held.Add(n), ddb.If(StockAttrs.Quantity.Ge(n))),
				s.reservations.TxCreate(&Counter{ID: fmt.Sprintf("res-%d", i), Hits: n}),
				ddb.Token(fmt.Sprintf("%s-%d", run, i)))
		}, true, true},
		{"Update at the version read, with retries", func(ctx context.Context, s stockStores, i int, n int64) (int, error) {
			for retries := 0; ; retries++ {
				cur, err := s.stock.Get(ctx, sku, ddb.ConsistentRead())
				if err != nil {
					return retries, err
				}
				_, err = s.stock.Update(ctx, sku, cur.Version, StockAttrs.Quantity.Decrement(n), StockAttrs.Held.Add(n),
					ddb.If(StockAttrs.Quantity.Ge(n)), ddb.Return(ddb.NoItem))
				if !errors.Is(err, ddb.ErrVersionConflict) {
					return retries, err
				}
			}
		}, false, false},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			s := newStockStores(t)
			ctx := t.Context()
			must(t, s.stock.Create(ctx, &Stock{SKU: sku, Quantity: initial}))

			start := make(chan struct{})
			errs := make([]error, racers)
			retries := make([]int, racers)
			var wg sync.WaitGroup
			for i := range racers {
				wg.Go(func() {
					<-start
					retries[i], errs[i] = way.reserve(ctx, s, i, want(i))
				})
			}
			close(start)
			wg.Wait()

			var sold, ok, refused, retried int64
			minRefused := int64(-1)
			for i, err := range errs {
				n := want(i)
				retried += int64(retries[i])
				switch {
				case err == nil:
					ok++
					sold += n
				case errors.Is(err, ddb.ErrConditionFailed) && !errors.Is(err, ddb.ErrVersionConflict) &&
					!errors.Is(err, ddb.ErrTxConflict) && !errors.Is(err, ddb.ErrNotFound):
					refused++
					if minRefused < 0 || n < minRefused {
						minRefused = n
					}
					if cur := ddb.FailedItem[Stock](err); cur == nil || cur.Quantity >= n {
						t.Errorf("racer %d refused for %d with %+v stored: the condition held", i, n, cur)
					}
					var tce *ddb.TxCanceledError
					if way.records && (!errors.As(err, &tce) || tce.Reasons[0].Code != "ConditionalCheckFailed" || tce.Reasons[1].Code != "None") {
						t.Errorf("racer %d: %v, want the transaction cancelled on the stock condition only", i, err)
					}
				default:
					t.Errorf("racer %d (%d): %v, want success or the stock condition's failure", i, n, err)
				}
			}
			got, err := s.stock.Get(ctx, sku, ddb.ConsistentRead())
			if err != nil {
				t.Fatal(err)
			}
			if got.Quantity != initial-sold || got.Held != sold || got.Quantity < 0 {
				t.Errorf("stock %+v after selling %d of %d: oversold or lost", got, sold, initial)
			}
			if refused == 0 || got.Quantity >= minRefused {
				t.Errorf("%d refused, the smallest for %d with %d left: a reservation that fitted was refused", refused, minRefused, got.Quantity)
			}
			if got.Version != 1+ok {
				t.Errorf("version %d after %d successful writes from version 1, want %d", got.Version, ok, 1+ok)
			}
			if way.noRetries && retried != 0 {
				t.Errorf("%d retries, want none", retried)
			}
			if way.records {
				var held int64
				n := 0
				for c, err := range s.reservations.Scan(ddb.ConsistentRead()).All(ctx) {
					if err != nil {
						t.Fatal(err)
					}
					held += c.Hits
					n++
				}
				if int64(n) != ok || held != sold {
					t.Errorf("%d reservation records holding %d, want %d holding %d", n, held, ok, sold)
				}
			}
			t.Logf("%s: %d racers, %d reserved (%d units), %d refused on the condition, %d retries; stock %d -> %d, version 1 -> %d",
				way.name, racers, ok, sold, refused, retried, initial, got.Quantity, got.Version)
		})
	}
}

// A client token covers the retries of a transaction only if the retry is
// the same request. TxUpdateAnyVersion's request does not depend on the
// version read, so a retry after the item changed is still the same
// request: DynamoDB answers success and applies nothing again. An optimistic
// TxUpdate rebuilt at the version read again is another request, which
// DynamoDB refuses under the same token (IdempotentParameterMismatch).
func TestTokenCoversRetriesOfTxUpdateAnyVersion(t *testing.T) {
	s := newStockStores(t)
	ctx := t.Context()
	must(t, s.stock.Create(ctx, &Stock{SKU: "sku-1", Quantity: 5}))
	run := rand.Text() // a token is remembered for 10 minutes
	reserve := func() error {
		return ddb.WriteTx(ctx, s.client,
			s.stock.TxUpdateAnyVersion("sku-1", StockAttrs.Quantity.Decrement(2), ddb.If(StockAttrs.Quantity.Ge(2))),
			s.reservations.TxCreate(&Counter{ID: "res-1", Hits: 2}),
			ddb.Token(run+"-1"))
	}
	if err := reserve(); err != nil {
		t.Fatal(err)
	}
	// Another writer changes the item (and its version) before the retry.
	if _, err := s.stock.UpdateAnyVersion(ctx, "sku-1", StockAttrs.Held.Add(1)); err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err != nil {
		t.Fatalf("retry with the same token after the version changed: %v", err)
	}
	got, _ := s.stock.Get(ctx, "sku-1", ddb.ConsistentRead())
	if got.Quantity != 3 || got.Version != 3 {
		t.Fatalf("stock %+v, want quantity 3 at version 3: the retry was applied again", got)
	}

	// The optimistic way: the retry carries the version read again.
	reserveAt := func(version int64) error {
		return ddb.WriteTx(ctx, s.client,
			s.stock.TxUpdate("sku-1", version, StockAttrs.Quantity.Decrement(1), ddb.If(StockAttrs.Quantity.Ge(1))),
			s.reservations.TxCreate(&Counter{ID: "res-2", Hits: 1}),
			ddb.Token(run+"-2"))
	}
	if err := reserveAt(got.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.stock.UpdateAnyVersion(ctx, "sku-1", StockAttrs.Held.Add(1)); err != nil {
		t.Fatal(err)
	}
	again, _ := s.stock.Get(ctx, "sku-1", ddb.ConsistentRead())
	err := reserveAt(again.Version)
	var mismatch *types.IdempotentParameterMismatchException
	if !errors.As(err, &mismatch) || !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "use a new token") {
		t.Fatalf("optimistic retry at another version under the same token: %v, want IdempotentParameterMismatch", err)
	}
}

// Regression: DeleteVersion and TxDeleteVersion at version 0 of a missing
// item failed with neither ErrVersionConflict nor ErrNotFound.
func TestDeleteVersionOfAMissingStock(t *testing.T) {
	s := newStockStores(t)
	ctx := t.Context()
	for _, version := range []int64{0, 2} {
		err := s.stock.DeleteVersion(ctx, "none", version)
		if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("DeleteVersion at %d of a missing item: %v, want ErrVersionConflict and ErrNotFound", version, err)
		}
		err = ddb.WriteTx(ctx, s.client, s.stock.TxDeleteVersion("none", version))
		if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("TxDeleteVersion at %d of a missing item: %v, want ErrVersionConflict and ErrNotFound", version, err)
		}
	}
}

// Regression: Update of a versioned item with nothing to do returned nil and
// bumped the version; it is refused as on a table without version.
func TestEmptyUpdateOfAVersionedItem(t *testing.T) {
	s := newStockStores(t)
	ctx := t.Context()
	must(t, s.stock.Create(ctx, &Stock{SKU: "sku-1", Quantity: 5}))
	for name, err := range map[string]error{
		"Update":             second(s.stock.Update(ctx, "sku-1", 1)),
		"UpdateAnyVersion":   second(s.stock.UpdateAnyVersion(ctx, "sku-1")),
		"TxUpdate":           ddb.WriteTx(ctx, s.client, s.stock.TxUpdate("sku-1", 1)),
		"TxUpdateAnyVersion": ddb.WriteTx(ctx, s.client, s.stock.TxUpdateAnyVersion("sku-1")),
	} {
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "empty update") {
			t.Errorf("%s with no action: %v, want ErrInvalidInput saying empty update", name, err)
		}
	}
	if got, _ := s.stock.Get(ctx, "sku-1", ddb.ConsistentRead()); got.Version != 1 {
		t.Fatalf("version %d after refused updates, want 1", got.Version)
	}
}

func second[T any](_ T, err error) error { return err }
