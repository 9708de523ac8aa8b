// Package awsinfra is the infra-side runtime of stelviogen: what generated Pulumi
// code imports. Lambda handlers never import it (it links the Pulumi SDK).
package awsinfra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TableComponentType is the Pulumi type token of generated table components.
const TableComponentType = "stelviogen:aws:DynamoTable"

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
	if name == "" {
		name = PhysicalName(ctx, table)
	}
	if len(name) < 3 || len(name) > 255 {
		return fmt.Errorf("physical table name %q must be 3-255 characters: set TableArgs.Name", name)
	}
	def.Name = pulumi.String(name)
	switch a.BillingMode {
	case "", PayPerRequest:
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
