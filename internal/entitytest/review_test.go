package entitytest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// TestEntityCountOwnItems: Count of an entity's query or scan counts only the
// entity's items, as All yields them (it counted every item in the range:
// order items, a coupon, a legacy item).
func TestEntityCountOwnItems(t *testing.T) {
	shop, client, table := newShop(t)
	fill(t, shop, client, table, 2, 3)
	ctx := t.Context()
	for name, q := range map[string]*ddb.Query[Order]{
		"query":          shop.Order.Query("c1"),
		"scan":           shop.Order.Scan(),
		"filtered query": shop.Order.Query("c1", ddb.Filter(OrderAttrs.Total.Ge(1))),
		"gsi1 query":     shop.Order.QueryGsi1Index("o1"),
		"gsi2 keys-only": shop.Order.QueryGsi2Index("paid"),
	} {
		all := len(collectAll(t, q.All(ctx)))
		n, err := q.Count(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n != all || n == 0 {
			t.Errorf("%s: Count = %d, All yields %d orders", name, n, all)
		}
	}
	if n, err := shop.OrderItem.Query("c1").Count(ctx); err != nil || n != 6 {
		t.Errorf("OrderItem.Query(c1).Count = %d, %v; want 6", n, err)
	}
}

// newAccounts creates an accounts table on the local server, deleted when the test ends.
func newAccounts(t *testing.T) (*AccountsStore, *dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, AccountsSchema.Name)
	if err := ddb.CreateTable(t.Context(), client, AccountsSchema, name); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return NewAccountsStore(storeAPI(client), name), client, name
}

// rawItem reads the stored item with the key attributes of item.
func rawItem(t *testing.T, client *dynamodb.Client, table string, item map[string]types.AttributeValue) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: &table, Key: ddb.KeyOf(item, "pk", "sk")})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

// TestUpdateCaseMappedKeyField: an update rewriting an index key that holds
// a |lower primary key field as written takes the field's text from the
// typed key argument, not from the lowered key (it wrote HANDLE#mixedcase,
// which Put never writes, so the item left its gsi1 partition).
func TestUpdateCaseMappedKeyField(t *testing.T) {
	st, client, table := newAccounts(t)
	ctx := t.Context()
	a := &Account{Handle: "MixedCase", Name: "a", Email: "A@X.com", Score: 3}
	if err := st.Account.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Account.Update(ctx, "MixedCase", AccountAttrs.Name.Set("b")); err != nil {
		t.Fatal(err)
	}
	a.Name = "b"
	want, _ := a.MarshalItem()
	got := rawItem(t, client, table, want)
	if s(got["gsi1pk"]) != s(want["gsi1pk"]) || s(got["gsi1sk"]) != s(want["gsi1sk"]) {
		t.Errorf("after Update: gsi1 keys %s / %s, Put writes %s / %s", s(got["gsi1pk"]), s(got["gsi1sk"]), s(want["gsi1pk"]), s(want["gsi1sk"]))
	}
	if n := len(collectAll(t, st.Account.QueryGsi1Index("MixedCase").All(ctx))); n != 1 {
		t.Errorf("QueryGsi1Index(MixedCase) after Update: %d items, want 1", n)
	}
}

// TestKeysOnlyDecodeCaseMapped: an item read from a keys-only index gets a
// key field back only from a template that holds it as written (Handle from
// gsi2sk, never its lowered text in pk); a field held only lowered (Email)
// stays empty.
func TestKeysOnlyDecodeCaseMapped(t *testing.T) {
	st, _, _ := newAccounts(t)
	ctx := t.Context()
	if err := st.Account.Put(ctx, &Account{Handle: "MixedCase", Name: "a", Email: "A@X.com", Score: 3}); err != nil {
		t.Fatal(err)
	}
	got := collectAll(t, st.Account.QueryGsi2Index("a@x.com").All(ctx))
	if len(got) != 1 {
		t.Fatalf("QueryGsi2Index: %d items, want 1", len(got))
	}
	if got[0].Handle != "MixedCase" || got[0].Email != "" || got[0].Score != 3 {
		t.Errorf("keys-only item decoded as %+v, want Handle MixedCase (as written in gsi2sk), Email empty (only lowered in gsi2pk), Score 3", got[0])
	}
}

// TestSparseZeroNumberPutUpdateAgree: an omitempty number of an index
// template at its zero value keeps the item in the index, under the same
// key, whether Put writes it or Update sets or removes it (Update removed
// the index keys: the item left the index that Put kept it in).
func TestSparseZeroNumberPutUpdateAgree(t *testing.T) {
	st, client, table := newAccounts(t)
	ctx := t.Context()
	zero := &Account{Handle: "h", Name: "a", Email: "e@x.com"}
	want, _ := zero.MarshalItem()
	if err := st.Account.Put(ctx, zero); err != nil {
		t.Fatal(err)
	}
	if got := rawItem(t, client, table, want); s(got["gsi2sk"]) != s(want["gsi2sk"]) || s(want["gsi2sk"]) == "" {
		t.Fatalf("Put(Score=0): gsi2sk %q, want %q", s(got["gsi2sk"]), s(want["gsi2sk"]))
	}
	for name, act := range map[string]ddb.UpdateOption{"Set(0)": AccountAttrs.Score.Set(0), "Remove": AccountAttrs.Score.Remove()} {
		if err := st.Account.Put(ctx, &Account{Handle: "h", Name: "a", Email: "e@x.com", Score: 5}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Account.Update(ctx, "h", act, AccountAttrs.Email.Set("e@x.com")); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := rawItem(t, client, table, want)
		if s(got["gsi2pk"]) != s(want["gsi2pk"]) || s(got["gsi2sk"]) != s(want["gsi2sk"]) {
			t.Errorf("Update %s: gsi2 keys %q / %q, Put(Score=0) writes %q / %q", name, s(got["gsi2pk"]), s(got["gsi2sk"]), s(want["gsi2pk"]), s(want["gsi2sk"]))
		}
		if n := len(collectAll(t, st.Account.QueryGsi2Index("e@x.com").All(ctx))); n != 1 {
			t.Errorf("Update %s: QueryGsi2Index: %d items, want 1", name, n)
		}
	}
}

// TestUpsertWritesKeyFieldsAndIndexKeys: an upsert that creates the item
// writes the primary key fields' attributes and every index key whose
// fields are known, as Put does (it left out gsi1, whose template fields
// all come from the primary key, and customer_id, id, placed_at).
func TestUpsertWritesKeyFieldsAndIndexKeys(t *testing.T) {
	shop, client, table := newShop(t)
	ctx := t.Context()
	if _, err := shop.Order.UpdateAnyVersion(ctx, "c1", t0, "o9", OrderAttrs.Total.Set(7), ddb.Upsert()); err != nil {
		t.Fatal(err)
	}
	want, _ := (&Order{CustomerID: "c1", PlacedAt: t0, ID: "o9"}).MarshalItem()
	got := rawItem(t, client, table, want)
	for _, a := range []string{"customer_id", "id", "placed_at", "gsi1pk", "gsi1sk", "_et"} {
		if got[a] == nil || fmt.Sprint(got[a]) != fmt.Sprint(want[a]) {
			t.Errorf("upserted item's %s = %v, Put writes %v", a, got[a], want[a])
		}
	}
	if got["gsi2pk"] != nil {
		t.Errorf("upserted item without Status is in gsi2: %v", got["gsi2pk"])
	}
	if n := len(collectAll(t, shop.Order.QueryGsi1Index("o9").All(ctx))); n != 1 {
		t.Errorf("QueryGsi1Index(o9): %d items, want 1", n)
	}
	if n := len(collectAll(t, shop.Order.Scan(ddb.Filter(OrderAttrs.ID.Eq("o9"))).All(ctx))); n != 1 {
		t.Errorf("Scan(Filter(ID = o9)): %d items, want 1", n)
	}
	o, err := shop.Order.Get(ctx, "c1", t0, "o9")
	if err != nil || o.CustomerID != "c1" || o.ID != "o9" || !o.PlacedAt.Equal(t0) || o.Total != 7 {
		t.Errorf("Get: %+v, %v", o, err)
	}

	// A |lower key field: the upsert writes its typed value, and index keys
	// that hold it as written.
	st, client2, table2 := newAccounts(t)
	if _, err := st.Account.Update(ctx, "NewOne", AccountAttrs.Name.Set("n"), ddb.Upsert()); err != nil {
		t.Fatal(err)
	}
	acc, err := st.Account.Get(ctx, "NewOne")
	if err != nil || acc.Handle != "NewOne" {
		t.Errorf("Get(NewOne) after upsert: %+v, %v", acc, err)
	}
	if n := len(collectAll(t, st.Account.QueryGsi1Index("NewOne").All(ctx))); n != 1 {
		t.Errorf("Account QueryGsi1Index(NewOne): %d items, want 1", n)
	}
	w, _ := (&Account{Handle: "NewOne"}).MarshalItem()
	if g := rawItem(t, client2, table2, w); g["gsi2pk"] != nil {
		t.Errorf("upserted account without Email is in gsi2: %v", g["gsi2pk"])
	}
}

// TestSortKeyBoundsAtKeyLimit: sort-key conditions on values whose keys are
// at DynamoDB's 1,024-byte limit are accepted and exact (their bounds with
// U+10FFFF appended were over the limit: ValidationException).
func TestSortKeyBoundsAtKeyLimit(t *testing.T) {
	shop, _, _ := newShop(t)
	ctx := t.Context()
	idLen := 1024 - len("ORDER#2026-11-03T15:04:05.123456789Z#")
	long := strings.Repeat("x", idLen)
	for _, id := range []string{long, long[:idLen-1] + "y", "x"} {
		if err := shop.Order.Put(ctx, &Order{CustomerID: "c1", ID: id, PlacedAt: t0, Status: "paid"}); err != nil {
			t.Fatal(err)
		}
	}
	count := func(c ddb.KeyCond) int {
		t.Helper()
		n := 0
		for _, err := range shop.Order.Query("c1", OrderKeyParts.PlacedAt.Eq(t0), c).All(ctx) {
			if err != nil {
				t.Fatalf("%v", err)
			}
			n++
		}
		return n
	}
	for name, c := range map[string]struct {
		cond ddb.KeyCond
		want int
	}{
		"Le(longest)":     {OrderKeyParts.ID.Le(long), 2},
		"Ge(longest)":     {OrderKeyParts.ID.Ge(long), 2},
		"Lt(longest)":     {OrderKeyParts.ID.Lt(long), 1},
		"Lt(longest y)":   {OrderKeyParts.ID.Lt(long[:idLen-1] + "y"), 2},
		"Lt(1 byte left)": {OrderKeyParts.ID.Lt(long[:idLen-1]), 1},
		"Lt(2 left)":      {OrderKeyParts.ID.Lt(long[:idLen-2]), 1},
		"Lt(3 left)":      {OrderKeyParts.ID.Lt(long[:idLen-3]), 1},
		"Between":         {OrderKeyParts.ID.Between("x", long), 2},
	} {
		if n := count(c.cond); n != c.want {
			t.Errorf("%s: %d orders, want %d", name, n, c.want)
		}
	}
	// A range on the number after a longest text: the prefix's upper bound.
	oid := strings.Repeat("o", 1024-len("ORDER#2026-11-03T15:04:05.123456789Z##ITEM#00000000000000000001"))
	if err := shop.OrderItem.Put(ctx, &OrderItem{CustomerID: "c1", OrderID: oid, PlacedAt: t0, N: 1}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range shop.OrderItem.Query("c1", OrderItemKeyParts.PlacedAt.Eq(t0), OrderItemKeyParts.OrderID.Eq(oid), OrderItemKeyParts.N.Ge(0)).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("order items of the longest order id with N >= 0: %d, want 1", n)
	}
}

// TestInexactKeyPartOperators: Gt, Le and Between on a text field followed
// by literal text (OrderID in ORDER#{PlacedAt}#{OrderID}#ITEM#{N}) are
// refused before sending, as the README says; Ge, Lt and GeLt run.
func TestInexactKeyPartOperators(t *testing.T) {
	shop, _, _ := newShop(t)
	ctx := t.Context()
	at := OrderItemKeyParts.PlacedAt.Eq(t0)
	for name, c := range map[string]ddb.KeyCond{
		"Gt":      OrderItemKeyParts.OrderID.Gt("o1"),
		"Le":      OrderItemKeyParts.OrderID.Le("o1"),
		"Between": OrderItemKeyParts.OrderID.Between("o1", "o2"),
	} {
		_, err := collectErr(shop.OrderItem.Query("c1", at, c).All(ctx))
		if !errors.Is(err, ddb.ErrInvalidInput) || !errors.Is(err, keys.ErrInexactRange) {
			t.Errorf("%s: %v, want ErrInvalidInput wrapping keys.ErrInexactRange", name, err)
		}
	}
	for name, c := range map[string]ddb.KeyCond{
		"Ge":   OrderItemKeyParts.OrderID.Ge("o1"),
		"Lt":   OrderItemKeyParts.OrderID.Lt("o1"),
		"GeLt": OrderItemKeyParts.OrderID.GeLt("o1", "o2"),
	} {
		if _, err := collectErr(shop.OrderItem.Query("c1", at, c).All(ctx)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// collectErr reads seq to its end: the items and the error met.
func collectErr[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

type keyChanges struct {
	orders []OrderChange
	items  []OrderItemChange
}

func (c *keyChanges) CustomerChanged(context.Context, CustomerChange) error { return nil }
func (c *keyChanges) OrderChanged(_ context.Context, ch OrderChange) error {
	c.orders = append(c.orders, ch)
	return nil
}
func (c *keyChanges) OrderItemChanged(_ context.Context, ch OrderItemChange) error {
	c.items = append(c.items, ch)
	return nil
}
func (c *keyChanges) ProductChanged(context.Context, ProductChange) error { return nil }

// TestStreamKeysOnlyTypedKey: a KEYS_ONLY stream record reaches its
// entity's method with the typed key decoded from Keys (it had only the raw
// Keys, Old and New nil).
func TestStreamKeysOnlyTypedKey(t *testing.T) {
	om, _ := (&Order{CustomerID: "c1", ID: "o1", PlacedAt: t0, Status: "paid", Total: 7}).MarshalItem()
	im, _ := (&OrderItem{CustomerID: "c1", OrderID: "o1", PlacedAt: t0, N: 2}).MarshalItem()
	keysOnly := func(r events.DynamoDBEventRecord, name string) events.DynamoDBEventRecord {
		r.EventName, r.Change.StreamViewType, r.Change.NewImage = name, "KEYS_ONLY", nil
		return r
	}
	var c keyChanges
	resp := HandleShopChanges(t.Context(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{
		keysOnly(record(t, "1", om), "REMOVE"),
		keysOnly(record(t, "2", im), "MODIFY"),
	}}, &c)
	if len(resp.BatchItemFailures) != 0 || len(c.orders) != 1 || len(c.items) != 1 {
		t.Fatalf("failures %v, %d orders, %d items", resp.BatchItemFailures, len(c.orders), len(c.items))
	}
	o := c.orders[0]
	if o.Old != nil || o.New != nil || o.Key == nil || o.Key.CustomerID != "c1" || o.Key.ID != "o1" || !o.Key.PlacedAt.Equal(t0) || o.Key.Status != "" {
		t.Errorf("order change: Old %v New %v Key %+v", o.Old, o.New, o.Key)
	}
	if k := c.items[0].Key; k == nil || k.OrderID != "o1" || k.N != 2 || !k.PlacedAt.Equal(t0) {
		t.Errorf("order item change: Key %+v", k)
	}
}
