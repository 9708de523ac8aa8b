package entitytest

import (
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
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
