package ddb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// GetItemAPI is the part of *dynamodb.Client GetItem uses.
type GetItemAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
}

// PutItemAPI is the part of *dynamodb.Client PutItem uses.
type PutItemAPI interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

// DeleteItemAPI is the part of *dynamodb.Client DeleteItem uses.
type DeleteItemAPI interface {
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// UpdateItemAPI is the part of *dynamodb.Client UpdateItem uses (GetItem
// tells a missing item from a version conflict when a condition fails).
type UpdateItemAPI interface {
	GetItemAPI
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// ReadAPI is what a read-only store needs: *dynamodb.Client implements it.
type ReadAPI interface {
	GetItemAPI
	BatchGetAPI
	QueryAPI
	ScanAPI
}

// API is what a read-write store needs: *dynamodb.Client implements it.
type API interface {
	ReadAPI
	PutItemAPI
	DeleteItemAPI
	UpdateItemAPI
	BatchWriteAPI
}

var _ API = (*dynamodb.Client)(nil)

// ReadOptions are the options of a single-item or batch read.
type ReadOptions struct {
	Consistent bool
}

// ReadOption sets a ReadOptions field.
type ReadOption func(*ReadOptions)

// ConsistentRead asks for a strongly consistent read.
func ConsistentRead() ReadOption { return func(o *ReadOptions) { o.Consistent = true } }

// ApplyReadOptions folds opts into a ReadOptions.
func ApplyReadOptions(opts []ReadOption) ReadOptions {
	var o ReadOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// GetItem reads the item with key from table; a missing item is an
// *ItemError wrapping ErrNotFound.
func GetItem(ctx context.Context, api GetItemAPI, table string, key map[string]types.AttributeValue, consistent bool) (map[string]types.AttributeValue, error) {
	out, err := api.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(table),
		Key:            key,
		ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return nil, NewItemError("GetItem", table, key, err)
	}
	if out.Item == nil {
		return nil, NotFound("GetItem", table, key)
	}
	return out.Item, nil
}

// PutOptions are the conditions of PutItem.
type PutOptions struct {
	// KeyAttrs are the table's key attributes (for conditions and errors).
	KeyAttrs []string
	// CreateOnly fails the put when an item with the key exists.
	CreateOnly bool
	// VersionAttr names the optimistic-locking attribute, "" for none. The
	// item must already hold the new version; the put succeeds only if the
	// stored item's version is PrevVersion, or, when PrevVersion is nil, if no
	// item exists. A failure is an error wrapping ErrVersionConflict.
	VersionAttr string
	PrevVersion types.AttributeValue
}

// PutItem writes item to table under the conditions of o.
func PutItem(ctx context.Context, api PutItemAPI, table string, item map[string]types.AttributeValue, o PutOptions) error {
	in := &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}
	var b Builder
	var conds []string
	if o.CreateOnly || (o.VersionAttr != "" && o.PrevVersion == nil) {
		if len(o.KeyAttrs) == 0 {
			return fmt.Errorf("ddb: PutItem %s: no key attributes for the condition", table)
		}
		conds = append(conds, b.AttributeNotExists(o.KeyAttrs[0]))
	}
	if o.VersionAttr != "" && o.PrevVersion != nil {
		conds = append(conds, b.Equal(o.VersionAttr, o.PrevVersion))
	}
	if len(conds) > 0 {
		in.ConditionExpression = aws.String(And(conds...))
		in.ExpressionAttributeNames = b.Names()
		in.ExpressionAttributeValues = b.Values()
	}
	_, err := api.PutItem(ctx, in)
	if err == nil {
		return nil
	}
	key := KeyOf(item, o.KeyAttrs...)
	if IsConditionalCheckFailed(err) {
		if o.CreateOnly {
			return NewItemError("PutItem", table, key, fmt.Errorf("item already exists: %w", err))
		}
		if o.VersionAttr != "" {
			return VersionConflict("PutItem", table, key, err)
		}
	}
	return NewItemError("PutItem", table, key, err)
}

// DeleteOptions are the conditions of DeleteItem.
type DeleteOptions struct {
	// VersionAttr and Version, when set, delete only the item at that version;
	// otherwise (also when the item no longer exists) the error wraps
	// ErrVersionConflict.
	VersionAttr string
	Version     types.AttributeValue
}

// DeleteItem deletes the item with key from table. Deleting a missing item
// succeeds, as in DynamoDB, unless a version is required.
func DeleteItem(ctx context.Context, api DeleteItemAPI, table string, key map[string]types.AttributeValue, o DeleteOptions) error {
	in := &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: key}
	if o.VersionAttr != "" && o.Version != nil {
		var b Builder
		in.ConditionExpression = aws.String(b.Equal(o.VersionAttr, o.Version))
		in.ExpressionAttributeNames = b.Names()
		in.ExpressionAttributeValues = b.Values()
	}
	_, err := api.DeleteItem(ctx, in)
	if err == nil {
		return nil
	}
	if IsConditionalCheckFailed(err) && o.VersionAttr != "" {
		return VersionConflict("DeleteItem", table, key, err)
	}
	return NewItemError("DeleteItem", table, key, err)
}

// UpdateOptions are the conditions of UpdateItem.
type UpdateOptions struct {
	// KeyAttrs are the table's key attributes: the update requires the item
	// to exist (attribute_exists on the partition key) unless Upsert is set.
	KeyAttrs []string
	// Upsert creates the item when it does not exist, as a plain DynamoDB
	// UpdateItem does. Ignored with a version: versioned items exist first.
	Upsert bool
	// VersionAttr and PrevVersion, when set, apply the update only to the
	// item at PrevVersion and increment the version by one.
	VersionAttr string
	PrevVersion types.AttributeValue
}

// UpdateItem applies u to the item with key in table and returns the item
// as it is after the update. Errors wrap ErrNotFound when the item does not
// exist, ErrVersionConflict when its version is not PrevVersion.
func UpdateItem(ctx context.Context, api UpdateItemAPI, table string, key map[string]types.AttributeValue, u *Update, o UpdateOptions) (map[string]types.AttributeValue, error) {
	versioned := o.VersionAttr != "" && o.PrevVersion != nil
	if u.Len() == 0 && !versioned {
		return nil, NewItemError("UpdateItem", table, key, errors.New("empty update: set, add or remove at least one attribute"))
	}
	if versioned && u.Has(o.VersionAttr) {
		return nil, NewItemError("UpdateItem", table, key, fmt.Errorf("the version attribute %q is managed by optimistic locking and cannot be updated directly", o.VersionAttr))
	}
	if len(o.KeyAttrs) == 0 {
		return nil, fmt.Errorf("ddb: UpdateItem %s: no key attributes for the condition", table)
	}
	var b Builder
	upd := *u
	upd.ops = append([]updateOp(nil), u.ops...)
	var conds []string
	if !o.Upsert || versioned {
		conds = append(conds, b.AttributeExists(o.KeyAttrs[0]))
	}
	if versioned {
		conds = append(conds, b.Equal(o.VersionAttr, o.PrevVersion))
		upd.Add(o.VersionAttr, NInt(1))
	}
	in := &dynamodb.UpdateItemInput{
		TableName:        aws.String(table),
		Key:              key,
		UpdateExpression: aws.String(upd.Expression(&b)),
		ReturnValues:     types.ReturnValueAllNew,
	}
	if len(conds) > 0 {
		in.ConditionExpression = aws.String(And(conds...))
	}
	in.ExpressionAttributeNames = b.Names()
	in.ExpressionAttributeValues = b.Values()
	out, err := api.UpdateItem(ctx, in)
	if err == nil {
		return out.Attributes, nil
	}
	if !IsConditionalCheckFailed(err) {
		return nil, NewItemError("UpdateItem", table, key, err)
	}
	if !versioned {
		return nil, &ItemError{Op: "UpdateItem", Table: table, Key: key, Err: fmt.Errorf("%w: %w", ErrNotFound, err)}
	}
	// The condition has two parts; a consistent read tells which one failed.
	switch _, gerr := GetItem(ctx, api, table, key, true); {
	case errors.Is(gerr, ErrNotFound):
		return nil, &ItemError{Op: "UpdateItem", Table: table, Key: key, Err: fmt.Errorf("%w: %w", ErrNotFound, err)}
	case gerr != nil:
		// The condition failed but the read that tells why did too: say both.
		return nil, NewItemError("UpdateItem", table, key, fmt.Errorf("%w (reading the item to tell a missing item from a version conflict failed: %w)", err, gerr))
	}
	return nil, VersionConflict("UpdateItem", table, key, err)
}
