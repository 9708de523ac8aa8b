// Package gen turns a schema model into Go source files with jennifer. It never
// touches go/packages: the model is its only input.
package gen

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"

	"github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// Config says where the infra-side package goes.
type Config struct {
	// InfraDir is the directory of the generated infra-side package (Pulumi),
	// absolute or relative to the model package's directory. Default "infra".
	InfraDir string
	// InfraPkgPath is its import path; default: the model's path joined with InfraDir
	// when InfraDir is relative and inside the package directory.
	InfraPkgPath string
	// NoDocs leaves out the model page (PageFile) and the NoSQL Workbench
	// export (WorkbenchFile), which are otherwise written beside the model.
	NoDocs bool
	// DirectJSON adds to every table struct and entity the DynamoDB-JSON codec
	// (DecodeJSONItem, EncodeJSONItem) that runtime/ddbjson's direct path
	// calls. Off by default: the generated stores do not use it yet, and it
	// costs build time.
	DirectJSON bool
}

// DefaultInfraDir is the infra package's directory when none is given.
const DefaultInfraDir = "infra"

// Generate renders every file for pkg, keyed by absolute path. Nothing is
// written: the caller writes all files only after everything succeeded.
func Generate(pkg *tags.Package, cfg Config) (map[string][]byte, error) {
	infraDir, infraPath, err := resolveInfra(pkg, cfg)
	if err != nil {
		return nil, err
	}
	infraName := filepath.Base(infraDir)
	infraName = strings.Map(func(r rune) rune {
		if r == '-' || r == '.' {
			return '_'
		}
		return r
	}, infraName)
	seen := map[string]string{}
	for _, t := range pkg.Tables {
		base := fileBase(t)
		if other, dup := seen[base]; dup {
			return nil, &NameClashError{t.Struct.Pos, fmt.Sprintf("types %s and %s would both be generated into %s_stelviogen.go: rename one of them", other, t.Struct.Name, base)}
		}
		seen[base] = t.Struct.Name
		for _, e := range t.Entities {
			eb := entityFileBase(e)
			if other, dup := seen[eb]; dup {
				return nil, &NameClashError{e.Pos, fmt.Sprintf("types %s and %s would both be generated into %s_stelviogen.go: rename one of them", other, e.Struct.Name, eb)}
			}
			seen[eb] = e.Struct.Name
		}
		if err := checkIndexIdents(t); err != nil {
			return nil, err
		}
	}
	// Tables render independently; on two or more cores in parallel. The result
	// is a map keyed by path, so the order of completion does not matter.
	type result struct {
		handler, infra           []byte
		handlerNames, infraNames []string // declared names, for checkTopLevelNames
		entities                 [][]byte // an entity table's entity files, in order
		err                      error
	}
	results := make([]result, len(pkg.Tables))
	// A package with entity tables: each entity's struct stands for a table
	// of its own in the codec's and handles' view (see entityPkg).
	epkg := entityPkg(pkg)
	owners := structOwners(epkg)
	hg := newHandleGen(epkg)
	hg.g.json = cfg.DirectJSON
	entOwners := entityOwners(epkg, pkg)
	var wg sync.WaitGroup
	// The model page and the export render beside the tables.
	var docs struct {
		page, workbench []byte
		err             error
	}
	// The page lists the stores' methods with their signatures as the
	// rendered code declares them, so it waits for the tables (tablesWG).
	var tablesWG sync.WaitGroup
	tablesWG.Add(len(pkg.Tables)) // before the docs goroutine can Wait
	if !cfg.NoDocs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			docs.workbench, docs.err = workbench(pkg)
			tablesWG.Wait()
			var code [][]byte
			for i := range results {
				code = append(append(code, results[i].handler), results[i].entities...)
			}
			docs.page = page(pageCtx{pkg: pkg, infraName: infraName, infraPath: infraPath, code: code})
		}()
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, t := range pkg.Tables {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; tablesWG.Done(); wg.Done() }()
			r := &results[i]
			if t.IsEntityTable() {
				r.err = renderEntityTable(&r.entities, hg, pkg, t, entOwners)
				if r.err == nil {
					r.handler, r.err = render(entityTableFile(pkg, t, cfg.DirectJSON))
				}
				if r.err != nil {
					r.err = fmt.Errorf("rendering %s handler code: %w", t.Struct.Name, r.err)
					return
				}
				if r.infra, r.err = render(infraFile(pkg, effectiveTable(t), infraName, infraPath)); r.err != nil {
					r.err = fmt.Errorf("rendering %s infra code: %w", t.Struct.Name, r.err)
					return
				}
			} else if r.handler, r.err = render(handlerFile(hg, pkg, t, owners[t])); r.err != nil {
				r.err = fmt.Errorf("rendering %s handler code: %w", t.Struct.Name, r.err)
				return
			} else if r.infra, r.err = render(infraFile(pkg, t, infraName, infraPath)); r.err != nil {
				r.err = fmt.Errorf("rendering %s infra code: %w", t.Struct.Name, r.err)
				return
			}
			if r.handlerNames, r.err = topLevelNames(r.handler); r.err != nil {
				r.err = fmt.Errorf("parsing the generated code of %s: %w", t.Struct.Name, r.err)
				return
			}
			for _, src := range r.entities {
				names, err := topLevelNames(src)
				if err != nil {
					r.err = fmt.Errorf("parsing the generated code of %s's entities: %w", t.Struct.Name, err)
					return
				}
				r.handlerNames = append(r.handlerNames, names...)
			}
			if r.infraNames, r.err = topLevelNames(r.infra); r.err != nil {
				r.err = fmt.Errorf("parsing the generated infra code of %s: %w", t.Struct.Name, r.err)
			}
		}()
	}
	wg.Wait()
	for i := range pkg.Tables {
		if results[i].err != nil {
			return nil, results[i].err
		}
	}
	handlers, infras := make([][]string, len(pkg.Tables)), make([][]string, len(pkg.Tables))
	for i := range results {
		handlers[i], infras[i] = results[i].handlerNames, results[i].infraNames
	}
	if err := checkTopLevelNames(pkg, handlers, true); err != nil {
		return nil, err
	}
	if err := checkTopLevelNames(pkg, infras, false); err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for i, t := range pkg.Tables {
		base := fileBase(t)
		files[filepath.Join(pkg.Dir, base+"_stelviogen.go")] = results[i].handler
		files[filepath.Join(infraDir, base+"_stelviogen.go")] = results[i].infra
		for j, e := range t.Entities {
			files[filepath.Join(pkg.Dir, entityFileBase(e)+"_stelviogen.go")] = results[i].entities[j]
		}
	}
	if !cfg.NoDocs {
		files[filepath.Join(pkg.Dir, PageFile)] = docs.page
		if docs.err != nil {
			return nil, docs.err
		}
		files[filepath.Join(pkg.Dir, WorkbenchFile)] = docs.workbench
	}
	return files, nil
}

// NameClashError reports two things of the model that would get one Go name
// (or one file) in the generated code; renaming either fixes it. Pos is the
// declaration to rename, when there is one.
type NameClashError struct {
	Pos tags.Pos
	Msg string
}

func (e *NameClashError) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// checkIndexIdents rejects two indexes of t whose names map to one Go
// identifier ("by-status" and "by_status" are both ByStatusIndex).
func checkIndexIdents(t *tags.Table) error {
	seen := map[string]string{}
	for _, ix := range t.Indexes() {
		id := indexIdent(ix)
		if other, dup := seen[id]; dup {
			return &NameClashError{ix.Pos, fmt.Sprintf("indexes %q and %q of table %q would both be named %s in Go: rename one", other, ix.Name, t.Name, id)}
		}
		seen[id] = ix.Name
	}
	return nil
}

// checkTopLevelNames rejects generated files of one package, one per table
// (declared[i], their topLevelNames, for pkg.Tables[i]), that declare a top-level name twice or, when
// modelPkg, the name of a table's own struct type: for example table type
// ThingChange beside type Thing with a stream, whose change type is ThingChange.
// The user's other declarations (pkg.Declared) must not have a generated
// name either: type OrderKey beside table Order, say.
func checkTopLevelNames(pkg *tags.Package, declared [][]string, modelPkg bool) error {
	type owner struct {
		t    *tags.Table
		user bool // the table's struct type, declared by the user
	}
	owners := map[string]owner{}
	if modelPkg {
		for _, t := range pkg.Tables {
			owners[t.Struct.Name] = owner{t, true}
		}
	}
	for i, t := range pkg.Tables {
		for _, name := range declared[i] {
			if pos, user := pkg.Declared[name]; modelPkg && user && !isTableType(pkg, name) {
				return &NameClashError{pos, fmt.Sprintf("%s is also declared by the code generated for table %q (type %s): rename yours", name, t.Name, t.Struct.Name)}
			}
			o, dup := owners[name]
			switch {
			case !dup:
				owners[name] = owner{t, false}
			case o.user:
				return &NameClashError{o.t.Struct.Pos, fmt.Sprintf("type %s of table %q has the name generated for table %q (type %s): rename one", name, o.t.Name, t.Name, t.Struct.Name)}
			case o.t == t:
				return &NameClashError{t.Struct.Pos, fmt.Sprintf("the code generated for table %q (type %s) would declare %s twice: rename a field or index", t.Name, t.Struct.Name, name)}
			default:
				return &NameClashError{t.Struct.Pos, fmt.Sprintf("tables %q (type %s) and %q (type %s) would both declare %s in Go: rename one", o.t.Name, o.t.Struct.Name, t.Name, t.Struct.Name, name)}
			}
		}
	}
	return nil
}

// isTableType reports whether name is a table's struct type, which generated
// code does not declare but adds methods to (checked by name above).
func isTableType(pkg *tags.Package, name string) bool {
	for _, t := range pkg.Tables {
		if t.Struct.Name == name {
			return true
		}
	}
	return false
}

// topLevelNames lists a rendered file's top-level names, methods as
// Type.Method. It reads the gofmt'd text line by line rather than parsing it:
// in gofmt'd Go every top-level declaration starts at column 0 and every spec
// of a grouped declaration at one tab, which is all it relies on (a test checks
// it against go/parser on every golden file).
func topLevelNames(src []byte) ([]string, error) {
	var names []string
	inGroup := false
	for _, line := range strings.Split(string(src), "\n") {
		switch {
		case inGroup:
			if line == ")" {
				inGroup = false
			} else if strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "\t\t") && !strings.HasPrefix(line, "\t//") && !strings.HasPrefix(line, "\t}") && !strings.HasPrefix(line, "\t)") {
				names = append(names, specNames(line[1:])...)
			}
		case strings.HasPrefix(line, "func ("):
			recv, rest, ok := strings.Cut(line[len("func ("):], ") ")
			if !ok {
				return nil, fmt.Errorf("unexpected method line %q", line)
			}
			fields := strings.Fields(recv)
			typ := strings.TrimPrefix(fields[len(fields)-1], "*")
			names = append(names, typ+"."+identPrefix(rest))
		case strings.HasPrefix(line, "func "):
			names = append(names, identPrefix(line[len("func "):]))
		case line == "type (" || line == "var (" || line == "const (":
			inGroup = true
		case strings.HasPrefix(line, "type "), strings.HasPrefix(line, "var "), strings.HasPrefix(line, "const "):
			_, spec, _ := strings.Cut(line, " ")
			names = append(names, specNames(spec)...)
		}
	}
	return names, nil
}

// specNames returns the names a type, var or const spec declares: "A, B = ..." or "T struct {".
func specNames(spec string) []string {
	end := strings.IndexAny(spec, "=[")
	if end < 0 {
		end = len(spec)
	}
	head := spec[:end]
	if comma := strings.Contains(head, ","); !comma {
		if n := identPrefix(head); n != "" && n != "_" {
			return []string{n}
		}
		return nil
	}
	var out []string
	for _, part := range strings.Split(head, ",") {
		if n := identPrefix(strings.TrimSpace(part)); n != "" && n != "_" {
			out = append(out, n)
		}
	}
	return out
}

// identPrefix is the Go identifier at the start of s.
func identPrefix(s string) string {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return s[:i]
		}
	}
	return s
}

func resolveInfra(pkg *tags.Package, cfg Config) (dir, path string, err error) {
	dir = cfg.InfraDir
	if dir == "" {
		dir = DefaultInfraDir
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(pkg.Dir, dir)
	}
	dir = filepath.Clean(dir)
	path = cfg.InfraPkgPath
	if path == "" {
		rel, rerr := filepath.Rel(pkg.Dir, dir)
		if rerr != nil || strings.HasPrefix(rel, "..") || rel == "." {
			return "", "", fmt.Errorf("infra directory %s is not below package %s: pass its import path too (-infra-pkg)", dir, pkg.Dir)
		}
		path = pkg.Path + "/" + filepath.ToSlash(rel)
	}
	if dir == filepath.Clean(pkg.Dir) {
		return "", "", fmt.Errorf("infra directory must differ from the model package's: handler binaries must not link Pulumi")
	}
	return dir, path, nil
}

// fileBase is the predictable file name stem of a table's files: Order -> "order", OrderItem -> "order_item".
func fileBase(t *tags.Table) string {
	var b strings.Builder
	name := t.Struct.Name
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && !(name[i-1] >= 'A' && name[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// newFile starts a generated file with the standard header.
func newFile(pkgName, pkgPath string) *jen.File {
	f := jen.NewFilePathName(pkgPath, pkgName)
	f.HeaderComment(tags.GeneratedHeader)
	return f
}

// render renders a file. jennifer formats it with go/format; render then puts
// the standard library's imports in a group of their own, as goimports does,
// with a text edit rather than a second parse and print (formatting is most of
// the generator's time).
func render(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return groupImports(buf.Bytes()), nil
}

// groupImports splits a sorted import block into standard-library and other
// imports separated by a blank line. Both groups stay sorted, so the result is
// still gofmt-clean.
func groupImports(src []byte) []byte {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src
	}
	bodyStart := start + len("\nimport (\n")
	end := bytes.Index(src[bodyStart:], []byte("\n)\n"))
	if end < 0 {
		return src
	}
	body := src[bodyStart : bodyStart+end]
	var std, other [][]byte
	for _, line := range bytes.Split(body, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if isStdImport(line) {
			std = append(std, line)
		} else {
			other = append(other, line)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return src
	}
	var out bytes.Buffer
	out.Write(src[:bodyStart])
	out.Write(bytes.Join(std, []byte("\n")))
	out.WriteString("\n\n")
	out.Write(bytes.Join(other, []byte("\n")))
	out.Write(src[bodyStart+end:])
	return out.Bytes()
}

// isStdImport reports whether an import line names a standard-library package:
// its path's first element has no dot.
func isStdImport(line []byte) bool {
	q := bytes.IndexByte(line, '"')
	if q < 0 {
		return false
	}
	path := line[q+1:]
	if slash := bytes.IndexByte(path, '/'); slash >= 0 {
		path = path[:slash]
	}
	return !bytes.Contains(path, []byte("."))
}

// handlerFile is the model-package file of one table: descriptor, codec, store
// and queries. It imports aws-sdk-go-v2 and runtime/ddb, never Pulumi.
func handlerFile(hg *handleGen, pkg *tags.Package, t *tags.Table, owned []*tags.Struct) *jen.File {
	f := newFile(pkg.Name, pkg.Path)
	// Analysis loads the package with this tag set, so it never reads (or
	// compiles) its own output: stale output cannot stop the run that fixes it.
	f.HeaderComment("//go:build !" + tags.AnalysisTag)
	f.ImportNames(map[string]string{pkgTypes: "types", pkgDDB: "ddb", pkgDDBJSON: "ddbjson", pkgEvents: "events", pkgDynamoDB: "dynamodb"})
	addDecls(f, descriptorDecls(t))
	addDecls(f, attrsDecls(hg, t))
	addDecls(f, codecDecls(hg, t, owned))
	addDecls(f, storeDecls(t))
	addDecls(f, streamDecls(t))
	return f
}
