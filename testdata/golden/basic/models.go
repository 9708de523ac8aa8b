// Package basic is the first table of Stelvio's guide: partition and sort key.
package basic

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status"`
	Total      float64  `dynamodbav:"total"`
}
