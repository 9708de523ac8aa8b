package projectionunknownattr

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string `dynamodbav:"status" gsi:"by-status,pk,project=total|amount"`
	Total      int64  `dynamodbav:"total"`
}
