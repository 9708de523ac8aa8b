package keybool

type Flag struct {
	Enabled bool `dynamodbav:"enabled" dynamo:"pk"`
}
