package indexkeyattrnamelong

type Order struct {
	ID     string `dynamodbav:"id" dynamo:"pk"`
	Status string `dynamodbav:"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss" gsi:"by-status,pk"`
}
