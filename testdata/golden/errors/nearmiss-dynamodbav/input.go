package nearmissdynamodbav

type Order struct {
	ID      string  `dynamodbav:"id" dynamo:"pk"`
	Status  string  `dynamo_av:"status"`
	Total   int64   `dynamodbAV:"total,omitempty"`
	Address Address `dynamodbav:"address"`
}

// Address is no table, but its fields are stored inside Order's items.
type Address struct {
	City string `json:"city" dynamodb:"city"`
}
