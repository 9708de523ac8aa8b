package nearmissgsi

type Order struct {
	ID     string `dynamodbav:"id" dynamo:"pk"`
	Status string `dynamodbav:"status" gis:"by-status,pk"`
	Total  int64  `dynamodbav:"total" gsi:"by-total,pk"`
}
