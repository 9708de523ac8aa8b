package gen

import (
	"fmt"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// descriptorDecls names the table's schema as constants, handler side:
//
//	// Table "orders", stored from Order.
//	const (
//		OrderTableName    = "orders"                 // logical name, as linked
//		OrderTableNameEnv = "STLV_ORDERS_TABLE_NAME" // set by a link: the physical name
//		OrderTableArnEnv  = "STLV_ORDERS_TABLE_ARN"
//		OrderStatusIndex  = "status-index"
//	)
func descriptorDecls(t *tags.Table) []Code {
	n := typeName(t)
	env := "STLV_" + envName(t.Name) + "_TABLE_"
	defs := []Code{
		Id(n + "TableName").Op("=").Lit(t.Name).Comment("logical name, as linked"),
		Id(n + "TableNameEnv").Op("=").Lit(env + "NAME").Comment("set by a link to the physical table name"),
		Id(n + "TableArnEnv").Op("=").Lit(env + "ARN").Comment("set by a link to the table ARN"),
	}
	for _, ix := range t.Indexes() {
		defs = append(defs, Id(n+indexIdent(ix)).Op("=").Lit(ix.Name).Comment(fmt.Sprintf("%s, projection %s", ix.Kind, ix.Projection.Type)))
	}
	return []Code{
		doc(fmt.Sprintf("Table %q, stored from %s.", t.Name, n)).Const().Defs(defs...),
	}
}
