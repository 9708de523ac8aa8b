package projectiongofieldname

type Order struct {
	CustomerID string  `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string  `dynamodbav:"status" gsi:"by-status,pk,project=Total"`
	Total      float64 `dynamodbav:"total"`
}
