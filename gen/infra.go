package gen

import (
	"fmt"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// infraFile is the infra-side file of one table, in its own package: the only
// generated code that imports Pulumi.
func infraFile(pkg *tags.Package, t *tags.Table, pkgName, pkgPath string) *File {
	f := newFile(pkgName, pkgPath)
	f.HeaderComment(schemaComment(t))
	f.ImportName(pkgPulumi, "pulumi")
	f.ImportName(pkgPulumiDB, "dynamodb")
	f.ImportName(pkgAWSInfra, "awsinfra")
	addDecls(f, componentType(pkg, t))
	addDecls(f, tableDefVar(t))
	addDecls(f, tableArgsFunc(t))
	addDecls(f, componentConstructor(t))
	addDecls(f, existingTableFunc(t))
	addDecls(f, linkMethods(t))
	if t.Stream != tags.StreamNone {
		addDecls(f, subscribeMethod(t))
	}
	return f
}

// componentType declares the table's Pulumi component:
//
//	// OrderTable is table "orders" (models.Order) as a Pulumi component, declared by
//	// NewOrderTable or referenced, when it exists already, by GetOrderTable.
//	type OrderTable struct {
//		pulumi.ResourceState
//		Table     *dynamodb.Table
//		Name      pulumi.StringOutput // physical name
//		Arn       pulumi.StringOutput
//		StreamArn pulumi.StringOutput // "" without a stream
//	}
func componentType(pkg *tags.Package, t *tags.Table) []Code {
	n := typeName(t)
	return []Code{
		doc(fmt.Sprintf("%sTable is table %q (%s.%s) as a Pulumi component, declared by", n, t.Name, pkg.Name, n), fmt.Sprintf("New%sTable or referenced, when it exists already, by Get%sTable.", n, n)).Type().Id(n+"Table").Struct(
			Qual(pkgPulumi, "ResourceState"),
			Line(),
			Comment("Table is the underlying resource."),
			Id("Table").Op("*").Qual(pkgPulumiDB, "Table"),
			Comment("Name is the physical table name: {project}-{stack}-"+t.Name+" unless TableArgs.Name or"),
			Comment("TableArgs.Import sets it, or the existing table's name (Get"+n+"Table)."),
			Id("Name").Qual(pkgPulumi, "StringOutput"),
			Id("Arn").Qual(pkgPulumi, "StringOutput"),
			Comment("StreamArn is the stream's ARN; empty when the table has no stream."),
			Id("StreamArn").Qual(pkgPulumi, "StringOutput"),
		),
	}
}

// tableArgsFunc emits the table definition the schema implies, before options:
//
//	// OrderTableArgs returns the definition of table "orders" as its tags declare it.
//	func OrderTableArgs() *dynamodb.TableArgs {
//		return &dynamodb.TableArgs{
//			Attributes: dynamodb.TableAttributeArray{...}, // key attributes only
//			HashKey: pulumi.String("customer_id"), RangeKey: pulumi.String("order_date"),
//			LocalSecondaryIndexes: ..., GlobalSecondaryIndexes: ..., Ttl: ..., StreamEnabled: ...,
//		}
//	}
func tableArgsFunc(t *tags.Table) []Code {
	n := typeName(t)
	fields := Dict{
		Id("Attributes"): Qual(pkgPulumiDB, "TableAttributeArray").Values(append(attributeDefs(t), Line())...),
		Id("HashKey"):    pulumiString(t.PK.Field.Attr),
	}
	if t.SK != nil {
		fields[Id("RangeKey")] = pulumiString(t.SK.Field.Attr)
	}
	if len(t.LSIs) > 0 {
		var lsis []Code
		for _, ix := range t.LSIs {
			d := Dict{
				Id("Name"):           pulumiString(ix.Name),
				Id("RangeKey"):       pulumiString(ix.SK.Field.Attr),
				Id("ProjectionType"): pulumiString(string(ix.Projection.Type)),
			}
			if len(ix.Projection.NonKey) > 0 {
				d[Id("NonKeyAttributes")] = stringArray(ix.Projection.NonKey)
			}
			lsis = append(lsis, Line().Qual(pkgPulumiDB, "TableLocalSecondaryIndexArgs").Values(d))
		}
		fields[Id("LocalSecondaryIndexes")] = Qual(pkgPulumiDB, "TableLocalSecondaryIndexArray").Values(append(lsis, Line())...)
	}
	if len(t.GSIs) > 0 {
		var gsis []Code
		for _, ix := range t.GSIs {
			d := Dict{
				Id("Name"):           pulumiString(ix.Name),
				Id("HashKey"):        pulumiString(ix.PK.Field.Attr),
				Id("ProjectionType"): pulumiString(string(ix.Projection.Type)),
			}
			if ix.SK != nil {
				d[Id("RangeKey")] = pulumiString(ix.SK.Field.Attr)
			}
			if len(ix.Projection.NonKey) > 0 {
				d[Id("NonKeyAttributes")] = stringArray(ix.Projection.NonKey)
			}
			gsis = append(gsis, Line().Qual(pkgPulumiDB, "TableGlobalSecondaryIndexArgs").Values(d))
		}
		fields[Id("GlobalSecondaryIndexes")] = Qual(pkgPulumiDB, "TableGlobalSecondaryIndexArray").Values(append(gsis, Line())...)
	}
	if t.TTL != nil {
		fields[Id("Ttl")] = Op("&").Qual(pkgPulumiDB, "TableTtlArgs").Values(Dict{
			Id("AttributeName"): pulumiString(t.TTL.Attr),
			Id("Enabled"):       Qual(pkgPulumi, "Bool").Call(True()),
		})
	}
	if t.Stream != tags.StreamNone {
		fields[Id("StreamEnabled")] = Qual(pkgPulumi, "Bool").Call(True())
		fields[Id("StreamViewType")] = pulumiString(string(t.Stream))
	}
	return []Code{
		doc(fmt.Sprintf("%sTableArgs returns the definition of table %q as its tags declare it:", n, t.Name), "keys, indexes, projections, TTL and stream. NewTable completes it with TableArgs.").Func().Id(n+"TableArgs").Params().Op("*").Qual(pkgPulumiDB, "TableArgs").Block(
			Return(Op("&").Qual(pkgPulumiDB, "TableArgs").Values(fields)),
		),
	}
}

// attributeDefs lists the key attributes of the table and its indexes; AWS
// rejects attribute definitions that no key uses.
//
//	dynamodb.TableAttributeArgs{Name: pulumi.String("customer_id"), Type: pulumi.String("S")}, ...
func attributeDefs(t *tags.Table) []Code {
	var out []Code
	for _, f := range t.KeyFields() {
		out = append(out, Line().Qual(pkgPulumiDB, "TableAttributeArgs").Values(Dict{
			Id("Name"): pulumiString(f.Attr),
			Id("Type"): pulumiString(string(keyType(t, f))),
		}))
	}
	return out
}

func keyType(t *tags.Table, f *tags.Field) tags.AttrType {
	for _, k := range []*tags.Key{t.PK, t.SK} {
		if k != nil && k.Field == f {
			return k.Type
		}
	}
	for _, ix := range t.Indexes() {
		for _, k := range []*tags.Key{ix.PK, ix.SK} {
			if k != nil && k.Field == f {
				return k.Type
			}
		}
	}
	panic(fmt.Sprintf("field %s is not a key", f.GoName()))
}

func pulumiString(s string) Code { return Qual(pkgPulumi, "String").Call(Lit(s)) }

func stringArray(ss []string) Code {
	var vals []Code
	for _, s := range ss {
		vals = append(vals, pulumiString(s))
	}
	return Qual(pkgPulumi, "StringArray").Values(vals...)
}

// tableDefVar describes the table to the runtime:
//
//	// orderTableDef describes table "orders" to the runtime.
//	var orderTableDef = awsinfra.TableDef{Name: "orders", HashKey: "customer_id", RangeKey: "order_date",
//		StreamView: "NEW_AND_OLD_IMAGES", Args: OrderTableArgs}
func tableDefVar(t *tags.Table) []Code {
	n := typeName(t)
	field := func(name string, v Code) Code { return Line().Id(name).Op(":").Add(v) }
	fields := []Code{field("Name", Lit(t.Name)), field("HashKey", Lit(t.PK.Field.Attr))}
	if t.SK != nil {
		fields = append(fields, field("RangeKey", Lit(t.SK.Field.Attr)))
	}
	if t.Stream != tags.StreamNone {
		fields = append(fields, field("StreamView", Lit(string(t.Stream))))
	}
	fields = append(fields, field("Args", Id(n+"TableArgs")), Line())
	return []Code{
		doc(fmt.Sprintf("%s describes table %q to the runtime.", tableDefName(t), t.Name)).Var().Id(tableDefName(t)).Op("=").Qual(pkgAWSInfra, "TableDef").Values(fields...),
	}
}

func tableDefName(t *tags.Table) string { return lowerFirst(typeName(t)) + "TableDef" }

// setOutputs copies what the runtime returns into the component:
//
//	comp.Table, comp.Name, comp.Arn, comp.StreamArn = out.Table, out.Name, out.Arn, out.StreamArn
func setOutputs() Code {
	return List(Id("comp").Dot("Table"), Id("comp").Dot("Name"), Id("comp").Dot("Arn"), Id("comp").Dot("StreamArn")).Op("=").
		List(Id("out").Dot("Table"), Id("out").Dot("Name"), Id("out").Dot("Arn"), Id("out").Dot("StreamArn"))
}

// componentConstructor declares the table through the runtime:
//
//	// NewOrderTable declares table "orders" ...
//	func NewOrderTable(ctx *pulumi.Context, args *awsinfra.TableArgs, opts ...pulumi.ResourceOption) (*OrderTable, error) {
//		comp := &OrderTable{}
//		out, err := awsinfra.DeclareTable(ctx, comp, orderTableDef, args, opts...)
//		if err != nil {
//			return nil, err
//		}
//		comp.Table, comp.Name, comp.Arn, comp.StreamArn = out.Table, out.Name, out.Arn, out.StreamArn
//		return comp, nil
//	}
func componentConstructor(t *tags.Table) []Code {
	n := typeName(t)
	return []Code{
		doc(fmt.Sprintf("New%sTable declares table %q: the definition its tags give, completed by args", n, t.Name), "(billing, point-in-time recovery, deletion protection, tags, physical name, import of", "an existing table, and a hook to customise the raw dynamodb.TableArgs). args may be nil", "for the defaults.").Func().Id("New"+n+"Table").Params(
			Id("ctx").Op("*").Qual(pkgPulumi, "Context"),
			Id("args").Op("*").Qual(pkgAWSInfra, "TableArgs"),
			Id("opts").Op("...").Qual(pkgPulumi, "ResourceOption"),
		).Params(Op("*").Id(n+"Table"), Error()).Block(
			Id("comp").Op(":=").Op("&").Id(n+"Table").Values(),
			List(Id("out"), Err()).Op(":=").Qual(pkgAWSInfra, "DeclareTable").Call(Id("ctx"), Id("comp"), Id(tableDefName(t)), Id("args"), Id("opts").Op("...")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			setOutputs(),
			Return(Id("comp"), Nil()),
		),
	}
}

// existingTableFunc references a table this stack did not create:
//
//	// GetOrderTable references the existing table physicalName as table "orders" ...
//	func GetOrderTable(ctx *pulumi.Context, name, physicalName string, opts ...pulumi.ResourceOption) (*OrderTable, error) {
//		comp := &OrderTable{}
//		out, err := awsinfra.ReadTable(ctx, comp, name, physicalName, orderTableDef, opts...)
//		...
//	}
func existingTableFunc(t *tags.Table) []Code {
	n := typeName(t)
	lines := []string{
		fmt.Sprintf("Get%sTable references an existing table, created outside this stack, as table %q:", n, t.Name),
		"Pulumi reads its state (ARN, stream ARN) by physicalName but never changes or deletes it.",
		"Its key must be the model's. Link and ReadOnlyLink grant the same least-privilege access",
	}
	if t.Stream != tags.StreamNone {
		lines = append(lines, "as on a declared table, and Subscribe works when the table streams "+string(t.Stream)+".")
	} else {
		lines = append(lines, "as on a declared table.")
	}
	lines = append(lines, "name is the Pulumi resource name; to adopt the table instead, use TableArgs.Import.")
	return []Code{
		doc(lines...).Func().Id("Get"+n+"Table").Params(
			Id("ctx").Op("*").Qual(pkgPulumi, "Context"),
			List(Id("name"), Id("physicalName")).String(),
			Id("opts").Op("...").Qual(pkgPulumi, "ResourceOption"),
		).Params(Op("*").Id(n+"Table"), Error()).Block(
			Id("comp").Op(":=").Op("&").Id(n+"Table").Values(),
			List(Id("out"), Err()).Op(":=").Qual(pkgAWSInfra, "ReadTable").Call(Id("ctx"), Id("comp"), Id("name"), Id("physicalName"), Id(tableDefName(t)), Id("opts").Op("...")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			setOutputs(),
			Return(Id("comp"), Nil()),
		),
	}
}

// linkMethods give a function access to the table:
//
//	// Link grants the generated OrderStore's operations and sets STLV_ORDERS_TABLE_NAME/ARN.
//	func (t *OrderTable) Link() awsinfra.Link { return awsinfra.TableLink("orders", t.Name, t.Arn) }
//	// ReadOnlyLink grants reads only, for OrderReadOnlyStore.
//	func (t *OrderTable) ReadOnlyLink() awsinfra.Link { return awsinfra.TableReadOnlyLink("orders", t.Name, t.Arn) }
//	// LinkFor grants only the operations given (awsinfra.OpGet, ...).
//	func (t *OrderTable) LinkFor(op awsinfra.Op, more ...awsinfra.Op) awsinfra.Link {
//		return awsinfra.TableLinkFor("orders", t.Name, t.Arn, op, more...)
//	}
func linkMethods(t *tags.Table) []Code {
	n := typeName(t)
	recv := Id("t").Op("*").Id(n + "Table")
	return []Code{
		doc(fmt.Sprintf("Link gives a function everything %sStore uses: its IAM actions on the table and", n), fmt.Sprintf("its indexes, and the environment variables %s and %s.", "STLV_"+envName(t.Name)+"_TABLE_NAME", "STLV_"+envName(t.Name)+"_TABLE_ARN")).Func().Params(recv).Id("Link").Params().Qual(pkgAWSInfra, "Link").Block(
			Return(Qual(pkgAWSInfra, "TableLink").Call(Lit(t.Name), Id("t").Dot("Name"), Id("t").Dot("Arn"))),
		),
		doc(fmt.Sprintf("ReadOnlyLink gives a function read access only, as %sReadOnlyStore needs.", n)).Func().Params(recv).Id("ReadOnlyLink").Params().Qual(pkgAWSInfra, "Link").Block(
			Return(Qual(pkgAWSInfra, "TableReadOnlyLink").Call(Lit(t.Name), Id("t").Dot("Name"), Id("t").Dot("Arn"))),
		),
		doc("LinkFor gives a function only the operations given (awsinfra.OpGet, OpUpdate, ...): exactly",
			"their IAM actions, and the same environment variables as Link.").Func().Params(recv).Id("LinkFor").Params(
			Id("op").Qual(pkgAWSInfra, "Op"), Id("more").Op("...").Qual(pkgAWSInfra, "Op"),
		).Qual(pkgAWSInfra, "Link").Block(
			Return(Qual(pkgAWSInfra, "TableLinkFor").Call(Lit(t.Name), Id("t").Dot("Name"), Id("t").Dot("Arn"), Id("op"), Id("more").Op("..."))),
		),
	}
}

// subscribeMethod, for tables with a stream, runs a function on every change:
//
//	func (t *OrderTable) Subscribe(ctx *pulumi.Context, name string, args awsinfra.SubscriptionArgs, opts ...pulumi.ResourceOption) (*awsinfra.Subscription, error) {
//		return awsinfra.SubscribeTable(ctx, name, orderTableDef, t.StreamArn, args, opts...)
//	}
func subscribeMethod(t *tags.Table) []Code {
	n := typeName(t)
	return []Code{
		doc(fmt.Sprintf("Subscribe runs a function on the changes in table %q's stream (%s);", t.Name, t.Stream), "typed filters (args.Where) are checked against its key and view.").Func().Params(Id("t").Op("*").Id(n+"Table")).Id("Subscribe").Params(
			Id("ctx").Op("*").Qual(pkgPulumi, "Context"),
			Id("name").String(),
			Id("args").Qual(pkgAWSInfra, "SubscriptionArgs"),
			Id("opts").Op("...").Qual(pkgPulumi, "ResourceOption"),
		).Params(Op("*").Qual(pkgAWSInfra, "Subscription"), Error()).Block(
			Return(Qual(pkgAWSInfra, "SubscribeTable").Call(Id("ctx"), Id("name"), Id(tableDefName(t)), Id("t").Dot("StreamArn"), Id("args"), Id("opts").Op("..."))),
		),
	}
}
