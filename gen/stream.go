package gen

import (
	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

const pkgEvents = "github.com/aws/aws-lambda-go/events"

// streamDecls, for a table with a stream, decode stream records into the model
// type with the generated codec; other tables get nothing.
func streamDecls(t *tags.Table) []Code {
	if t.Stream == tags.StreamNone {
		return nil
	}
	return []Code{changeType(t), decodeChangeFunc(t)}
}

// changeType is one record of the table's stream, typed:
//
//	// OrderChange is one record of table "orders"'s stream (NEW_AND_OLD_IMAGES).
//	type OrderChange struct {
//		EventID, EventName, SequenceNumber string
//		Keys map[string]types.AttributeValue
//		Old, New *Order // nil when the record does not carry that image
//	}
func changeType(t *tags.Table) Code {
	n := typeName(t)
	return doc(
		n+"Change is one record of table "+quoteName(t.Name)+"'s stream ("+string(t.Stream)+").",
		"Old and New are nil when the record does not carry that image: Old on INSERT,",
		"New on REMOVE, and both unless the stream view includes them.",
	).Type().Id(n+"Change").Struct(
		Id("EventID").String(),
		Comment("EventName is ddb.StreamInsert, ddb.StreamModify or ddb.StreamRemove."),
		Id("EventName").String(),
		Id("SequenceNumber").String(),
		Id("Keys").Map(String()).Qual(pkgTypes, "AttributeValue"),
		Id("Old").Op("*").Add(modelType(t)),
		Id("New").Op("*").Add(modelType(t)),
	)
}

// decodeChangeFunc decodes a Lambda stream event record with the codec:
//
//	func DecodeOrderChange(r events.DynamoDBEventRecord) (OrderChange, error) {
//		rec, err := ddb.NewStreamRecord(r)
//		...
//		if rec.NewImage != nil { c.New = new(Order); err := c.New.UnmarshalItem(rec.NewImage) ... }
//	}
func decodeChangeFunc(t *tags.Table) Code {
	n := typeName(t)
	image := func(field, img string) Code {
		return If(Id("rec").Dot(img).Op("!=").Nil()).Block(
			Id("c").Dot(field).Op("=").New(modelType(t)),
			If(Err().Op(":=").Id("c").Dot(field).Dot("UnmarshalItem").Call(Id("rec").Dot(img)), Err().Op("!=").Nil()).Block(
				Return(Id(n+"Change").Values(), Qual("fmt", "Errorf").Call(Lit("decoding "+img+" of stream record %s of table "+t.Name+": %w"), Id("r").Dot("EventID"), Err())),
			),
		)
	}
	return doc(
		"Decode"+n+"Change decodes one record of a Lambda DynamoDB stream event from table "+quoteName(t.Name)+".",
	).Func().Id("Decode"+n+"Change").Params(Id("r").Qual(pkgEvents, "DynamoDBEventRecord")).Params(Id(n+"Change"), Error()).Block(
		List(Id("rec"), Err()).Op(":=").Qual(pkgDDB, "NewStreamRecord").Call(Id("r")),
		If(Err().Op("!=").Nil()).Block(
			Return(Id(n+"Change").Values(), Qual("fmt", "Errorf").Call(Lit("stream record %s of table "+t.Name+": %w"), Id("r").Dot("EventID"), Err())),
		),
		Id("c").Op(":=").Id(n+"Change").Values(Dict{
			Id("EventID"):        Id("rec").Dot("EventID"),
			Id("EventName"):      Id("rec").Dot("EventName"),
			Id("SequenceNumber"): Id("rec").Dot("SequenceNumber"),
			Id("Keys"):           Id("rec").Dot("Keys"),
		}),
		image("Old", "OldImage"),
		image("New", "NewImage"),
		Return(Id("c"), Nil()),
	)
}

func quoteName(s string) string { return `"` + s + `"` }
