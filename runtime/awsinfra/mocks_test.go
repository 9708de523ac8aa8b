package awsinfra

// The orders table as the mocks name it in stack app/dev.
const (
	ordersName = "app-dev-orders"
	ordersArn  = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"
)
