package gsitwosks

type Order struct {
	CustomerID string  `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string  `dynamodbav:"status" gsi:"by-status,pk"`
	Total      float64 `dynamodbav:"total" gsi:"by-status,sk"`
	Placed     string  `dynamodbav:"placed" gsi:"by-status,sk"`
}
