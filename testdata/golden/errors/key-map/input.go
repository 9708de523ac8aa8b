package keymap

type Order struct {
	CustomerID map[string]string `dynamodbav:"customer_id" dynamo:"pk"`
}
