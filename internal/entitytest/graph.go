package entitytest

import "time"

// Graph is a second entity table: an adjacency list with an inverted index
// (the table's sort key is the partition key of a global index, its partition
// key that index's sort key), a keys-only local index of templated sort keys,
// the separator '|' and an adopted type attribute.
type Graph struct {
	_      struct{} `dynamo:"table=graph,sep=|"`
	PK     string   `dynamodbav:"pk" dynamo:"pk" gsi:"inverted,sk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk" gsi:"inverted,pk,project=all"`
	LSI1SK string   `dynamodbav:"lsi1sk,omitempty" lsi:"by-name,project=keys"`
	Kind   string   `dynamodbav:"kind" dynamo:"type"`
}

// Employee is a person, by name through the local index.
type Employee struct {
	_    struct{} `dynamo:"entity=employee,in=Graph" key:"pk=EMP|{ID},sk=PROFILE,lsi1sk=NAME|{Name|lower}"`
	ID   string   `dynamodbav:"id"`
	Name string   `dynamodbav:"name,omitempty"`
}

// Team is a team, in its own partition and, through the inverted index,
// beside its members.
type Team struct {
	_     struct{} `dynamo:"entity=team,in=Graph" key:"pk=TEAM|{ID},sk=TEAM|{ID}"`
	ID    string   `dynamodbav:"id"`
	Title string   `dynamodbav:"title"`
}

// Membership links an employee to a team: under the employee (by date
// through the local index), and under the team through the inverted index.
type Membership struct {
	_          struct{}  `dynamo:"entity=membership,in=Graph" key:"pk=EMP|{EmployeeID},sk=TEAM|{TeamID},lsi1sk=SINCE|{Since}"`
	EmployeeID string    `dynamodbav:"employee_id"`
	TeamID     string    `dynamodbav:"team_id"`
	Since      time.Time `dynamodbav:"since"`
	Role       string    `dynamodbav:"role"`
}
