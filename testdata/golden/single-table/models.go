// Package singletable is a single-table design: customers, their orders, the
// orders' items and products in one table, keys built from templates.
package singletable

import "time"

// Shop is the table: generic key attributes, two global indexes.
type Shop struct {
	_      struct{} `dynamo:"table=shop,stream=new-and-old-images,type=kind"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk,project=all"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"gsi1,sk"`
	GSI2PK string   `dynamodbav:"gsi2pk,omitempty" gsi:"by-status,pk,project=all"`
	GSI2SK string   `dynamodbav:"gsi2sk,omitempty" gsi:"by-status,sk"`
}

// Customer is found by id and by e-mail address.
type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE,gsi1pk=EMAIL#{Email|lower},gsi1sk=CUSTOMER"`
	ID    string   `dynamodbav:"id"`
	Email string   `dynamodbav:"email"`
	Name  string   `dynamodbav:"name"`
}

// Order lives in its customer's partition (the Customer collection), is
// found by id (with its items: the Order collection of gsi1) and by status.
type Order struct {
	_          struct{}  `dynamo:"entity=order,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{ID},gsi1pk=ORDER#{ID},gsi1sk=ORDER,gsi2pk=STATUS#{Status},gsi2sk=ORDER#{PlacedAt}#{ID}"`
	CustomerID string    `dynamodbav:"customer_id"`
	ID         string    `dynamodbav:"id"`
	PlacedAt   time.Time `dynamodbav:"placed_at"`
	Status     string    `dynamodbav:"status"`
	Total      int64     `dynamodbav:"total"`
	Version    int64     `dynamodbav:"version" dynamo:"version"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	_        struct{} `dynamo:"entity=order-item,in=Shop" key:"pk=ORDER#{OrderID},sk=ITEM#{Line},gsi1pk=ORDER#{OrderID},gsi1sk=ITEM#{Line}"`
	OrderID  string   `dynamodbav:"order_id"`
	Line     int      `dynamodbav:"line"`
	SKU      string   `dynamodbav:"sku"`
	Quantity int      `dynamodbav:"quantity"`
	Price    float64  `dynamodbav:"price"`
}

// Product is in no index but the table's.
type Product struct {
	_         struct{} `dynamo:"entity=product,in=Shop" key:"pk=PRODUCT#{SKU},sk=PRICE#{Price|fixed=2}"`
	SKU       string   `dynamodbav:"sku"`
	Price     float64  `dynamodbav:"price"`
	Name      string   `dynamodbav:"name"`
	ExpiresAt int64    `dynamodbav:"expires_at" dynamo:"ttl"`
}
