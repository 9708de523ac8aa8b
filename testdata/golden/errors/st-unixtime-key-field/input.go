package stunixtimekeyfield

import "time"

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Event struct {
	_  struct{}  `dynamo:"entity=event,in=Shop" key:"pk=EVENT#{ID},sk=AT#{At}"`
	ID string    `dynamodbav:"id"`
	At time.Time `dynamodbav:"at,unixtime"`
}
