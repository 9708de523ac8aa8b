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
	change, decode, handle := changeTypeName(t), decodeChangeFunc(t), handleChangesFunc(t)
	return []Code{
		doc(change+" is one record of the "+quoteName(t.Name)+" table's stream ("+string(t.Stream)+"), decoded.").
			Type().Id(change).Op("=").Qual(pkgDDB, "Change").Types(modelType(t)),
		doc(decode+" decodes one record of a Lambda DynamoDB stream event of the "+quoteName(t.Name)+" table.").
			Func().Id(decode).Params(Id("r").Qual(pkgEvents, "DynamoDBEventRecord")).Params(Id(change), Error()).Block(
			Return(Qual(pkgDDB, "DecodeChange").Types(modelType(t)).Call(Op("&").Id("r"), Id(tableVar(t)))),
		),
		doc(handle+" calls fn on each change of a stream batch of the "+quoteName(t.Name)+" table and reports the first failure to Lambda (see ddb.HandleChanges).").
			Func().Id(handle).Params(
			Id("ctx").Qual("context", "Context"), Id("e").Qual(pkgEvents, "DynamoDBEvent"),
			Id("fn").Func().Params(Qual("context", "Context"), Id(change)).Error(),
		).Qual(pkgEvents, "DynamoDBEventResponse").Block(
			Return(Qual(pkgDDB, "HandleChanges").Call(Id("ctx"), Id("e"), Id(decode), Id("fn"))),
		),
	}
}

// changeTypeName, decodeChangeFunc and handleChangesFunc name a streaming
// table's change type and functions: OrderChange, DecodeOrderChange,
// HandleOrderChanges.
func changeTypeName(t *tags.Table) string    { return typeName(t) + "Change" }
func decodeChangeFunc(t *tags.Table) string  { return "Decode" + typeName(t) + "Change" }
func handleChangesFunc(t *tags.Table) string { return "Handle" + typeName(t) + "Changes" }

// Names of an entity table's stream handling (entityStreamDecls), which the model page also shows.
func changeHandlerName(t *tags.Table) string    { return typeName(t) + "ChangeHandler" }
func entityChangedMethod(e *tags.Entity) string { return entName(e) + "Changed" }
func entityChangeType(e *tags.Entity) string    { return entName(e) + "Change" }

func quoteName(s string) string { return `"` + s + `"` }
