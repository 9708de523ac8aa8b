package namedbyteslice

type Octet byte

type Packet struct {
	ID      string  `dynamodbav:"id" dynamo:"pk"`
	Payload []Octet `dynamodbav:"payload"`
}
