// Package users is the guide's users table, linked to a function in its
// "Linking to Lambda Functions" section.
package users

type User struct {
	_      struct{} `dynamo:"table=users"`
	UserID string   `dynamodbav:"user_id" dynamo:"pk"`
	Name   string   `dynamodbav:"name"`
}
