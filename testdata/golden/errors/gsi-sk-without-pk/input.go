package gsiskwithoutpk

type Order struct {
	CustomerID string  `dynamodbav:"customer_id" dynamo:"pk"`
	Total      float64 `dynamodbav:"total" gsi:"by-total,sk"`
}
