package embeddedstructtagged

type Audit struct {
	By string `dynamodbav:"by"`
}

type Order struct {
	Audit      `gsi:"by-audit,pk"`
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
}
