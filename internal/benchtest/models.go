// Package benchtest measures the generated query path against the code a user
// would otherwise write with aws-sdk-go-v2 (the expression builder and
// attributevalue), both driving the same DynamoDB client over an in-memory
// HTTP transport that serves canned responses: no network, no server. Its
// model is the orders table of the Stelvio guide, with committed generated code.
package benchtest

//go:generate go tool stelviogen -json

// Order is one order of a customer: the orders table of the Stelvio guide,
// with its local index on status and global index on status and total.
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
