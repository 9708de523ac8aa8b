package nearmisslsi

type Order struct {
	ID     string `dynamodbav:"id" dynamo:"pk"`
	Date   string `dynamodbav:"date" dynamo:"sk"`
	Status string `dynamodbav:"status" lsl:"status-index"`
}
