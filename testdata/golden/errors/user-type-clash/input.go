package usertypeclash

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
}

// OrderKey is the user's own type: the generated key type has this name.
type OrderKey struct {
	CustomerID, OrderDate string
}
