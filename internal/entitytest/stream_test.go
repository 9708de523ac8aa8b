package entitytest

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// image converts an item of S and N attributes to a stream image.
func image(t *testing.T, m map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	t.Helper()
	out := map[string]events.DynamoDBAttributeValue{}
	for k, av := range m {
		switch v := av.(type) {
		case *types.AttributeValueMemberS:
			out[k] = events.NewStringAttribute(v.Value)
		case *types.AttributeValueMemberN:
			out[k] = events.NewNumberAttribute(v.Value)
		default:
			t.Fatalf("attribute %s: %T", k, av)
		}
	}
	return out
}

func record(t *testing.T, id string, m map[string]types.AttributeValue) events.DynamoDBEventRecord {
	img := image(t, m)
	return events.DynamoDBEventRecord{EventID: id, EventName: "INSERT", Change: events.DynamoDBStreamRecord{
		Keys:     map[string]events.DynamoDBAttributeValue{"pk": img["pk"], "sk": img["sk"]},
		NewImage: img, StreamViewType: "NEW_AND_OLD_IMAGES", SequenceNumber: id,
	}}
}

type changes struct {
	customers []*Customer
	orders    []*Order
	items     []*OrderItem
	products  int
	fail      bool
}

func (c *changes) CustomerChanged(_ context.Context, ch CustomerChange) error {
	c.customers = append(c.customers, ch.New)
	return nil
}

func (c *changes) OrderChanged(_ context.Context, ch OrderChange) error {
	if c.fail {
		return errors.New("boom")
	}
	c.orders = append(c.orders, ch.New)
	return nil
}

func (c *changes) OrderItemChanged(_ context.Context, ch OrderItemChange) error {
	c.items = append(c.items, ch.New)
	return nil
}

func (c *changes) ProductChanged(context.Context, ProductChange) error { c.products++; return nil }

// Each record goes to its entity's method, decoded as that entity; records
// of no entity of the table are skipped.
func TestHandleShopChanges(t *testing.T) {
	cm, _ := (&Customer{ID: "c1", Email: "a@x"}).MarshalItem()
	om, _ := (&Order{CustomerID: "c1", ID: "o1", PlacedAt: t0, Status: "paid", Total: 7}).MarshalItem()
	im, _ := (&OrderItem{CustomerID: "c1", OrderID: "o1", PlacedAt: t0, N: 2}).MarshalItem()
	foreign := map[string]types.AttributeValue{"pk": cm["pk"], "sk": &types.AttributeValueMemberS{Value: "COUPON#1"}, "_et": &types.AttributeValueMemberS{Value: "coupon"}}
	e := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{record(t, "1", cm), record(t, "2", foreign), record(t, "3", om), record(t, "4", im)}}
	var c changes
	resp := HandleShopChanges(t.Context(), e, &c)
	if len(resp.BatchItemFailures) != 0 {
		t.Fatalf("failures: %v", resp.BatchItemFailures)
	}
	if len(c.customers) != 1 || c.customers[0].ID != "c1" || len(c.orders) != 1 || c.orders[0].Total != 7 || len(c.items) != 1 || c.items[0].N != 2 || c.products != 0 {
		t.Errorf("changes: %+v", c)
	}
	c = changes{fail: true}
	resp = HandleShopChanges(t.Context(), e, &c)
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "3" {
		t.Errorf("a failing handler: %v", resp.BatchItemFailures)
	}
}
