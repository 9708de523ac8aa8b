package gen

import (
	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

const pkgEvents = "github.com/aws/aws-lambda-go/events"

// streamDecls, for a table with a stream, decode stream records into the model
// type with the generated codec; other tables get nothing:
//
//	// OrderChange is one record of the "orders" table's stream (NEW_AND_OLD_IMAGES), decoded.
//	type OrderChange = ddb.Change[Order]
//
//	// DecodeOrderChange decodes one record of a Lambda DynamoDB stream event of the "orders" table.
//	func DecodeOrderChange(r events.DynamoDBEventRecord) (OrderChange, error) {
//		return ddb.DecodeChange[Order](&r, orderTable)
//	}
//
//	// HandleOrderChanges calls fn on each change of a stream batch of the "orders" table and reports the first failure to Lambda (see ddb.HandleChanges).
//	func HandleOrderChanges(ctx context.Context, e events.DynamoDBEvent, fn func(context.Context, OrderChange) error) events.DynamoDBEventResponse {
//		return ddb.HandleChanges(ctx, e, DecodeOrderChange, fn)
//	}
func streamDecls(t *tags.Table) []Code {
	if t.Stream == tags.StreamNone {
		return nil
	}
	n := typeName(t)
	return []Code{
		doc(n+"Change is one record of the "+quoteName(t.Name)+" table's stream ("+string(t.Stream)+"), decoded.").
			Type().Id(n+"Change").Op("=").Qual(pkgDDB, "Change").Types(modelType(t)),
		doc("Decode"+n+"Change decodes one record of a Lambda DynamoDB stream event of the "+quoteName(t.Name)+" table.").
			Func().Id("Decode"+n+"Change").Params(Id("r").Qual(pkgEvents, "DynamoDBEventRecord")).Params(Id(n+"Change"), Error()).Block(
			Return(Qual(pkgDDB, "DecodeChange").Types(modelType(t)).Call(Op("&").Id("r"), Id(tableVar(t)))),
		),
		doc("Handle"+n+"Changes calls fn on each change of a stream batch of the "+quoteName(t.Name)+" table and reports the first failure to Lambda (see ddb.HandleChanges).").
			Func().Id("Handle"+n+"Changes").Params(
			Id("ctx").Qual("context", "Context"), Id("e").Qual(pkgEvents, "DynamoDBEvent"),
			Id("fn").Func().Params(Qual("context", "Context"), Id(n+"Change")).Error(),
		).Qual(pkgEvents, "DynamoDBEventResponse").Block(
			Return(Qual(pkgDDB, "HandleChanges").Call(Id("ctx"), Id("e"), Id("Decode"+n+"Change"), Id("fn"))),
		),
	}
}

func quoteName(s string) string { return `"` + s + `"` }
