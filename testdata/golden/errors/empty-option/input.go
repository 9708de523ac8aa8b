package emptyoption

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk,"`
}
