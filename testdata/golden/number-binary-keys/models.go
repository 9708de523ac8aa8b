// Package numberbinarykeys has number (N) and binary (B) keys, in the table and an index.
package numberbinarykeys

type Reading struct {
	_        struct{} `dynamo:"table=readings"`
	SensorID int64    `dynamodbav:"sensor_id" dynamo:"pk"`
	At       uint32   `dynamodbav:"at" dynamo:"sk"`
	Digest   []byte   `dynamodbav:"digest" gsi:"by-digest,pk"`
	Value    float32  `dynamodbav:"value" gsi:"by-digest,sk"`
	Code     int      `dynamodbav:"code,string" gsi:"by-code,pk,project=all"`
}

type Blob struct {
	_    struct{} `dynamo:"table=blobs"`
	Hash []byte   `dynamodbav:"hash" dynamo:"pk"`
	Size int      `dynamodbav:"size"`
}
