package emptyindexname

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string `dynamodbav:"status" gsi:",pk"`
}
