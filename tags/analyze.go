package tags

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"
)

// Limits DynamoDB enforces on a table's definition.
const (
	MaxLSIs            = 5
	MaxGSIs            = 20
	MaxIncludeAttrs    = 100
	minNameLen         = 3
	maxNameLen         = 255
	maxKeyNameBytes    = 255       // key, TTL and projected attribute names, UTF-8
	maxAttrNameBytes   = 64 * 1024 // any other attribute name
	tagKeyDynamo       = "dynamo"
	tagKeyGSI          = "gsi"
	tagKeyLSI          = "lsi"
	tagKeyDynamodbav   = "dynamodbav"
	marshalMethod      = "MarshalDynamoDBAttributeValue"
	unmarshalMethod    = "UnmarshalDynamoDBAttributeValue"
	streamOptionValues = "keys-only, new-image, old-image or new-and-old-images"
)

const attributevaluePkg = "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

// settingsUsage shows where table settings go, for messages.
const settingsUsage = "_ struct{} `dynamo:\"table=<name>\"`"

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,255}$`)

// tagSite is where a field's struct tag sits in the source.
type tagSite struct {
	pos token.Pos // position of the tag literal
	raw bool      // a raw (backquoted) literal, so offsets map to columns
}

type analyzer struct {
	fset      *token.FileSet
	pkg       *types.Package
	rep       reporter
	tags      map[token.Pos]tagSite // field name position -> its tag literal
	structs   map[*types.Named]*Struct
	fieldRefs map[*Struct][]fieldRef
	// Single-table design: what table() reads for entity tables, kept out of
	// the model until the table is known to have entities (see single.go).
	extras map[*Table]*tableExtra
	keyPos map[*Key]Pos // where each key's role was given
	// entityTableNames holds the struct names that entities name with in=.
	entityTableNames map[string]bool
	// marshaler/unmarshaler methods are recognised by name and signature, so the
	// analysis needs no import of the attributevalue package.
}

// Analyze builds the schema model of a loaded package.
func Analyze(pkg *packages.Package, dir string, opts LoadOptions) (*Package, error) {
	a := &analyzer{
		fset:    pkg.Fset,
		pkg:     pkg.Types,
		tags:    map[token.Pos]tagSite{},
		structs: map[*types.Named]*Struct{},
		extras:  map[*Table]*tableExtra{},
		keyPos:  map[*Key]Pos{},
	}
	out := &Package{Name: pkg.Name, Path: pkg.PkgPath, Dir: dir, Declared: a.declared()}

	type candidate struct {
		spec  *ast.TypeSpec
		named *types.Named
		doc   *ast.CommentGroup
	}
	var cands []candidate
	files := append([]*ast.File(nil), pkg.Syntax...)
	sort.Slice(files, func(i, j int) bool {
		return a.fset.File(files[i].Pos()).Name() < a.fset.File(files[j].Pos()).Name()
	})
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if st, ok := n.(*ast.StructType); ok {
				for _, fld := range st.Fields.List {
					if fld.Tag == nil {
						continue
					}
					site := tagSite{pos: fld.Tag.Pos(), raw: strings.HasPrefix(fld.Tag.Value, "`")}
					if len(fld.Names) == 0 {
						a.tags[embeddedPos(fld.Type)] = site
					}
					for _, name := range fld.Names {
						a.tags[name.Pos()] = site
					}
				}
			}
			return true
		})
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if _, ok := ts.Type.(*ast.StructType); !ok {
					continue
				}
				obj, _ := pkg.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if obj == nil {
					continue
				}
				named, ok := obj.Type().(*types.Named)
				if !ok {
					continue
				}
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc // type T struct{...}: the comment sits on the declaration
				}
				cands = append(cands, candidate{ts, named, doc})
			}
		}
	}

	a.checkNearMisses(files)

	wanted := map[string]bool{}
	for _, t := range opts.Types {
		wanted[t] = true
	}
	// A struct embedded in another tagged struct of the package is a mixin
	// (shared keys or fields): it is part of the embedding tables, not a table
	// of its own, unless it carries table settings or is named with -type.
	embedded := map[*types.Named]bool{}
	for _, c := range cands {
		if _, tagged := a.scanTags(c.named.Underlying().(*types.Struct), map[*types.Struct]bool{}); tagged {
			markEmbedded(c.named.Underlying().(*types.Struct), embedded, map[*types.Struct]bool{})
		}
	}
	// Entity structs (dynamo:"entity=...,in=<Table>" on a blank field) are
	// not tables. -type naming an entity selects its table; a selected table
	// brings all its entities.
	decls := map[*types.Named]*entityDecl{}
	a.entityTableNames = map[string]bool{}
	for _, c := range cands {
		if d := a.entityDecl(c.named, c.spec); d != nil {
			decls[c.named] = d
			a.entityTableNames[d.in] = true
			if wanted[c.spec.Name.Name] && d.in != "" {
				wanted[d.in] = true
			}
		} else {
			a.checkStrayKeyTags(c.named, nil)
		}
	}
	var entities []*entityDecl
	found := map[string]bool{}
	tableNames := map[string]Pos{}
	envNames := map[string]*Table{}
	tablesByType := map[string]*Table{}
	for _, c := range cands {
		name := c.spec.Name.Name
		if d := decls[c.named]; d != nil {
			if len(wanted) == 0 || wanted[name] || wanted[d.in] {
				found[name] = true
				entities = append(entities, d)
			}
			continue
		}
		if len(wanted) > 0 && !wanted[name] {
			continue
		}
		found[name] = true
		hasPK, tagged := a.scanTags(c.named.Underlying().(*types.Struct), map[*types.Struct]bool{})
		if len(wanted) == 0 && (!tagged || (embedded[c.named] && !hasSettings(c.named.Underlying().(*types.Struct)))) {
			continue
		}
		if c.spec.TypeParams != nil && c.spec.TypeParams.NumFields() > 0 {
			a.rep.errorf(a.pos(c.spec.Name.Pos()), "struct %s is generic: a table must be a plain struct type; declare a non-generic struct", name)
			continue
		}
		a.checkItemMethods(c.named)
		// A table with other problems still takes part in the name checks,
		// so that a run reports every problem at once.
		t, ok := a.table(c.named, c.spec, hasPK)
		t.Doc = strings.TrimSpace(c.doc.Text())
		tablesByType[name] = t
		if prev, dup := tableNames[t.Name]; dup {
			a.rep.errorf(t.Pos, "table name %q is already used by the table at %s: give one of them another table= name", t.Name, short(prev))
			continue
		}
		tableNames[t.Name] = t.Pos
		// Links name environment variables after the table: two tables must not share one.
		if prev, dup := envNames[envStem(t.Name)]; dup {
			a.rep.errorf(t.Pos, "tables %q and %q (at %s) would both be linked as STLV_%s_TABLE_NAME: give one of them another table= name", t.Name, prev.Name, short(prev.Pos), envStem(t.Name))
			continue
		}
		envNames[envStem(t.Name)] = t
		if ok {
			out.Tables = append(out.Tables, t)
		}
	}
	a.entities(entities, tablesByType, decls)
	for _, name := range opts.Types {
		if !found[name] {
			a.rep.errorf(Pos{}, "-type %s: package %s has no struct type named %s", name, pkg.PkgPath, name)
		}
	}
	if len(a.rep.errs) > 0 {
		return nil, a.rep.errs.sorted()
	}
	out.Warnings = a.rep.warns.sorted()
	return out, nil
}

func embeddedPos(e ast.Expr) token.Pos {
	switch x := e.(type) {
	case *ast.StarExpr:
		return embeddedPos(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Pos()
	case *ast.IndexExpr:
		return embeddedPos(x.X)
	case *ast.IndexListExpr:
		return embeddedPos(x.X)
	}
	return e.Pos()
}

// declared lists the package-level names of the loaded files, and the
// methods of their named types as "Type.Method", with their positions.
func (a *analyzer) declared() map[string]Pos {
	out := map[string]Pos{}
	scope := a.pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		out[name] = a.pos(obj.Pos())
		if tn, ok := obj.(*types.TypeName); ok {
			if named, ok := tn.Type().(*types.Named); ok {
				for i := range named.NumMethods() {
					m := named.Method(i)
					out[name+"."+m.Name()] = a.pos(m.Pos())
				}
			}
		}
	}
	return out
}

func (a *analyzer) pos(p token.Pos) Pos {
	if !p.IsValid() {
		return Pos{}
	}
	pp := a.fset.Position(p)
	return Pos{File: pp.Filename, Line: pp.Line, Col: pp.Column}
}

// tagPos is the position of a character inside a field's tag: offset is the
// byte offset inside the tag string. Column arithmetic is exact for raw
// literals; for quoted ones it points at the literal.
func (a *analyzer) tagPos(v *types.Var, offset int) Pos {
	site, ok := a.tags[v.Pos()]
	if !ok {
		return a.pos(v.Pos())
	}
	p := a.pos(site.pos)
	if site.raw {
		p.Col += 1 + offset
	}
	return p
}

// scanTags reports whether the struct declares a pk (directly or in an embedded
// struct, which attributevalue flattens) and whether it carries any of
// stelviogen's tags. Malformed tags are reported later, with the field.
func (a *analyzer) scanTags(st *types.Struct, visiting map[*types.Struct]bool) (hasPK, tagged bool) {
	if visiting[st] {
		return false, false
	}
	visiting[st] = true
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		entries, err := parseStructTag(st.Tag(i))
		if err != nil {
			tagged = tagged || mentionsOurs(st.Tag(i))
			continue
		}
		for _, e := range entries {
			switch e.Key {
			case tagKeyDynamo:
				tagged = true
				for _, opt := range strings.Split(e.Value, ",") {
					if strings.TrimSpace(opt) == "pk" && v.Name() != "_" {
						hasPK = true
					}
				}
			case tagKeyGSI, tagKeyLSI:
				tagged = true
			}
		}
		if v.Embedded() {
			t := v.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if est, ok := t.Underlying().(*types.Struct); ok {
				pk, tg := a.scanTags(est, visiting)
				hasPK, tagged = hasPK || pk, tagged || tg
			}
		}
	}
	return hasPK, tagged
}

// indexBuild accumulates one index's definition across fields.
type indexBuild struct {
	ix      *Index
	pkField *Field
	skField *Field
	project string
	projPos Pos
	projSet bool
	projRaw bool // projPos is exact, so columns inside the value can be computed
	pkPos   Pos
	skPos   Pos
}

// table builds and validates one table. pkTagged says a pk tag exists
// somewhere (perhaps on a field that was refused): then the refusal explains
// the missing key and no second message is needed.
func (a *analyzer) table(named *types.Named, spec *ast.TypeSpec, pkTagged bool) (t *Table, ok bool) {
	before := len(a.rep.errs)
	t = &Table{Pos: a.pos(spec.Name.Pos())}
	ex := &tableExtra{}
	a.extras[t] = ex
	t.Struct = a.structOf(named)
	st := named.Underlying().(*types.Struct)

	byIndex := map[string]*indexBuild{}
	var order []*indexBuild
	var settingsSeen bool
	var pkPos, skPos, ttlPos, verPos Pos
	includeTotal := 0
	_ = includeTotal

	// Table settings ride on a blank field.
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if v.Name() != "_" {
			continue
		}
		entries, err := parseStructTag(st.Tag(i))
		if err != nil {
			a.rep.errorf(a.tagPos(v, 0), "%v", err)
			continue
		}
		for _, e := range entries {
			switch e.Key {
			case tagKeyDynamo:
				if settingsSeen {
					a.rep.errorf(a.tagPos(v, e.Offset), "table settings given twice: keep one blank field with a dynamo tag")
					continue
				}
				settingsSeen = true
				a.tableSettings(t, v, e)
				ex.settings = e
			case tagKeyGSI, tagKeyLSI:
				a.rep.errorf(a.tagPos(v, e.Offset), "a blank field cannot be an index key: put the %s tag on the field that holds the key", e.Key)
			}
		}
	}
	if t.Name == "" {
		t.Name = defaultTableName(named.Obj().Name())
		if !nameRE.MatchString(t.Name) {
			a.rep.errorf(t.Pos, "default table name %q (from type %s) is not 3-255 characters of [A-Za-z0-9_.-]: set one with a blank field %s", t.Name, named.Obj().Name(), settingsUsage)
		}
	}

	attrs := map[string]*Field{} // duplicates were reported when the struct was built
	for _, f := range t.Struct.Fields {
		if _, dup := attrs[f.Attr]; !dup {
			attrs[f.Attr] = f
		}
	}

	// Roles from dynamo, gsi and lsi tags, on every encoded field (promoted ones included).
	pkRejected := false // a pk was given but refused: its error says enough
	for _, fr := range a.fieldRefs[t.Struct] {
		f, v, entries := fr.field, fr.v, fr.entries
		for _, e := range entries {
			switch e.Key {
			case tagKeyDynamo:
				roles := map[string]bool{}
				for _, opt := range splitList(e.Value, ',', e.Offset) {
					role := strings.TrimSpace(opt.Text)
					p := a.tagPos(v, opt.Offset)
					if roles[role] && role != "" {
						a.rep.errorf(p, "role %q given twice on field %s: keep one", role, f.GoName())
						continue
					}
					roles[role] = true
					if conflict := roleConflict(roles, role); conflict != "" {
						a.rep.errorf(p, "field %s cannot be both %s and %s: use separate fields", f.GoName(), roleName(conflict), roleName(role))
						if role == "pk" {
							pkRejected = true
						}
						continue
					}
					switch role {
					case "pk":
						if t.PK != nil {
							a.rep.errorf(p, "second partition key: %s is already the table's dynamo:\"pk\" (declared at %s); a table has exactly one", t.PK.Field.GoName(), short(pkPos))
							continue
						}
						if k := a.key(f, p, "the table's partition key"); k != nil {
							t.PK, pkPos = k, p
						} else {
							pkRejected = true
						}
					case "sk":
						if t.SK != nil {
							a.rep.errorf(p, "second sort key: %s is already the table's dynamo:\"sk\" (declared at %s); a table has at most one", t.SK.Field.GoName(), short(skPos))
							continue
						}
						if k := a.key(f, p, "the table's sort key"); k != nil {
							t.SK, skPos = k, p
							a.checkTextTimeSortKey(k, p, "the table's sort key", true)
						}
					case "ttl":
						if t.TTL != nil {
							a.rep.errorf(p, "second TTL field: %s is already dynamo:\"ttl\" (declared at %s); a table has one TTL attribute", t.TTL.GoName(), short(ttlPos))
							continue
						}
						if a.checkTTL(f, p) {
							t.TTL, ttlPos = f, p
						}
					case "version":
						if t.Version != nil {
							a.rep.errorf(p, "second version field: %s is already dynamo:\"version\" (declared at %s); a table has one version counter", t.Version.GoName(), short(verPos))
							continue
						}
						if a.checkVersion(f, p) {
							t.Version, verPos = f, p
						}
					case "type":
						if ex.typeField != nil {
							a.rep.errorf(p, "second type field: %s is already dynamo:\"type\" (declared at %s); a table has one entity type attribute", ex.typeField.GoName(), short(ex.typeFieldPos))
							continue
						}
						if a.checkTypeField(f, p) {
							ex.typeField, ex.typeFieldPos = f, p
						}
					case "":
						a.rep.errorf(p, "empty option in dynamo tag %q: remove the extra comma", e.Value)
					default:
						if strings.Contains(role, "=") {
							a.rep.errorf(p, "table option %q on field %s: table settings belong on a blank field %s", role, f.GoName(), settingsUsage)
						} else {
							a.rep.errorf(p, "unknown dynamo role %q on field %s: use pk, sk, ttl or version", role, f.GoName())
						}
					}
				}
			case tagKeyGSI, tagKeyLSI:
				kind := GlobalIndex
				if e.Key == tagKeyLSI {
					kind = LocalIndex
				}
				for _, entry := range splitList(e.Value, ';', e.Offset) {
					spec, ok := a.indexSpec(v, kind, entry)
					if !ok {
						continue
					}
					b := byIndex[spec.Name]
					namePos := a.tagPos(v, spec.NameOff)
					if b == nil {
						b = &indexBuild{ix: &Index{Pos: namePos, Name: spec.Name, Kind: kind}}
						byIndex[spec.Name] = b
						order = append(order, b)
						if !nameRE.MatchString(spec.Name) {
							a.rep.errorf(namePos, "index name %s must be 3-255 characters of letters, digits, '_', '-' and '.'", shownName(spec.Name))
						}
					} else if b.ix.Kind != kind {
						a.rep.errorf(namePos, "index name %q is used by a %s and a %s (at %s): index names must be unique within a table", spec.Name, kind, b.ix.Kind, short(b.ix.Pos))
						continue
					}
					rolePos := a.tagPos(v, spec.RoleOff)
					role := spec.Role
					if kind == LocalIndex {
						role = "sk"
					}
					switch role {
					case "pk":
						if b.pkField != nil {
							a.rep.errorf(rolePos, "index %q has two partition keys: %s and %s; an index has exactly one", spec.Name, b.pkField.GoName(), f.GoName())
							continue
						}
						b.pkField, b.pkPos = f, rolePos
						if k := a.key(f, rolePos, "partition key of index "+quote(spec.Name)); k != nil {
							b.ix.PK = k
						}
					case "sk":
						if b.skField != nil {
							a.rep.errorf(rolePos, "index %q has two sort keys: %s and %s; an index has at most one", spec.Name, b.skField.GoName(), f.GoName())
							continue
						}
						b.skField, b.skPos = f, rolePos
						if k := a.key(f, rolePos, "sort key of index "+quote(spec.Name)); k != nil {
							b.ix.SK = k
							a.checkTextTimeSortKey(k, rolePos, "sort key of index "+quote(spec.Name), kind == LocalIndex)
						}
					}
					if spec.HasProject {
						pp := a.tagPos(v, spec.ProjectOff)
						if b.projSet && b.project != spec.Project {
							a.rep.errorf(pp, "index %q has two projections (%q and %q at %s): give project= once", spec.Name, spec.Project, b.project, short(b.projPos))
							continue
						}
						b.project, b.projPos, b.projSet = spec.Project, pp, true
						b.projRaw = a.tags[v.Pos()].raw
					}
				}
			}
		}
	}

	if t.PK == nil {
		if !pkRejected && !pkTagged {
			a.rep.errorf(t.Pos, "struct %s has dynamo, gsi or lsi tags but no partition key: mark one field dynamo:\"pk\"", named.Obj().Name())
		}
		return t, false
	}

	// Finish the indexes.
	for _, b := range order {
		ix := b.ix
		switch ix.Kind {
		case LocalIndex:
			if t.SK == nil {
				a.rep.errorf(ix.Pos, "local index %q needs a table sort key: an LSI shares the table's partition key and only makes sense when the table has dynamo:\"sk\"; add one or make it a gsi", ix.Name)
				continue
			}
			ix.PK = t.PK
			if b.skField == t.PK.Field {
				a.rep.errorf(b.skPos, "local index %q uses the table's partition key %s as its sort key: choose another field", ix.Name, b.skField.GoName())
			}
			t.LSIs = append(t.LSIs, ix)
		case GlobalIndex:
			if b.pkField == nil {
				a.rep.errorf(ix.Pos, "global index %q has a sort key but no partition key: mark a field gsi:\"%s,pk\"", ix.Name, ix.Name)
				continue
			}
			if b.skField == b.pkField {
				a.rep.errorf(b.skPos, "global index %q uses %s as both partition and sort key: use two fields", ix.Name, b.pkField.GoName())
				continue
			}
			t.GSIs = append(t.GSIs, ix)
		}
		ix.Projection = a.projection(t, ix, b, attrs)
		if ix.Projection.Type == ProjectInclude {
			includeTotal += len(ix.Projection.NonKey)
		}
	}
	if len(t.LSIs) > MaxLSIs {
		a.rep.errorf(t.LSIs[MaxLSIs].Pos, "table %q has %d local indexes; DynamoDB allows at most %d: remove some or make them global", t.Name, len(t.LSIs), MaxLSIs)
	}
	if len(t.GSIs) > MaxGSIs {
		a.rep.errorf(t.GSIs[MaxGSIs].Pos, "table %q has %d global indexes; DynamoDB allows at most %d: remove some", t.Name, len(t.GSIs), MaxGSIs)
	}
	if includeTotal > MaxIncludeAttrs {
		a.rep.errorf(t.Pos, "table %q projects %d non-key attributes across its indexes; DynamoDB allows at most %d (an attribute projected into two indexes counts twice): use project=all or fewer attributes", t.Name, includeTotal, MaxIncludeAttrs)
	}
	ex.ttlPos, ex.verPos = ttlPos, verPos
	if t.TTL != nil && (t.TTL == t.PK.Field || (t.SK != nil && t.TTL == t.SK.Field)) {
		a.rep.errorf(ttlPos, "TTL field %s is also a table key: DynamoDB would delete items by their key; use a separate field", t.TTL.GoName())
	}
	if t.Version != nil {
		for _, k := range t.KeyFields() {
			if k == t.Version {
				a.rep.errorf(verPos, "version field %s is also a key: a key cannot change on update; use a separate field", t.Version.GoName())
				break
			}
		}
	}
	return t, len(a.rep.errs) == before
}

func quote(s string) string { return `"` + s + `"` }

// roleConflict returns a role already given on the same field that cannot go
// with role, or "".
func roleConflict(given map[string]bool, role string) string {
	pairs := map[string][]string{
		"pk": {"sk", "ttl", "version", "type"}, "sk": {"pk", "ttl", "version", "type"},
		"ttl": {"pk", "sk", "version", "type"}, "version": {"pk", "sk", "ttl", "type"},
		"type": {"pk", "sk", "ttl", "version"},
	}
	for _, other := range pairs[role] {
		if given[other] {
			return other
		}
	}
	return ""
}

func roleName(role string) string {
	return map[string]string{"pk": "the partition key", "sk": "the sort key", "ttl": "the TTL attribute", "version": "the version counter", "type": "the entity type attribute"}[role]
}

// envStem is the link variables' stem of a table name: upper case,
// non-alphanumerics as '_' (runtime/ddb.EnvName's rule).
func envStem(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// markEmbedded records every named struct embedded, at any depth, in st.
func markEmbedded(st *types.Struct, out map[*types.Named]bool, visiting map[*types.Struct]bool) {
	if visiting[st] {
		return
	}
	visiting[st] = true
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if !v.Embedded() {
			continue
		}
		t := v.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			out[n] = true
		}
		if est, ok := t.Underlying().(*types.Struct); ok {
			markEmbedded(est, out, visiting)
		}
	}
}

// hasSettings reports whether a struct declares table settings on a blank field.
func hasSettings(st *types.Struct) bool {
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() != "_" {
			continue
		}
		if entries, err := parseStructTag(st.Tag(i)); err == nil {
			if _, ok := lookupTag(entries, tagKeyDynamo); ok {
				return true
			}
		}
	}
	return false
}

// short renders a position inside a message: file base name, line and column
// (all of a package's files share one directory).
func short(p Pos) string {
	p.File = filepath.Base(p.File)
	return p.String()
}

// tableSettings parses the blank field's dynamo tag: table=<name>, stream=<view>.
func (a *analyzer) tableSettings(t *Table, v *types.Var, e tagEntry) {
	seen := map[string]bool{}
	for _, opt := range splitList(e.Value, ',', e.Offset) {
		p := a.tagPos(v, opt.Offset)
		key, val, hasVal := strings.Cut(strings.TrimSpace(opt.Text), "=")
		if seen[key] && key != "" {
			a.rep.errorf(p, "table option %q given twice: keep one", key)
			continue
		}
		seen[key] = true
		switch key {
		case "table":
			t.Name = val // also when refused: the default name does not apply
			if !nameRE.MatchString(val) {
				a.rep.errorf(p, "table name %s must be 3-255 characters of letters, digits, '_', '-' and '.'", shownName(val))
				continue
			}
		case "stream":
			// Stelvio-style kebab case, or AWS's own names (NEW_AND_OLD_IMAGES).
			view, ok := map[string]StreamView{
				"keys-only": StreamKeysOnly, "new-image": StreamNewImage,
				"old-image": StreamOldImage, "new-and-old-images": StreamNewAndOld,
			}[strings.ReplaceAll(strings.ToLower(val), "_", "-")]
			if !ok {
				a.rep.errorf(p, "unknown stream view %q: use %s", val, streamOptionValues)
				continue
			}
			t.Stream = view
		case "type", "sep":
			a.entityTableOption(t, key, val, hasVal, p)
		case "pk", "sk", "ttl", "version":
			a.rep.errorf(p, "role %q on a blank field: put dynamo:\"%s\" on the field that holds the value", key, key)
		case "":
			a.rep.errorf(p, "empty option in table tag %q: remove the extra comma", e.Value)
		default:
			_ = hasVal
			a.rep.errorf(p, "unknown table option %q: use table=<name> or stream=<view> (view: %s)", key, streamOptionValues)
		}
	}
}

// indexSpec parses one gsi/lsi entry: "name,pk,project=all".
func (a *analyzer) indexSpec(v *types.Var, kind IndexKind, entry option) (indexSpec, bool) {
	parts := splitList(entry.Text, ',', entry.Offset)
	s := indexSpec{Name: strings.TrimSpace(parts[0].Text), NameOff: parts[0].Offset}
	if s.Name == "" {
		a.rep.errorf(a.tagPos(v, entry.Offset), "%s tag entry %q has no index name: write %s", kind, entry.Text, indexUsage(kind))
		return s, false
	}
	ok := true
	for _, p := range parts[1:] {
		text := strings.TrimSpace(p.Text)
		pos := a.tagPos(v, p.Offset)
		switch {
		case text == "pk" || text == "sk":
			if kind == LocalIndex {
				if text == "pk" {
					a.rep.errorf(pos, "local index %q cannot set a partition key: an LSI always uses the table's; this field becomes its sort key, so drop \"pk\"", s.Name)
					ok = false
				}
				continue
			}
			if s.Role != "" {
				a.rep.errorf(pos, "index %q entry gives two roles (%s and %s): separate entries with ';'", s.Name, s.Role, text)
				ok = false
				continue
			}
			s.Role, s.RoleOff = text, p.Offset
		case strings.HasPrefix(text, "project="):
			if s.HasProject {
				a.rep.errorf(pos, "index %q entry gives project= twice: keep one", s.Name)
				ok = false
				continue
			}
			s.Project, s.HasProject, s.ProjectOff = strings.TrimPrefix(text, "project="), true, p.Offset
		case text == "":
			a.rep.errorf(pos, "empty option in %s tag entry %q: remove the extra comma", kind, entry.Text)
			ok = false
		default:
			a.rep.errorf(pos, "unknown %s option %q for index %q: write %s", kind, text, s.Name, indexUsage(kind))
			ok = false
		}
	}
	if kind == GlobalIndex && s.Role == "" && ok {
		a.rep.errorf(a.tagPos(v, entry.Offset), "gsi entry %q has no role: write %s", entry.Text, indexUsage(kind))
		return s, false
	}
	if s.Role == "" {
		s.RoleOff = s.NameOff
	}
	return s, ok
}

func indexUsage(kind IndexKind) string {
	if kind == LocalIndex {
		return `lsi:"<index>[,project=keys|all|a|b]"`
	}
	return `gsi:"<index>,pk[,project=keys|all|a|b]" or gsi:"<index>,sk"`
}

// projection resolves an index's project= value.
func (a *analyzer) projection(t *Table, ix *Index, b *indexBuild, attrs map[string]*Field) Projection {
	if b.projSet && strings.TrimSpace(b.project) == "" {
		a.rep.errorf(b.projPos, "index %q has an empty project= : write project=keys, project=all or attribute names joined by '|'", ix.Name)
		return Projection{Type: ProjectKeysOnly}
	}
	// The keywords are accepted in any case and in AWS's spelling too.
	switch strings.ToLower(b.project) {
	case "", "keys", "keys-only", "keys_only":
		return Projection{Type: ProjectKeysOnly}
	case "all":
		return Projection{Type: ProjectAll}
	}
	keyAttrs := map[string]bool{t.PK.Field.Attr: true}
	for _, k := range []*Key{t.SK, ix.PK, ix.SK} {
		if k != nil {
			keyAttrs[k.Field.Attr] = true
		}
	}
	var names []string
	seen := map[string]bool{}
	for _, part := range splitList(b.project, '|', 0) {
		name := strings.TrimSpace(part.Text)
		pos := b.projPos
		if b.projRaw {
			pos.Col += len("project=") + part.Offset // at the name itself
		}
		switch {
		case name == "":
			a.rep.errorf(pos, "index %q projection %q has an empty attribute name: separate names with a single '|'", ix.Name, b.project)
		case attrs[name] == nil && a.entityTableNames[t.Struct.Name]:
			// An entity table's items hold its entities' attributes: checked
			// once they are known (checkEntityProjections).
			seen[name] = true
			names = append(names, name)
			a.extras[t].projected = append(a.extras[t].projected, projectedAttr{ix, name, pos})
		case attrs[name] == nil:
			hint := ""
			for attr, f := range attrs {
				if f.GoName() == name {
					hint = fmt.Sprintf(" (%s is the Go field; its attribute is %q)", name, attr)
				}
			}
			a.rep.errorf(pos, "index %q projects attribute %q, which table %q does not have%s: use one of %s", ix.Name, name, t.Name, hint, strings.Join(sortedKeys(attrs), ", "))
		case seen[name]:
			a.rep.errorf(pos, "index %q projects attribute %q twice: list it once", ix.Name, name)
		case len(name) > maxKeyNameBytes && !keyAttrs[name]:
			a.rep.errorf(pos, "index %q projects an attribute whose name is %d bytes: DynamoDB allows at most %d in a projection; rename it with dynamodbav:\"<name>\" or use project=all", ix.Name, len(name), maxKeyNameBytes)
		default:
			seen[name] = true
			if !keyAttrs[name] {
				// Key attributes are always projected; DynamoDB rejects them in NonKeyAttributes.
				names = append(names, name)
			}
		}
	}
	if len(names) == 0 {
		return Projection{Type: ProjectKeysOnly}
	}
	return Projection{Type: ProjectInclude, NonKey: names}
}

// key checks that a field can be a key attribute and returns its DynamoDB type.
func (a *analyzer) key(f *Field, p Pos, what string) *Key {
	t := f.Type
	name := f.GoName()
	if t.Kind == KindPtr {
		a.rep.errorf(p, "%s %s is a pointer (%s): a key always has a value; use the pointed-to type", what, name, t.goString())
		return nil
	}
	if f.Enc.StringSet || f.Enc.NumberSet || f.Enc.BinarySet {
		a.rep.errorf(p, "%s %s is encoded as a set: a key must be a single string, number or binary value; drop the set option", what, name)
		return nil
	}
	if t.PkgPath == attributevaluePkg && t.Name == "Number" {
		a.rep.errorf(p, "%s %s has type attributevalue.Number, which is stored as N but typed as a string: use an integer or float type for a numeric key, or string for S", what, name)
		return nil
	}
	if t.Marshaler {
		a.rep.errorf(p, "%s %s has a custom MarshalDynamoDBAttributeValue: its attribute type is unknown until run time; use a string, number or []byte field", what, name)
		return nil
	}
	if len(f.Attr) > maxKeyNameBytes {
		a.rep.errorf(p, "%s %s has an attribute name of %d bytes: DynamoDB allows at most %d for a key attribute; give it a shorter name with dynamodbav:\"<name>\"", what, name, len(f.Attr), maxKeyNameBytes)
		return nil
	}
	var at AttrType
	switch t.Kind {
	case KindString:
		at = AttrS
	case KindInt, KindUint, KindFloat:
		at = AttrN
		if f.Enc.AsString {
			at = AttrS
		}
	case KindBytes:
		at = AttrB
	case KindTime:
		at = AttrS
		if f.Enc.UnixTime {
			at = AttrN
		}
	default:
		a.rep.errorf(p, "%s %s has type %s: key attributes must be strings (S), numbers (N) or []byte (B)", what, name, t.goString())
		return nil
	}
	k := &Key{Field: f, Type: at}
	a.keyPos[k] = p
	return k
}

// checkTextTimeSortKey warns about a time.Time sort key stored as RFC 3339
// text: legal, but the text does not sort as time (zone offsets, trailing
// fraction digits trimmed), so its queries get Eq only (gen's rangeOrdered).
// fixed says the key is fixed at table creation (table or LSI key).
func (a *analyzer) checkTextTimeSortKey(k *Key, p Pos, what string, fixed bool) {
	if k.Type != AttrS || k.Field.Type.Kind != KindTime {
		return
	}
	tag := k.Field.Attr
	for _, o := range []struct {
		on   bool
		name string
	}{{k.Field.Enc.OmitEmpty, "omitempty"}, {k.Field.Enc.NullEmpty, "nullempty"}} {
		if o.on {
			tag += "," + o.name
		}
	}
	note := ""
	if fixed {
		note = " (on an existing table, changing this key's type replaces the table: see -allow-replace)"
	}
	a.rep.warnf(p, "%s (field %s) is a time stored as RFC 3339 text, which does not sort as time (zone offsets, trimmed fraction digits): its queries get Eq only, no Lt, Gt or Between; for time ranges store unix seconds with dynamodbav:\"%s,unixtime\"%s", what, k.Field.GoName(), tag, note)
}

func (a *analyzer) checkTTL(f *Field, p Pos) bool {
	t := f.Type
	if t.Kind == KindPtr {
		t = t.Elem
	}
	ok := (t.Kind == KindInt || t.Kind == KindUint) && !t.Marshaler && !f.Enc.AsString
	ok = ok || (t.Kind == KindTime && f.Enc.UnixTime)
	// attributevalue.UnixTime encodes itself as a number of unix seconds.
	ok = ok || (t.PkgPath == attributevaluePkg && t.Name == "UnixTime")
	if !ok {
		hint := "use an integer of unix seconds (int64) or time.Time with dynamodbav:\",unixtime\""
		if t.Kind == KindTime {
			hint = "add the unixtime option: dynamodbav:\"" + f.Attr + ",unixtime\""
		}
		a.rep.errorf(p, "TTL field %s has type %s, which does not encode as a number of unix seconds: %s", f.GoName(), f.Type.goString(), hint)
	}
	if len(f.Attr) > maxKeyNameBytes {
		a.rep.errorf(p, "TTL field %s has an attribute name of %d bytes: DynamoDB allows at most %d for the TTL attribute; give it a shorter name with dynamodbav:\"<name>\"", f.GoName(), len(f.Attr), maxKeyNameBytes)
		ok = false
	}
	return ok
}

func (a *analyzer) checkVersion(f *Field, p Pos) bool {
	t := f.Type
	switch {
	case t.Kind != KindInt && t.Kind != KindUint || t.Marshaler:
		a.rep.errorf(p, "version field %s has type %s: the optimistic-locking counter must be an integer (int64), not a pointer", f.GoName(), f.Type.goString())
	case f.Enc.AsString:
		a.rep.errorf(p, "version field %s has the string option: the optimistic-locking counter must be stored as a number; drop \"string\" from its dynamodbav tag", f.GoName())
	case f.Enc.OmitEmpty:
		a.rep.errorf(p, "version field %s has the omitempty option: version 0 must be stored too (it marks a new item); drop \"omitempty\" from its dynamodbav tag", f.GoName())
	default:
		return true
	}
	return false
}

// shownName quotes a name for a message, cut short when it is long.
func shownName(s string) string {
	if len(s) <= 64 {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%q... (%d characters)", s[:32], len(s))
}

// defaultTableName derives a table name from a type name: OrderItem -> order-item.
func defaultTableName(typeName string) string {
	var b strings.Builder
	rs := []rune(typeName)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
