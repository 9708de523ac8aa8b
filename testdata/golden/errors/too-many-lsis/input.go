package toomanylsis

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sk"`
	A          string `lsi:"lsi-a"`
	B          string `lsi:"lsi-b"`
	C          string `lsi:"lsi-c"`
	D          string `lsi:"lsi-d"`
	E          string `lsi:"lsi-e"`
	F          string `lsi:"lsi-f"`
}
