package ddb

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// MigrationPage is what one call of an entity store's Migrate did.
type MigrationPage struct {
	// Cursor is the checkpoint to pass to the next call for the same
	// segment; "" when the segment is done.
	Cursor string
	// Migrated counts the items rewritten under their new keys.
	Migrated int
	// Skipped counts the items left alone: other entities', and items
	// already in the new form.
	Skipped int
}

// MigrateSegment rewrites one page (at most limit items read) of segment
// segment of segments of a scan of the table: each item of entity old (the
// entity as it was: its previous name and key templates, built with
// NewEntity) becomes an item of entity e, under the keys e's templates give
// its fields. A call starts after cursor ("" first) and returns the next
// checkpoint, so a large table spreads over many calls, segments and Lambda
// invocations; each segment runs on its own.
//
// It is idempotent and safe beside concurrent writers: an item already in
// the new form is skipped; an item whose key changes is written under the
// new key (only if no item is there) and deleted under the old one (only if
// unchanged since it was read) in one transaction; one whose key does not
// change is replaced only if unchanged. An item changed meanwhile is read
// again and retried; one deleted meanwhile is skipped. An item already under
// the new key with different content is an error naming it (resolve by hand).
func MigrateSegment[T any, P interface {
	*T
	Item
}](ctx context.Context, w *Writer, e, old *Entity, segment, segments, limit int32, cursor string) (MigrationPage, error) {
	return w.migrate(ctx, e, old, segment, segments, limit, cursor, func(m map[string]types.AttributeValue) (any, map[string]types.AttributeValue, error) {
		v := P(new(T))
		if err := v.UnmarshalItem(m); err != nil {
			return nil, nil, err
		}
		item, err := v.MarshalItem()
		return v, item, err
	})
}

//go:noinline
func (w *Writer) migrate(ctx context.Context, e, old *Entity, segment, segments, limit int32, cursor string,
	convert func(map[string]types.AttributeValue) (any, map[string]types.AttributeValue, error)) (MigrationPage, error) {
	var out MigrationPage
	r := Reader{api: w.api, name: w.name, table: w.table}
	opts := []TableQueryOption{Segment(segment, segments), ConsistentRead()}
	if limit > 0 {
		opts = append(opts, Limit(limit))
	}
	meta := w.table.meta()
	q := readIndex(&r, &Index{PK: meta.names[0], SK: w.table.Schema.SK.Name}, ScanAll, opts, false)
	_, items, next, err := q.q.page(ctx, cursor, nil)
	if err != nil {
		return out, err
	}
	out.Cursor = next
	for _, it := range items {
		moved, err := w.migrateItem(ctx, e, old, it, convert)
		if err != nil {
			return out, err
		}
		if moved {
			out.Migrated++
		} else {
			out.Skipped++
		}
	}
	return out, nil
}

// ownsOld reports whether item is in old's form: its type attribute (if
// any) names old and each of old's key attributes splits by its template.
func ownsOld(old *Entity, item map[string]types.AttributeValue) bool {
	if s, ok := item[old.TypeAttr].(*types.AttributeValueMemberS); ok && s.Value != old.Name {
		return false
	}
	var buf [8]string
	for i := range old.Keys {
		ka := &old.Keys[i]
		s, ok := item[ka.Attr].(*types.AttributeValueMemberS)
		if !ok {
			if ka.Index == "" {
				return false
			}
			continue
		}
		if _, err := ka.Template.Split(buf[:0], s.Value); err != nil {
			return false
		}
	}
	return true
}

// migrateItem rewrites one item, retrying when it changed meanwhile.
func (w *Writer) migrateItem(ctx context.Context, e, old *Entity, it map[string]types.AttributeValue,
	convert func(map[string]types.AttributeValue) (any, map[string]types.AttributeValue, error)) (bool, error) {
	meta := w.table.meta()
	api, ok := w.api.(TxWriteAPI)
	if !ok {
		return false, &InputError{Op: "Migrate", Table: w.name, Err: fmt.Errorf("the store's client (%T) cannot run transactions", w.api)}
	}
	for attempt := 0; ; attempt++ {
		if !ownsOld(old, it) {
			return false, nil
		}
		fields := make(map[string]types.AttributeValue, len(it))
		for k, av := range it {
			if _, key := meta.attrs[k]; !key && k != old.TypeAttr && k != e.TypeAttr {
				fields[k] = av
			}
		}
		fields[e.TypeAttr] = S(e.Name)
		v, item, err := convert(fields)
		if err != nil {
			return false, NewItemError("Migrate", w.name, KeyOf(it, meta.names...), err)
		}
		if sameItem(item, it) {
			return false, nil // already in the new form
		}
		oldKey := KeyOf(it, meta.names...)
		unchanged := unchangedCond(it)
		if sameItem(KeyOf(item, meta.names...), oldKey) {
			err = w.put(ctx, v, false, []WriteOption{If(unchanged)})
		} else {
			err = WriteTx(ctx, api, TxCreate(w, v, nil), w.txDelete(oldKey, nil, []WriteOption{If(unchanged)}))
		}
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, ErrConditionFailed) && !errors.Is(err, ErrVersionConflict) {
			return false, err
		}
		// Changed, deleted, or the new key taken: read the item again.
		cur, gerr := w.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.name), Key: oldKey, ConsistentRead: aws.Bool(true)})
		if gerr != nil {
			return false, NewItemError("GetItem", w.name, oldKey, gerr)
		}
		if cur.Item == nil {
			return false, nil // deleted (or moved) meanwhile
		}
		if sameItem(cur.Item, it) || attempt >= 20 {
			return false, fmt.Errorf("ddb: migrating item %s of table %s: %w: its new key %s is taken by another item, or it keeps changing",
				FormatKey(oldKey), w.name, ErrConditionFailed, FormatKey(KeyOf(item, meta.names...)))
		}
		it = cur.Item
	}
}

// unchangedCond holds while the item still has exactly the attributes of it.
func unchangedCond(it map[string]types.AttributeValue) Cond {
	names := make([]string, 0, len(it))
	for k := range it {
		names = append(names, k)
	}
	sort.Strings(names)
	conds := make([]Cond, 0, len(names))
	for _, k := range names {
		n := newLeaf(opEq, Attr(k), 1)
		n.setOperand(0, it[k], nil)
		conds = append(conds, n.finishLeaf())
	}
	return And(conds...)
}

// sameItem reports whether a and b hold the same attributes and values.
func sameItem(a, b map[string]types.AttributeValue) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || !reflect.DeepEqual(av, bv) {
			return false
		}
	}
	return true
}

// EntityBefore describes entity e as an earlier version of the model wrote its
// items, for Migrate (MigrateSegment): name is the entity's name then ("" if
// unchanged), and templates holds, by key attribute, each template that
// changed, in the normalised form stelviogen records and its template guard
// prints ("sk": "ORDER#{PlacedAt:time}#{ID:string}"; see
// keys.ParseNormalized). Key attributes not listed keep e's templates. The
// type attribute and the separator are e's (a change of either needs a
// hand-written NewEntity). Generated entity stores call it as OldEntity.
func EntityBefore(e *Entity, name string, templates map[string]string) (*Entity, error) {
	old := &Entity{Name: e.Name, TypeAttr: e.TypeAttr, Table: e.Table, Keys: append([]EntityKeyAttr(nil), e.Keys...), primary: e.primary}
	if name != "" {
		old.Name = name
	}
	sep := byte(keys.DefaultSep)
	if len(e.Keys) > 0 {
		sep = e.Keys[0].Template.Sep
	}
	schema := &e.Table.Schema
	attrs := make([]string, 0, len(templates))
	for a := range templates {
		attrs = append(attrs, a)
	}
	sort.Strings(attrs)
	for _, attr := range attrs {
		ka := old.keyAttr(attr)
		if ka == nil {
			// A key attribute the entity no longer fills: find its index.
			role, ix, ok := schemaRole(schema, attr)
			if !ok {
				return nil, &InputError{Attr: attr, Err: fmt.Errorf("%w: %q is no key attribute of table %s", ErrInvalidInput, attr, schema.Name)}
			}
			old.Keys = append(old.Keys, EntityKeyAttr{Attr: attr, Index: ix, Template: keys.MustBind("X", role, sep)})
			ka = &old.Keys[len(old.Keys)-1]
		}
		t, err := keys.ParseNormalized(templates[attr], ka.Template.Role, sep)
		if err != nil {
			return nil, &InputError{Attr: attr, Err: fmt.Errorf("%w: old template of entity %s: %v", ErrInvalidInput, e.Name, err)}
		}
		ka.Template, ka.Fields = t, nil
	}
	return old, nil
}

// schemaRole finds key attribute attr in a table schema: its role and index
// ("" for the table's own key).
func schemaRole(s *TableSchema, attr string) (keys.Role, string, bool) {
	switch attr {
	case s.PK.Name:
		return keys.PartitionKey, "", true
	case s.SK.Name:
		return keys.SortKey, "", true
	}
	for _, ix := range append(append([]IndexSchema(nil), s.GSIs...), s.LSIs...) {
		switch attr {
		case ix.PK.Name:
			return keys.PartitionKey, ix.Name, true
		case ix.SK.Name:
			return keys.SortKey, ix.Name, true
		}
	}
	return 0, "", false
}
