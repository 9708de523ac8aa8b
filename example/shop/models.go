// Package shop is the example app's single-table design: customers, their
// orders and the orders' items, and products, in one table whose generic key
// attributes each entity fills from templates (README, "Single-table design").
//
// Access patterns:
//   - a customer with their orders and order items: one query of partition
//     CUSTOMER#{ID} (the Customer collection, ShopStore.QueryCustomer)
//   - an order: Order.Get; its items: OrderItem.Query with an equality on
//     the order's date and id (its prefix ORDER#<date>#<id>#ITEM# selects
//     that order's items only)
//   - orders by status, newest first (the GSI by-status)
//   - products of a category by price (the GSI by-category)
package shop

import "time"

//go:generate go tool stelviogen

// Shop is the table.
type Shop struct {
	_      struct{} `dynamo:"table=shop"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"by-status,pk,project=all"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"by-status,sk"`
	GSI2PK string   `dynamodbav:"gsi2pk,omitempty" gsi:"by-category,pk,project=all"`
	GSI2SK string   `dynamodbav:"gsi2sk,omitempty" gsi:"by-category,sk"`
}

// Customer is a customer's profile, first in their partition.
type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
	ID    string   `dynamodbav:"id"`
	Name  string   `dynamodbav:"name"`
	Email string   `dynamodbav:"email"`
}

// Order is an order of a customer, in the customer's partition by date, and
// by status while it has one.
type Order struct {
	_          struct{}  `dynamo:"entity=order,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{ID},gsi1pk=STATUS#{Status},gsi1sk=ORDER#{PlacedAt}#{ID}"`
	CustomerID string    `dynamodbav:"customer_id"`
	ID         string    `dynamodbav:"id"`
	PlacedAt   time.Time `dynamodbav:"placed_at"`
	Status     string    `dynamodbav:"status,omitempty"`
	Total      int64     `dynamodbav:"total"` // in cents
	Version    int64     `dynamodbav:"version" dynamo:"version"`
}

// OrderItem is a line of an order, under its order in the customer's partition.
type OrderItem struct {
	_          struct{}  `dynamo:"entity=order_item,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{OrderID}#ITEM#{Line}"`
	CustomerID string    `dynamodbav:"customer_id"`
	OrderID    string    `dynamodbav:"order_id"`
	PlacedAt   time.Time `dynamodbav:"placed_at"`
	Line       int       `dynamodbav:"line"`
	SKU        string    `dynamodbav:"sku"`
	Quantity   int       `dynamodbav:"quantity"`
}

// Product is a product of the catalogue, by category and price.
type Product struct {
	_        struct{} `dynamo:"entity=product,in=Shop" key:"pk=PRODUCT#{SKU},sk=PRODUCT,gsi2pk=CATEGORY#{Category},gsi2sk=PRICE#{Price}#{SKU}"`
	SKU      string   `dynamodbav:"sku"`
	Title    string   `dynamodbav:"title"`
	Category string   `dynamodbav:"category"`
	Price    int64    `dynamodbav:"price"` // in cents
}
