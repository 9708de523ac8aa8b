package ddb

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// KeyPart is the handle of one field of an entity's key templates, for
// sort-key conditions of the entity's queries: OrderKeyParts.PlacedAt.Ge(t).
// A query takes equality conditions on a leading run of the sort template's
// fields (left to right) and at most one range condition on the next one;
// they become one DynamoDB sort-key condition built from the encoded values
// and the literals (keys.Template.Prefix and Range), never a filter.
type KeyPart[V any] struct {
	field string
	text  func(V) (string, error)
}

// TextPart is the KeyPart of a string field (the template's |lower or
// |upper applies).
func TextPart[V ~string](field string) KeyPart[V] {
	return KeyPart[V]{field, func(v V) (string, error) { return string(v), nil }}
}

// IntPart is the KeyPart of a signed-integer field.
func IntPart[V keys.Signed](field string) KeyPart[V] {
	return KeyPart[V]{field, func(v V) (string, error) { return keys.FormatInt(v), nil }}
}

// UintPart is the KeyPart of an unsigned-integer field.
func UintPart[V keys.Unsigned](field string) KeyPart[V] {
	return KeyPart[V]{field, func(v V) (string, error) { return keys.FormatUint(v), nil }}
}

// TimePart is the KeyPart of a time.Time field.
func TimePart(field string) KeyPart[time.Time] {
	return KeyPart[time.Time]{field, keys.FormatTime}
}

// FixedPart is the KeyPart of a float field with |fixed=decimals.
func FixedPart[V keys.Float](field string, decimals int) KeyPart[V] {
	return KeyPart[V]{field, func(v V) (string, error) { return keys.FormatFixed(v, decimals) }}
}

// CustomPart is the KeyPart of a field of a custom key type.
func CustomPart[V keys.Texter](field string) KeyPart[V] {
	return KeyPart[V]{field, func(v V) (string, error) { return v.KeyText() }}
}

// KeyCond is a condition on one key-template field, an option of an
// entity's query.
type KeyCond struct {
	field string
	op    keys.Op // 0: equality
	a, b  string
	err   error
}

func (c KeyCond) apply(s *readSettings) { s.keyParts = append(s.keyParts, c) }
func (KeyCond) queryOption()            {}
func (KeyCond) tableQueryOption()       {}

func (p KeyPart[V]) cond(op keys.Op, a, b V, two bool) KeyCond {
	c := KeyCond{field: p.field, op: op}
	c.a, c.err = p.text(a)
	if two && c.err == nil {
		c.b, c.err = p.text(b)
	}
	return c
}

// Eq: the field equals v.
func (p KeyPart[V]) Eq(v V) KeyCond { return p.cond(0, v, v, false) }

// Lt: the field is less than v (in its encoding's order: numbers and times
// in their natural order, text in byte order).
func (p KeyPart[V]) Lt(v V) KeyCond { return p.cond(keys.Lt, v, v, false) }

// Le: the field is at most v.
func (p KeyPart[V]) Le(v V) KeyCond { return p.cond(keys.Le, v, v, false) }

// Gt: the field is greater than v.
func (p KeyPart[V]) Gt(v V) KeyCond { return p.cond(keys.Gt, v, v, false) }

// Ge: the field is at least v.
func (p KeyPart[V]) Ge(v V) KeyCond { return p.cond(keys.Ge, v, v, false) }

// Between: lo <= field <= hi.
func (p KeyPart[V]) Between(lo, hi V) KeyCond { return p.cond(keys.Between, lo, hi, true) }

// GeLt: lo <= field < hi (the exact range of a text field followed by literal text).
func (p KeyPart[V]) GeLt(lo, hi V) KeyCond { return p.cond(keys.GeLt, lo, hi, true) }

// StrictEntities makes an entity or collection query fail (an error wrapping
// ErrForeignItem) on an item of an entity it does not return, instead of
// skipping it and counting it (Skipped).
func StrictEntities() AnyQueryOption { return queryOpt(func(s *readSettings) { s.strict = true }) }

// sortCondition turns an entity query's KeyConds into the condition on the
// sort template t: equality on a leading run of its fields, then at most
// one range.
func sortCondition(t *keys.Template, conds []KeyCond) (keys.Cond, error) {
	if t == nil {
		if len(conds) > 0 {
			return keys.Cond{}, fmt.Errorf("the index has no sort key: no key condition on %s", conds[0].field)
		}
		return keys.Cond{}, nil
	}
	names := t.FieldNames()
	var eq []string
	var rng *KeyCond
	used := make([]bool, len(conds))
	for j, name := range names {
		var hit *KeyCond
		for i := range conds {
			if conds[i].field == name && !used[i] {
				if hit != nil {
					return keys.Cond{}, fmt.Errorf("two key conditions on %s", name)
				}
				hit, used[i] = &conds[i], true
			}
		}
		if hit == nil {
			break
		}
		if hit.err != nil {
			return keys.Cond{}, hit.err
		}
		if rng != nil {
			return keys.Cond{}, fmt.Errorf("key condition on %s after a range on %s: conditions take the sort key's fields left to right (%s), equality first, one range last", name, names[j-1], t)
		}
		if hit.op == 0 {
			eq = append(eq, hit.a)
		} else {
			rng = hit
		}
	}
	for i, c := range conds {
		if !used[i] {
			return keys.Cond{}, fmt.Errorf("key condition on %s: conditions take the sort key's fields left to right (%s), with equality on each field before the last one given", c.field, t)
		}
	}
	if rng != nil {
		return t.Range(eq, rng.op, rng.a, rng.b)
	}
	return t.Prefix(eq...)
}

// sortCond turns a keys.Cond on attribute skAttr into the query's SortCond.
func sortCond(c keys.Cond) SortCond {
	switch c.Kind {
	case keys.CondEq:
		return SortCond{Op: SortEq, Lo: S(c.A)}
	case keys.CondBeginsWith:
		return SortCond{Op: SortBeginsWith, Lo: S(c.A)}
	case keys.CondBetween:
		return SortCond{Op: SortBetween, Lo: S(c.A), Hi: S(c.B)}
	}
	return SortCond{}
}

// ReadEntity starts a query of index ix (or the table) for entity e's items
// in the partition pk builds (the partition template filled with the
// method's arguments). The sort-key condition comes from the KeyConds among
// opts, on e's sort template for ix; with none, the template's literal
// prefix alone: a query of one entity never selects another's items by
// their keys (hierarchical keys aside, which it skips and counts, see
// Query.Skipped and StrictEntities). A plain sort-key Cond is refused.
//
//go:noinline
func ReadEntity[O option](r *Reader, e *Entity, ix *Index, pk keys.Builder, opts []O) *IndexRead {
	q := new(IndexRead)
	applyOptions(opts, &q.q.s)
	key, err := pk.Key()
	kv := KeyValue{av: S(key), err: err}
	r.initRead(&q.q, ix.Name, ix.PK, ix.SK, kv)
	q.q.entity = e
	q.q.owns = e.Owns
	if q.q.err != nil {
		return q
	}
	if q.q.s.keyConds > 0 {
		q.q.err = fmt.Errorf("a query of entity %s takes its sort key conditions on its key fields (%sKeyParts.Field.Eq(...)), not on the key attribute", e.Name, strings.ToUpper(e.Name[:1])+e.Name[1:])
		return q
	}
	var t *keys.Template
	if ix.SK != "" {
		if ka := e.keyAttr(ix.SK); ka != nil {
			t = ka.Template
		}
	}
	c, err := sortCondition(t, q.q.s.keyParts)
	if err != nil {
		q.q.err = &InputError{Index: ix.Name, Attr: ix.SK, Err: err}
		return q
	}
	q.q.sk = sortCond(c)
	return q
}

// Collection is a set of entities whose items share partitions of one index
// (or the table): one query of a partition returns all their items in sort
// order. Generated code declares one per collection.
type Collection struct {
	Name    string
	Index   *Index
	Members []*Entity
}

// Member returns the number of the member owning item (by its type
// attribute, or for a keys-only item its key), or -1.
func (c *Collection) Member(item map[string]types.AttributeValue) int {
	if len(c.Members) == 0 {
		return -1
	}
	ta := c.Members[0].TypeAttr
	if s, ok := item[ta].(*types.AttributeValueMemberS); ok {
		for i, e := range c.Members {
			if e.Name == s.Value {
				return i
			}
		}
		return -1
	}
	for i, e := range c.Members {
		if e.Owns(item) {
			return i
		}
	}
	return -1
}

// CollectionRead is a query of one partition of a collection; the generated
// collection query type wraps it and decodes each item into its member type.
type CollectionRead struct {
	q readState
	c *Collection
}

// ReadCollection starts a query of collection c for the partition pk
// builds. Limit, Descending, Filter and ConsistentRead (on the table and
// local indexes) apply; no filter is sent to tell members apart: each item's
// member is known from its type attribute (or, for keys-only items, its key).
// Items of entities outside the collection, or of none, are skipped and
// counted (StrictEntities: an error).
//
//go:noinline
func ReadCollection[O option](r *Reader, c *Collection, pk keys.Builder, opts []O) *CollectionRead {
	q := &CollectionRead{c: c}
	q.q.owns = func(item map[string]types.AttributeValue) bool { return c.Member(item) >= 0 }
	applyOptions(opts, &q.q.s)
	key, err := pk.Key()
	r.initRead(&q.q, c.Index.Name, c.Index.PK, c.Index.SK, KeyValue{av: S(key), err: err})
	if q.q.err == nil && (q.q.s.keyConds > 0 || len(q.q.s.keyParts) > 0) {
		q.q.err = fmt.Errorf("a collection query reads whole partitions: no sort key condition")
	}
	return q
}

// Skipped returns how many items of no member the query skipped so far.
func (q *CollectionRead) Skipped() int { return q.q.skipped }

// Page reads one page after cursor ("" first) and passes each member item
// to add with its member's number; it returns the next page's cursor ("" at
// the end).
func (q *CollectionRead) Page(ctx context.Context, cursor string, add func(member int, item map[string]types.AttributeValue) error) (string, error) {
	what, items, next, err := q.q.page(ctx, cursor, nil)
	if err != nil {
		return "", err
	}
	for _, it := range items {
		if err := q.each(what, it, add); err != nil {
			return "", err
		}
	}
	return next, nil
}

func (q *CollectionRead) each(what reqName, it map[string]types.AttributeValue, add func(int, map[string]types.AttributeValue) error) error {
	m := q.c.Member(it)
	if m < 0 {
		if q.q.s.strict {
			return decodeItemError(what, fmt.Errorf("%w: the item is of no member of collection %s", ErrForeignItem, q.c.Name))
		}
		q.q.skipped++
		return nil
	}
	if err := add(m, it); err != nil {
		return decodeItemError(what, err)
	}
	return nil
}

// All passes every member item of the partition to add, paging
// transparently, and yields after each (true: continue); it stops at the
// first error, yielded last.
func (q *CollectionRead) All(ctx context.Context, add func(member int, item map[string]types.AttributeValue) error) iter.Seq[error] {
	return func(yield func(error) bool) {
		what, seq := q.q.items(ctx, nil)
		seq(func(it map[string]types.AttributeValue, err error) bool {
			if err == nil {
				before := q.q.skipped
				if err = q.each(what, it, add); err == nil {
					if q.q.skipped != before {
						return true
					}
					return yield(nil)
				}
			}
			yield(err)
			return false
		})
	}
}

// Count returns the number of items of the partition (members or not).
func (q *CollectionRead) Count(ctx context.Context) (int, error) { return q.q.count(ctx) }
