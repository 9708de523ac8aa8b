package localdev

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Table is a table of the app on the local server, and what a link to it sets.
type Table struct {
	Link string // logical name, as linked: "orders"
	Name string // physical name: "<prefix>-orders"
	ARN  string
	// Created is false when the table already existed (a server that keeps
	// its data) and was used as it is.
	Created bool
}

// Env returns the environment a link to the table sets on a function:
// STLV_<NAME>_TABLE_NAME and STLV_<NAME>_TABLE_ARN.
func (t Table) Env() map[string]string {
	return map[string]string{ddb.TableNameEnv(t.Link): t.Name, ddb.TableARNEnv(t.Link): t.ARN}
}

// TableName returns the physical name of the table link under prefix,
// joined with '-' as Stelvio joins {project}-{stack}-{table}:
// TableName("shop-local", "orders") is "shop-local-orders". An empty prefix
// gives the logical name.
func TableName(prefix, link string) string {
	if prefix == "" {
		return link
	}
	return prefix + "-" + link
}

// LocalARN returns the ARN DynamoDB Local gives a table: region "ddblocal",
// account 000000000000.
func LocalARN(name string) string {
	return "arn:aws:dynamodb:ddblocal:000000000000:table/" + name
}

// CreateTables creates the table of each schema under TableName(prefix,
// schema.Name) with ddb.CreateTable: its keys, indexes and stream, waiting
// until it is active, and TTL. A table of that name that already exists with
// the same key schema is kept, data and all; one with other keys is an error.
// The ARN is the one the server reports (LocalARN's form on DynamoDB Local).
func CreateTables(ctx context.Context, api ddb.TableAPI, prefix string, schemas ...ddb.TableSchema) ([]Table, error) {
	out := make([]Table, 0, len(schemas))
	for _, s := range schemas {
		t := Table{Link: s.Name, Name: TableName(prefix, s.Name), Created: true}
		err := ddb.CreateTable(ctx, api, s, t.Name)
		var inUse *types.ResourceInUseException
		if errors.As(err, &inUse) {
			t.Created, err = false, nil
		}
		if err != nil {
			return out, fmt.Errorf("localdev: %w", err)
		}
		desc, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(t.Name)})
		if err != nil {
			return out, fmt.Errorf("localdev: DescribeTable %s: %w", t.Name, err)
		}
		if !t.Created {
			if err := sameKeys(desc.Table, s); err != nil {
				return out, err
			}
		}
		t.ARN = aws.ToString(desc.Table.TableArn)
		if t.ARN == "" {
			t.ARN = LocalARN(t.Name)
		}
		out = append(out, t)
	}
	return out, nil
}

// sameKeys checks that an existing table has the schema's key attributes.
func sameKeys(d *types.TableDescription, s ddb.TableSchema) error {
	want := map[types.KeyType]string{types.KeyTypeHash: s.PK.Name}
	if s.SK.Name != "" {
		want[types.KeyTypeRange] = s.SK.Name
	}
	got := map[types.KeyType]string{}
	for _, k := range d.KeySchema {
		got[k.KeyType] = aws.ToString(k.AttributeName)
	}
	if len(got) != len(want) || got[types.KeyTypeHash] != want[types.KeyTypeHash] || got[types.KeyTypeRange] != want[types.KeyTypeRange] {
		return fmt.Errorf("localdev: table %s exists with keys %v, but %s's keys are %v: delete it or use another prefix",
			aws.ToString(d.TableName), got, s.Name, want)
	}
	return nil
}

// SetEnv sets the link environment of each table in this process, as a
// deployed link sets it on the function.
func SetEnv(tables ...Table) error {
	for _, t := range tables {
		for k, v := range t.Env() {
			if err := os.Setenv(k, v); err != nil {
				return fmt.Errorf("localdev: %w", err)
			}
		}
	}
	return nil
}
