// Package multiindexfield puts several indexes on one field, separated by ';'.
package multiindexfield

type Ticket struct {
	_        struct{} `dynamo:"table=tickets"`
	Project  string   `dynamodbav:"project" dynamo:"pk"`
	TicketID string   `dynamodbav:"ticket_id" dynamo:"sk"`
	Status   string   `dynamodbav:"status" gsi:"by-status,pk,project=all;by-assignee-status,sk" lsi:"project-status"`
	Assignee string   `dynamodbav:"assignee" gsi:"by-assignee-status,pk,project=title"`
	Day      string   `dynamodbav:"day" gsi:"by-status,sk;by-day,pk"`
	Title    string   `dynamodbav:"title"`
}
