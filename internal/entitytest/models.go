// Package entitytest is a single-table model (a shop: customers, their
// orders and order items, products) whose generated code the tests of
// issue 17's generated API run on DynamoDB Local.
package entitytest

import "time"

//go:generate go tool stelviogen -json

// Shop is the table: generic key attributes and two global indexes.
type Shop struct {
	_      struct{} `dynamo:"table=shop,stream=new-and-old-images"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk,project=all"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"gsi1,sk"`
	GSI2PK string   `dynamodbav:"gsi2pk,omitempty" gsi:"gsi2,pk,project=keys-only"`
	GSI2SK string   `dynamodbav:"gsi2sk,omitempty" gsi:"gsi2,sk"`
}

// Customer is a shop's customer, found by email through gsi1.
type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE,gsi1pk=EMAIL#{Email|lower},gsi1sk=CUSTOMER"`
	ID    string   `dynamodbav:"id"`
	Email string   `dynamodbav:"email"`
	Name  string   `dynamodbav:"name"`
}

// Order is an order of a customer: in the customer's partition, by id
// through gsi1, and by status through gsi2 while it has one (sparse).
type Order struct {
	_          struct{}  `dynamo:"entity=order,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{ID},gsi1pk=ORDER#{ID},gsi1sk=ORDER,gsi2pk=STATUS#{Status},gsi2sk=ORDER#{PlacedAt}#{ID}"`
	CustomerID string    `dynamodbav:"customer_id"`
	ID         string    `dynamodbav:"id"`
	PlacedAt   time.Time `dynamodbav:"placed_at"`
	Status     string    `dynamodbav:"status,omitempty"`
	Total      int64     `dynamodbav:"total"`
	Version    int64     `dynamodbav:"version" dynamo:"version"`
}

// OrderItem is a line of an order: under its order in the customer's
// partition (a hierarchical key) and beside its order in gsi1.
type OrderItem struct {
	_          struct{}  `dynamo:"entity=order_item,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{OrderID}#ITEM#{N},gsi1pk=ORDER#{OrderID},gsi1sk=ITEM#{N}"`
	CustomerID string    `dynamodbav:"customer_id"`
	OrderID    string    `dynamodbav:"order_id"`
	PlacedAt   time.Time `dynamodbav:"placed_at"`
	N          int       `dynamodbav:"n"`
	SKU        string    `dynamodbav:"sku"`
	Quantity   int       `dynamodbav:"quantity"`
}

// Product is a product of the catalogue, in a partition of its own, and by
// category and price through gsi1.
type Product struct {
	_        struct{} `dynamo:"entity=product,in=Shop" key:"pk=PRODUCT#{SKU},sk=PRODUCT,gsi1pk=CATEGORY#{Category},gsi1sk=PRICE#{Price}#{SKU}"`
	SKU      string   `dynamodbav:"sku"`
	Title    string   `dynamodbav:"title"`
	Category string   `dynamodbav:"category"`
	Price    int64    `dynamodbav:"price"`
}

// Accounts is a table whose primary key lowercases a field that an index
// key holds as written (Handle), and whose keys-only index sorts by an
// omitempty number (Score): updates must not take Handle's text from the
// lowered key, and Put and Update must agree on Score's zero value.
type Accounts struct {
	_      struct{} `dynamo:"table=accounts"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk,project=all"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"gsi1,sk"`
	GSI2PK string   `dynamodbav:"gsi2pk,omitempty" gsi:"gsi2,pk,project=keys-only"`
	GSI2SK string   `dynamodbav:"gsi2sk,omitempty" gsi:"gsi2,sk"`
}

// Account is the entity of Accounts.
type Account struct {
	_      struct{} `dynamo:"entity=account,in=Accounts" key:"pk=ACCOUNT#{Handle|lower},sk=ACCOUNT,gsi1pk=HANDLE#{Handle},gsi1sk=NAME#{Name},gsi2pk=EMAIL#{Email|lower},gsi2sk=SCORE#{Score}#{Handle}"`
	Handle string   `dynamodbav:"handle"`
	Name   string   `dynamodbav:"name"`
	Email  string   `dynamodbav:"email"`
	Score  int64    `dynamodbav:"score,omitempty"`
}
