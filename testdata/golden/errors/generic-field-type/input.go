package genericfieldtype

type Box[T any] struct{ V T }

type Order struct {
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	Extra      Box[int] `dynamodbav:"extra"`
}
