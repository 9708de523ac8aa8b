package ddb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// ErrForeignItem is wrapped by the error of decoding an item of another
// entity (or of no entity the table knows) as an entity: an item is never
// decoded as the wrong type. Queries skip such items and count them (see
// Query.Skipped) unless StrictEntities is given.
var ErrForeignItem = errors.New("item of another entity")

// EntityKeyAttr is one key attribute an entity fills from a template.
type EntityKeyAttr struct {
	Attr     string         // the key attribute ("pk", "gsi1sk")
	Index    string         // the index it is a key of; "" for the table's own key
	Template *keys.Template // bound
	Fields   []string       // the attribute name of the entity field of each placeholder
}

// Entity describes one entity type of a single-table design to the runtime:
// its name (written in the type attribute), the per-entity Table (the shared
// schema with the entity's codec) and its templated key attributes, table
// key first. Generated code declares one per entity with NewEntity.
type Entity struct {
	Name     string
	TypeAttr string
	Table    *Table
	Keys     []EntityKeyAttr
	primary  int // how many of Keys are the table's own key
}

// NewEntity describes an entity (see Entity). keyAttrs lists the table's
// partition key, its sort key (if any), then each filled index's keys.
//
//go:noinline
func NewEntity(name, typeAttr string, table *Table, keyAttrs ...EntityKeyAttr) *Entity {
	e := &Entity{Name: name, TypeAttr: typeAttr, Table: table, Keys: keyAttrs}
	for _, k := range keyAttrs {
		if k.Index == "" {
			e.primary++
		}
	}
	return e
}

// keyAttr returns the entity's template of key attribute attr, or nil.
func (e *Entity) keyAttr(attr string) *EntityKeyAttr {
	for i := range e.Keys {
		if e.Keys[i].Attr == attr {
			return &e.Keys[i]
		}
	}
	return nil
}

// KeySet builds the keys of one item, one after the other, into one buffer,
// and then holds their attribute values (one allocation for all the keys of
// an item). Generated MarshalItem methods use it:
//
//	ks := new(ddb.KeySet)
//	b := ks.Add(ks.Buf(), orderPkTmpl.Begin(ks.Buf()).Text(v.CustomerID))
//	b = ks.Add(b, orderSkTmpl.Begin(b).Time(v.PlacedAt).Text(v.ID))
//	return orderEntity.Item(m, ks, b)
type KeySet struct {
	ends  [64]int16
	n     int
	empty uint64 // keys that failed with keys.ErrEmptyValue
	errAt int
	err   error
	avs   [9]types.AttributeValueMemberS
	buf   [320]byte
}

// Buf is the empty buffer the first key appends to.
func (ks *KeySet) Buf() []byte { return ks.buf[:0] }

// Add ends the next key, built by k on buf, and returns the buffer with it
// (buf itself when the key failed).
func (ks *KeySet) Add(buf []byte, k keys.Builder) []byte {
	nb, err := k.Bytes()
	i := ks.n
	ks.n++
	switch {
	case i >= len(ks.ends):
		if ks.err == nil {
			ks.err, ks.errAt = fmt.Errorf("more than %d key attributes", len(ks.ends)), len(ks.ends)-1
		}
		return buf
	case err != nil:
		if errors.Is(err, keys.ErrEmptyValue) {
			ks.empty |= 1 << i
		} else if ks.err == nil {
			ks.err, ks.errAt = err, i
		}
		ks.ends[i] = int16(len(buf))
		return buf
	}
	ks.ends[i] = int16(len(nb))
	return nb
}

// Item completes the encoded fields m of an entity item with its key
// attributes, built in buf as ks recorded them (one key per Keys, in order,
// each filled from the item's fields), and the type attribute. An index key
// that fails because a text field is empty leaves that index's keys out (the
// item is not in the sparse index); any other key error is an *InputError
// wrapping the keys error (keys.ErrSeparator, keys.ErrKeyTooLong, ...).
// Neither ks nor buf may be used afterwards: the keys share buf's bytes.
func (e *Entity) Item(m map[string]types.AttributeValue, ks *KeySet, buf []byte) (map[string]types.AttributeValue, error) {
	omit, err := e.KeysLeftOut(ks)
	if err != nil {
		return nil, err
	}
	// No key is longer than 2,048 bytes, and buf is written no more: its
	// bytes are the keys' text (as strings.Builder does).
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	avs := ks.avs[:]
	if len(e.Keys)+1 > len(avs) {
		avs = make([]types.AttributeValueMemberS, len(e.Keys)+1)
	}
	start := int16(0)
	for i := range e.Keys {
		end := ks.ends[i]
		if omit&(1<<i) == 0 {
			avs[i].Value = all[start:end]
			m[e.Keys[i].Attr] = &avs[i]
		}
		start = end
	}
	avs[len(e.Keys)].Value = e.Name
	m[e.TypeAttr] = &avs[len(e.Keys)]
	return m, nil
}

// emptyKeyErr rebuilds the error of a table key left empty.
func emptyKeyErr(ka *EntityKeyAttr) error {
	return fmt.Errorf("%w: a field of template %s is empty", keys.ErrEmptyValue, ka.Template)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Owns reports whether item is one of the entity's items: its type attribute
// names the entity or, when it has none (an item read from a KEYS_ONLY
// index), each of its templated key attributes present splits by the
// entity's template.
func (e *Entity) Owns(item map[string]types.AttributeValue) bool {
	if av, ok := item[e.TypeAttr]; ok {
		s, ok := av.(*types.AttributeValueMemberS)
		return ok && s.Value == e.Name
	}
	// No type attribute (an item of a keys-only index, or written by other
	// code): the entity is known from its keys, which the generation checks
	// keep apart. A key attribute the entity does not fill rules it out.
	for name := range e.Table.meta().attrs {
		if _, ok := item[name]; ok && e.keyAttr(name) == nil {
			return false
		}
	}
	n := 0
	var buf [8]string
	for i := range e.Keys {
		ka := &e.Keys[i]
		av, ok := item[ka.Attr]
		if !ok {
			continue
		}
		s, ok := av.(*types.AttributeValueMemberS)
		if !ok {
			return false
		}
		if _, err := ka.Template.Split(buf[:0], s.Value); err != nil {
			return false
		}
		n++
	}
	return n > 0
}

// foreign is the error of decoding an item the entity does not own.
func (e *Entity) foreign(item map[string]types.AttributeValue) error {
	if s, ok := item[e.TypeAttr].(*types.AttributeValueMemberS); ok {
		return fmt.Errorf("%w: the item's %s is %q, not %q", ErrForeignItem, e.TypeAttr, s.Value, e.Name)
	}
	if _, ok := item[e.TypeAttr]; ok {
		return fmt.Errorf("%w: the item's %s is not a string, so not %q", ErrForeignItem, e.TypeAttr, e.Name)
	}
	return fmt.Errorf("%w: the item has no %s and its keys are not %s keys", ErrForeignItem, e.TypeAttr, e.Name)
}

// Decode decodes an item of the entity: it refuses an item of another
// entity (ErrForeignItem), decodes each field by number through field (the
// generated field decoder; names are the fields' attribute names), then, for
// fields the item lacks (an item of a KEYS_ONLY or INCLUDE index), recovers
// the ones its key attributes hold by splitting them with their templates
// and calling setKey with the field's attribute name and encoded text. A
// field is never recovered from a |lower or |upper placeholder (its case is
// lost): only from a template that holds it as is, else it stays empty.
func (e *Entity) Decode(m map[string]types.AttributeValue, names []string, field func(i int, av types.AttributeValue) error, setKey func(attr, text string) error) error {
	if !e.Owns(m) {
		return e.foreign(m)
	}
	found := 0
	for i, name := range names {
		if av, ok := m[name]; ok {
			found++
			if err := field(i, av); err != nil {
				return DecodeAt(name, err)
			}
		}
	}
	extra := 0
	if _, ok := m[e.TypeAttr]; ok {
		extra++
	}
	for i := range e.Keys {
		if _, ok := m[e.Keys[i].Attr]; ok {
			extra++
		}
	}
	if found < len(m)-extra {
		if err := FoldAttrs(m, names, field); err != nil {
			return err
		}
	}
	if found == len(names) {
		return nil
	}
	var done []string
	var buf [8]string
	for i := range e.Keys {
		ka := &e.Keys[i]
		s, ok := m[ka.Attr].(*types.AttributeValueMemberS)
		if !ok {
			continue
		}
		var texts []string
		for j, f := range ka.Fields {
			if _, ok := m[f]; ok || contains(done, f) || ka.Template.Fields[j].Case != keys.CaseKeep {
				// A case-mapped text is not the field's value: another
				// template may hold it as is, or the field stays empty.
				continue
			}
			if texts == nil {
				var err error
				if texts, err = ka.Template.Split(buf[:0], s.Value); err != nil {
					return DecodeAt(ka.Attr, err)
				}
			}
			if err := setKey(f, texts[j]); err != nil {
				return DecodeAt(ka.Attr, err)
			}
			done = append(done, f)
		}
	}
	return nil
}

// EntityKey is the primary key of an entity item, built from its template
// fields, or the error that building it met (returned, before anything is
// sent, by the store method given it).
type EntityKey struct {
	m    map[string]types.AttributeValue
	args []KeyArg // the key fields' stored values, when the key was built With them
	err  error
}

// KeyArg is the stored attribute of a primary key field, encoded from the
// typed value a key argument gave it (see KeyArgOf, EntityKey.With).
type KeyArg struct {
	attr string
	av   types.AttributeValue
	err  error
}

// KeyArgOf encodes v, the value of the primary key field of handle h, as the
// item stores it.
func KeyArgOf[V any](h *KeyField[V], v V) KeyArg {
	av, err := h.enc(v)
	return KeyArg{attr: h.p.TopLevel(), av: av, err: err}
}

// With returns k with the stored values of its key fields, which an entity
// update needs: it takes index key text from the typed values, not from the
// key (where |lower or |upper may have changed their case), and an upsert
// writes them as the item's attributes.
func (k EntityKey) With(args ...KeyArg) EntityKey {
	if k.err != nil {
		return k
	}
	for _, a := range args {
		if a.err != nil {
			k.err = &InputError{Attr: a.attr, Err: a.err}
			return k
		}
	}
	k.args = args
	return k
}

// arg returns the stored value of key field attr given With, or nil.
func (k EntityKey) arg(attr string) types.AttributeValue {
	for _, a := range k.args {
		if a.attr == attr {
			return a.av
		}
	}
	return nil
}

// Key builds the primary key from the builders of the table's partition key
// and (if any) sort key templates.
func (e *Entity) Key(ks ...keys.Builder) EntityKey {
	m := make(map[string]types.AttributeValue, len(ks))
	for i, b := range ks {
		k, err := b.Key()
		if err != nil {
			return EntityKey{err: &InputError{Attr: e.Keys[i].Attr, Err: err, Hint: "key attribute of entity " + e.Name}}
		}
		m[e.Keys[i].Attr] = &types.AttributeValueMemberS{Value: k}
	}
	return EntityKey{m: m}
}

// Err is the error met building the key, or nil.
func (k EntityKey) Err() error { return k.err }

// EntityKeys builds the key attributes of typed keys with key (a generated
// key type's method), or returns the first error met.
func EntityKeys[K any](ks []K, key func(K) EntityKey) ([]map[string]types.AttributeValue, error) {
	out := make([]map[string]types.AttributeValue, len(ks))
	for i, k := range ks {
		ek := key(k)
		if ek.err != nil {
			return nil, inPart(fmt.Sprintf("key %d", i), ek.err)
		}
		out[i] = ek.m
	}
	return out, nil
}

// GetEntity is Get with an entity key.
func GetEntity[P any](ctx context.Context, r *Reader, k EntityKey, opts []ReadOption, dst P) (P, error) {
	if k.err != nil {
		var zero P
		return zero, inputError("GetItem", r.name, k.err)
	}
	return Get(ctx, r, k.m, opts, dst)
}

// DeleteEntity is Delete (version nil) or DeleteVersion with an entity key.
func DeleteEntity(ctx context.Context, w *Writer, k EntityKey, version *int64, opts []WriteOption) error {
	if k.err != nil {
		return inputError("DeleteItem", w.name, k.err)
	}
	if version != nil {
		return DeleteVersion(ctx, w, k.m, *version, opts)
	}
	return Delete(ctx, w, k.m, opts)
}

// TxGetEntity is TxGet with an entity key.
func TxGetEntity(r *Reader, dst any, k EntityKey, opts []ReadOption) TxGetAction {
	if k.err != nil {
		return TxGetAction{&txGet{table: r.table, name: r.name, dst: dst, err: inputError("TransactGetItems", r.name, k.err)}}
	}
	return TxGet(r, dst, k.m, opts)
}

// TxDeleteEntity is TxDelete (version nil) or TxDeleteVersion with an entity key.
func TxDeleteEntity(w *Writer, k EntityKey, version *int64, opts []WriteOption) TxAction {
	if k.err != nil {
		return TxAction{&txAction{table: w.table, name: w.name, op: "Delete", err: k.err}}
	}
	return w.txDelete(k.m, version, opts)
}

// TxCheckEntity is TxCheck with an entity key.
func TxCheckEntity(w *Writer, k EntityKey, c Cond) TxAction {
	if k.err != nil {
		return TxAction{&txAction{table: w.table, name: w.name, op: "ConditionCheck", err: k.err}}
	}
	return TxCheck(w, k.m, c)
}

// UpdateMode is how an entity update treats the version: see UpdateEntity.
type UpdateMode struct {
	version *int64
	any     bool
}

// AtVersion checks the stored version is v (optimistic locking).
func AtVersion(v int64) UpdateMode { return UpdateMode{version: &v} }

// AnyVersion increments the version without checking it (UpdateAnyVersion).
func AnyVersion() UpdateMode { return UpdateMode{any: true} }

// NoVersion is the mode of an entity without version.
func NoVersion() UpdateMode { return UpdateMode{} }

// UpdateEntity is Update (UpdateVersion, UpdateAnyVersion by mode) of an
// entity item that keeps its templated keys true: setting a field that feeds
// an index key template rewrites that index's key attributes in the same
// request, from the fields set and the primary key's fields; a template
// field neither set nor in the primary key is an *InputError naming it,
// before anything is sent (set it in the same update, to its current value
// if it does not change). One sparse rule holds for Put and updates: an item
// is in an index unless a text field of that index's templates is empty, so
// Set of an empty string, or Remove (or Set of a value the codec omits) of a
// text field, removes that index's key attributes, while a number or time
// field removed (or omitted at zero) keys the index with its zero value, as
// Put writes it. A primary key field's text comes from k's typed values
// (EntityKey.With), never from a key that |lower or |upper changed. Fields of
// the primary key templates cannot change (Move the item). With Upsert, the
// update may create the item, so it writes, as Put would, the entity's type
// attribute, the primary key fields' attributes and every index key whose
// fields are all known (from the key and the update's sets).
func UpdateEntity[P any](ctx context.Context, w *Writer, e *Entity, k EntityKey, mode UpdateMode, opts []UpdateOption, dst P) (P, error) {
	var zero P
	if k.err != nil {
		return zero, inputError("UpdateItem", w.name, k.err)
	}
	o := writeOptions(opts)
	o.anyVersion = mode.any
	extra, err := e.rewrite(k, o.actions, o.upsert)
	if err != nil {
		return zero, inputError("UpdateItem", w.name, err)
	}
	o.actions = append(o.actions, extra...)
	if o.upsert {
		o.actions = append(o.actions, e.typeAction())
	}
	return updateItem(ctx, w, k.m, mode.version, o, dst)
}

// TxUpdateEntity is UpdateEntity as an action of WriteTx.
func TxUpdateEntity(w *Writer, e *Entity, k EntityKey, mode UpdateMode, opts []UpdateOption) TxAction {
	if k.err != nil {
		return TxAction{&txAction{table: w.table, name: w.name, op: "Update", err: k.err}}
	}
	o := writeOptions(opts)
	o.anyVersion = mode.any
	extra, err := e.rewrite(k, o.actions, o.upsert)
	if err != nil {
		return TxAction{&txAction{table: w.table, name: w.name, op: "Update", err: err}}
	}
	o.actions = append(o.actions, extra...)
	if o.upsert {
		o.actions = append(o.actions, e.typeAction())
	}
	return w.txUpdate(k.m, mode.version, o)
}

// typeAction writes the type attribute of an item an upsert may create.
func (e *Entity) typeAction() Action {
	return Action{&action{kind: actSetIfNotExists, path: Attr(e.TypeAttr), val: S(e.Name)}}
}

// rewrite returns the actions that keep the index keys true after acts. An
// upsert also writes the primary key fields' attributes (from k's With
// values) and every index key whose fields are all known, as Put would: the
// update may create the item.
func (e *Entity) rewrite(k EntityKey, acts []Action, upsert bool) ([]Action, error) {
	// Texts of the fields known: the primary key's, then those set. A field
	// whose text in the key was case-mapped (|lower, |upper) is taken from
	// its typed value (k's With values), never from the key.
	known := map[string]string{}
	pkFields := map[string]bool{}
	var buf [8]string
	for i := 0; i < e.primary; i++ {
		ka := &e.Keys[i]
		s, _ := k.m[ka.Attr].(*types.AttributeValueMemberS)
		if s == nil {
			continue
		}
		texts, err := ka.Template.Split(buf[:0], s.Value)
		if err != nil {
			return nil, err
		}
		for j, f := range ka.Fields {
			pkFields[f] = true
			if ka.Template.Fields[j].Case == keys.CaseKeep {
				known[f] = texts[j]
			}
		}
	}
	for f := range pkFields {
		if _, ok := known[f]; ok {
			continue
		}
		ph, _ := e.placeholder(f)
		if av := k.arg(f); av != nil {
			if text, empty, err := keyText(ph, av); err == nil && !empty {
				known[f] = text
			}
		}
	}
	var out []Action
	if upsert {
		for _, a := range k.args {
			if a.av != nil {
				out = append(out, Action{&action{kind: actSet, path: Attr(a.attr), val: a.av}})
			}
		}
	}
	changed := map[string]bool{}
	emptied := map[string]bool{}
	for _, act := range acts {
		a := act.a
		if a == nil || a.err != nil {
			continue
		}
		name := a.path.TopLevel()
		if name == e.TypeAttr || e.keyAttr(name) != nil {
			return nil, fmt.Errorf("%s of %s: it is a key (or the type) attribute of entity %s, kept by the generated code", actionNames[a.kind], name, e.Name)
		}
		ph, ok := e.placeholder(name)
		if !ok {
			continue
		}
		if pkFields[name] {
			return nil, fmt.Errorf("%s of %s: the field is in the primary key of entity %s; write the item under its new key with Move", actionNames[a.kind], name, e.Name)
		}
		if !a.path.IsTopLevel() {
			return nil, fmt.Errorf("%s of %s: the field feeds a key template; set it whole", actionNames[a.kind], a.path)
		}
		switch a.kind {
		case actRemove:
			text, empty, err := zeroKeyText(ph)
			if err != nil {
				return nil, fmt.Errorf("Remove of %s: %w", name, err)
			}
			if empty {
				emptied[name] = true
			} else {
				known[name] = text
			}
		case actSet:
			text, empty, err := keyText(ph, a.val)
			if err != nil {
				return nil, fmt.Errorf("Set of %s: %w", name, err)
			}
			if empty {
				emptied[name] = true
			} else {
				known[name] = text
			}
		default:
			return nil, fmt.Errorf("%s of %s: the field feeds a key template, whose attributes are rewritten only on Set or Remove: Set the new value", actionNames[a.kind], name)
		}
		changed[name] = true
	}
	if len(changed) == 0 && !upsert {
		return nil, nil
	}
	for _, ix := range e.indexes() {
		group := e.indexKeys(ix)
		touched, gone := false, false
		for _, ka := range group {
			for _, f := range ka.Fields {
				touched = touched || changed[f]
				gone = gone || emptied[f]
			}
		}
		if !touched && !(upsert && e.allKnown(group, known)) {
			continue
		}
		if gone {
			for _, ka := range group {
				out = append(out, Action{&action{kind: actRemove, path: Attr(ka.Attr)}})
			}
			continue
		}
		for _, ka := range group {
			texts := make([]string, len(ka.Fields))
			var missing []string
			for j, f := range ka.Fields {
				t, ok := known[f]
				if !ok {
					missing = append(missing, f)
				}
				texts[j] = t
			}
			if len(missing) > 0 {
				return nil, fmt.Errorf("%w: the update changes a field of key %s (%s) of entity %s but not %s, which the key also needs: set %s in the same update (to its current value if it does not change)",
					ErrInvalidInput, ka.Attr, ka.Template, e.Name, strings.Join(missing, ", "), strings.Join(missing, ", "))
			}
			key, err := ka.Template.Append(nil, texts...)
			if err != nil {
				return nil, fmt.Errorf("key %s of entity %s: %w", ka.Attr, e.Name, err)
			}
			out = append(out, Action{&action{kind: actSet, path: Attr(ka.Attr), val: &types.AttributeValueMemberS{Value: string(key)}}})
		}
	}
	return out, nil
}

// allKnown reports whether the text of every field of the keys group is known.
func (e *Entity) allKnown(group []*EntityKeyAttr, known map[string]string) bool {
	for _, ka := range group {
		for _, f := range ka.Fields {
			if _, ok := known[f]; !ok {
				return false
			}
		}
	}
	return true
}

// zeroKeyText is the key text of a field's zero value, which an item whose
// attribute is absent (removed, or omitted by omitempty) decodes to, and so
// which Put writes in its keys: a number's or time's zero encoded, while an
// empty text (empty true) leaves the sparse index. A custom type's zero
// value's text is not known here.
func zeroKeyText(ph *keys.Placeholder) (text string, empty bool, err error) {
	switch ph.Enc {
	case keys.EncInt:
		return keys.FormatInt(int64(0)), false, nil
	case keys.EncUint:
		return keys.FormatUint(uint64(0)), false, nil
	case keys.EncTime:
		s, err := keys.FormatTime(time.Time{})
		return s, false, err
	case keys.EncFixed:
		s, err := keys.FormatFixed(0.0, ph.Decimals)
		return s, false, err
	}
	if ph.Kind == keys.KindCustom {
		return "", false, fmt.Errorf("%w: the key text of a %s field's zero value is not known to the update: write the item with Put", ErrInvalidInput, ph.Kind)
	}
	return "", true, nil
}

// placeholder returns a placeholder of field attr in an index template.
func (e *Entity) placeholder(attr string) (*keys.Placeholder, bool) {
	for i := range e.Keys {
		ka := &e.Keys[i]
		for j, f := range ka.Fields {
			if f == attr {
				return &ka.Template.Fields[j], true
			}
		}
	}
	return nil, false
}

// indexes lists the indexes the entity fills, in order.
func (e *Entity) indexes() []string {
	var out []string
	for _, ka := range e.Keys[e.primary:] {
		if !contains(out, ka.Index) {
			out = append(out, ka.Index)
		}
	}
	return out
}

func (e *Entity) indexKeys(ix string) []*EntityKeyAttr {
	var out []*EntityKeyAttr
	for i := range e.Keys {
		if e.Keys[i].Index == ix {
			out = append(out, &e.Keys[i])
		}
	}
	return out
}

// keyText converts the stored value of a key field (as an update action
// encodes it) into its text in a key; empty reports a value that leaves a
// sparse index (an empty string).
func keyText(ph *keys.Placeholder, av types.AttributeValue) (text string, empty bool, err error) {
	switch v := av.(type) {
	case nil, *types.AttributeValueMemberNULL:
		return "", true, nil
	case *types.AttributeValueMemberS:
		switch ph.Enc {
		case keys.EncText:
			if ph.Kind == keys.KindCustom {
				break
			}
			return v.Value, v.Value == "", nil
		case keys.EncTime:
			t, err := time.Parse(time.RFC3339Nano, v.Value)
			if err != nil {
				return "", false, err
			}
			s, err := keys.FormatTime(t)
			return s, false, err
		}
	case *types.AttributeValueMemberN:
		switch ph.Enc {
		case keys.EncInt:
			n, err := strconv.ParseInt(v.Value, 10, 64)
			return keys.FormatInt(n), false, err
		case keys.EncUint:
			n, err := strconv.ParseUint(v.Value, 10, 64)
			return keys.FormatUint(n), false, err
		case keys.EncTime:
			n, err := strconv.ParseInt(v.Value, 10, 64)
			if err != nil {
				return "", false, err
			}
			s, err := keys.FormatTime(time.Unix(n, 0))
			return s, false, err
		case keys.EncFixed:
			f, err := strconv.ParseFloat(v.Value, 64)
			if err != nil {
				return "", false, err
			}
			s, err := keys.FormatFixed(f, ph.Decimals)
			return s, false, err
		}
	}
	return "", false, fmt.Errorf("a %s key field stored as %s (a custom key type, or an integer stored as text) has no key text an update can build: write the item with Put", ph.Kind, AVType(av))
}

// ScanEntity starts a scan of index ix (or the table) returning entity e's
// items; the items of other entities are skipped and counted (see
// Query.Skipped) or, with StrictEntities, an error.
//
//go:noinline
func ScanEntity[O option](r *Reader, e *Entity, ix *Index, opts []O) *IndexRead {
	q := readIndex(r, ix, ScanAll, opts, false)
	q.q.entity = e
	q.q.owns = e.Owns
	return q
}

// Move writes v (a new item of the entity, under its new key) and deletes
// the item with key from in one transaction: the write only if no item has
// v's key, the delete only if the old item exists (and, when expected is not
// nil, is at that version). Either both happen or neither.
func Move(ctx context.Context, w *Writer, from EntityKey, expected *int64, v any) error {
	api, ok := w.api.(TxWriteAPI)
	if !ok {
		return &InputError{Op: "TransactWriteItems", Table: w.name, Err: fmt.Errorf("the store's client (%T) cannot run transactions", w.api)}
	}
	if from.err != nil {
		return inputError("TransactWriteItems", w.name, from.err)
	}
	names := w.table.meta().names
	del := w.txDelete(from.m, expected, []WriteOption{If(Cond{&condNode{op: opExists, path: Attr(names[0])}})})
	return WriteTx(ctx, api, TxCreate(w, v, nil), del)
}

// KeyField is the handle of an entity field that feeds the primary key's
// templates: conditions, filters and projections only. It has no Set,
// Remove or other update action, so an update changing a primary key field
// does not compile (Move the item to its new key instead).
type KeyField[V any] struct {
	p   AttrPath
	enc Encoder[V]
}

// Path returns the attribute's path (for Select).
func (h KeyField[V]) Path() AttrPath { return h.p }

// Name returns the attribute's name.
func (h KeyField[V]) Name() string { return h.p.String() }

// Exists: the item has the attribute.
func (h *KeyField[V]) Exists() Cond { return Cond{&condNode{op: opExists, path: h.p}} }

// InitKeyField sets *h to the KeyField of the top-level attribute name of
// the table with logical name table (see InitValue).
//
//go:noinline
func InitKeyField[V any](h *KeyField[V], table, name string, enc Encoder[V]) {
	*h = KeyField[V]{TableAttr(table, name), enc}
}

// Eq: the attribute equals v.
func (h *KeyField[V]) Eq(v V) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne: the attribute does not equal v.
func (h *KeyField[V]) Ne(v V) Cond { return leaf(opNe, h.p, h.enc, v) }

// In: the attribute equals one of vs.
func (h *KeyField[V]) In(vs ...V) Cond { return leaf(opIn, h.p, h.enc, vs...) }

// Lt: the attribute is less than v (DynamoDB's order of the stored values).
func (h *KeyField[V]) Lt(v V) Cond { return leaf(opLt, h.p, h.enc, v) }

// Le: the attribute is at most v.
func (h *KeyField[V]) Le(v V) Cond { return leaf(opLe, h.p, h.enc, v) }

// Gt: the attribute is greater than v.
func (h *KeyField[V]) Gt(v V) Cond { return leaf(opGt, h.p, h.enc, v) }

// Ge: the attribute is at least v.
func (h *KeyField[V]) Ge(v V) Cond { return leaf(opGe, h.p, h.enc, v) }

// Between: lo <= attribute <= hi.
func (h *KeyField[V]) Between(lo, hi V) Cond { return leaf(opBetween, h.p, h.enc, lo, hi) }

// WithVersion returns the schema s with version attribute attr: the schema
// of an entity with a version field, in a table whose entities version
// their items each with their own attribute.
func WithVersion(s TableSchema, attr string) TableSchema {
	s.Version = attr
	return s
}
