package entitytest

import "time"

// NotesV1 and NotesV2 are one table's model before and after a key template
// change (TestMigrateGeneratedVersions): entity "note" keyed by id and
// revision number, then by id and edit time. Their physical table is one.
type NotesV1 struct {
	_  struct{} `dynamo:"table=notes-v1"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

// NoteV1 is a note as version 1 of the model stores it.
type NoteV1 struct {
	_        struct{}  `dynamo:"entity=note,in=NotesV1" key:"pk=NOTE#{ID},sk=REV#{Rev}"`
	ID       string    `dynamodbav:"id"`
	Rev      int       `dynamodbav:"rev"`
	EditedAt time.Time `dynamodbav:"edited_at"`
	Text     string    `dynamodbav:"text"`
}

// NotesV2 is the same table, version 2 of the model.
type NotesV2 struct {
	_  struct{} `dynamo:"table=notes-v2"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

// NoteV2 is a note as version 2 stores it: its sort key is the edit time.
type NoteV2 struct {
	_        struct{}  `dynamo:"entity=note,in=NotesV2" key:"pk=NOTES#{ID},sk=EDIT#{EditedAt}#{Rev}"`
	ID       string    `dynamodbav:"id"`
	Rev      int       `dynamodbav:"rev"`
	EditedAt time.Time `dynamodbav:"edited_at"`
	Text     string    `dynamodbav:"text"`
}
