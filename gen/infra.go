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
	addDecls(f, tableArgsFunc(t))
	addDecls(f, componentConstructor(t))
	addDecls(f, linkMethods(t))
	if t.Stream != tags.StreamNone {
		addDecls(f, subscribeMethod(t))
	}
	return f
}

// componentType declares the table's Pulumi component:
//
//	// OrderTable is table "orders" (models.Order) as a Pulumi component.
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
		doc(fmt.Sprintf("%sTable is table %q (%s.%s) as a Pulumi component.", n, t.Name, pkg.Name, n)).Type().Id(n+"Table").Struct(
			Qual(pkgPulumi, "ResourceState"),
			Line(),
			Comment("Table is the underlying resource."),
			Id("Table").Op("*").Qual(pkgPulumiDB, "Table"),
			Comment("Name is the physical table name, {project}-{stack}-"+t.Name+" unless overridden."),
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

// componentConstructor declares the table:
//
//	// NewOrderTable declares table "orders" ...
//	func NewOrderTable(ctx *pulumi.Context, args *awsinfra.TableArgs, opts ...pulumi.ResourceOption) (*OrderTable, error) {
//		comp := &OrderTable{}
//		if err := ctx.RegisterComponentResource(awsinfra.TableComponentType, "orders", comp, opts...); err != nil { ... }
//		tableArgs := OrderTableArgs()
//		if err := args.Apply(ctx, "orders", tableArgs); err != nil { ... }
//		table, err := dynamodb.NewTable(ctx, "orders", tableArgs, pulumi.Parent(comp))
//		...
//	}
func componentConstructor(t *tags.Table) []Code {
	n := typeName(t)
	errRet := func(what string) Code {
		return Return(Nil(), Qual("fmt", "Errorf").Call(Lit("table "+t.Name+": "+what+": %w"), Err()))
	}
	return []Code{
		doc(fmt.Sprintf("New%sTable declares table %q: the definition its tags give, completed by args", n, t.Name), "(billing, point-in-time recovery, deletion protection, tags, physical name, and a", "hook to customise the raw dynamodb.TableArgs). args may be nil for the defaults.").Func().Id("New"+n+"Table").Params(
			Id("ctx").Op("*").Qual(pkgPulumi, "Context"),
			Id("args").Op("*").Qual(pkgAWSInfra, "TableArgs"),
			Id("opts").Op("...").Qual(pkgPulumi, "ResourceOption"),
		).Params(Op("*").Id(n+"Table"), Error()).Block(
			Id("comp").Op(":=").Op("&").Id(n+"Table").Values(),
			If(Err().Op(":=").Id("ctx").Dot("RegisterComponentResource").Call(
				Qual(pkgAWSInfra, "TableComponentType"), Lit(t.Name), Id("comp"), Id("opts").Op("..."),
			), Err().Op("!=").Nil()).Block(errRet("registering component")),
			Id("tableArgs").Op(":=").Id(n+"TableArgs").Call(),
			If(Err().Op(":=").Id("args").Dot("Apply").Call(Id("ctx"), Lit(t.Name), Id("tableArgs")), Err().Op("!=").Nil()).Block(
				errRet("applying options"),
			),
			List(Id("table"), Err()).Op(":=").Qual(pkgPulumiDB, "NewTable").Call(
				Id("ctx"), Lit(t.Name), Id("tableArgs"), Qual(pkgPulumi, "Parent").Call(Id("comp")),
			),
			If(Err().Op("!=").Nil()).Block(errRet("declaring dynamodb.Table")),
			Id("comp").Dot("Table").Op("=").Id("table"),
			Id("comp").Dot("Name").Op("=").Id("table").Dot("Name"),
			Id("comp").Dot("Arn").Op("=").Id("table").Dot("Arn"),
			Id("comp").Dot("StreamArn").Op("=").Id("table").Dot("StreamArn"),
			If(Err().Op(":=").Id("ctx").Dot("RegisterResourceOutputs").Call(Id("comp"), Qual(pkgPulumi, "Map").Values(Dict{
				Lit("name"):      Id("table").Dot("Name"),
				Lit("arn"):       Id("table").Dot("Arn"),
				Lit("streamArn"): Id("table").Dot("StreamArn"),
			})), Err().Op("!=").Nil()).Block(errRet("registering outputs")),
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
	}
}

// subscribeMethod, for tables with a stream, runs a function on every change:
//
//	func (t *OrderTable) Subscribe(ctx *pulumi.Context, name string, args awsinfra.SubscriptionArgs, opts ...pulumi.ResourceOption) (*awsinfra.Subscription, error) {
//		args.TableName = "orders"
//		args.StreamArn = t.StreamArn
//		return awsinfra.SubscribeStream(ctx, name, args, opts...)
//	}
func subscribeMethod(t *tags.Table) []Code {
	n := typeName(t)
	return []Code{
		doc(fmt.Sprintf("Subscribe runs a function on the changes in table %q's stream (%s).", t.Name, t.Stream)).Func().Params(Id("t").Op("*").Id(n+"Table")).Id("Subscribe").Params(
			Id("ctx").Op("*").Qual(pkgPulumi, "Context"),
			Id("name").String(),
			Id("args").Qual(pkgAWSInfra, "SubscriptionArgs"),
			Id("opts").Op("...").Qual(pkgPulumi, "ResourceOption"),
		).Params(Op("*").Qual(pkgAWSInfra, "Subscription"), Error()).Block(
			Id("args").Dot("TableName").Op("=").Lit(t.Name),
			Id("args").Dot("StreamArn").Op("=").Id("t").Dot("StreamArn"),
			Return(Qual(pkgAWSInfra, "SubscribeStream").Call(Id("ctx"), Id("name"), Id("args"), Id("opts").Op("..."))),
		),
	}
}
