package pkandskonefield

type Thing struct {
	ID string `dynamodbav:"id" dynamo:"pk,sk"`
}
