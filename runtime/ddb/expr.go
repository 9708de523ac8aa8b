package ddb

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Builder allocates expression placeholders for one request: every attribute
// name becomes #n<i> in ExpressionAttributeNames and every value :v<i> in
// ExpressionAttributeValues, so names and values are never spliced into an
// expression string and reserved words (status, name, date, ...) just work.
// Share one Builder across the expressions of a request (key condition,
// update, condition, projection) so placeholders do not collide.
type Builder struct {
	names  map[string]string // placeholder -> attribute name
	byAttr map[string]string // attribute name -> placeholder
	values map[string]types.AttributeValue
}

// Name returns the placeholder for attribute name attr (one per distinct name).
func (b *Builder) Name(attr string) string {
	if p, ok := b.byAttr[attr]; ok {
		return p
	}
	if b.names == nil {
		b.names = map[string]string{}
		b.byAttr = map[string]string{}
	}
	p := "#n" + strconv.Itoa(len(b.names))
	b.names[p] = attr
	b.byAttr[attr] = p
	return p
}

// Value returns a new placeholder bound to v.
func (b *Builder) Value(v types.AttributeValue) string {
	if b.values == nil {
		b.values = map[string]types.AttributeValue{}
	}
	p := ":v" + strconv.Itoa(len(b.values))
	b.values[p] = v
	return p
}

// Names returns ExpressionAttributeNames (nil when empty, as DynamoDB requires).
func (b *Builder) Names() map[string]string {
	if len(b.names) == 0 {
		return nil
	}
	return b.names
}

// Values returns ExpressionAttributeValues (nil when empty, as DynamoDB requires).
func (b *Builder) Values() map[string]types.AttributeValue {
	if len(b.values) == 0 {
		return nil
	}
	return b.values
}

// Projection returns a projection expression for attrs: "#n0, #n1".
func (b *Builder) Projection(attrs ...string) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = b.Name(a)
	}
	return strings.Join(parts, ", ")
}

// AttributeExists returns "attribute_exists(#n)".
func (b *Builder) AttributeExists(attr string) string {
	return "attribute_exists(" + b.Name(attr) + ")"
}

// AttributeNotExists returns "attribute_not_exists(#n)".
func (b *Builder) AttributeNotExists(attr string) string {
	return "attribute_not_exists(" + b.Name(attr) + ")"
}

// Equal returns "#n = :v".
func (b *Builder) Equal(attr string, v types.AttributeValue) string {
	return b.Name(attr) + " = " + b.Value(v)
}

// And joins the non-empty conditions with AND, each parenthesised.
func And(conds ...string) string {
	var parts []string
	for _, c := range conds {
		if c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	for i, p := range parts {
		parts[i] = "(" + p + ")"
	}
	return strings.Join(parts, " AND ")
}

// SortOp is a key condition operator on a sort key.
type SortOp int

const (
	SortNone SortOp = iota
	SortEq
	SortLt
	SortLe
	SortGt
	SortGe
	SortBetween
	SortBeginsWith
)

// SortCond is a condition on a sort key; the zero value means none.
// Between uses Lo and Hi, every other operator uses Lo.
type SortCond struct {
	Op     SortOp
	Lo, Hi types.AttributeValue
}

// KeyCondition returns the key condition expression for a query:
// "#pk = :v" plus, when sk.Op is set, the sort key condition on skAttr.
func (b *Builder) KeyCondition(pkAttr string, pk types.AttributeValue, skAttr string, sk SortCond) (string, error) {
	expr := b.Name(pkAttr) + " = " + b.Value(pk)
	if sk.Op == SortNone {
		return expr, nil
	}
	if skAttr == "" {
		return "", fmt.Errorf("sort key condition given but the key has no sort key")
	}
	n := b.Name(skAttr)
	var c string
	switch sk.Op {
	case SortEq:
		c = n + " = " + b.Value(sk.Lo)
	case SortLt:
		c = n + " < " + b.Value(sk.Lo)
	case SortLe:
		c = n + " <= " + b.Value(sk.Lo)
	case SortGt:
		c = n + " > " + b.Value(sk.Lo)
	case SortGe:
		c = n + " >= " + b.Value(sk.Lo)
	case SortBetween:
		c = n + " BETWEEN " + b.Value(sk.Lo) + " AND " + b.Value(sk.Hi)
	case SortBeginsWith:
		c = "begins_with(" + n + ", " + b.Value(sk.Lo) + ")"
	default:
		return "", fmt.Errorf("unknown sort key operator %d", sk.Op)
	}
	return expr + " AND " + c, nil
}

type updateKind uint8

const (
	updSet updateKind = iota
	updAdd
	updRemove
	updDelete
)

type updateOp struct {
	kind updateKind
	attr string
	v    types.AttributeValue
}

// Update collects the actions of an UpdateItem on top-level attributes.
// One action per attribute: a later action on the same attribute replaces an
// earlier one (DynamoDB rejects overlapping paths in one expression).
type Update struct {
	ops []updateOp
}

func (u *Update) put(op updateOp) *Update {
	for i := range u.ops {
		if u.ops[i].attr == op.attr {
			u.ops[i] = op
			return u
		}
	}
	u.ops = append(u.ops, op)
	return u
}

// Set sets attr to v.
func (u *Update) Set(attr string, v types.AttributeValue) *Update {
	return u.put(updateOp{kind: updSet, attr: attr, v: v})
}

// Add adds v to a number attribute, or the elements of set v to a set attribute.
func (u *Update) Add(attr string, v types.AttributeValue) *Update {
	return u.put(updateOp{kind: updAdd, attr: attr, v: v})
}

// Remove removes attr from the item.
func (u *Update) Remove(attr string) *Update {
	return u.put(updateOp{kind: updRemove, attr: attr})
}

// Delete removes the elements of set v from a set attribute.
func (u *Update) Delete(attr string, v types.AttributeValue) *Update {
	return u.put(updateOp{kind: updDelete, attr: attr, v: v})
}

// Len returns the number of actions.
func (u *Update) Len() int { return len(u.ops) }

// Has reports whether the update has an action on attr.
func (u *Update) Has(attr string) bool {
	for _, op := range u.ops {
		if op.attr == attr {
			return true
		}
	}
	return false
}

// Expression renders the update expression through b, e.g.
// "SET #n0 = :v0, #n1 = :v1 ADD #n2 :v2 REMOVE #n3".
func (u *Update) Expression(b *Builder) string {
	var set, add, remove, del []string
	for _, op := range u.ops {
		switch op.kind {
		case updSet:
			set = append(set, b.Name(op.attr)+" = "+b.Value(op.v))
		case updAdd:
			add = append(add, b.Name(op.attr)+" "+b.Value(op.v))
		case updRemove:
			remove = append(remove, b.Name(op.attr))
		case updDelete:
			del = append(del, b.Name(op.attr)+" "+b.Value(op.v))
		}
	}
	var parts []string
	if len(set) > 0 {
		parts = append(parts, "SET "+strings.Join(set, ", "))
	}
	if len(add) > 0 {
		parts = append(parts, "ADD "+strings.Join(add, ", "))
	}
	if len(remove) > 0 {
		parts = append(parts, "REMOVE "+strings.Join(remove, ", "))
	}
	if len(del) > 0 {
		parts = append(parts, "DELETE "+strings.Join(del, ", "))
	}
	return strings.Join(parts, " ")
}
