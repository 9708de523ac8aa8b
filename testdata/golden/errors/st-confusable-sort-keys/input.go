package stconfusablesortkeys

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Order struct {
	_          struct{} `dynamo:"entity=order,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{ID}"`
	CustomerID string   `dynamodbav:"customer_id"`
	ID         string   `dynamodbav:"id"`
}

// A return's key looks like an order's: ORDER#r-1 could be either.
type Return struct {
	_          struct{} `dynamo:"entity=return,in=Shop" key:"pk=CUSTOMER#{CustomerID},sk=ORDER#{ReturnID}"`
	CustomerID string   `dynamodbav:"customer_id"`
	ReturnID   string   `dynamodbav:"return_id"`
}
