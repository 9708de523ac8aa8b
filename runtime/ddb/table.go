package ddb

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Table describes a generated model type to the runtime: its schema, its
// codec and its optimistic-locking counter. Generated code declares one per
// table with NewTable; the stores, queries, scans, updates and transactions
// work from it. It is not generic, so a package of many tables instantiates
// little generic code: typed results come from small generic functions.
type Table struct {
	Schema  TableSchema
	model   reflect.Type // *T
	version *Version

	once sync.Once
	keys tableKeys
}

// Item is what the generated codec gives a model's pointer type.
type Item interface {
	MarshalItem() (map[string]types.AttributeValue, error)
	UnmarshalItem(map[string]types.AttributeValue) error
}

// NewTable describes the model whose pointer type is that of model (a nil
// *Order: (*Order)(nil)), stored in the table schema describes, with its
// version accessor (nil without optimistic locking). (Not inlined, as
// generated code calls it once per table, in the package's initialization.)
//
//go:noinline
func NewTable(schema TableSchema, model Item, version *Version) *Table {
	return &Table{Schema: schema, model: reflect.TypeOf(model), version: version}
}

// item returns v as an item of the table's model, or an error for a value of
// another type or a nil pointer.
func (t *Table) item(v any) (Item, error) {
	it, ok := v.(Item)
	if !ok || reflect.TypeOf(v) != t.model || reflect.ValueOf(v).IsNil() {
		return nil, wrongItem(t.Schema.Name, t.model, v)
	}
	return it, nil
}

func (t *Table) encode(v any) (map[string]types.AttributeValue, error) {
	it, err := t.item(v)
	if err != nil {
		return nil, err
	}
	return it.MarshalItem()
}

func (t *Table) decode(v any, m map[string]types.AttributeValue) error {
	it, err := t.item(v)
	if err != nil {
		return err
	}
	return it.UnmarshalItem(m)
}

func (t *Table) check(v any) error {
	_, err := t.item(v)
	return err
}

// wrongItem is the error for a value of the wrong type given to a table.
func wrongItem(table string, model reflect.Type, v any) error {
	if reflect.TypeOf(v) == model {
		return fmt.Errorf("ddb: table %s: a nil %s is not an item", table, model)
	}
	return fmt.Errorf("ddb: table %s: a %T is not an item of the table: its items are %s", table, v, model)
}

// Version reads and sets the optimistic-locking counter of an item.
type Version struct {
	get func(any) int64
	set func(any, int64)
}

// VersionOf returns the version accessor of an item's integer field, which
// field returns for an item (a *T of the table's model; generated:
// ddb.VersionOf(func(v any) *int64 { return &v.(*Order).Version })).
//
//go:noinline
func VersionOf[V Num](field func(item any) *V) *Version {
	return &Version{
		get: func(v any) int64 { return int64(*field(v)) },
		set: func(v any, n int64) { *field(v) = V(n) },
	}
}

// keyRole is what a key attribute is a key of.
type keyRole struct {
	index string // "" for the table
	sort  bool
}

func (r keyRole) String() string {
	k := "partition key"
	if r.sort {
		k = "sort key"
	}
	if r.index == "" {
		return "the table's " + k
	}
	return k + " of index " + r.index
}

// tableKeys is what the runtime derives once from a schema.
type tableKeys struct {
	names  []string // the table's key attributes, partition key first
	attrs  map[string][]keyRole
	sparse map[string]bool // index key attributes the codec may omit: nothing to check when absent
}

func (t *Table) meta() *tableKeys {
	t.once.Do(func() { t.keys = schemaKeys(&t.Schema) })
	return &t.keys
}

func schemaKeys(s *TableSchema) tableKeys {
	k := tableKeys{names: s.KeyAttrs(), attrs: map[string][]keyRole{}}
	add := func(a KeyAttr, role keyRole) {
		if a.Name != "" {
			k.attrs[a.Name] = append(k.attrs[a.Name], role)
		}
	}
	add(s.PK, keyRole{})
	add(s.SK, keyRole{sort: true})
	for _, ix := range append(append([]IndexSchema{}, s.LSIs...), s.GSIs...) {
		pk := ix.PK
		if pk.Name == "" {
			pk = s.PK
		}
		add(pk, keyRole{index: ix.Name})
		add(ix.SK, keyRole{index: ix.Name, sort: true})
	}
	return k
}

// isTableKey reports whether attr is a key attribute of the table itself.
func (k *tableKeys) isTableKey(attr string) bool {
	for _, r := range k.attrs[attr] {
		if r.index == "" {
			return true
		}
	}
	return false
}

// checkItem refuses an item DynamoDB would refuse for its key attributes:
// a missing table key, or an empty string or binary in a key attribute of
// the table or of an index. (An index key attribute may be absent: the item
// is then left out of that index, which is how a sparse index is made.)
func (k *tableKeys) checkItem(item map[string]types.AttributeValue) error {
	for _, name := range k.names {
		if _, ok := item[name]; !ok {
			return &InputError{Attr: name, Err: fmt.Errorf("%w: the item has no value for %s", ErrEmptyKey, k.attrs[name][0]), Hint: "set it"}
		}
	}
	for name, roles := range k.attrs {
		if err := k.checkValue(name, roles, item[name]); err != nil {
			return err
		}
	}
	return nil
}

// checkKey refuses a key with a missing or empty attribute.
func (k *tableKeys) checkKey(key map[string]types.AttributeValue) error {
	for _, name := range k.names {
		av, ok := key[name]
		if !ok {
			return &InputError{Attr: name, Err: fmt.Errorf("%w: the key has no value for %s", ErrEmptyKey, k.attrs[name][0])}
		}
		if err := k.checkValue(name, k.tableRoles(name), av); err != nil {
			return err
		}
	}
	return nil
}

// tableRoles are the roles of a table key attribute in the table's key
// (its index roles do not matter to a key).
func (k *tableKeys) tableRoles(name string) []keyRole {
	var out []keyRole
	for _, r := range k.attrs[name] {
		if r.index == "" {
			out = append(out, r)
		}
	}
	return out
}

// checkValue refuses an empty string or binary value, and a NULL, in a key
// attribute; av nil (absent) is fine here.
func (k *tableKeys) checkValue(name string, roles []keyRole, av types.AttributeValue) error {
	if av == nil {
		return nil
	}
	var what string
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		if v.Value != "" {
			return nil
		}
		what = "an empty string"
	case *types.AttributeValueMemberB:
		if len(v.Value) != 0 {
			return nil
		}
		what = "empty binary"
	case *types.AttributeValueMemberN:
		if isNotFinite(v.Value) {
			return &InputError{Attr: name, Err: notFiniteText(v.Value)}
		}
		return nil
	case *types.AttributeValueMemberNULL:
		what = "NULL"
	default:
		return &InputError{Attr: name, Err: fmt.Errorf("key attribute holds a %s; keys are S, N or B", AVType(av))}
	}
	descs := make([]string, len(roles))
	table := false
	for i, r := range roles {
		descs[i] = r.String()
		table = table || r.index == ""
	}
	hint := "give it a value"
	if !table {
		hint = "give it a value, or add omitempty to its dynamodbav tag so that an empty value is left out and the item is not in the index (a sparse index)"
	}
	verb := "is"
	if len(descs) > 1 {
		verb = "are each"
	}
	return &InputError{Attr: name, Err: fmt.Errorf("%w: %s %s %s, which DynamoDB refuses", ErrEmptyKey, strings.Join(descs, " and "), verb, what), Hint: hint}
}

// checkAction refuses an update action DynamoDB would refuse on a key
// attribute: any action on a table key, an empty or removed index key is fine
// only when removing (the item leaves the index).
func (k *tableKeys) checkAction(a *action) error {
	name := a.path.TopLevel()
	roles, ok := k.attrs[name]
	if !ok {
		return nil
	}
	if k.isTableKey(name) {
		return &InputError{Attr: a.path.String(), Err: fmt.Errorf("%s cannot be updated: it is %s", actionNames[a.kind], roles[0]), Hint: "write the item under its new key (Put) and delete the old one"}
	}
	if !a.path.IsTopLevel() || a.kind == actRemove {
		return nil
	}
	return k.checkValue(name, roles, a.val)
}
