package localdev

import (
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// EndpointEnv names the environment variable holding the local DynamoDB
// server's URL; scripts/test.sh and scripts/dev.sh set it.
const EndpointEnv = "STELVIOGEN_DYNAMODB_ENDPOINT"

// DefaultEndpoint is DynamoDB Local's default address.
const DefaultEndpoint = "http://127.0.0.1:8000"

// Endpoint returns the URL in STELVIOGEN_DYNAMODB_ENDPOINT, or DefaultEndpoint.
func Endpoint() string {
	if ep := os.Getenv(EndpointEnv); ep != "" {
		return ep
	}
	return DefaultEndpoint
}

// Client returns a DynamoDB client for the server at endpoint, in region
// us-east-1 with the static access key "local". It reads no AWS configuration
// or credentials of the machine. DynamoDB Local keeps one database per access
// key and region (unless started with -sharedDb), so other tools see these
// tables with the same key and region, e.g.
// AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1.
func Client(endpoint string) *dynamodb.Client {
	return dynamodb.NewFromConfig(aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	}, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(endpoint)
	})
}
