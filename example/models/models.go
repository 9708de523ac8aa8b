// Package models holds the example app's data: the orders and users tables of
// Stelvio's DynamoDB guide, as tagged Go structs.
package models

//go:generate go tool stelviogen

// Order is one order of a customer. Its table has the guide's local index on
// status (projecting total) and global index on status and total (projecting all).
type Order struct {
	_          struct{} `dynamo:"table=orders,stream=new-and-old-images"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index,project=total" gsi:"status-total-index,pk,project=all"`
	Total      float64  `dynamodbav:"total" gsi:"status-total-index,sk"`
	Items      []string `dynamodbav:"items,omitempty"`
	ExpiresAt  int64    `dynamodbav:"expires_at,omitempty" dynamo:"ttl"`
	Version    int64    `dynamodbav:"version" dynamo:"version"`
}

// User is the guide's users table: a partition key and a name.
type User struct {
	_      struct{} `dynamo:"table=users"`
	UserID string   `dynamodbav:"user_id" dynamo:"pk"`
	Name   string   `dynamodbav:"name"`
}
