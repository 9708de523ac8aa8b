// Package ddbevents builds the DynamoDB events Lambda delivers to a stream
// consumer, for tests of stream handlers: from model values (Insert, Modify,
// Remove, Expire, then Event) or from the records of a table's stream read with
// the DynamoDB Streams API (FromStreamRecords, or ReadEvent against DynamoDB
// Local). Every record is written in the JSON shape of a Lambda DynamoDB event
// record and decoded with aws-lambda-go, as a deployed function receives it.
//
// It is handler-side code: it imports aws-sdk-go-v2, aws-lambda-go and
// runtime/ddb, never Pulumi.
package ddbevents
