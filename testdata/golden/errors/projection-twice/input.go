package projectiontwice

type Order struct {
	CustomerID string  `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string  `dynamodbav:"status" gsi:"by-status,pk,project=all"`
	Total      float64 `dynamodbav:"total" gsi:"by-status,sk,project=keys"`
}
