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
	order  []string          // attribute names in placeholder order, for reuse
	values map[string]types.AttributeValue
	first  [8]string // order's first array: most requests name few attributes
}

// placeholders are the first placeholders, spelled once.
var namePlaceholders, valuePlaceholders = func() (n, v [32]string) {
	for i := range n {
		n[i] = "#n" + strconv.Itoa(i)
		v[i] = ":v" + strconv.Itoa(i)
	}
	return n, v
}()

// Name returns the placeholder for attribute name attr (one per distinct name).
func (b *Builder) Name(attr string) string {
	for i, a := range b.order {
		if a == attr {
			return placeholder(&namePlaceholders, "#n", i)
		}
	}
	if b.names == nil {
		b.names = make(map[string]string, 4)
		b.order = b.first[:0]
	}
	p := placeholder(&namePlaceholders, "#n", len(b.order))
	b.names[p] = attr
	b.order = append(b.order, attr)
	return p
}

// Value returns a new placeholder bound to v.
func (b *Builder) Value(v types.AttributeValue) string {
	if b.values == nil {
		b.values = make(map[string]types.AttributeValue, 4)
	}
	p := placeholder(&valuePlaceholders, ":v", len(b.values))
	b.values[p] = v
	return p
}

func placeholder(spelled *[32]string, prefix string, i int) string {
	if i < len(spelled) {
		return spelled[i]
	}
	return prefix + strconv.Itoa(i)
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

// Paths returns a projection expression for paths: "#n0, #n1.#n2[3]".
// A path given twice is projected once.
func (b *Builder) Paths(paths []AttrPath) string {
	parts := make([]string, 0, len(paths))
	seen := map[string]bool{}
	for _, p := range paths {
		e := p.expr(b)
		if !seen[e] {
			seen[e] = true
			parts = append(parts, e)
		}
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

// andExprs joins the non-empty conditions with AND, each parenthesised.
func andExprs(conds ...string) string {
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
