package multipleerrors

type Order struct {
	CustomerID bool    `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string  `dynamodbav:"status" gsi:"x,pk"`
	Total      float64 `dynamodbav:"total" dynamo:"version"`
}
