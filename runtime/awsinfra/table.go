// Package awsinfra is the infra-side runtime of stelviogen: what generated Pulumi
// code imports. Lambda handlers never import it (it links the Pulumi SDK).
package awsinfra

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Pulumi type tokens of generated table components: a table this stack declares,
// and a table it only references (Get<Model>Table).
const (
	TableComponentType    = "stelviogen:aws:DynamoTable"
	TableRefComponentType = "stelviogen:aws:ExistingDynamoTable"
)

// Billing modes.
const (
	PayPerRequest = "PAY_PER_REQUEST"
	Provisioned   = "PROVISIONED"
)

// TableArgs completes a generated table definition with what varies per stack.
// The zero value means: on-demand billing, no point-in-time recovery, no deletion
// protection, physical name {project}-{stack}-{table}.
type TableArgs struct {
	// Name overrides the physical table name.
	Name string
	// ResourceName is the Pulumi name of the component and of its table
	// (default: the logical table name). Pulumi names are unique in a stack,
	// so declaring a second table of one model takes another ResourceName,
	// and another Name.
	ResourceName string
	// BillingMode is PayPerRequest (default) or Provisioned.
	BillingMode string
	// ReadCapacity and WriteCapacity apply with Provisioned billing, to the table
	// and to each global index.
	ReadCapacity, WriteCapacity int
	// PointInTimeRecovery turns on continuous backups.
	PointInTimeRecovery bool
	// DeletionProtection makes AWS refuse to delete the table.
	DeletionProtection bool
	// Tags are the table's resource tags.
	Tags map[string]string
	// Import adopts the existing table with this physical name instead of creating
	// one (Pulumi's import resource option, on the dynamodb.Table itself). The
	// definition, completed by these args, must match the existing table exactly, or
	// the import fails without changing anything. Name defaults to Import.
	Import string
	// RetainOnDelete keeps the table in AWS when Pulumi deletes it (pulumi destroy,
	// or removing it from the program); Pulumi only forgets it.
	RetainOnDelete bool
	// Customize, when set, may change anything in the final dynamodb.TableArgs.
	Customize func(*dynamodb.TableArgs)
}

// PhysicalName is Stelvio's naming rule: {project}-{stack}-{table}.
func PhysicalName(ctx *pulumi.Context, table string) string {
	return ctx.Project() + "-" + ctx.Stack() + "-" + table
}

// Apply completes def, the definition generated from the tags, with a's settings.
// A nil receiver applies the defaults.
func (a *TableArgs) Apply(ctx *pulumi.Context, table string, def *dynamodb.TableArgs) error {
	if a == nil {
		a = &TableArgs{}
	}
	name := a.Name
	switch {
	case a.Import != "" && name == "":
		name = a.Import
	case a.Import != "" && name != a.Import:
		return fmt.Errorf("TableArgs.Import %q and Name %q differ: a DynamoDB table is imported by its name, so leave Name empty or set it to the same name", a.Import, name)
	case name == "":
		name = PhysicalName(ctx, table)
	}
	if !validTableName(name) {
		return fmt.Errorf("physical table name %q must be 3-255 characters of A-Z a-z 0-9 _ . -: set TableArgs.Name", name)
	}
	def.Name = pulumi.String(name)
	switch a.BillingMode {
	case "", PayPerRequest:
		if a.ReadCapacity != 0 || a.WriteCapacity != 0 {
			return fmt.Errorf("ReadCapacity and WriteCapacity apply with provisioned billing: set BillingMode: awsinfra.Provisioned, or leave them 0 for on-demand")
		}
		def.BillingMode = pulumi.String(PayPerRequest)
	case Provisioned:
		if a.ReadCapacity <= 0 || a.WriteCapacity <= 0 {
			return fmt.Errorf("provisioned billing needs ReadCapacity and WriteCapacity above 0")
		}
		def.BillingMode = pulumi.String(Provisioned)
		def.ReadCapacity = pulumi.Int(a.ReadCapacity)
		def.WriteCapacity = pulumi.Int(a.WriteCapacity)
		if gsis, ok := def.GlobalSecondaryIndexes.(dynamodb.TableGlobalSecondaryIndexArray); ok {
			for i, g := range gsis {
				if args, ok := g.(dynamodb.TableGlobalSecondaryIndexArgs); ok {
					args.ReadCapacity = pulumi.Int(a.ReadCapacity)
					args.WriteCapacity = pulumi.Int(a.WriteCapacity)
					gsis[i] = args
				}
			}
		}
	default:
		return fmt.Errorf("unknown billing mode %q: use %s or %s", a.BillingMode, PayPerRequest, Provisioned)
	}
	if a.PointInTimeRecovery {
		def.PointInTimeRecovery = &dynamodb.TablePointInTimeRecoveryArgs{Enabled: pulumi.Bool(true)}
	}
	if a.DeletionProtection {
		def.DeletionProtectionEnabled = pulumi.Bool(true)
	}
	if len(a.Tags) > 0 {
		def.Tags = pulumi.ToStringMap(a.Tags)
	}
	if a.Customize != nil {
		a.Customize(def)
	}
	return nil
}

// resourceOptions are the options of the dynamodb.Table a component declares.
func (a *TableArgs) resourceOptions(parent pulumi.Resource) []pulumi.ResourceOption {
	opts := []pulumi.ResourceOption{pulumi.Parent(parent)}
	if a == nil {
		return opts
	}
	if a.Import != "" {
		opts = append(opts, pulumi.Import(pulumi.ID(a.Import)))
	}
	if a.RetainOnDelete {
		opts = append(opts, pulumi.RetainOnDelete(true))
	}
	return opts
}

// TableDef is what generated code tells the runtime about a model's table.
type TableDef struct {
	// Name is the table's logical name (the dynamo tag's table=).
	Name string
	// HashKey and RangeKey are the key attribute names; RangeKey is "" without a sort key.
	HashKey, RangeKey string
	// StreamView is the stream view type, "" without a stream.
	StreamView string
	// Args returns the definition the tags give (keys, indexes, TTL, stream).
	Args func() *dynamodb.TableArgs
}

// keyTypes returns the attribute types (S, N, B) of the table's key
// attributes, as the definition declares them.
func (d TableDef) keyTypes() map[string]string {
	out := map[string]string{}
	if d.Args == nil {
		return out
	}
	keys := map[string]bool{d.HashKey: true, d.RangeKey: true}
	if attrs, ok := d.Args().Attributes.(dynamodb.TableAttributeArray); ok {
		for _, in := range attrs {
			a, ok := in.(dynamodb.TableAttributeArgs)
			if !ok {
				continue
			}
			name, ok1 := a.Name.(pulumi.String)
			typ, ok2 := a.Type.(pulumi.String)
			if ok1 && ok2 && keys[string(name)] {
				out[string(name)] = string(typ)
			}
		}
	}
	return out
}

func (d TableDef) keyAttributes() []string {
	if d.RangeKey == "" {
		return []string{d.HashKey}
	}
	return []string{d.HashKey, d.RangeKey}
}

// TableOutputs are the resource and outputs a generated table component exposes.
type TableOutputs struct {
	Table                *dynamodb.Table
	Name, Arn, StreamArn pulumi.StringOutput
}

// DeclareTable is what generated New<Model>Table functions call: it registers comp
// as the table's component (named after the table), declares the dynamodb.Table of
// def completed by args in it (imported when args.Import is set), and registers
// the component's outputs.
func DeclareTable(ctx *pulumi.Context, comp pulumi.ComponentResource, def TableDef, args *TableArgs, opts ...pulumi.ResourceOption) (TableOutputs, error) {
	fail := func(what string, err error) (TableOutputs, error) {
		return TableOutputs{}, fmt.Errorf("table %s: %s: %w", def.Name, what, err)
	}
	resName := def.Name
	if args != nil && args.ResourceName != "" {
		resName = args.ResourceName
	}
	if err := ctx.RegisterComponentResource(TableComponentType, resName, comp, opts...); err != nil {
		return fail("registering component", err)
	}
	tableArgs := def.Args()
	if err := args.Apply(ctx, def.Name, tableArgs); err != nil {
		return fail("applying options", err)
	}
	table, err := dynamodb.NewTable(ctx, resName, tableArgs, args.resourceOptions(comp)...)
	if err != nil {
		return fail("declaring dynamodb.Table", err)
	}
	out := TableOutputs{Table: table, Name: table.Name, Arn: table.Arn, StreamArn: table.StreamArn}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"name":      table.Name,
		"arn":       table.Arn,
		"streamArn": table.StreamArn,
	}); err != nil {
		return fail("registering outputs", err)
	}
	return out, nil
}

// ReadTable is what generated Get<Model>Table functions call: it registers comp as
// a reference to an existing table (component name), reads the table with this
// physical name from AWS (dynamodb.GetTable: Pulumi reads its state but never
// changes or deletes it), and checks that its key is the model's. Arn fails when
// the key differs, so any link to the table fails the deployment; StreamArn fails
// when the model has a stream and the table has none or another view type.
func ReadTable(ctx *pulumi.Context, comp pulumi.ComponentResource, name, physicalName string, def TableDef, opts ...pulumi.ResourceOption) (TableOutputs, error) {
	fail := func(what string, err error) (TableOutputs, error) {
		return TableOutputs{}, fmt.Errorf("table %s (existing %q): %s: %w", def.Name, physicalName, what, err)
	}
	if !validTableName(physicalName) {
		return fail("physical name", fmt.Errorf("a DynamoDB table name is 3-255 characters of A-Z a-z 0-9 _ . -"))
	}
	if err := ctx.RegisterComponentResource(TableRefComponentType, name, comp, opts...); err != nil {
		return fail("registering component", err)
	}
	table, err := dynamodb.GetTable(ctx, name, pulumi.ID(physicalName), nil, pulumi.Parent(comp))
	if err != nil {
		return fail("reading dynamodb.Table", err)
	}
	want := def.keyTypes()
	arn := pulumi.All(table.Arn, table.HashKey, table.RangeKey, table.Attributes).ApplyT(func(v []any) (string, error) {
		arn, _ := v[0].(string)
		hash, _ := v[1].(string)
		rangeKey := ""
		if r, ok := v[2].(*string); ok && r != nil {
			rangeKey = *r
		}
		if hash != def.HashKey || rangeKey != def.RangeKey {
			return "", fmt.Errorf("existing table %s has key %s, but the model of table %s declares %s: the generated store could not address its items",
				physicalName, keyText(hash, rangeKey), def.Name, keyText(def.HashKey, def.RangeKey))
		}
		attrs, _ := v[3].([]dynamodb.TableAttribute)
		for _, a := range attrs {
			if t, ok := want[a.Name]; ok && t != a.Type {
				return "", fmt.Errorf("existing table %s stores key attribute %s as %s, but the model of table %s stores it as %s: the generated store could not address its items",
					physicalName, a.Name, a.Type, def.Name, t)
			}
		}
		return arn, nil
	}).(pulumi.StringOutput)
	streamArn := table.StreamArn
	if def.StreamView != "" {
		streamArn = pulumi.All(table.StreamArn, table.StreamViewType).ApplyT(func(v []any) (string, error) {
			s, _ := v[0].(string)
			view, _ := v[1].(string)
			switch {
			case s == "":
				return "", fmt.Errorf("existing table %s has no stream; the model of table %s declares %s: enable it on the table", physicalName, def.Name, def.StreamView)
			case view != def.StreamView:
				return "", fmt.Errorf("existing table %s streams %s, but the model of table %s declares %s", physicalName, view, def.Name, def.StreamView)
			}
			return s, nil
		}).(pulumi.StringOutput)
	}
	out := TableOutputs{Table: table, Name: table.Name, Arn: arn, StreamArn: streamArn}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"name":      table.Name,
		"arn":       arn,
		"streamArn": table.StreamArn,
	}); err != nil {
		return fail("registering outputs", err)
	}
	return out, nil
}

// validTableName reports whether name is a DynamoDB table name: 3-255
// characters of A-Z a-z 0-9 _ . -.
func validTableName(name string) bool {
	return len(name) >= 3 && len(name) <= 255 && strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == ""
}

func keyText(hash, rangeKey string) string {
	if rangeKey == "" {
		return fmt.Sprintf("(%s)", hash)
	}
	return fmt.Sprintf("(%s, %s)", hash, rangeKey)
}
