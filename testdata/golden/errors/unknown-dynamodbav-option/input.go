package unknowndynamodbavoption

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Note       string `dynamodbav:"note,omitemtpy"`
}
