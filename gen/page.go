package gen

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/stelviogen/stelviogen/runtime/iamactions"
	"github.com/stelviogen/stelviogen/tags"
)

// The model page: one Markdown file per models package, beside the generated
// code, that shows the model as a reader new to it needs it: each table's keys,
// indexes, access patterns (the generated methods, with the key condition each
// sends), links and stream, and Mermaid diagrams GitHub renders. It is written
// from the same model as the code, by one function per section, and takes
// names from the same functions the code emitters use (querySpecs,
// queryMethods, readMethods, projectionTypeName, ...), so the page cannot
// name a method the code does not have.

// PageFile is the model page's file name in the models package's directory.
const PageFile = "model" + docSuffix + ".md"

// docSuffix ends the stem of the generated documentation files, as
// "_stelviogen" does for Go files, so they are found as generated outputs.
const docSuffix = "_stelviogen"

// pageCtx is what the page's sections share.
type pageCtx struct {
	pkg       *tags.Package
	infraName string // infra package name, e.g. "infra"
	infraPath string
	code      [][]byte // the rendered handler and entity files, for methodSigs
}

// page renders the model page of pkg.
func page(c pageCtx) []byte {
	var b strings.Builder
	b.Grow(4096 * (1 + len(c.pkg.Tables)))
	pageHeader(&b, c)
	pageContents(&b, c)
	pageDiagram(&b, c)
	for _, t := range c.pkg.Tables {
		pageTable(&b, c, t)
	}
	return []byte(b.String())
}

// pageHeader writes the generated-file marker, the title and how to read the page.
func pageHeader(b *strings.Builder, c pageCtx) {
	b.WriteString(tags.GeneratedMarkdownHeader + "\n\n")
	fmt.Fprintf(b, "# Data model of package `%s`\n\n", c.pkg.Name)
	n := len(c.pkg.Tables)
	fmt.Fprintf(b, "`%s` declares %d DynamoDB %s, written by stelviogen from the struct tags of its Go types. ", c.pkg.Path, n, plural(n, "table", "tables"))
	fmt.Fprintf(b, "Handlers use the generated stores in `%s`; Pulumi programs declare the tables and link functions to them with `%s` (`%s`). ", c.pkg.Name, c.infraName, c.infraPath)
	fmt.Fprintf(b, "[`%s`](%s) is the same model for AWS NoSQL Workbench (Data modeler, Import data model)", WorkbenchFile, WorkbenchFile)
	var lsis []string
	for _, t := range c.pkg.Tables {
		for _, ix := range t.LSIs {
			lsis = append(lsis, "`"+t.Name+"/"+ix.Name+"`")
		}
	}
	if len(lsis) > 0 {
		fmt.Fprintf(b, ", except the local secondary %s %s, which NoSQL Workbench data models cannot hold", plural(len(lsis), "index", "indexes"), strings.Join(lsis, ", "))
	}
	b.WriteString(".\n\n")
}

// pageContents lists the tables with their struct types.
func pageContents(b *strings.Builder, c pageCtx) {
	b.WriteString("| table | Go type | partition key | sort key | indexes | stream |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, t := range c.pkg.Tables {
		fmt.Fprintf(b, "| [`%s`](#%s) | `%s` | %s | %s | %d | %s |\n", t.Name, anchor(tableHeading(t)), typeName(t), keyCell(t.PK), keyCell(t.SK), len(t.Indexes()), orDash(string(t.Stream)))
	}
	b.WriteString("\n")
}

// pageDiagram draws every table and index as a Mermaid entity-relationship
// diagram: one entity per table with its attributes, one per index with its
// key and projected attributes, joined by "an item appears at most once in
// the index" (a sparse index leaves out items without its key attributes).
//
//	erDiagram
//	  "orders" {
//	    S customer_id PK "partition key"
//	    ...
//	  }
//	  "orders/status-index" { ... }
//	  "orders" ||--o| "orders/status-index" : "LSI, INCLUDE"
func pageDiagram(b *strings.Builder, c pageCtx) {
	b.WriteString("```mermaid\nerDiagram\n")
	for _, t := range c.pkg.Tables {
		fmt.Fprintf(b, "  %s {\n", mermaidEntity(t.Name))
		for _, f := range t.Struct.Fields {
			role := keyRole(t.PK, t.SK, f)
			mermaidAttr(b, f, role == "partition key", role)
		}
		b.WriteString("  }\n")
		for _, ix := range t.Indexes() {
			fmt.Fprintf(b, "  %s {\n", mermaidEntity(t.Name+"/"+ix.Name))
			for _, f := range indexAttrs(t, ix) {
				role := keyRole(ix.PK, ix.SK, f)
				if role == "" && keyRole(t.PK, t.SK, f) != "" {
					mermaidAttr(b, f, false, "table key")
					continue
				}
				mermaidAttr(b, f, role == "partition key", role)
			}
			b.WriteString("  }\n")
			fmt.Fprintf(b, "  %s ||--o| %s : %s\n", mermaidEntity(t.Name), mermaidEntity(t.Name+"/"+ix.Name), mermaidLabel(strings.ToUpper(ix.Kind.String())+", "+string(ix.Projection.Type)))
		}
	}
	b.WriteString("```\n\n")
	b.WriteString("Types are DynamoDB's: `S` string, `N` number, `B` binary, `BOOL`, `L` list, `M` map, `SS`/`NS`/`BS` sets (`custom`: the type's own marshaler decides). ")
	b.WriteString("`PK` marks the partition key of the table or index; the sort key has no marker (Mermaid's key markers are only `PK`, `FK` and `UK`) and its comment says \"sort key\". An attribute name Mermaid would misread (a key marker such as `pk`, or one with characters other than letters, digits and `_`) is drawn changed (`pk` as `pk_`), its comment giving the real name (\"attribute pk\"). An index box lists the attributes the index stores (an `ALL` index stores every attribute; its box shows the keys); ")
	b.WriteString("an item appears in an index at most once, and not at all when it lacks the index's key attributes.\n\n")
}

// pageTable writes one table's sections.
func pageTable(b *strings.Builder, c pageCtx, t *tags.Table) {
	tableIntro(b, t)
	tableAttributes(b, t)
	tableIndexes(b, c, t)
	if t.IsEntityTable() {
		tableEntities(b, c, t)
	} else {
		tableAccessPatterns(b, c, t)
	}
	tableLinks(b, c, t)
	tableStream(b, c, t)
}

func tableHeading(t *tags.Table) string { return "Table " + t.Name }

// tableIntro writes the heading, the struct's doc comment and the settings.
func tableIntro(b *strings.Builder, t *tags.Table) {
	fmt.Fprintf(b, "## %s\n\n", tableHeading(t))
	if t.Doc != "" {
		b.WriteString(t.Doc + "\n\n")
	}
	fmt.Fprintf(b, "Stored from Go type `%s` (%s). ", typeName(t), baseName(t.Pos.File))
	fmt.Fprintf(b, "Physical name `{project}-{stack}-%s`; billing on demand (`PAY_PER_REQUEST`) unless the Pulumi arguments change it.\n\n", t.Name)
	fmt.Fprintf(b, "- primary key: %s\n", primaryKey(t))
	if t.Stream != tags.StreamNone {
		fmt.Fprintf(b, "- stream: `%s`\n", t.Stream)
	} else {
		b.WriteString("- stream: none\n")
	}
	if t.IsEntityTable() {
		b.WriteString("- time to live and optimistic locking: per entity (see each entity's section)\n\n")
		return
	}
	if t.TTL != nil {
		fmt.Fprintf(b, "- time to live: `%s` (DynamoDB deletes an item some time after this epoch second)\n", t.TTL.Attr)
	} else {
		b.WriteString("- time to live: none\n")
	}
	if t.Version != nil {
		fmt.Fprintf(b, "- optimistic locking: `%s` (writes check and increment it)\n", t.Version.Attr)
	} else {
		b.WriteString("- optimistic locking: none\n")
	}
	b.WriteString("\n")
}

// primaryKey describes a table's key: "`customer_id` (S) + `order_date` (S)".
func primaryKey(t *tags.Table) string {
	s := "partition key " + keyCell(t.PK)
	if t.SK != nil {
		s += ", sort key " + keyCell(t.SK)
	}
	return s
}

// tableAttributes lists every attribute the codec writes.
func tableAttributes(b *strings.Builder, t *tags.Table) {
	fmt.Fprintf(b, "### Attributes of `%s`\n\n| attribute | type | Go field | role |\n| --- | --- | --- | --- |\n", t.Name)
	for _, f := range t.Struct.Fields {
		typ, _ := attrType(f.Type, f.Enc)
		fmt.Fprintf(b, "| `%s` | %s | `%s %s` | %s |\n", f.Attr, typ, strings.Join(f.Path, "."), goTypeString(f.Type, t.Struct.PkgPath), orDash(attrRoles(t, f)))
	}
	if t.IsEntityTable() {
		fmt.Fprintf(b, "| `%s` | S | — | type attribute: the entity's name (written by every entity's store) |\n", t.TypeAttr)
	}
	b.WriteString("\n")
}

// attrRoles names what an attribute is to the table and its indexes.
func attrRoles(t *tags.Table, f *tags.Field) string {
	var roles []string
	if t.PK.Field == f {
		roles = append(roles, "partition key")
	}
	if t.SK != nil && t.SK.Field == f {
		roles = append(roles, "sort key")
	}
	for _, ix := range t.Indexes() {
		if ix.Kind == tags.GlobalIndex && ix.PK.Field == f {
			roles = append(roles, fmt.Sprintf("partition key of `%s`", ix.Name))
		}
		if ix.SK != nil && ix.SK.Field == f {
			roles = append(roles, fmt.Sprintf("sort key of `%s`", ix.Name))
		}
	}
	if t.TTL == f {
		roles = append(roles, "time to live")
	}
	if t.Version == f {
		roles = append(roles, "version")
	}
	return strings.Join(roles, ", ")
}

// tableIndexes lists the secondary indexes with their keys and projections.
func tableIndexes(b *strings.Builder, c pageCtx, t *tags.Table) {
	if len(t.Indexes()) == 0 {
		return
	}
	b.WriteString("### Indexes\n\n| index | kind | partition key | sort key | projects | a query returns |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, s := range querySpecs(t)[1:] {
		ix := s.index
		kind := "global"
		if ix.Kind == tags.LocalIndex {
			kind = "local"
		}
		result := resultCell(c, t, s)
		if t.IsEntityTable() {
			result = indexEntities(t, ix)
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", ix.Name, kind, keyCell(ix.PK), keyCell(ix.SK), projectionCell(ix), result)
	}
	b.WriteString("\n")
}

// projectionCell is what an index copies: "ALL", "KEYS_ONLY", "INCLUDE `total`".
func projectionCell(ix *tags.Index) string {
	s := "`" + string(ix.Projection.Type) + "`"
	if ix.Projection.Type == tags.ProjectInclude {
		s += " " + codeList(ix.Projection.NonKey)
	}
	return s
}

// resultCell is the item type of a query or scan and, for a projection type,
// the attributes it holds.
func resultCell(c pageCtx, t *tags.Table, s querySpec) string {
	if s.index == nil || s.index.Projection.Type == tags.ProjectAll {
		return "`" + s.resultName + "`"
	}
	var attrs []string
	for _, f := range indexAttrs(t, s.index) {
		attrs = append(attrs, f.Attr)
	}
	return fmt.Sprintf("`%s` (%s)", s.resultName, codeList(attrs))
}

// indexAttrs are the attributes an index holds, as its generated projection
// type has them: for ALL, only its keys and the table's (the diagram's entity).
func indexAttrs(t *tags.Table, ix *tags.Index) []*tags.Field {
	if ix.Projection.Type == tags.ProjectAll {
		var out []*tags.Field
		for _, f := range t.Struct.Fields {
			if keyRole(ix.PK, ix.SK, f) != "" || keyRole(t.PK, t.SK, f) != "" {
				out = append(out, f)
			}
		}
		return out
	}
	return codecProjectionStruct(t, ix, "", "").origin
}

// tableAccessPatterns lists every generated read of the table: the key
// lookups and, per index and for the table, the query and the scan, with
// the key condition each sends. Method names come from the emitters.
func tableAccessPatterns(b *strings.Builder, c pageCtx, t *tags.Table) {
	st := storeName(t)
	fmt.Fprintf(b, "### Access patterns\n\nMethods of `%s.%s` (and of `%s`, which has only these reads). ", c.pkg.Name, st, roStoreName(t))
	b.WriteString("A query takes the partition key value and optionally one sort-key condition, made by a method of the sort key's attribute handle (`<Type>Attrs.<Field>.Ge(v)`, ...): ")
	b.WriteString("`<op> :sk` stands for what it sends, `= :sk`, `< :sk`, `<= :sk`, `> :sk`, `>= :sk`, `BETWEEN :lo AND :hi` or `begins_with(<sort key>, :prefix)`; without one the query reads the whole partition. Attribute names go through `ExpressionAttributeNames`. ")
	b.WriteString("A filter (`ddb.Filter`), a limit, the order and a cursor are options of every query and scan.\n\n")
	b.WriteString("| method | reads | key condition sent | sort-key conditions | consistent read | item type |\n| --- | --- | --- | --- | --- | --- |\n")
	keyCond := func(pk, sk *tags.Key, eq bool) string {
		s := pk.Field.Attr + " = :pk"
		switch {
		case sk == nil:
		case eq:
			s += " AND " + sk.Field.Attr + " = :sk"
		default:
			s += " [AND " + sk.Field.Attr + " <op> :sk]"
		}
		return "`" + s + "`"
	}
	var get, batchGet method
	for _, m := range readMethods(t) {
		switch m.name {
		case "Get":
			get = m
		case "BatchGet":
			batchGet = m
		}
	}
	keyArgs := []string{}
	for _, k := range tableKeys(t) {
		keyArgs = append(keyArgs, paramName(k.Field))
	}
	fmt.Fprintf(b, "| `%s(ctx, %s)` | table | `GetItem` %s | — | yes, `ddb.ConsistentRead()` | `*%s` |\n", get.name, strings.Join(keyArgs, ", "), keyCond(t.PK, t.SK, true), typeName(t))
	fmt.Fprintf(b, "| `%s(ctx, keys)` | table | `BatchGetItem`, 100 keys a request | — | yes, `ddb.ConsistentRead()` | `[]%s` |\n", batchGet.name, typeName(t))
	specs := querySpecs(t)
	_, methods := queryMethods(t) // Query and Scan per spec, in spec order
	for i, s := range specs {
		query, scan := methods[2*i], methods[2*i+1]
		reads := "table"
		if s.index != nil {
			reads = fmt.Sprintf("%s `%s`", strings.ToUpper(s.index.Kind.String()), s.index.Name)
		}
		consistent := "yes, `ddb.ConsistentRead()`"
		if s.global {
			consistent = "no (global index)"
		}
		ops := "—"
		if s.sk != nil {
			ops = codeList(strings.Split(sortOps(s.sk), ", "))
		}
		result := resultCell(c, t, s)
		fmt.Fprintf(b, "| `%s(%s, …)` | %s | %s | %s | %s | %s |\n", query.name, paramName(s.pk.Field), reads, keyCond(s.pk, s.sk, false), ops, consistent, result)
		fmt.Fprintf(b, "| `%s(…)` | %s | none: reads every item (`ddb.Parallel(n)` for segments) | — | %s | %s |\n", scan.name, reads, consistent, result)
	}
	b.WriteString("\n")
	writeTable(b, writeSigs(methodSigs(c.code, st)), fmt.Sprintf("Methods of `%s.%s` that write, and its others (`%s.New%s(client, table)`, or `%s.Open%s(client)` in a linked function):\n\n", c.pkg.Name, st, c.pkg.Name, st, c.pkg.Name, st))
}

// tableLinks lists what a link to the table grants and sets, from the same
// action lists the infra side's policies use (runtime/iamactions).
func tableLinks(b *strings.Builder, c pageCtx, t *tags.Table) {
	comp := typeName(t) + "Table"
	name, arn := "STLV_"+envName(t.Name)+"_TABLE_NAME", "STLV_"+envName(t.Name)+"_TABLE_ARN"
	fmt.Fprintf(b, "### Links\n\n`table, err := %s.New%s(ctx, nil)` declares the table in a Pulumi program (`*%s.%s`). A function linked to it (in `awsinfra.FunctionArgs.Links`) by `table.Link()` or `table.ReadOnlyLink()` gets one IAM statement with the row's actions on the table ARN and, as the row has `dynamodb:Query` and `dynamodb:Scan`, one on `<table ARN>/index/*`, on exactly these ARNs; `table.LinkFor(awsinfra.OpGet, ...)` grants only the operations given. Every link sets two environment variables: `%s` (the physical name; `%s.Open%s(client)` reads it) and `%s`.\n\n", c.infraName, comp, c.infraName, comp, name, c.pkg.Name, storeName(t), arn)
	b.WriteString("| link | on the table ARN | on `<table ARN>/index/*` | for |\n| --- | --- | --- | --- |\n")
	fmt.Fprintf(b, "| `table.Link()` | %s | %s | `%s` |\n", codeList(iamactions.Table()), codeList(iamactions.Index()), storeName(t))
	fmt.Fprintf(b, "| `table.ReadOnlyLink()` | %s | %s | `%s` |\n\n", codeList(iamactions.TableReadOnly()), codeList(iamactions.Index()), roStoreName(t))
}

// tableStream says what a subscription to the table's stream gets.
func tableStream(b *strings.Builder, c pageCtx, t *tags.Table) {
	if t.Stream == tags.StreamNone {
		return
	}
	images := map[tags.StreamView]string{
		tags.StreamKeysOnly:  "only the key (`Keys`); `Old` and `New` are nil",
		tags.StreamNewImage:  "`New`, the item after the change (nil on REMOVE); `Old` is nil",
		tags.StreamOldImage:  "`Old`, the item before the change (nil on INSERT); `New` is nil",
		tags.StreamNewAndOld: "`Old` and `New`, the item before and after the change (`Old` nil on INSERT, `New` nil on REMOVE)",
	}[t.Stream]
	fmt.Fprintf(b, "### Stream\n\n`table.Subscribe(ctx, name, args)` (on the `*%s.%sTable` that `%s.New%sTable` returns) runs a function on each batch of the `%s` stream; ", c.infraName, typeName(t), c.infraName, typeName(t), t.Stream)
	fmt.Fprintf(b, "its link grants %s on the stream ARN only. ", codeList(iamactions.Stream()))
	if !t.IsEntityTable() {
		fmt.Fprintf(b, "The handler passes the batch to `%s.%s`, which decodes each record into `%s` (`ddb.Change[%s]`) with %s.\n\n", c.pkg.Name, handleChangesFunc(t), changeTypeName(t), typeName(t), images)
		return
	}
	var methods []string
	for _, e := range t.Entities {
		methods = append(methods, fmt.Sprintf("`%s(ctx, %s)`", entityChangedMethod(e), entityChangeType(e)))
	}
	if t.Stream == tags.StreamKeysOnly {
		images += ", and `Key` holds the entity's key fields"
	}
	fmt.Fprintf(b, "The handler passes the batch and a `%s.%s` to `%s.%s`, which decodes each record as its entity (by the type attribute, or the key's shape) and calls the handler's method for it: %s; each change is a `ddb.Change` of the entity with %s. Records of no entity of the table are skipped.\n\n",
		c.pkg.Name, changeHandlerName(t), c.pkg.Name, handleChangesFunc(t), strings.Join(methods, ", "), images)
}

// keyCell shows a key attribute and its type: "`customer_id` (S)"; "—" for none.
func keyCell(k *tags.Key) string {
	if k == nil {
		return "—"
	}
	return fmt.Sprintf("`%s` (%s)", k.Field.Attr, k.Type)
}

// keyRole is "partition key" or "sort key" when f is one of pk, sk.
func keyRole(pk, sk *tags.Key, f *tags.Field) string {
	switch {
	case pk != nil && pk.Field == f:
		return "partition key"
	case sk != nil && sk.Field == f:
		return "sort key"
	}
	return ""
}

func codeList(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// baseName is a file's base name: the page names the file that declares a
// type, but neither its directory (the checkout's) nor the line, which other
// edits move (the cache's fingerprint leaves positions out).
func baseName(file string) string { return filepath.Base(file) }

// anchor is GitHub's heading anchor: lower case, spaces to '-', punctuation
// other than '-' and '_' dropped.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// attrType is the DynamoDB type a value of t stored with options o gets, as
// the codec (and attributevalue) write it: the codec's own classification
// (codecScalarOf, codecSetOf); ok is false when only run time knows
// (custom marshalers, interfaces).
func attrType(t *tags.Type, o tags.Encoding) (typ string, ok bool) {
	if t.Name == "UnixTime" && t.PkgPath == codecPkgAV {
		return "N", true // attributevalue.UnixTime marshals itself as epoch seconds
	}
	if t.Marshaler || codecNeedsFallback(t) {
		return "custom", false
	}
	if t.Kind == tags.KindPtr {
		return attrType(t.Elem, o)
	}
	switch sc := codecScalarOf(t, o); sc.kind {
	case scalarNone:
	case scalarSkipped:
		return "N", true // uintptr, which attributevalue does not write: the number it holds
	default:
		return sc.member.name, true
	}
	switch t.Kind {
	case tags.KindSlice, tags.KindArray:
		if set := codecSetOf(t, o); set != nil {
			return set.name, true
		}
		return "L", true
	case tags.KindMap, tags.KindStruct:
		return "M", true
	}
	return "custom", false
}

// goTypeString writes a field's Go type as its declaration in package
// pkgPath would, with types of other packages qualified by their package's
// last path element.
func goTypeString(t *tags.Type, pkgPath string) string {
	if t.Name != "" {
		if t.PkgPath == "" || t.PkgPath == pkgPath {
			return t.Name
		}
		return t.PkgPath[strings.LastIndex(t.PkgPath, "/")+1:] + "." + t.Name
	}
	switch t.Kind {
	case tags.KindBool, tags.KindInt, tags.KindUint, tags.KindFloat, tags.KindString:
		return t.Basic
	case tags.KindBytes:
		if t.Elem != nil {
			return "[]" + goTypeString(t.Elem, pkgPath)
		}
		return "[]byte"
	case tags.KindTime:
		return "time.Time"
	case tags.KindPtr:
		return "*" + goTypeString(t.Elem, pkgPath)
	case tags.KindSlice:
		return "[]" + goTypeString(t.Elem, pkgPath)
	case tags.KindArray:
		return fmt.Sprintf("[%d]%s", t.Len, goTypeString(t.Elem, pkgPath))
	case tags.KindMap:
		return "map[" + goTypeString(t.Key, pkgPath) + "]" + goTypeString(t.Elem, pkgPath)
	case tags.KindStruct:
		return "struct{…}"
	case tags.KindInterface:
		return "interface{…}"
	}
	return "?"
}

// Mermaid. Its erDiagram lexer is case-insensitive and matches keywords
// ("one", "to", "many", "end", "class", ...) at any position of an unquoted
// name, and PK, FK and UK as key markers wherever they stand in an entity's
// block, even as the start of "pk-id" (its \b stops at '-'). So entity names
// are always quoted (table and index names hold only [A-Za-z0-9_.-], which a
// quoted name may), and an attribute name is written as is only when it is a
// plain word of [A-Za-z0-9_] that is not a key marker; otherwise its other
// characters become '_' (a leading digit gets an '_' before it, a key-marker
// name one after it) and the comment gives the real name.

// mermaidEntity quotes an entity name.
func mermaidEntity(name string) string { return `"` + name + `"` }

// mermaidLabel quotes a relationship label.
func mermaidLabel(s string) string { return `"` + s + `"` }

// mermaidAttr writes one attribute line of an entity block; key marks it PK
// (a part of the table's or the index's primary key), role is its comment.
func mermaidAttr(b *strings.Builder, f *tags.Field, key bool, role string) {
	typ, _ := attrType(f.Type, f.Enc)
	name, renamed := mermaidAttrName(f.Attr)
	var comment []string
	if role != "" {
		comment = append(comment, role)
	}
	if renamed {
		comment = append(comment, "attribute "+strings.Map(func(r rune) rune {
			// A quote or % ends the comment; a line with "direction TB" is
			// a direction statement to Mermaid, whatever else it holds.
			if r == '"' || r == '%' || unicode.IsSpace(r) || unicode.IsControl(r) {
				return '_'
			}
			return r
		}, f.Attr))
	}
	b.WriteString("    " + typ + " " + name)
	if key {
		b.WriteString(" PK")
	}
	if len(comment) > 0 {
		b.WriteString(` "` + strings.Join(comment, ", ") + `"`)
	}
	b.WriteString("\n")
}

// mermaidAttrName is an attribute name Mermaid reads as one attribute word,
// and whether it differs from the attribute's name.
func mermaidAttrName(attr string) (string, bool) {
	var b strings.Builder
	for i, r := range attr {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '_':
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	switch strings.ToUpper(s) {
	case "PK", "FK", "UK":
		s += "_"
	}
	return s, s != attr
}
