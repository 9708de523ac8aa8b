package keyattrnamebytes

// The name has 128 characters but 256 bytes in UTF-8: DynamoDB counts bytes.
type Order struct {
	ID   string `dynamodbav:"éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé" dynamo:"pk"`
	Date string `dynamodbav:"date" dynamo:"sk"`
}
