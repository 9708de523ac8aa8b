package tableoptiononfield

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk,table=orders"`
}
