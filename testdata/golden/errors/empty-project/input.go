package emptyproject

type Thing struct {
	ID     string `dynamodbav:"id" dynamo:"pk"`
	Status string `dynamodbav:"status" gsi:"by-status,pk,project="`
}
