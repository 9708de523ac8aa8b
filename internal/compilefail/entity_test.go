package compilefail

import (
	"testing"

	"github.com/stelviogen/stelviogen/internal/compilecheck"
)

// entitySnippets are checked against the generated code of
// internal/entitytest (a single-table design), with s *entitytest.ShopStore,
// p *entitytest.ShopCustomerPage and o *entitytest.Order in scope.
var entitySnippets = []compilecheck.Snippet{
	{"control: update of an index-key field", `_, _ = s.Customer.Update(ctx, "c1", entitytest.CustomerAttrs.Email.Set("a@b.c"))`, ``},
	{"control: a full visitor", `_ = p.Visit(fullVisitor{})`, ``},
	{"Set on a primary-key template field", `_, _ = s.Customer.Update(ctx, "c1", entitytest.CustomerAttrs.ID.Set("c2"))`, `entitytest.CustomerAttrs.ID.Set undefined`},
	{"Remove on a primary-key template field", `_, _ = s.Order.UpdateAnyVersion(ctx, "c1", o.PlacedAt, "o1", entitytest.OrderAttrs.PlacedAt.Remove())`, `entitytest.OrderAttrs.PlacedAt.Remove undefined`},
	{"a visitor missing a member", `_ = p.Visit(partialVisitor{})`, `missing method VisitOrderItem`},
	{"a foreign type in the sealed item type", `var it entitytest.ShopCustomerItem = &entitytest.Product{}; _ = it`, `missing method isShopCustomerItem`},
	{"a stream handler missing an entity", `_ = entitytest.HandleShopChanges(ctx, events.DynamoDBEvent{}, partialVisitor{})`, `missing method CustomerChanged`},
	{"control: reads through a read-only store", `_, _ = ro.Order.Get(ctx, "c1", o.PlacedAt, "o1"); _ = ro.QueryCustomer("c1")`, ``},
	{"write through a read-only store", `_ = ro.Order.Put(ctx, o)`, `ro.Order.Put undefined`},
	{"typed key arguments", `_, _ = s.Order.Get(ctx, "c1", "2026-01-01", "o1")`, `cannot use "2026-01-01" (untyped string constant) as "time".Time value`},
}

func TestWrongEntityExpressionsDoNotCompile(t *testing.T) {
	compilecheck.Run(t, "bad", `package bad

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stelviogen/stelviogen/internal/entitytest"
)

type fullVisitor struct{}

func (fullVisitor) VisitCustomer(*entitytest.Customer) error   { return nil }
func (fullVisitor) VisitOrder(*entitytest.Order) error         { return nil }
func (fullVisitor) VisitOrderItem(*entitytest.OrderItem) error { return nil }

type partialVisitor struct{}

func (partialVisitor) VisitCustomer(*entitytest.Customer) error { return nil }
func (partialVisitor) VisitOrder(*entitytest.Order) error       { return nil }

var _ = events.DynamoDBEvent{}
`, "ctx context.Context, s *entitytest.ShopStore, ro *entitytest.ShopReadOnlyStore, p *entitytest.ShopCustomerPage, o *entitytest.Order", entitySnippets)
}
