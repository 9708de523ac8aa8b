package ddb

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Action is one action of an update of an item, made by a handle:
// OrderAttrs.Status.Set("paid"), OrderAttrs.Total.Add(5),
// OrderAttrs.Items.Append("sku-1"), OrderAttrs.Note.Remove().
type Action struct{ a *action }

type actionKind uint8

const (
	actSet actionKind = iota + 1
	actSetIfNotExists
	actIncrement
	actDecrement
	actAppend
	actAppendOrCreate
	actPrepend
	actRemove
	actAdd
	actDelete
)

var actionNames = [...]string{actSet: "Set", actSetIfNotExists: "SetIfNotExists", actIncrement: "Increment", actDecrement: "Decrement",
	actAppend: "Append", actAppendOrCreate: "AppendOrCreate", actPrepend: "Prepend", actRemove: "Remove", actAdd: "Add", actDelete: "Delete"}

type action struct {
	kind actionKind
	path AttrPath
	val  types.AttributeValue
	err  error
}

// newAction encodes v for an action of kind on p. A value the codec omits
// turns Set into Remove and makes Add, Delete and SetIfNotExists no action,
// as does an empty set (stored as NULL), which ADD and DELETE refuse.
//
//go:noinline
func newAction[V any](kind actionKind, p AttrPath, enc Encoder[V], v V) Action {
	av, err := enc(v)
	return makeAction(kind, p, av, err) // compiled once, not once per V
}

//go:noinline
func makeAction(kind actionKind, p AttrPath, av types.AttributeValue, err error) Action {
	a := &action{kind: kind, path: p}
	switch {
	case err != nil:
		a.err = inPart(actionNames[kind]+" "+p.String(), err)
	case av == nil && kind == actSet:
		a.kind = actRemove
	case av == nil || (IsNull(av) && kind != actSet && kind != actSetIfNotExists):
		return Action{} // nothing to add, delete, append or prepend
	}
	a.val = av
	return Action{a}
}

// IsZero reports whether the action does nothing (adding an empty set, for example).
func (a Action) IsZero() bool { return a.a == nil }

// updateActions collects the actions of one update. Two actions on one path
// (Add(1) twice) or on overlapping paths (a and a.b) are an error, as
// DynamoDB refuses them; nothing is merged or dropped silently.
func updateActions(table string, actions []Action) ([]*action, error) {
	var out []*action
	for _, act := range actions {
		a := act.a
		if a == nil {
			continue
		}
		if a.err != nil {
			return nil, a.err
		}
		if t := a.path.table; t != "" && table != "" && t != table {
			return nil, fmt.Errorf("an update of an attribute of table %q is used on table %q: use the handles of %q's model", t, table, table)
		}
		if !a.path.valid() {
			return nil, fmt.Errorf("update of an invalid attribute path %q", a.path)
		}
		for _, o := range out {
			if o.path.equal(a.path) {
				return nil, fmt.Errorf("two update actions on %s (%s and %s): DynamoDB refuses them in one update; combine them into one", a.path, actionNames[o.kind], actionNames[a.kind])
			}
			if o.path.overlaps(a.path) {
				return nil, fmt.Errorf("update actions on overlapping paths %s and %s: DynamoDB refuses them in one update", o.path, a.path)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// renderUpdate renders an update expression through b:
// "SET #n0 = :v0, #n1 = #n1 + :v1 REMOVE #n2 ADD #n3 :v2 DELETE #n4 :v3".
func renderUpdate(b *Builder, acts []*action) string {
	var set, remove, add, del []string
	for _, a := range acts {
		p := a.path.expr(b)
		switch a.kind {
		case actSet:
			set = append(set, p+" = "+b.Value(a.val))
		case actSetIfNotExists:
			set = append(set, p+" = if_not_exists("+p+", "+b.Value(a.val)+")")
		case actIncrement:
			set = append(set, p+" = "+p+" + "+b.Value(a.val))
		case actDecrement:
			set = append(set, p+" = "+p+" - "+b.Value(a.val))
		case actAppend:
			set = append(set, p+" = list_append("+p+", "+b.Value(a.val)+")")
		case actAppendOrCreate:
			empty := b.Value(&types.AttributeValueMemberL{Value: []types.AttributeValue{}})
			set = append(set, p+" = list_append(if_not_exists("+p+", "+empty+"), "+b.Value(a.val)+")")
		case actPrepend:
			set = append(set, p+" = list_append("+b.Value(a.val)+", "+p+")")
		case actRemove:
			remove = append(remove, p)
		case actAdd:
			add = append(add, p+" "+b.Value(a.val))
		case actDelete:
			del = append(del, p+" "+b.Value(a.val))
		}
	}
	var parts []string
	for _, c := range []struct {
		kw    string
		items []string
	}{{"SET", set}, {"REMOVE", remove}, {"ADD", add}, {"DELETE", del}} {
		if len(c.items) > 0 {
			parts = append(parts, c.kw+" "+strings.Join(c.items, ", "))
		}
	}
	return strings.Join(parts, " ")
}
