package ddb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Returned says which item an update returns.
type Returned uint8

const (
	// NewItem returns the whole item after the update (the default).
	NewItem Returned = iota
	// OldItem returns the whole item before the update (nil when it was created).
	OldItem
	// UpdatedNew returns only the updated attributes, after the update.
	UpdatedNew
	// UpdatedOld returns only the updated attributes, before the update.
	UpdatedOld
	// NoItem returns no item (Exec returns nil).
	NoItem
)

var returnedValues = [...]types.ReturnValue{
	NewItem: types.ReturnValueAllNew, OldItem: types.ReturnValueAllOld,
	UpdatedNew: types.ReturnValueUpdatedNew, UpdatedOld: types.ReturnValueUpdatedOld,
	NoItem: types.ReturnValueNone,
}

// Update applies to the item with key the actions among opts (made by the
// handles: OrderAttrs.Status.Set("paid"), OrderAttrs.Total.Add(5)) in one
// UpdateItem, and returns the item chosen by Return: by default the whole
// item as stored afterwards; only the updated attributes with UpdatedNew or
// UpdatedOld; nil with NoItem, or with OldItem when the update created the
// item. It fails with ErrNotFound when no such item exists, unless Upsert is
// among opts; with ErrConditionFailed when a condition (If) does not hold.
// Each attribute takes one action: two actions on one path, or on
// overlapping paths, are refused with ErrInvalidInput, as is an update with
// no action. It leaves a version attribute alone: on a versioned table use
// UpdateVersion or UpdateAnyVersion.
func Update[P any](ctx context.Context, w *Writer, key map[string]types.AttributeValue, opts []UpdateOption, dst P) (P, error) {
	return updateItem(ctx, w, key, nil, writeOptions(opts), dst)
}

// UpdateVersion is Update with optimistic locking: the actions apply only if
// the stored version is expected, and the version is incremented; otherwise
// the error wraps ErrVersionConflict (ErrNotFound when no such item exists).
func UpdateVersion[P any](ctx context.Context, w *Writer, key map[string]types.AttributeValue, expected int64, opts []UpdateOption, dst P) (P, error) {
	return updateItem(ctx, w, key, &expected, writeOptions(opts), dst)
}

// UpdateAnyVersion is Update on a versioned table without optimistic
// locking, for writes whose safety is a condition (If(Stock.Ge(n))) or
// that commute (counters): no version is checked, so concurrent writers
// never conflict on it, but the version is incremented in the same request
// (ADD), so optimistic writers that read the item before see the change as
// a conflict. With Upsert a missing item is created at version 1. On a
// table without version attribute it is an ErrInvalidInput: use Update.
func UpdateAnyVersion[P any](ctx context.Context, w *Writer, key map[string]types.AttributeValue, opts []UpdateOption, dst P) (P, error) {
	o := writeOptions(opts)
	o.anyVersion = true
	return updateItem(ctx, w, key, nil, o, dst)
}

// updateItem applies the update and decodes what it returns into dst (a
// new *T): the zero P when it returned nothing.
func updateItem[P any](ctx context.Context, w *Writer, key map[string]types.AttributeValue, version *int64, o writeSettings, dst P) (P, error) {
	var zero P
	ok, err := w.updateInto(ctx, key, version, o, dst)
	if err != nil || !ok {
		return zero, err
	}
	return dst, nil
}

// updateInto applies the update and decodes the returned item into dst;
// ok is false when it returned none.
//
//go:noinline
func (w *Writer) updateInto(ctx context.Context, key map[string]types.AttributeValue, version *int64, o writeSettings, dst any) (ok bool, err error) {
	if d, isDirect := w.api.(DirectUpdateAPI); isDirect && w.table.check(dst) == nil {
		return w.updateDirect(ctx, d, key, version, o, dst)
	}
	item, err := w.update(ctx, key, version, o)
	if err != nil || len(item) == 0 {
		return false, err
	}
	if err := w.table.decode(dst, item); err != nil {
		return false, NewItemError("UpdateItem", w.name, key, fmt.Errorf("decoding the returned item: %w", err))
	}
	return true, nil
}

// UpdateInput builds the UpdateItem request Update would send (for logging
// and tests); version is nil without optimistic locking.
func UpdateInput(w *Writer, key map[string]types.AttributeValue, version *int64, opts []UpdateOption) (*dynamodb.UpdateItemInput, error) {
	return w.updateInput(key, version, writeOptions(opts))
}

func (w *Writer) updateInput(key map[string]types.AttributeValue, version *int64, o writeSettings) (*dynamodb.UpdateItemInput, error) {
	const op = "UpdateItem"
	if err := w.writable(op); err != nil {
		return nil, err
	}
	t, keys := w.table, w.table.meta()
	verAttr := t.Schema.Version
	if err := keys.checkKey(key); err != nil {
		return nil, inputError(op, w.name, err)
	}
	versioned := version != nil
	if (versioned || o.anyVersion) && t.version == nil {
		hint := "use Update without a version"
		if o.anyVersion {
			hint = "use Update"
		}
		return nil, &InputError{Op: op, Table: w.name, Err: errors.New("the table has no version attribute"), Hint: hint}
	}
	if versioned && o.upsert {
		return nil, &InputError{Op: op, Table: w.name, Err: errors.New("Upsert with optimistic locking"), Hint: "create a versioned item with Create, or upsert with UpdateAnyVersion"}
	}
	acts, err := updateActions(t.Schema.Name, o.actions)
	if err != nil {
		return nil, inputError(op, w.name, err)
	}
	// Checked before the version's own action joins: an update that
	// changes nothing else is refused alike with and without a version,
	// rather than sent to bump the version alone.
	if len(acts) == 0 {
		return nil, &InputError{Op: op, Table: w.name, Err: errors.New("empty update: no action changes an attribute (an Add or Delete of no elements is no action)"), Hint: "set, add or remove at least one attribute"}
	}
	bump := versioned || o.anyVersion
	for _, a := range acts {
		if err := keys.checkAction(a); err != nil {
			return nil, inputError(op, w.name, err)
		}
		if bump && a.path.TopLevel() == verAttr {
			return nil, &InputError{Op: op, Table: w.name, Attr: verAttr, Err: errors.New("the version attribute is managed by optimistic locking"), Hint: "leave it out of the update: it is incremented by every update"}
		}
	}
	if bump {
		acts = append(acts, &action{kind: actAdd, path: Attr(verAttr), val: NInt(1)})
	}
	var b Builder
	var conds []string
	if !o.upsert {
		conds = append(conds, b.AttributeExists(keys.names[0]))
	}
	if versioned {
		conds = append(conds, b.Equal(verAttr, NInt(*version)))
	}
	uc, err := o.cond.renderFor(&b, t.Schema.Name)
	if err != nil {
		return nil, inputError(op, w.name, err)
	}
	in := &dynamodb.UpdateItemInput{
		TableName:        aws.String(w.name),
		Key:              key,
		UpdateExpression: aws.String(renderUpdate(&b, acts)),
		ReturnValues:     returnedValues[o.ret],

		ReturnConsumedCapacity: o.meter.ask(),
	}
	if c := andExprs(append(conds, uc)...); c != "" {
		in.ConditionExpression = aws.String(c)
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.Names(), b.Values()
	return in, nil
}

//go:noinline
func (w *Writer) update(ctx context.Context, key map[string]types.AttributeValue, version *int64, o writeSettings) (map[string]types.AttributeValue, error) {
	in, err := w.updateInput(key, version, o)
	if err != nil {
		return nil, err
	}
	out, err := w.api.UpdateItem(ctx, in)
	if err != nil {
		return nil, w.updateFailed(key, version, o, err)
	}
	o.meter.add(out.ConsumedCapacity)
	return out.Attributes, nil
}

// updateDirect is updateInto through a DirectUpdateAPI client: the returned
// item is read straight into dst.
func (w *Writer) updateDirect(ctx context.Context, d DirectUpdateAPI, key map[string]types.AttributeValue, version *int64, o writeSettings, dst any) (bool, error) {
	in, err := w.updateInput(key, version, o)
	if err != nil {
		return false, err
	}
	out, found, decErr, err := d.UpdateItemInto(ctx, in, dst)
	if decErr != nil {
		return false, NewItemError("UpdateItem", w.name, key, fmt.Errorf("decoding the returned item: %w", decErr))
	}
	if err != nil {
		return false, w.updateFailed(key, version, o, err)
	}
	o.meter.add(out.ConsumedCapacity)
	if !found && out.Attributes != nil {
		// Not decoded directly (dst has no direct decoder): the map path.
		if err := w.table.decode(dst, out.Attributes); err != nil {
			return false, NewItemError("UpdateItem", w.name, key, fmt.Errorf("decoding the returned item: %w", err))
		}
		return len(out.Attributes) > 0, nil
	}
	return found, nil
}

func (w *Writer) updateFailed(key map[string]types.AttributeValue, version *int64, o writeSettings, err error) error {
	f := failure{update: !o.upsert, versioned: version != nil}
	if version != nil {
		f.prev = *version
	}
	return w.failed("UpdateItem", key, withMissingPath(err, nestedPaths(o.actions)), f)
}
