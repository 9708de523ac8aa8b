package ddb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// KeyAttr is a key attribute: its name and scalar type (S, N or B).
type KeyAttr struct {
	Name string
	Type types.ScalarAttributeType
}

// IndexSchema describes a secondary index. An LSI's PK is the table's.
type IndexSchema struct {
	Name       string
	PK         KeyAttr
	SK         KeyAttr // Name "" when the index has no sort key
	Projection types.ProjectionType
	NonKey     []string // INCLUDE only
}

// projection is the index's projection type; KEYS_ONLY when unset.
func (ix *IndexSchema) projection() types.ProjectionType {
	if ix.Projection == "" {
		return types.ProjectionTypeKeysOnly
	}
	return ix.Projection
}

// TableSchema is the shape of a table, as generated for each model: enough to
// create it on a DynamoDB-compatible server for tests and local development.
type TableSchema struct {
	Name       string // logical name, e.g. "orders"
	PK         KeyAttr
	SK         KeyAttr // Name "" when the table has no sort key
	LSIs       []IndexSchema
	GSIs       []IndexSchema
	StreamView types.StreamViewType // "" for no stream
	TTL        string               // TTL attribute name, "" for none
	Version    string               // optimistic-locking attribute name, "" for none
}

// KeyAttrs returns the table's key attribute names, partition key first.
func (s *TableSchema) KeyAttrs() []string {
	if s.SK.Name == "" {
		return []string{s.PK.Name}
	}
	return []string{s.PK.Name, s.SK.Name}
}

// TableAPI is the part of *dynamodb.Client CreateTable and DeleteTable use.
type TableAPI interface {
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error)
	UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error)
	DescribeTimeToLive(ctx context.Context, in *dynamodb.DescribeTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error)
}

var _ TableAPI = (*dynamodb.Client)(nil)

// CreateTableInput returns the CreateTable request for schema under the
// physical name name: on-demand billing, key attributes only, its indexes and stream.
func CreateTableInput(schema TableSchema, name string) *dynamodb.CreateTableInput {
	var defs []types.AttributeDefinition
	seen := map[string]bool{}
	def := func(k KeyAttr) {
		if k.Name != "" && !seen[k.Name] {
			seen[k.Name] = true
			defs = append(defs, types.AttributeDefinition{AttributeName: aws.String(k.Name), AttributeType: k.Type})
		}
	}
	keySchema := func(pk, sk KeyAttr) []types.KeySchemaElement {
		ks := []types.KeySchemaElement{{AttributeName: aws.String(pk.Name), KeyType: types.KeyTypeHash}}
		if sk.Name != "" {
			ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(sk.Name), KeyType: types.KeyTypeRange})
		}
		return ks
	}
	projection := func(ix IndexSchema) *types.Projection {
		p := &types.Projection{ProjectionType: ix.projection()}
		if p.ProjectionType == types.ProjectionTypeInclude {
			p.NonKeyAttributes = append([]string(nil), ix.NonKey...)
		}
		return p
	}
	def(schema.PK)
	def(schema.SK)
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModePayPerRequest,
		KeySchema:   keySchema(schema.PK, schema.SK),
	}
	for _, ix := range schema.LSIs {
		pk := ix.PK
		if pk.Name == "" {
			pk = schema.PK
		}
		def(ix.SK)
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  keySchema(pk, ix.SK),
			Projection: projection(ix),
		})
	}
	for _, ix := range schema.GSIs {
		def(ix.PK)
		def(ix.SK)
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  keySchema(ix.PK, ix.SK),
			Projection: projection(ix),
		})
	}
	in.AttributeDefinitions = defs
	if schema.StreamView != "" {
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: schema.StreamView}
	}
	return in
}

// CreateTable creates the table described by schema under the physical name
// name and waits until it and its global indexes are ACTIVE; when the schema
// names a TTL attribute it then enables TTL on it and waits until
// DescribeTimeToLive reports it ENABLED (or ctx ends). Meant for local
// servers and tests.
func CreateTable(ctx context.Context, api TableAPI, schema TableSchema, name string) error {
	if _, err := api.CreateTable(ctx, CreateTableInput(schema, name)); err != nil {
		return fmt.Errorf("ddb: CreateTable %s: %w", name, err)
	}
	if err := waitActive(ctx, api, name); err != nil {
		return err
	}
	if schema.TTL == "" {
		return nil
	}
	return enableTTL(ctx, api, name, schema.TTL)
}

// enableTTL turns TTL on for attribute attr of table name and waits until it
// is ENABLED on that attribute.
func enableTTL(ctx context.Context, api TableAPI, name, attr string) error {
	_, err := api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(attr), Enabled: aws.Bool(true)},
	})
	if err != nil {
		return fmt.Errorf("ddb: CreateTable %s: enable TTL on %q: %w", name, attr, err)
	}
	disabled := 0
	return poll(ctx, func() (bool, error) {
		out, err := api.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
		if err != nil {
			return false, fmt.Errorf("ddb: CreateTable %s: describe TTL: %w", name, err)
		}
		var status types.TimeToLiveStatus
		if d := out.TimeToLiveDescription; d != nil {
			status = d.TimeToLiveStatus
			if status == types.TimeToLiveStatusEnabled {
				if got := aws.ToString(d.AttributeName); got != attr {
					return false, fmt.Errorf("ddb: CreateTable %s: TTL is enabled on %q, want %q", name, got, attr)
				}
				return true, nil
			}
		}
		if status == types.TimeToLiveStatusEnabling {
			return false, nil
		}
		// Not ENABLING yet: the update may still be on its way; a server
		// that keeps saying so (about 5s) does not apply it.
		if disabled++; disabled > maxTTLDisabledPolls {
			return false, fmt.Errorf("ddb: CreateTable %s: TTL on %q is still %q after UpdateTimeToLive enabled it", name, attr, status)
		}
		return false, nil
	})
}

// maxTTLDisabledPolls bounds the DescribeTimeToLive answers that are neither
// ENABLING nor ENABLED after UpdateTimeToLive.
const maxTTLDisabledPolls = 10

// waitActive waits until table name and its global indexes are ACTIVE.
func waitActive(ctx context.Context, api TableAPI, name string) error {
	return poll(ctx, func() (bool, error) {
		out, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			return false, fmt.Errorf("ddb: CreateTable %s: describe: %w", name, err)
		}
		if out.Table.TableStatus != types.TableStatusActive {
			return false, nil
		}
		for _, g := range out.Table.GlobalSecondaryIndexes {
			if g.IndexStatus != types.IndexStatusActive {
				return false, nil
			}
		}
		return true, nil
	})
}

// DeleteTable deletes table name and waits until it is gone (or ctx ends).
func DeleteTable(ctx context.Context, api TableAPI, name string) error {
	if _, err := api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
		return fmt.Errorf("ddb: DeleteTable %s: %w", name, err)
	}
	return poll(ctx, func() (bool, error) {
		_, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("ddb: DeleteTable %s: describe: %w", name, err)
		}
		return false, nil
	})
}

// The waits of poll: the first, doubling up to the last. Variables for tests.
var (
	pollFirst = 20 * time.Millisecond
	pollMax   = time.Second
)

// poll calls done until it reports true, waiting 20ms, doubling up to 1s.
func poll(ctx context.Context, done func() (bool, error)) error {
	wait := pollFirst
	for {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, pollMax)
	}
}
