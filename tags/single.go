package tags

import (
	"fmt"
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stelviogen/stelviogen/runtime/keys"
)

// Analysis of single-table designs: entity structs, their key templates, the
// checks that make an item's entity known from its key alone, and collections.
// The grammar (README, "Single-table design"):
//
//	type Shop struct {           // the table struct
//		_  struct{} `dynamo:"table=shop,type=kind,sep=#"`
//		PK string   `dynamodbav:"pk" dynamo:"pk"`
//		...
//	}
//	type Customer struct {       // an entity
//		_  struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
//		ID string   `dynamodbav:"id"`
//	}
//
// The key tag is split on ',' outside braces, each entry on its first '=':
// <attr>=<template>. A template's literal text therefore cannot contain ','
// (a placeholder's modifiers may contain '='); spaces around <attr> are
// ignored, spaces in a template are part of it.

const (
	tagKeyKey       = "key"
	defaultTypeAttr = "_et"
	entityUsage     = "_ struct{} `dynamo:\"entity=<name>,in=<Table>\" key:\"pk=<template>,...\"`"
)

var entityNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,255}$`)

// tableExtra is what table() reads that only an entity table uses; it enters
// the model (Table.TypeAttr, TypeField, Sep) once the table has entities.
type tableExtra struct {
	settings     tagEntry // the blank field's dynamo tag
	typeOpt      string
	typeOptPos   Pos
	hasTypeOpt   bool
	sep          byte
	sepPos       Pos
	hasSep       bool
	typeField    *Field
	typeFieldPos Pos
	ttlPos       Pos
	verPos       Pos
	projected    []projectedAttr // INCLUDE names that are no field of the table struct
}

// projectedAttr is an attribute an index of an entity table projects.
type projectedAttr struct {
	ix   *Index
	name string
	pos  Pos
}

// entityDecl is an entity struct found before analysis: its blank field
// with dynamo:"entity=...,in=..." (and key:"...").
type entityDecl struct {
	named  *types.Named
	spec   *ast.TypeSpec
	v      *types.Var // the blank field
	dynamo tagEntry
	key    tagEntry
	hasKey bool
	in     string // the in= value, as written ("" when absent)
}

// entityDecl returns the entity declaration of a struct, or nil when the
// struct is not an entity (no blank field whose dynamo tag has entity= or in=).
func (a *analyzer) entityDecl(named *types.Named, spec *ast.TypeSpec) *entityDecl {
	st := named.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if v.Name() != "_" {
			continue
		}
		entries, err := parseStructTag(st.Tag(i))
		if err != nil {
			continue
		}
		e, ok := lookupTag(entries, tagKeyDynamo)
		if !ok {
			continue
		}
		d := &entityDecl{named: named, spec: spec, v: v, dynamo: e}
		isEntity := false
		for _, opt := range strings.Split(e.Value, ",") {
			key, val, _ := strings.Cut(strings.TrimSpace(opt), "=")
			switch key {
			case "entity":
				isEntity = true
			case "in":
				isEntity = true
				if d.in == "" {
					d.in = strings.TrimSpace(val)
				}
			}
		}
		if !isEntity {
			continue
		}
		d.key, d.hasKey = lookupTag(entries, tagKeyKey)
		return d
	}
	return nil
}

// checkStrayKeyTags reports key tags on blank fields that do not declare an
// entity (key templates belong to one).
func (a *analyzer) checkStrayKeyTags(named *types.Named, d *entityDecl) {
	st := named.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if v.Name() != "_" || (d != nil && v == d.v) {
			continue
		}
		entries, err := parseStructTag(st.Tag(i))
		if err != nil {
			continue
		}
		if e, ok := lookupTag(entries, tagKeyKey); ok {
			a.rep.errorf(a.tagPos(v, e.Offset), "key tag on a blank field without dynamo:\"entity=<name>,in=<Table>\": key templates belong to an entity; add entity=<name>,in=<Table> to this blank field's dynamo tag (%s)", entityUsage)
		}
	}
}

// entityTableOption reads the table options type=<attr> and sep=<char>.
func (a *analyzer) entityTableOption(t *Table, key, val string, hasVal bool, p Pos) {
	ex := a.extras[t]
	switch key {
	case "type":
		ex.hasTypeOpt, ex.typeOpt, ex.typeOptPos = true, val, p
		switch {
		case !hasVal || val == "":
			a.rep.errorf(p, "table option type= needs an attribute name: write type=<attr> (the entity type attribute; default %s)", defaultTypeAttr)
			ex.hasTypeOpt = false
		case len(val) > maxKeyNameBytes:
			a.rep.errorf(p, "type attribute name is %d bytes: DynamoDB allows at most %d for an attribute projected into an index; choose a shorter name", len(val), maxKeyNameBytes)
			ex.hasTypeOpt = false
		}
	case "sep":
		ex.hasSep, ex.sepPos = true, p
		if len(val) != 1 {
			a.rep.errorf(p, "table option sep=%q must be one character: a printable ASCII punctuation character other than { } - . : (the default is #)", val)
			ex.hasSep = false
			return
		}
		if err := keys.CheckSeparator(val[0]); err != nil {
			a.rep.errorf(p, "table option sep=%s: %v", val, err)
			ex.hasSep = false
			return
		}
		ex.sep = val[0]
	}
}

// checkTypeField checks a table struct's dynamo:"type" field: a plain string.
func (a *analyzer) checkTypeField(f *Field, p Pos) bool {
	t := f.Type
	if t.Kind != KindString || t.Marshaler || f.Enc.StringSet || f.Enc.NumberSet || f.Enc.BinarySet {
		a.rep.errorf(p, "type field %s has type %s: the entity type attribute holds the entity's name; use a string field", f.GoName(), t.goString())
		return false
	}
	if len(f.Attr) > maxKeyNameBytes {
		a.rep.errorf(p, "type field %s has an attribute name of %d bytes: DynamoDB allows at most %d for an attribute projected into an index; give it a shorter name with dynamodbav:\"<name>\"", f.GoName(), len(f.Attr), maxKeyNameBytes)
		return false
	}
	return true
}

// entityState is an entity under analysis.
type entityState struct {
	e      *Entity
	d      *entityDecl
	verPos Pos
	ttlPos Pos
}

// entities analyses the selected entity structs, attaches each to its
// table, then checks every entity table as a whole.
func (a *analyzer) entities(ds []*entityDecl, tables map[string]*Table, all map[*types.Named]*entityDecl) {
	byTable := map[*Table][]*entityState{}
	for _, d := range ds {
		s := a.entity(d)
		t := a.entityTable(s, tables, all)
		if t == nil {
			continue
		}
		s.e.Table = t
		for _, o := range byTable[t] {
			if o.e.Name == s.e.Name && s.e.Name != "" {
				a.rep.errorf(a.entityNamePos(d), "entity name %q is already used in table %q by %s (at %s): give each entity of a table its own entity= name", s.e.Name, t.Name, o.e.Struct.Name, short(o.e.TagPos))
				break
			}
		}
		byTable[t] = append(byTable[t], s)
		t.Entities = append(t.Entities, s.e)
	}
	// Tables in declaration order, so the model is deterministic.
	var ts []*Table
	for _, t := range tables {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return posLess(ts[i].Pos, ts[j].Pos) })
	for _, t := range ts {
		ex := a.extras[t]
		if len(byTable[t]) == 0 {
			a.notEntityTable(t, ex)
			continue
		}
		a.finishEntityTable(t, ex)
		if t.PK == nil {
			continue // its own errors say why
		}
		for _, s := range byTable[t] {
			a.entityFieldsVsTable(s.e, t)
			a.entityKeys(s)
		}
		a.entityTTLs(t, byTable[t])
		a.checkEntityProjections(t, ex)
		a.confusable(t)
		a.collections(t)
	}
}

func posLess(a, b Pos) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

// entityNamePos is the position of the entity= option, or of the dynamo tag.
func (a *analyzer) entityNamePos(d *entityDecl) Pos {
	for _, opt := range splitList(d.dynamo.Value, ',', d.dynamo.Offset) {
		if k, _, _ := strings.Cut(strings.TrimSpace(opt.Text), "="); k == "entity" {
			return a.tagPos(d.v, opt.Offset)
		}
	}
	return a.tagPos(d.v, d.dynamo.Offset)
}

// entity reads an entity struct's blank-field options and its fields' roles.
func (a *analyzer) entity(d *entityDecl) *entityState {
	name := d.spec.Name.Name
	e := &Entity{Pos: a.pos(d.spec.Name.Pos()), TagPos: a.tagPos(d.v, d.dynamo.Offset), Struct: a.structOf(d.named)}
	s := &entityState{e: e, d: d}
	if d.spec.TypeParams != nil && d.spec.TypeParams.NumFields() > 0 {
		a.rep.errorf(e.Pos, "struct %s is generic: an entity must be a plain struct type; declare a non-generic struct", name)
	}
	a.checkItemMethods(d.named)
	a.checkStrayKeyTags(d.named, d)

	seen := map[string]bool{}
	hasName, hasIn := false, false
	for _, opt := range splitList(d.dynamo.Value, ',', d.dynamo.Offset) {
		p := a.tagPos(d.v, opt.Offset)
		key, val, _ := strings.Cut(strings.TrimSpace(opt.Text), "=")
		if seen[key] && key != "" {
			a.rep.errorf(p, "entity option %q given twice: keep one", key)
			continue
		}
		seen[key] = true
		switch key {
		case "entity":
			hasName = true
			e.Name = val
			if !entityNameRE.MatchString(val) {
				a.rep.errorf(p, "entity name %s must be 1-255 characters of letters, digits, '_', '-' and '.' (it is stored in every item's type attribute)", shownName(val))
			}
		case "in":
			hasIn = true
			if strings.TrimSpace(val) == "" {
				a.rep.errorf(p, "in= needs the name of the table struct entity %s lives in: write in=<Table>", name)
			}
		case "table", "stream", "type", "sep":
			a.rep.errorf(p, "table option %q on entity %s: table settings belong on the blank field of the table struct it lives in", key, name)
		case "pk", "sk", "ttl", "version":
			a.rep.errorf(p, "role %q on a blank field: put dynamo:\"%s\" on the field that holds the value", key, key)
		case "":
			a.rep.errorf(p, "empty option in entity tag %q: remove the extra comma", d.dynamo.Value)
		default:
			a.rep.errorf(p, "unknown entity option %q: an entity's blank field takes entity=<name> and in=<Table>, with its key templates beside them: %s", key, entityUsage)
		}
	}
	if !hasName {
		a.rep.errorf(e.TagPos, "entity struct %s has no entity=<name>: add the name stored in its items' type attribute, e.g. dynamo:\"entity=%s,%s\"", name, defaultTableName(name), d.dynamo.Value)
	}
	if !hasIn {
		a.rep.errorf(e.TagPos, "entity %s has no in=<Table>: name the table struct it lives in, e.g. dynamo:\"%s,in=<Table>\"", name, d.dynamo.Value)
	}

	// A misspelt key tag beside the entity's dynamo tag would leave the
	// entity without templates.
	if entries, err := parseStructTag(d.named.Underlying().(*types.Struct).Tag(fieldIndex(d.named, d.v))); err == nil {
		for _, te := range entries {
			if te.Key == tagKeyKey || nearMissOf(te.Key, te.Value) != "" {
				continue
			}
			norm := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(te.Key))
			if norm == tagKeyKey || (len(norm) >= len(tagKeyKey) && editDistance(norm, tagKeyKey) <= 1) {
				keyOff := te.Offset - len(`:"`) - len(te.Key)
				a.rep.errorf(a.tagPos(d.v, keyOff), "tag key %q looks like a misspelling of %q: stelviogen reads an entity's key templates from the key tag, so these are ignored; write key:%q", te.Key, tagKeyKey, te.Value)
			}
		}
	}

	// Key tags on other fields.
	st := d.named.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if v.Name() == "_" {
			continue
		}
		if entries, err := parseStructTag(st.Tag(i)); err == nil {
			if k, ok := lookupTag(entries, tagKeyKey); ok {
				a.rep.errorf(a.tagPos(v, k.Offset), "key tag on field %s: key templates go on the entity's blank field, beside its dynamo tag: %s", v.Name(), entityUsage)
			}
		}
	}

	// Roles of the entity's fields: version and ttl only.
	for _, fr := range a.fieldRefs[e.Struct] {
		f, v := fr.field, fr.v
		for _, te := range fr.entries {
			if te.Key != tagKeyDynamo {
				a.rep.errorf(a.tagPos(v, te.Offset), "field %s of entity %s has a %s tag: an entity's index keys are attributes of its table; fill them from templates in the blank field's key tag (key:\"<attr>=<template>\")", f.GoName(), name, te.Key)
				continue
			}
			roles := map[string]bool{}
			for _, opt := range splitList(te.Value, ',', te.Offset) {
				role := strings.TrimSpace(opt.Text)
				p := a.tagPos(v, opt.Offset)
				if roles[role] && role != "" {
					a.rep.errorf(p, "role %q given twice on field %s: keep one", role, f.GoName())
					continue
				}
				roles[role] = true
				if conflict := roleConflict(roles, role); conflict != "" {
					a.rep.errorf(p, "field %s cannot be both %s and %s: use separate fields", f.GoName(), roleName(conflict), roleName(role))
					continue
				}
				switch role {
				case "version":
					if e.Version != nil {
						a.rep.errorf(p, "second version field: %s is already dynamo:\"version\" (declared at %s); an entity has one version counter", e.Version.GoName(), short(s.verPos))
						continue
					}
					if a.checkVersion(f, p) {
						e.Version, s.verPos = f, p
					}
				case "ttl":
					if e.TTL != nil {
						a.rep.errorf(p, "second TTL field: %s is already dynamo:\"ttl\" (declared at %s); an entity has one TTL attribute", e.TTL.GoName(), short(s.ttlPos))
						continue
					}
					if a.checkTTL(f, p) {
						e.TTL, s.ttlPos = f, p
					}
				case "pk", "sk":
					a.rep.errorf(p, "field %s of entity %s is dynamo:\"%s\": an entity has no key fields of its own; fill the table's key attributes from templates in the blank field's key tag (key:\"pk=CUSTOMER#{ID},...\")", f.GoName(), name, role)
				case "type":
					a.rep.errorf(p, "field %s of entity %s is dynamo:\"type\": the entity type attribute belongs to the table (dynamo:\"type\" on the table struct, or type=<attr> on its blank field); remove the role", f.GoName(), name)
				case "":
					a.rep.errorf(p, "empty option in dynamo tag %q: remove the extra comma", te.Value)
				default:
					a.rep.errorf(p, "unknown dynamo role %q on field %s of entity %s: an entity's fields take version or ttl", role, f.GoName(), name)
				}
			}
		}
	}
	return s
}

func fieldIndex(named *types.Named, v *types.Var) int {
	st := named.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i) == v {
			return i
		}
	}
	return -1
}

// entityTable resolves an entity's in= to its table, or reports why not.
func (a *analyzer) entityTable(s *entityState, tables map[string]*Table, all map[*types.Named]*entityDecl) *Table {
	d := s.d
	in := d.in
	if in == "" {
		return nil // reported
	}
	p := s.e.TagPos
	for _, opt := range splitList(d.dynamo.Value, ',', d.dynamo.Offset) {
		if k, _, _ := strings.Cut(strings.TrimSpace(opt.Text), "="); k == "in" {
			p = a.tagPos(d.v, opt.Offset)
			break
		}
	}
	if t := tables[in]; t != nil {
		return t
	}
	obj, _ := a.pkg.Scope().Lookup(in).(*types.TypeName)
	var st *types.Struct
	if obj != nil {
		st, _ = obj.Type().Underlying().(*types.Struct)
	}
	switch {
	case st == nil:
		a.rep.errorf(p, "in=%s: package %s has no struct type named %s: name the table struct entity %s lives in", in, a.pkg.Path(), in, d.spec.Name.Name)
	default:
		what := "a table (it has no dynamo:\"pk\" field)"
		if n, ok := obj.Type().(*types.Named); ok && all[n] != nil {
			what = "a table: it is an entity itself"
		}
		a.rep.errorf(p, "in=%s names struct %s, which is not %s: name the table struct entity %s lives in", in, in, what, d.spec.Name.Name)
	}
	return nil
}

// notEntityTable reports entity-table settings on a table without entities.
func (a *analyzer) notEntityTable(t *Table, ex *tableExtra) {
	if ex.hasTypeOpt {
		a.rep.errorf(ex.typeOptPos, "table option \"type\" applies to a table with entities, and table %q has none (no struct declares dynamo:\"entity=<name>,in=%s\"): remove it or declare an entity", t.Name, t.Struct.Name)
	}
	if ex.hasSep {
		a.rep.errorf(ex.sepPos, "table option \"sep\" applies to a table with entities, and table %q has none (no struct declares dynamo:\"entity=<name>,in=%s\"): remove it or declare an entity", t.Name, t.Struct.Name)
	}
	if ex.typeField != nil {
		a.rep.errorf(ex.typeFieldPos, "field %s is dynamo:\"type\", the entity type attribute, but table %q has no entities (no struct declares dynamo:\"entity=<name>,in=%s\"): remove the role or declare an entity", ex.typeField.GoName(), t.Name, t.Struct.Name)
	}
}

// finishEntityTable fills an entity table's TypeAttr, TypeField and Sep and checks
// its struct: string keys, no data fields, no TTL or version of its own.
func (a *analyzer) finishEntityTable(t *Table, ex *tableExtra) {
	t.Sep = keys.DefaultSep
	if ex.hasSep {
		t.Sep = ex.sep
	}
	t.TypeAttr = defaultTypeAttr
	switch {
	case ex.typeField != nil && ex.hasTypeOpt:
		a.rep.errorf(ex.typeOptPos, "the entity type attribute is given twice, by type=%s and by field %s (dynamo:\"type\", at %s): keep one", ex.typeOpt, ex.typeField.GoName(), short(ex.typeFieldPos))
		t.TypeField, t.TypeAttr = ex.typeField, ex.typeField.Attr
	case ex.typeField != nil:
		t.TypeField, t.TypeAttr = ex.typeField, ex.typeField.Attr
	case ex.hasTypeOpt:
		t.TypeAttr = ex.typeOpt
	}
	if t.TTL != nil {
		a.rep.errorf(ex.ttlPos, "dynamo:\"ttl\" on table struct %s, which has entities: each entity declares its own TTL field; move field %s to the entity structs", t.Struct.Name, t.TTL.GoName())
	}
	if t.Version != nil {
		a.rep.errorf(ex.verPos, "dynamo:\"version\" on table struct %s, which has entities: each entity has its own version counter; move field %s to the entity structs", t.Struct.Name, t.Version.GoName())
	}
	isKey := map[*Field]bool{}
	for _, f := range t.KeyFields() {
		isKey[f] = true
	}
	check := func(k *Key, what string) {
		if k == nil || k.Type == AttrS {
			return
		}
		a.rep.errorf(a.keyPos[k], "%s %s of table %q is stored as %s: key templates produce text, so every key attribute of a table with entities is a string (S); make field %s a string", what, k.Field.GoName(), t.Name, k.Type, k.Field.GoName())
	}
	if t.PK != nil {
		check(t.PK, "the partition key")
	}
	check(t.SK, "the sort key")
	for _, ix := range t.GSIs {
		check(ix.PK, "the partition key of index "+quote(ix.Name))
	}
	for _, ix := range t.Indexes() {
		check(ix.SK, "the sort key of index "+quote(ix.Name))
	}
	for _, f := range t.Struct.Fields {
		switch {
		case f == t.TypeField && isKey[f]:
			a.rep.errorf(ex.typeFieldPos, "field %s is both the entity type attribute and a key attribute: key attributes are built from templates; use separate fields", f.GoName())
		case isKey[f] || f == t.TypeField || f == t.TTL || f == t.Version:
		default:
			a.rep.errorf(f.Pos, "field %s of table struct %s is not a key attribute: a table with entities declares only its key attributes (and optionally the type attribute, dynamo:\"type\"); move the field to the entity structs", f.GoName(), t.Struct.Name)
		}
	}
	if t.TypeField == nil {
		for _, f := range t.KeyFields() {
			if f.Attr == t.TypeAttr {
				a.rep.errorf(ex.typeOptPos, "type attribute %q is also a key attribute of table %q: choose another name with type=<attr>", t.TypeAttr, t.Name)
				break
			}
		}
	}
}

// keySlot is one key attribute of one index (nil: the table's key) that an
// entity can fill.
type keySlot struct {
	attr  *Field
	index *Index
	role  keys.Role
}

// keySlots lists a table's key slots in the order of Entity.Keys.
func keySlots(t *Table) []keySlot {
	out := []keySlot{{t.PK.Field, nil, keys.PartitionKey}}
	if t.SK != nil {
		out = append(out, keySlot{t.SK.Field, nil, keys.SortKey})
	}
	for _, ix := range t.Indexes() {
		if ix.Kind == GlobalIndex && ix.PK != nil {
			out = append(out, keySlot{ix.PK.Field, ix, keys.PartitionKey})
		}
		if ix.SK != nil {
			out = append(out, keySlot{ix.SK.Field, ix, keys.SortKey})
		}
	}
	return out
}

// entityFieldsVsTable refuses entity fields stored under a key or type
// attribute name of the table, also under case folding: a decoder matches an
// attribute no field has exactly to a field case-insensitively (as
// attributevalue does), so a field "PK" would read the text of key "pk".
func (a *analyzer) entityFieldsVsTable(e *Entity, t *Table) {
	keyAttrs := map[string]string{}
	for _, f := range t.KeyFields() {
		keyAttrs[strings.ToLower(f.Attr)] = f.Attr
	}
	for _, f := range e.Struct.Fields {
		k, isKey := keyAttrs[strings.ToLower(f.Attr)]
		switch {
		case isKey && k == f.Attr:
			a.rep.errorf(f.Pos, "field %s of entity %s is stored as %q, a key attribute of table %q, which the key templates fill: give the field another attribute name with dynamodbav:\"<name>\"", f.GoName(), e.Struct.Name, f.Attr, t.Name)
		case f.Attr == t.TypeAttr:
			a.rep.errorf(f.Pos, "field %s of entity %s is stored as %q, the entity type attribute of table %q: give the field another attribute name with dynamodbav:\"<name>\"", f.GoName(), e.Struct.Name, f.Attr, t.Name)
		case isKey || strings.EqualFold(f.Attr, t.TypeAttr):
			if !isKey {
				k = t.TypeAttr
			}
			a.rep.errorf(f.Pos, "field %s of entity %s is stored as %q, which differs from the key or type attribute %q of table %q only in case: decoders match names case-insensitively (as attributevalue does), so the field would read that attribute; give the field another attribute name with dynamodbav:\"<name>\"", f.GoName(), e.Struct.Name, f.Attr, k, t.Name)
		}
	}
}

// splitKeyTag splits a key tag value on ',' outside braces, keeping offsets.
func splitKeyTag(s string, base int) []option {
	var out []option
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		switch {
		case i == len(s) || (s[i] == ',' && depth == 0):
			out = append(out, option{Text: s[start:i], Offset: base + start})
			start = i + 1
		case s[i] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		}
	}
	return out
}

// keyEntry is one <attr>=<template> of a key tag.
type keyEntry struct {
	attr    string
	attrPos Pos
	text    string
	textOff int // offset of the template inside the tag
}

// entityKeys parses an entity's key tag and binds its templates.
func (a *analyzer) entityKeys(s *entityState) {
	e, d, t := s.e, s.d, s.e.Table
	slots := keySlots(t)
	byAttr := map[string][]keySlot{}
	var attrNames []string
	for _, sl := range slots {
		if byAttr[sl.attr.Attr] == nil {
			attrNames = append(attrNames, sl.attr.Attr)
		}
		byAttr[sl.attr.Attr] = append(byAttr[sl.attr.Attr], sl)
	}
	given := map[string]keyEntry{}
	tagPos := e.TagPos
	if d.hasKey {
		tagPos = a.tagPos(d.v, d.key.Offset)
		for _, part := range splitKeyTag(d.key.Value, d.key.Offset) {
			p := a.tagPos(d.v, part.Offset)
			eq := strings.IndexByte(part.Text, '=')
			if strings.TrimSpace(part.Text) == "" {
				a.rep.errorf(p, "empty entry in key tag %q: remove the extra comma", d.key.Value)
				continue
			}
			if eq < 0 {
				a.rep.errorf(p, "key tag entry %q has no '=': write <attr>=<template>, e.g. pk=CUSTOMER#{ID}", part.Text)
				continue
			}
			lead := len(part.Text) - len(strings.TrimLeft(part.Text, " "))
			ke := keyEntry{attr: strings.TrimSpace(part.Text[:eq]), attrPos: a.tagPos(d.v, part.Offset+lead), text: part.Text[eq+1:], textOff: part.Offset + eq + 1}
			switch {
			case ke.attr == "":
				a.rep.errorf(p, "key tag entry %q has no attribute name: write <attr>=<template>, e.g. pk=CUSTOMER#{ID}", part.Text)
			case byAttr[ke.attr] == nil:
				hint := ""
				for _, sl := range slots {
					if sl.attr.GoName() == ke.attr {
						hint = fmt.Sprintf(" (%s is the Go field; its attribute is %q)", ke.attr, sl.attr.Attr)
					}
				}
				a.rep.errorf(ke.attrPos, "key attribute %q is not a key of table %q%s: use one of %s (the attribute names of its key fields)", ke.attr, t.Name, hint, strings.Join(attrNames, ", "))
			case given[ke.attr].attr != "":
				a.rep.errorf(ke.attrPos, "key attribute %q given twice: keep one template", ke.attr)
			default:
				given[ke.attr] = ke
			}
		}
	}
	if _, ok := given[t.PK.Field.Attr]; !ok {
		a.rep.errorf(tagPos, "entity %s has no template for %q, the table's partition key: add %s=<template> to its key tag (%s)", e.Struct.Name, t.PK.Field.Attr, t.PK.Field.Attr, entityUsage)
	}
	if t.SK != nil {
		if _, ok := given[t.SK.Field.Attr]; !ok {
			a.rep.errorf(tagPos, "entity %s has no template for %q, the table's sort key: add %s=<template> to its key tag", e.Struct.Name, t.SK.Field.Attr, t.SK.Field.Attr)
		}
	}
	// An index is filled whole or not at all. A half that is also a table key
	// attribute is always filled: the entity is then simply not in the index.
	tableAttr := map[string]bool{t.PK.Field.Attr: true}
	if t.SK != nil {
		tableAttr[t.SK.Field.Attr] = true
	}
	skip := map[*Index]bool{}
	for _, ix := range t.GSIs {
		if ix.PK == nil || ix.SK == nil {
			continue
		}
		pk, hasPK := given[ix.PK.Field.Attr]
		sk, hasSK := given[ix.SK.Field.Attr]
		if hasPK == hasSK {
			continue
		}
		skip[ix] = true
		filled, filledAttr, missing := pk, ix.PK.Field.Attr, ix.SK.Field.Attr
		if hasSK {
			filled, filledAttr, missing = sk, ix.SK.Field.Attr, ix.PK.Field.Attr
		}
		if tableAttr[filledAttr] {
			continue
		}
		a.rep.errorf(filled.attrPos, "entity %s fills %s but not %s of index %q: an entity fills both keys of an index or neither (then it is not in the index); add %s=<template> or remove %s", e.Struct.Name, filledAttr, missing, ix.Name, missing, filledAttr)
	}
	// A float field has one fixed format in all its templates: its sort-key
	// conditions (KeyParts) and its value read back from a key use it.
	type fixedAt struct {
		dec  int
		attr string
	}
	fixed := map[*Field]fixedAt{}
	reported := map[Pos]bool{}
	for _, sl := range slots {
		ke, ok := given[sl.attr.Attr]
		if !ok || (sl.index != nil && skip[sl.index]) {
			continue
		}
		kt := a.keyTemplate(s, sl, ke)
		if kt == nil {
			continue
		}
		e.Keys = append(e.Keys, kt)
		for i, f := range kt.Fields {
			ph := &kt.Template.Fields[i]
			if ph.Decimals < 0 {
				continue
			}
			prev, seen := fixed[f]
			if !seen {
				fixed[f] = fixedAt{ph.Decimals, ke.attr}
				continue
			}
			if p := a.tagPos(d.v, ke.textOff+ph.Offset); prev.dec != ph.Decimals && !reported[p] {
				reported[p] = true
				a.rep.errorf(p, "field %s is {%s|fixed=%d} here but {%s|fixed=%d} in the %s template: a field has one key format, which its sort-key conditions and its value read back from a key use; write the same fixed=N in every template", f.GoName(), ph.Field, ph.Decimals, ph.Field, prev.dec, prev.attr)
			}
		}
	}
}

// keyTemplate parses and binds one template for one key slot, reporting
// every problem at its place inside the tag.
func (a *analyzer) keyTemplate(s *entityState, sl keySlot, ke keyEntry) *KeyTemplate {
	e, v := s.e, s.d.v
	at := func(off int) Pos { return a.tagPos(v, ke.textOff+off) }
	label := fmt.Sprintf("%s template %s", sl.attr.Attr, shownName(ke.text))
	report := func(err error) {
		var tes keys.TemplateErrors
		if x, ok := err.(keys.TemplateErrors); ok {
			tes = x
		}
		for _, te := range tes {
			msg := te.Msg
			if strings.HasPrefix(msg, "fixed text of ") || strings.HasPrefix(msg, "every key of this template is at least ") {
				msg += ": shorten the template's literal text"
			}
			a.rep.errorf(at(te.Offset), "%s: %s", label, msg)
		}
		if tes == nil && err != nil {
			a.rep.errorf(at(0), "%s: %v", label, err)
		}
	}
	tpl, err := keys.Parse(ke.text, sl.role, e.Table.Sep)
	if err != nil {
		report(err)
		return nil
	}
	kt := &KeyTemplate{Pos: at(0), Attr: sl.attr, Index: sl.index, Role: sl.role, Text: ke.text, Template: tpl}
	kinds := make([]keys.Kind, len(tpl.Fields))
	ok := true
	for i, ph := range tpl.Fields {
		f, kind, msg := a.templateField(e, s.d.named, ph.Field)
		if msg != "" {
			a.rep.errorf(at(ph.FieldOffset), "field %s in %s %s", ph.Field, label, msg)
			ok = false
			continue
		}
		if f == e.Version {
			a.rep.errorf(at(ph.FieldOffset), "field %s in %s is the entity's version counter, which changes on every update (and so would the key): use another field", ph.Field, label)
			ok = false
			continue
		}
		if slices.ContainsFunc(tpl.Fields[:i], func(p keys.Placeholder) bool { return p.Field == ph.Field }) {
			a.rep.errorf(at(ph.FieldOffset), "field %s in %s is written twice: a template names each field once (a key holds each value once); remove the second {%s}", ph.Field, label, ph.Field)
			ok = false
			continue
		}
		if kind == keys.KindTime && (f.Enc.UnixTime || f.Type.PkgPath == attributevaluePkg && f.Type.Name == "UnixTime") {
			a.rep.errorf(at(ph.FieldOffset), "field %s in %s is stored as unix seconds (unixtime) but its key encoding keeps nanoseconds: an item written with a fractional second could not be found again by the value read back; remove unixtime (store RFC 3339 text) or key on an integer field of unix seconds", ph.Field, label)
			ok = false
			continue
		}
		kinds[i] = kind
		kt.Fields = append(kt.Fields, f)
	}
	if !ok {
		return nil
	}
	if err := tpl.Bind(kinds...); err != nil {
		report(err)
		return nil
	}
	if sl.role == keys.SortKey {
		if err := tpl.CheckLiteralPrefix(); err != nil {
			report(err)
			return nil
		}
	}
	return kt
}

// templateField resolves a placeholder's field name to the entity's encoded
// field and its key kind, or returns the rest of an error message.
func (a *analyzer) templateField(e *Entity, named *types.Named, name string) (*Field, keys.Kind, string) {
	var f *Field
	var v *types.Var
	for _, fr := range a.fieldRefs[e.Struct] {
		if fr.field.GoName() == name && (f == nil || len(fr.field.Path) < len(f.Path)) {
			f, v = fr.field, fr.v
		}
	}
	if f == nil {
		obj, _, _ := types.LookupFieldOrMethod(named, false, a.pkg, name)
		if fv, ok := obj.(*types.Var); ok && fv.IsField() {
			if !fv.Exported() {
				return nil, 0, "is unexported, so it is never stored: export it (and write its new name in the template)"
			}
			return nil, 0, "is not stored as an attribute of its own (it is skipped with dynamodbav:\"-\", or inside an embedded struct stored as one attribute): a key field must be an attribute of the entity; store it or use another field"
		}
		var names []string
		for _, g := range e.Struct.Fields {
			names = append(names, g.GoName())
		}
		return nil, 0, fmt.Sprintf("is not a field of %s: write the Go name of one of its fields (%s)", e.Struct.Name, strings.Join(names, ", "))
	}
	typ := f.Type
	if custom, msg := customKeyType(v.Type(), a.pkg); custom || msg != "" {
		if msg != "" {
			return nil, 0, msg
		}
		return f, keys.KindCustom, ""
	}
	switch typ.Kind {
	case KindString:
		return f, keys.KindString, ""
	case KindInt:
		return f, keys.KindInt, ""
	case KindUint:
		return f, keys.KindUint, ""
	case KindFloat:
		return f, keys.KindFloat, ""
	case KindTime:
		return f, keys.KindTime, ""
	case KindPtr:
		return nil, 0, fmt.Sprintf("is a pointer (%s): a key always has a value; use the pointed-to type", types.TypeString(v.Type(), a.qualifier))
	}
	return nil, 0, fmt.Sprintf("has type %s, which has no key encoding: a key field is a string, an integer, a float with a fixed format ({Price|fixed=2}), a time.Time, or a type with methods KeyText() (string, error) and (on its pointer) ParseKeyText(string) error; use one of those or drop the field from the template", types.TypeString(v.Type(), a.qualifier))
}

// customKeyType reports whether t is a custom key type: KeyText() (string,
// error) on T or *T and ParseKeyText(string) error on *T. msg explains a
// type with only one of them.
func customKeyType(t types.Type, pkg *types.Package) (bool, string) {
	if _, isPtr := t.Underlying().(*types.Pointer); isPtr {
		return false, ""
	}
	ptr := types.NewPointer(t)
	kt, _, _ := types.LookupFieldOrMethod(ptr, false, pkg, "KeyText")
	fn, ok := kt.(*types.Func)
	if !ok {
		return false, ""
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 2 || !isBasic(sig.Results().At(0).Type(), types.String) || !isErrorType(sig.Results().At(1).Type()) {
		return false, ""
	}
	name := types.TypeString(t, types.RelativeTo(pkg))
	pt, _, _ := types.LookupFieldOrMethod(ptr, false, pkg, "ParseKeyText")
	pfn, ok := pt.(*types.Func)
	if ok {
		psig := pfn.Type().(*types.Signature)
		if psig.Params().Len() == 1 && isBasic(psig.Params().At(0).Type(), types.String) && psig.Results().Len() == 1 && isErrorType(psig.Results().At(0).Type()) {
			return true, ""
		}
	}
	return false, fmt.Sprintf("has type %s, which has KeyText but no ParseKeyText(string) error on *%s: add it, so that keys decode back to the field", name, name)
}

func isBasic(t types.Type, k types.BasicKind) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == k
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// checkEntityProjections checks that each attribute an INCLUDE index of an
// entity table projects is an attribute of one of its entities, or the type
// attribute.
func (a *analyzer) checkEntityProjections(t *Table, ex *tableExtra) {
	have := map[string]bool{t.TypeAttr: true}
	for _, e := range t.Entities {
		for _, f := range e.Struct.Fields {
			have[f.Attr] = true
		}
	}
	for _, p := range ex.projected {
		if !have[p.name] {
			a.rep.errorf(p.pos, "index %q projects attribute %q, which no entity of table %q has: use one of %s", p.ix.Name, p.name, t.Name, strings.Join(sortedKeys(have), ", "))
		}
	}
}

// entityTTLs checks that the entities of a table share one TTL attribute.
func (a *analyzer) entityTTLs(t *Table, ss []*entityState) {
	var first *entityState
	for _, s := range ss {
		if s.e.TTL == nil {
			continue
		}
		if first == nil {
			first = s
			continue
		}
		if s.e.TTL.Attr != first.e.TTL.Attr {
			a.rep.errorf(s.ttlPos, "entity %s's TTL attribute %q differs from entity %s's %q (at %s): table %q has one TTL attribute; store both TTL fields under one name with dynamodbav:\"<name>\"", s.e.Struct.Name, s.e.TTL.Attr, first.e.Struct.Name, first.e.TTL.Attr, short(first.ttlPos), t.Name)
		}
	}
}

// indexLabel names an index (nil: the table's key) in messages.
func indexLabel(t *Table, ix *Index) string {
	if ix == nil {
		return fmt.Sprintf("table %q", t.Name)
	}
	return fmt.Sprintf("index %q", ix.Name)
}

// onLabel says which key a collection is on, in messages.
func onLabel(ix *Index) string {
	if ix == nil {
		return "on the table's key"
	}
	return fmt.Sprintf("on index %q", ix.Name)
}

// confusable refuses two entities whose keys could be equal in one index:
// an item's entity must be known from its key alone.
func (a *analyzer) confusable(t *Table) {
	for _, ix := range append([]*Index{nil}, t.Indexes()...) {
		hasSK := t.SK != nil
		if ix != nil {
			hasSK = ix.SK != nil
		}
		in := entitiesIn(t, ix)
		for j, b := range in {
			for _, x := range in[:j] {
				xpk, xsk := x.Templates(ix)
				bpk, bsk := b.Templates(ix)
				po := keys.Compare(xpk.Template, bpk.Template)
				if po.Equal == nil {
					continue
				}
				if !hasSK {
					a.rep.errorf(bpk.Pos, "entities %s and %s could have the same key in %s: partition key %q fits both %q (%s) and %q (%s); an item's entity must be known from its key alone: change the literal text of one template (e.g. another prefix)", x.Struct.Name, b.Struct.Name, indexLabel(t, ix), po.Equal.Key, xpk.Text, x.Struct.Name, bpk.Text, b.Struct.Name)
					continue
				}
				so := keys.Compare(xsk.Template, bsk.Template)
				if so.Equal == nil {
					continue // disjoint or hierarchical: told apart by the sort key
				}
				a.rep.errorf(bsk.Pos, "entities %s and %s could have the same key in %s: partition key %q fits both %q (%s) and %q (%s), and sort key %q fits both %q and %q; an item's entity must be known from its key alone: change the literal text of one sort key template (e.g. another prefix)", x.Struct.Name, b.Struct.Name, indexLabel(t, ix), po.Equal.Key, xpk.Text, x.Struct.Name, bpk.Text, b.Struct.Name, so.Equal.Key, xsk.Text, bsk.Text)
			}
		}
	}
}

// entitiesIn lists the entities with bound templates for every key of ix
// (nil: the table's key), in declaration order.
func entitiesIn(t *Table, ix *Index) []*Entity {
	hasSK := t.SK != nil
	if ix != nil {
		hasSK = ix.SK != nil
	}
	var in []*Entity
	for _, e := range t.Entities {
		if pk, sk := e.Templates(ix); pk != nil && (sk != nil || !hasSK) {
			in = append(in, e)
		}
	}
	return in
}

// collections groups, per index, the entities whose partition templates have
// the same shape; a group of two or more is a collection.
func (a *analyzer) collections(t *Table) {
	names := map[string]*Collection{}
	for _, ix := range append([]*Index{nil}, t.Indexes()...) {
		var order []string
		groups := map[string][]*Entity{}
		for _, e := range entitiesIn(t, ix) {
			pk, _ := e.Templates(ix)
			shape := pk.Template.Shape()
			if groups[shape] == nil {
				order = append(order, shape)
			}
			groups[shape] = append(groups[shape], e)
		}
		for _, shape := range order {
			members := groups[shape]
			if len(members) < 2 {
				continue
			}
			pk, _ := members[0].Templates(ix)
			c := &Collection{Pos: pk.Pos, Name: collectionWord(pk.Template, members[0]), Index: ix, Members: members}
			if ix != nil {
				c.Name += ix.GoName()
			}
			if prev := names[c.Name]; prev != nil {
				ppk, _ := prev.Members[0].Templates(prev.Index)
				a.rep.errorf(c.Pos, "collections of table %q with partitions %q (%s) and %q (%s, at %s) would both be named %s: collection names must be unique in a table; start one partition template with another literal word", t.Name, pk.Text, onLabel(ix), ppk.Text, onLabel(prev.Index), short(prev.Pos), c.Name)
				continue
			}
			names[c.Name] = c
			t.Collections = append(t.Collections, c)
		}
	}
}

// collectionWord names a collection after the first word of its partition
// template's literal prefix, in CamelCase (CUSTOMER#{ID} → Customer,
// order_line#{ID} → OrderLine), or after its first member when the template
// has no such word.
func collectionWord(t *keys.Template, first *Entity) string {
	lit := t.Literals[0].Text
	if i := strings.IndexByte(lit, t.Sep); i >= 0 {
		lit = lit[:i]
	}
	var b strings.Builder
	for _, w := range strings.FieldsFunc(lit, func(r rune) bool { return r >= utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.ToUpper(w) == w {
			w = strings.ToLower(w)
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		return first.Struct.Name
	}
	return s
}

// GoName is the index's name in Go, as generated code names it:
// "status-index" → "StatusIndex", "gsi1" → "Gsi1Index".
func (ix *Index) GoName() string {
	s := GoIdent(ix.Name)
	if !strings.HasSuffix(s, "Index") {
		s += "Index"
	}
	return s
}

// GoIdent turns a DynamoDB name into a Go identifier part: "status-total-index"
// → "StatusTotalIndex"; a name that does not begin with a letter gets an "X".
func GoIdent(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		s = "X" + s
	}
	return s
}

// Templates returns the entity's partition and sort key templates on ix (nil:
// the table's key); for a local index the partition template is the table's.
// Both are nil when the entity is not in the index.
func (e *Entity) Templates(ix *Index) (pk, sk *KeyTemplate) {
	if ix != nil && ix.Kind == LocalIndex {
		if !e.InIndex(ix) {
			return nil, nil
		}
		pk, _ = e.Templates(nil)
		for _, k := range e.Keys {
			if k.Index == ix && k.Role == keys.SortKey {
				sk = k
			}
		}
		return pk, sk
	}
	for _, k := range e.Keys {
		if k.Index != ix {
			continue
		}
		if k.Role == keys.PartitionKey {
			pk = k
		} else {
			sk = k
		}
	}
	return pk, sk
}

// TTLAttr returns the table's TTL attribute name: its own TTL field's, or, for
// a table with entities, the one its entities' TTL fields share; "" when none.
func (t *Table) TTLAttr() string {
	if t.TTL != nil {
		return t.TTL.Attr
	}
	for _, e := range t.Entities {
		if e.TTL != nil {
			return e.TTL.Attr
		}
	}
	return ""
}
