package nearmisskeycase

type Order struct {
	ID    string `dynamodbav:"id" dynamo:"pk"`
	Date  string `dynamodbav:"date" Dynamo:"sk"`
	Total int64  `dynamodbav:"total" GSI:"by-total,pk"`
}
