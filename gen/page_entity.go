package gen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// The model page and the Workbench export of an entity table (single-table
// design): each entity's key templates per index with an example key built
// by runtime/keys from example values, its store's reads, the collections,
// and a diagram of them. Method names come from the lists the code emitters
// read (entityQuerySpecs, collectionQuery, entStore).

// exampleTime is the example value of every time field.
var exampleTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// exampleInt is the example value of every number field.
const exampleInt = 42

// exampleText is the example value of a text field: its Go name in lower
// case, letters and digits only ("ID" -> "id", "CustomerID" -> "customerid"),
// which holds no separator (a punctuation character).
func exampleText(f *tags.Field) string {
	var b strings.Builder
	for _, r := range strings.ToLower(f.GoName()) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// exampleKey builds the key of template k from the example values of its
// fields with the runtime's encoder (the generated code's Builder).
func exampleKey(k *tags.KeyTemplate) (string, error) {
	b := k.Template.Begin(nil)
	for i, p := range k.Template.Fields {
		switch p.Enc {
		case keys.EncInt:
			b = b.Int(exampleInt)
		case keys.EncUint:
			b = b.Uint(exampleInt)
		case keys.EncTime:
			b = b.Time(exampleTime)
		case keys.EncFixed:
			b = b.Float64(exampleInt)
		default:
			if p.Kind == keys.KindCustom {
				b = b.Custom(exampleText(k.Fields[i]), nil)
			} else {
				b = b.Text(exampleText(k.Fields[i]))
			}
		}
	}
	return b.Key()
}

// exampleValue is the example value of a non-key attribute as a DynamoDB
// AttributeValue in JSON ({"S": "email"}, {"N": "42"}); ok is false for
// attributes with no simple example (lists, maps, sets, binary, custom).
func exampleValue(f *tags.Field) (v map[string]any, ok bool) {
	typ, known := attrType(f.Type, f.Enc)
	if !known {
		return nil, false
	}
	k := f.Type
	for k.Kind == tags.KindPtr {
		k = k.Elem
	}
	switch {
	case typ == "BOOL":
		return map[string]any{"BOOL": true}, true
	case k.Kind == tags.KindTime && typ == "N":
		return map[string]any{"N": strconv.FormatInt(exampleTime.Unix(), 10)}, true
	case k.Kind == tags.KindTime:
		return map[string]any{"S": exampleTime.Format(time.RFC3339)}, true
	case typ == "N", typ == "S" && (k.Kind == tags.KindInt || k.Kind == tags.KindUint || k.Kind == tags.KindFloat):
		return map[string]any{typ: strconv.Itoa(exampleInt)}, true
	case typ == "S":
		return map[string]any{"S": exampleText(f)}, true
	}
	return nil, false
}

// templateText writes a template with its placeholders as <Field> (with
// their modifiers): CUSTOMER#<ID>, EMAIL#<Email|lower>.
func templateText(k *tags.KeyTemplate) string {
	tp := k.Template
	var b strings.Builder
	for i, l := range tp.Literals {
		b.WriteString(l.Text)
		if i < len(tp.Fields) {
			p := tp.Fields[i]
			src := tp.Source[p.FieldOffset : p.End-1] // "Email|lower"
			b.WriteString("<" + src + ">")
		}
	}
	return b.String()
}

// cell escapes the '|' of a Markdown table cell (templates' modifiers).
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// condText is the sort-key condition c on attribute attr, as sent.
func condText(attr string, c keys.Cond) string {
	switch c.Kind {
	case keys.CondEq:
		return attr + " = " + c.A
	case keys.CondBeginsWith:
		return fmt.Sprintf("begins_with(%s, %q)", attr, c.A)
	case keys.CondBetween:
		return fmt.Sprintf("%s BETWEEN %s AND %s", attr, keyQuote(c.A), keyQuote(c.B))
	}
	return ""
}

// maxRuneText is how the page writes U+10FFFF, the character the runtime
// appends to a range's upper bound (it sorts after every character a key
// holds); the page's legend explains it.
const maxRuneText = "<U+10FFFF>"

// keyQuote quotes a bound of a key condition, with U+10FFFF as maxRuneText.
func keyQuote(s string) string {
	return strings.ReplaceAll(strconv.QuoteToASCII(s), `\U0010ffff`, maxRuneText)
}

// encodingLegend explains the fixed-width texts keys hold, from the
// runtime's encoders.
func encodingLegend() string {
	mn, mx := keys.FormatInt(int64(math.MinInt64)), keys.FormatInt(int64(math.MaxInt64))
	tm, _ := keys.FormatTime(exampleTime)
	return fmt.Sprintf("In keys, numbers are fixed-width texts that sort as the numbers do (%d is `%s`; a negative number is `-` and the digits of v + 10^19, so the smallest int64 is `%s` and the greatest `%s`), and times are UTC with nanoseconds (%s is `%s`). "+
		"A range's upper bound ends with `%s`, the character U+10FFFF, which sorts after every character a key may hold, so the bound is above every key that begins with the text before it.",
		exampleInt, keys.FormatInt(int64(exampleInt)), mn, mx, exampleTime.Format(time.RFC3339), tm, maxRuneText)
}

// entityIndexName names the table or an index for the page's tables.
func entityIndexName(ix *tags.Index) string {
	if ix == nil {
		return "table"
	}
	return fmt.Sprintf("%s `%s`", strings.ToUpper(ix.Kind.String()), ix.Name)
}

// entityHeading is the heading of an entity's section.
func entityHeading(e *tags.Entity) string { return "Entity " + e.Name }

// tableEntities writes, for an entity table, its type attribute and
// separator, each entity's keys (with example keys) and reads, the
// collections, and a diagram of them.
func tableEntities(b *strings.Builder, c pageCtx, t *tags.Table) {
	if !t.IsEntityTable() {
		return
	}
	fmt.Fprintf(b, "### Entities\n\n")
	fmt.Fprintf(b, "Table `%s` holds %d entity types. Every item carries its entity's name in the type attribute `%s`; keys are built from templates with the separator `%c`, which a text value may not contain. ", t.Name, len(t.Entities), t.TypeAttr, t.Sep)
	fmt.Fprintf(b, "Example keys are built by `runtime/keys` from example values: a text field's Go name in lower case, %d for numbers, %s for times. ", exampleInt, exampleTime.Format(time.RFC3339))
	b.WriteString(encodingLegend() + "\n\n")
	b.WriteString("| entity | Go type | store | table key | indexes filled |\n| --- | --- | --- | --- | --- |\n")
	for _, e := range t.Entities {
		var pk []string
		for _, k := range primaryKeys(e) {
			pk = append(pk, "`"+cell(k.Attr.Attr+" = "+templateText(k))+"`")
		}
		var ixs []string
		for _, ix := range t.Indexes() {
			if e.InIndex(ix) {
				ixs = append(ixs, "`"+ix.Name+"`")
			}
		}
		fmt.Fprintf(b, "| [`%s`](#%s) | `%s` | `%s` | %s | %s |\n", e.Name, anchor(entityHeading(e)), entName(e), entStore(e), strings.Join(pk, ", "), orDash(strings.Join(ixs, ", ")))
	}
	b.WriteString("\n")
	entityDiagram(b, t)
	for _, e := range t.Entities {
		entitySection(b, c, t, e)
	}
	entityCollections(b, c, t)
}

// entitySection writes one entity: its key templates per index with example
// keys, and its store's reads.
func entitySection(b *strings.Builder, c pageCtx, t *tags.Table, e *tags.Entity) {
	fmt.Fprintf(b, "#### %s\n\n", entityHeading(e))
	fmt.Fprintf(b, "Go type `%s` (%s), type attribute `%s = %s`.\n\n", entName(e), baseName(e.Pos.File), t.TypeAttr, e.Name)
	b.WriteString("| key of | attribute | template | example key |\n| --- | --- | --- | --- |\n")
	for _, ix := range append([]*tags.Index{nil}, t.Indexes()...) {
		if ix != nil && !e.InIndex(ix) {
			fmt.Fprintf(b, "| %s | — | not filled: no `%s` item is in this sparse index | — |\n", entityIndexName(ix), e.Name)
			continue
		}
		for _, k := range e.Keys {
			if k.Index != ix {
				continue
			}
			ex, err := exampleKey(k)
			exCell := "`" + cell(ex) + "`"
			if err != nil {
				exCell = "— (" + cell(err.Error()) + ")"
			}
			fmt.Fprintf(b, "| %s | `%s` | `%s` | %s |\n", entityIndexName(ix), k.Attr.Attr, cell(k.Text), exCell)
		}
	}
	b.WriteString("\n")
	entityLocking(b, e)
	entitySparse(b, t, e)

	fmt.Fprintf(b, "Methods of `%s.%s` that read (also of `%sReadOnlyStore`). ", c.pkg.Name, entStore(e), entName(e))
	fmt.Fprintf(b, "A query takes the partition template's fields; sort-key conditions (`%sKeyParts.<Field>.Eq(v)`, `.Ge(v)`, ...) take the sort template's fields left to right, equality first, one range last, and are sent as `=`, `begins_with` or `BETWEEN` on the encoded key (equality on every field sends `<sort key> = <key>` and returns at most the one item with that key); the operators listed per field are those the runtime can send exactly (`keys.Template.Exact`), any other is an error wrapping `keys.ErrInexactRange`. Without a condition the query sends the condition shown. ", entName(e))
	b.WriteString("A filter (`ddb.Filter`), a limit (`ddb.Limit`), the order (`ddb.Descending()`) and a cursor are options of every query and scan; a query of the table or a local index also takes `ddb.ConsistentRead()`.\n\n")
	b.WriteString("| method | reads | key condition sent | sort-key conditions on | consistent read | item type |\n| --- | --- | --- | --- | --- | --- |\n")
	var keyArgs []string
	for _, f := range keyFieldsOf(primaryKeys(e)...) {
		keyArgs = append(keyArgs, paramName(f))
	}
	get := "`" + cell(strings.Join(keyEqs(primaryKeys(e)), " AND ")) + "`"
	fmt.Fprintf(b, "| `Get(ctx, %s)` | table | `GetItem` %s | — | yes, `ddb.ConsistentRead()` | `*%s` |\n", strings.Join(keyArgs, ", "), get, entName(e))
	fmt.Fprintf(b, "| `BatchGet(ctx, keys)` | table | `BatchGetItem`, 100 keys a request | — | yes, `ddb.ConsistentRead()` | `[]%s` |\n", entName(e))
	for _, s := range entityQuerySpecs(e) {
		var params []string
		for _, f := range s.pk.Fields {
			params = append(params, paramName(f))
		}
		cond := "`" + cell(s.pk.Attr.Attr+" = "+templateText(s.pk))
		ops := "—"
		if s.sk != nil {
			if c, err := s.sk.Template.Prefix(); err == nil && c.Kind != keys.CondNone {
				cond += cell(" AND " + condText(s.sk.Attr.Attr, c))
			}
			var fs []string
			for j, f := range s.sk.Fields {
				fs = append(fs, "`"+fieldIdent(e.Struct, f)+"` "+strings.Join(exactOps(s.sk.Template, j), ", "))
			}
			if len(fs) > 0 {
				ops = "`" + cell(s.sk.Text) + "`: " + strings.Join(fs, "; ")
			}
		}
		cond += "`; " + queryReturns(t, e, s)
		consistent := "yes, `ddb.ConsistentRead()`"
		if s.opt == "QueryOption" {
			consistent = "no (global index)"
		}
		fmt.Fprintf(b, "| `%s(%s, …)` | %s | %s | %s | %s | `%s` |\n", s.name, strings.Join(params, ", "), entityIndexName(s.ix), cond, ops, consistent, entName(e))
		if s.ix == nil {
			fmt.Fprintf(b, "| `Scan(…)` | table | none: reads every item; other entities' items are skipped and counted (`Skipped()`; `ddb.StrictEntities()` makes them an error) | — | yes, `ddb.ConsistentRead()` | `%s` |\n", entName(e))
		}
	}
	b.WriteString("\n")
	writeTable(b, writeSigs(methodSigs(c.code, entStore(e))), fmt.Sprintf("Methods of `%s.%s` that write, and its others (a `%s.%s` holds it in its field `%s`: `%s.New%s(client, table)`, or `%s.Open%s(client)` in a linked function):\n\n",
		c.pkg.Name, entStore(e), c.pkg.Name, storeName(t), entName(e), c.pkg.Name, storeName(t), c.pkg.Name, storeName(t)))
}

// exactOps are the operators a sort-key condition on field j of template t
// can use: Eq always, and each range operator keys.Template.Exact accepts
// (the runtime refuses the others with keys.ErrInexactRange).
func exactOps(t *keys.Template, j int) []string {
	out := []string{"`Eq`"}
	for op := keys.Lt; op <= keys.GeLt; op++ {
		if t.Exact(j, op) {
			out = append(out, "`"+op.String()+"`")
		}
	}
	return out
}

// queryReturns says which items a query of entity e (spec s) can read: its
// own only, or also those of the entities whose keys on the same index can
// equal its partition key and begin with a prefix its sort-key condition
// sends (keys.Compare: AInB), which the runtime skips and counts.
func queryReturns(t *tags.Table, e *tags.Entity, s entityQuerySpec) string {
	var others []string
	for _, o := range t.Entities {
		if o == e || !o.InIndex(s.ix) {
			continue
		}
		opk := o.Key(s.pk.Attr.Attr)
		if opk == nil || keys.Compare(opk.Template, s.pk.Template).Equal == nil {
			continue
		}
		if s.sk == nil {
			others = append(others, "`"+o.Name+"`")
			continue
		}
		osk := o.Key(s.sk.Attr.Attr)
		if osk == nil {
			continue
		}
		if r := keys.Compare(osk.Template, s.sk.Template).AInB; r != nil {
			others = append(others, fmt.Sprintf("`%s` (its sort key %s can begin with the prefix `%s`, which the query sends with %s)", o.Name, "`"+cell(templateText(osk))+"`", cell(r.Prefix), equalFields(r.Fields)))
		}
	}
	if len(others) == 0 {
		return "reads only `" + e.Name + "` items"
	}
	return "depending on its sort-key condition, can also select items of " + strings.Join(others, ", ") + ", which the query skips and counts (`Skipped()`; `ddb.StrictEntities()` makes them an error)"
}

// equalFields describes a query that sets its first n sort-key fields equal.
func equalFields(n int) string {
	switch n {
	case 0:
		return "no equality on a sort-key field"
	case 1:
		return "equality on its first sort-key field only"
	}
	return fmt.Sprintf("equality on its first %d sort-key fields only", n)
}

// entityLocking says which attribute, if any, versions the entity and which
// is its time to live.
func entityLocking(b *strings.Builder, e *tags.Entity) {
	if e.Version != nil {
		fmt.Fprintf(b, "- optimistic locking: `%s` (`%s`; writes check and increment it)\n", e.Version.Attr, e.Version.GoName())
	} else {
		b.WriteString("- optimistic locking: none\n")
	}
	if e.TTL != nil {
		fmt.Fprintf(b, "- time to live: `%s` (`%s`; DynamoDB deletes an item some time after this epoch second)\n", e.TTL.Attr, e.TTL.GoName())
	} else {
		b.WriteString("- time to live: none\n")
	}
}

// entitySparse says, per index the entity fills, which fields drop an item
// from it: an index key whose template has an empty text field is left out
// (runtime/ddb Entity.Item, keys.ErrEmptyValue), and so is the item.
func entitySparse(b *strings.Builder, t *tags.Table, e *tags.Entity) {
	for _, ix := range t.Indexes() {
		if !e.InIndex(ix) {
			continue
		}
		var fs []string
		for _, k := range e.Keys {
			if k.Index != ix {
				continue
			}
			for i, p := range k.Template.Fields {
				if p.Enc == keys.EncText && !containsField(keyFieldsOf(primaryKeys(e)...), k.Fields[i]) && !containsString(fs, "`"+fieldIdent(e.Struct, k.Fields[i])+"`") {
					fs = append(fs, "`"+fieldIdent(e.Struct, k.Fields[i])+"`")
				}
			}
		}
		if len(fs) == 0 {
			fmt.Fprintf(b, "- in %s: every `%s` item (its index templates have no text field outside the table key, which cannot be empty)\n", entityIndexName(ix), e.Name)
			continue
		}
		fmt.Fprintf(b, "- in %s: only items whose %s %s not empty (\"\"); an item with an empty one is written without that index's key attributes and is not in the index (an update that empties it removes the item from the index)\n", entityIndexName(ix), strings.Join(fs, ", "), plural(len(fs), "is", "are"))
	}
	b.WriteString("\n")
}

// keyEqs are "pk = CUSTOMER#<ID>", "sk = PROFILE" for templates ks.
func keyEqs(ks []*tags.KeyTemplate) []string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Attr.Attr+" = "+templateText(k))
	}
	return out
}

// entityCollections lists the table's collections, their members and the
// query of each.
func entityCollections(b *strings.Builder, c pageCtx, t *tags.Table) {
	if len(t.Collections) == 0 {
		return
	}
	fmt.Fprintf(b, "#### Collections\n\nA collection is the entities whose partition templates on one index have the same shape: one query of a partition returns the items of all of them, in sort order, as `%s<Collection>Page` (one slice per member, and `Items` in order).\n\n", typeName(t))
	fmt.Fprintf(b, "Methods of `%s.%s` and of `%s.%s` (items of other entities in the partition are skipped and counted, `Skipped()`):\n\n", c.pkg.Name, storeName(t), c.pkg.Name, roStoreName(t))
	b.WriteString("| method | reads | key condition sent | example partition | members (partition template) | item type |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, col := range t.Collections {
		pk := col.Members[0].Key(partAttr(t, col.Index))
		var params []string
		for _, f := range pk.Fields {
			params = append(params, paramName(f))
		}
		var members []string
		for _, e := range col.Members {
			k := e.Key(partAttr(t, col.Index))
			members = append(members, fmt.Sprintf("`%s` (`%s`)", e.Name, cell(k.Text)))
		}
		ex := "—"
		if key, err := exampleKey(pk); err == nil {
			ex = "`" + cell(key) + "`"
		}
		fmt.Fprintf(b, "| `%s(%s, …)` | %s | `%s` | %s | %s | `%s%sItem` |\n", collectionQuery(col), strings.Join(params, ", "), entityIndexName(col.Index), cell(pk.Attr.Attr+" = "+templateText(pk)), ex, strings.Join(members, ", "), typeName(t), col.Name)
	}
	b.WriteString("\n")
}

// entityDiagram draws the table's entities and collections: one box per
// entity with the key attributes it fills (the template as comment) and its
// fields, one per collection with its partition key, joined to the table,
// the indexes the entity fills and its collections.
//
//	erDiagram
//	  "entity customer" {
//	    S pk_ PK "CUSTOMER#{ID}, attribute pk"
//	    S id
//	  }
//	  "shop" ||--o{ "entity customer" : "kind = customer"
//	  "collection Customer" ||--o{ "entity customer" : "member"
func entityDiagram(b *strings.Builder, t *tags.Table) {
	b.WriteString("```mermaid\nerDiagram\n")
	fmt.Fprintf(b, "  %s {\n", mermaidEntity(t.Name))
	for _, f := range t.Struct.Fields {
		role := keyRole(t.PK, t.SK, f)
		mermaidAttr(b, f, role == "partition key", role)
	}
	b.WriteString("  }\n")
	for _, e := range t.Entities {
		box := mermaidEntity("entity " + e.Name)
		fmt.Fprintf(b, "  %s {\n", box)
		seen := map[*tags.Field]bool{}
		for _, k := range e.Keys {
			if seen[k.Attr] {
				continue
			}
			seen[k.Attr] = true
			comment := mermaidTemplate(k.Text)
			if k.Index == nil && k.Role == keys.SortKey {
				comment = "sort key, " + comment
			}
			mermaidAttr(b, k.Attr, k.Index == nil && k.Role == keys.PartitionKey, comment)
		}
		for _, f := range e.Struct.Fields {
			mermaidAttr(b, f, false, "")
		}
		b.WriteString("  }\n")
		fmt.Fprintf(b, "  %s ||--o{ %s : %s\n", mermaidEntity(t.Name), box, mermaidLabel(mermaidText(t.TypeAttr+" = "+e.Name)))
	}
	for _, col := range t.Collections {
		box := mermaidEntity("collection " + col.Name)
		pk := col.Members[0].Key(partAttr(t, col.Index))
		fmt.Fprintf(b, "  %s {\n", box)
		where := "table"
		if col.Index != nil {
			where = col.Index.Name
		}
		mermaidAttr(b, pk.Attr, true, "partition of "+where+", "+mermaidTemplate(pk.Template.Shape()))
		b.WriteString("  }\n")
		for _, e := range col.Members {
			fmt.Fprintf(b, "  %s ||--o{ %s : %s\n", box, mermaidEntity("entity "+e.Name), mermaidLabel("member"))
		}
	}
	b.WriteString("```\n\n")
	b.WriteString("An entity box lists the key attributes the entity fills (`PK`: the table's partition key; the table's sort key says \"sort key\"; the comment is the template) and its own attributes; a collection box is the partition key its members share.\n\n")
}

// mermaidTemplate is a template in a Mermaid comment: as mermaidText, and
// with spaces as '_', so that no literal reads as a direction statement.
func mermaidTemplate(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, mermaidText(s))
}

// mermaidText makes s safe inside a Mermaid comment or label: a quote or %
// would end it.
func mermaidText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '%' || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

// indexEntities lists the entities that fill an index, each read by its
// store's query of it.
func indexEntities(t *tags.Table, ix *tags.Index) string {
	var out []string
	for _, e := range t.Entities {
		for _, s := range entityQuerySpecs(e) {
			if s.ix == ix {
				out = append(out, fmt.Sprintf("`%s` (`%s.%s`)", entName(e), entStore(e), s.name))
			}
		}
	}
	return orDash(strings.Join(out, ", "))
}
