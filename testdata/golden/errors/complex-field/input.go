package complexfield

type Signal struct {
	ID    string     `dynamodbav:"id" dynamo:"pk"`
	Phase complex128 `dynamodbav:"phase"`
}
