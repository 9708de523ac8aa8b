package tablenamebadnodefault

// The explicit name is refused; the type's default name ("a", too short)
// must not be reported as well.
type A struct {
	_  struct{} `dynamo:"table=ab"`
	ID string   `dynamodbav:"id" dynamo:"pk"`
}
