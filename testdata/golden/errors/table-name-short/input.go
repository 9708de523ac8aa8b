package tablenameshort

type Ab struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
}
