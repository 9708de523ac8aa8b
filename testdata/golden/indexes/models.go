// Package indexes is the guide's orders table with a local and a global index,
// both with the default (keys-only) projection.
package indexes

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index" gsi:"status-total-index,pk"`
	Total      float64  `dynamodbav:"total" gsi:"status-total-index,sk"`
}
