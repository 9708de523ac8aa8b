package ddb

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Cond is a condition on an item: a write condition (ConditionExpression)
// or a filter of a query or scan (FilterExpression). Conditions are built from
// the generated attribute handles (OrderAttrs.Total.Gt(100)) and combined
// with And, Or and Not. The zero Cond is "no condition".
//
// Every name in the rendered expression is an expression attribute name and
// every value an expression attribute value.
type Cond struct{ n *condNode }

type condOp uint8

const (
	opEq condOp = iota + 1
	opNe
	opLt
	opLe
	opGt
	opGe
	opBetween
	opIn
	opExists
	opNotExists
	opType
	opBeginsWith
	opContains
	opAnd
	opOr
	opNot
)

var compareOps = map[condOp]string{opEq: "=", opNe: "<>", opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}

// condNode is one node of a condition tree.
type condNode struct {
	op   condOp
	path AttrPath
	size bool // the left operand is size(path)
	vals []types.AttributeValue
	kids []*condNode
	err  error // an operand that could not be encoded; reported when the request is built
	// omitted marks a comparison with a value its encoder leaves out of the
	// item, rendered as a test of existence (see leaf); as a key condition it
	// is an empty key value.
	omitted bool
	buf     [2]types.AttributeValue
}

// IsZero reports whether c is the empty condition.
func (c Cond) IsZero() bool { return c.n == nil }

// And is c AND d (an empty side is dropped).
func (c Cond) And(d ...Cond) Cond { return And(append([]Cond{c}, d...)...) }

// Or is c OR d (an empty side is dropped).
func (c Cond) Or(d ...Cond) Cond { return Or(append([]Cond{c}, d...)...) }

// And holds when every non-empty condition holds.
func And(conds ...Cond) Cond { return join(opAnd, conds) }

// Or holds when any non-empty condition holds. An Or of no non-empty
// condition would hold for nothing: it is an error when the request is
// built, rather than no condition at all.
func Or(conds ...Cond) Cond {
	c := join(opOr, conds)
	if c.n == nil {
		return errCond(errors.New("Or of no conditions holds for no item"))
	}
	return c
}

// Not holds when c does not. Not of the empty condition ("no condition")
// is an error when the request is built.
func Not(c Cond) Cond {
	if c.n == nil {
		return errCond(errors.New("Not of the empty condition (no condition) is not a condition"))
	}
	return Cond{&condNode{op: opNot, kids: []*condNode{c.n}}}
}

func join(op condOp, conds []Cond) Cond {
	var kids []*condNode
	for _, c := range conds {
		if c.n != nil {
			kids = append(kids, c.n)
		}
	}
	switch len(kids) {
	case 0:
		return Cond{}
	case 1:
		return Cond{kids[0]}
	}
	return Cond{&condNode{op: op, kids: kids}}
}

// render writes the condition through b.
func (c Cond) render(b *Builder) (string, error) {
	if c.n == nil {
		return "", nil
	}
	return c.n.render(b)
}

// renderFor renders c for a request on the table with logical name table,
// refusing a condition built from another table's handles.
func (c Cond) renderFor(b *Builder, table string) (string, error) {
	if err := c.checkOwner(table); err != nil {
		return "", err
	}
	return c.render(b)
}

// MaxInValues is the most values DynamoDB accepts in one IN.
const MaxInValues = 100

func (n *condNode) render(b *Builder) (string, error) {
	if n.err != nil {
		return "", n.err
	}
	if n.op != opAnd && n.op != opOr && n.op != opNot && !n.path.valid() {
		return "", fmt.Errorf("condition on an invalid attribute path %q", n.path)
	}
	left := func() string {
		if n.size {
			return "size(" + n.path.expr(b) + ")"
		}
		return n.path.expr(b)
	}
	value := func(i int) string { return b.Value(n.vals[i]) }
	switch n.op {
	case opEq, opNe, opLt, opLe, opGt, opGe:
		return left() + " " + compareOps[n.op] + " " + value(0), nil
	case opBetween:
		return left() + " BETWEEN " + value(0) + " AND " + value(1), nil
	case opIn:
		if len(n.vals) == 0 {
			return "", fmt.Errorf("%s IN: no values", n.path)
		}
		if len(n.vals) > MaxInValues {
			return "", fmt.Errorf("%s IN: %d values, DynamoDB accepts at most %d", n.path, len(n.vals), MaxInValues)
		}
		l := left()
		vs := make([]string, len(n.vals))
		for i := range n.vals {
			vs[i] = value(i)
		}
		return l + " IN (" + strings.Join(vs, ", ") + ")", nil
	case opExists:
		return "attribute_exists(" + n.path.expr(b) + ")", nil
	case opNotExists:
		return "attribute_not_exists(" + n.path.expr(b) + ")", nil
	case opType:
		return "attribute_type(" + n.path.expr(b) + ", " + value(0) + ")", nil
	case opBeginsWith:
		return "begins_with(" + n.path.expr(b) + ", " + value(0) + ")", nil
	case opContains:
		return "contains(" + n.path.expr(b) + ", " + value(0) + ")", nil
	case opNot:
		s, err := n.kids[0].render(b)
		if err != nil {
			return "", err
		}
		return "NOT (" + s + ")", nil
	case opAnd, opOr:
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			s, err := k.render(b)
			if err != nil {
				return "", err
			}
			parts[i] = "(" + s + ")"
		}
		sep := " AND "
		if n.op == opOr {
			sep = " OR "
		}
		return strings.Join(parts, sep), nil
	}
	return "", fmt.Errorf("unknown condition operator %d", n.op)
}

// textCond builds begins_with or contains with operand v. An empty prefix
// is sent as it is: in a condition or a filter DynamoDB takes it (every
// string starts with it); only a key condition refuses it (keyCondition).
func textCond(op condOp, p AttrPath, v types.AttributeValue) Cond {
	return Cond{&condNode{op: op, path: p, vals: []types.AttributeValue{v}}}
}

// owners calls f with the table of every path in the condition.
func (n *condNode) owners(f func(table string)) {
	if n == nil {
		return
	}
	f(n.path.table)
	for _, k := range n.kids {
		k.owners(f)
	}
}

// uses returns the first of attrs ("" ignored) whose top-level attribute the
// condition reads, or "".
func (c Cond) uses(attrs ...string) string {
	found := ""
	var walk func(n *condNode)
	walk = func(n *condNode) {
		if n == nil || found != "" {
			return
		}
		for _, a := range attrs {
			if a != "" && len(n.path.elems) > 0 && n.path.TopLevel() == a {
				found = a
				return
			}
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(c.n)
	return found
}

// usesOutside returns the first top-level attribute the condition reads that
// is not in attrs, "" when there is none.
func (c Cond) usesOutside(attrs map[string]bool) string {
	found := ""
	var walk func(n *condNode)
	walk = func(n *condNode) {
		if n == nil || found != "" {
			return
		}
		if len(n.path.elems) > 0 && !attrs[n.path.TopLevel()] {
			found = n.path.TopLevel()
			return
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(c.n)
	return found
}

// checkOwner refuses a condition made from another table's handles.
func (c Cond) checkOwner(table string) error {
	var err error
	c.n.owners(func(t string) {
		if err == nil && t != "" && table != "" && t != table {
			err = fmt.Errorf("a condition on an attribute of table %q is used on table %q: use the handles of %q's model", t, table, table)
		}
	})
	return err
}

// leaf builds a condition on p with operands encoded by enc. A value the
// encoder leaves out of the item (the zero value of an omitempty field) is
// compared as stored, that is as a missing attribute: Eq of it is
// attribute_not_exists, Ne attribute_exists, In also holds when the
// attribute is missing; any other comparison with it is an error. An operand
// that fails to encode makes the condition an error.
//
//go:noinline
func leaf[V any](op condOp, p AttrPath, enc Encoder[V], vs ...V) Cond {
	// Only the encoding depends on V; the rest is compiled once.
	n := newLeaf(op, p, len(vs))
	for i, v := range vs {
		av, err := enc(v)
		n.setOperand(i, av, err)
	}
	return n.finishLeaf()
}

//go:noinline
func newLeaf(op condOp, p AttrPath, operands int) *condNode {
	n := &condNode{op: op, path: p}
	if operands <= len(n.buf) {
		n.vals = n.buf[:operands]
	} else {
		n.vals = make([]types.AttributeValue, operands)
	}
	return n
}

//go:noinline
func (n *condNode) setOperand(i int, av types.AttributeValue, err error) {
	if err != nil { // the last operand that fails is the one reported
		n.err = inPart("condition on "+n.path.String(), err)
	}
	n.vals[i] = av
}

// finishLeaf applies the rules of leaf for omitted operands.
//
//go:noinline
func (n *condNode) finishLeaf() Cond {
	p := n.path
	omitted := false
	for _, av := range n.vals {
		if av == nil {
			omitted = true
		}
	}
	if !omitted || n.err != nil {
		return Cond{n}
	}
	switch n.op {
	case opEq:
		return Cond{&condNode{op: opNotExists, path: p, omitted: true}}
	case opNe:
		return Cond{&condNode{op: opExists, path: p, omitted: true}}
	case opIn:
		var rest []types.AttributeValue
		for _, av := range n.vals {
			if av != nil {
				rest = append(rest, av)
			}
		}
		missing := &condNode{op: opNotExists, path: p, omitted: true}
		if len(rest) == 0 {
			return Cond{missing}
		}
		return Cond{&condNode{op: opOr, omitted: true, kids: []*condNode{missing, {op: opIn, path: p, vals: rest}}}}
	}
	n.err = fmt.Errorf("condition on %s: its value is left out of the item (omitempty), so nothing compares with it", p)
	return Cond{n}
}

// errCond is a condition that is an error when a request is built.
func errCond(err error) Cond { return Cond{&condNode{op: opAnd, err: err}} }

// AttrType is a DynamoDB attribute type, for IsType conditions.
type AttrType string

// The attribute types of attribute_type.
const (
	TypeString    AttrType = "S"
	TypeNumber    AttrType = "N"
	TypeBinary    AttrType = "B"
	TypeBool      AttrType = "BOOL"
	TypeNull      AttrType = "NULL"
	TypeList      AttrType = "L"
	TypeMap       AttrType = "M"
	TypeStringSet AttrType = "SS"
	TypeNumberSet AttrType = "NS"
	TypeBinarySet AttrType = "BS"
)
