package numberkey

import "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

type Thing struct {
	ID attributevalue.Number `dynamodbav:"id" dynamo:"pk"`
}
