package gen

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// methodSigs renders decls (what the code emitters return for a store) as a
// Go file of package pkg and returns the signature of every method of the
// type recv, in declaration order: "Put(ctx context.Context, v *Order, opts
// ...ddb.WriteOption) error". The page lists writes from these, so a
// signature on the page is the generated one.
func methodSigs(pkg *tags.Package, recv string, decls []Code) []sig {
	f := NewFilePathName(pkg.Path, pkg.Name)
	f.ImportNames(map[string]string{pkgTypes: "types", pkgDDB: "ddb", pkgEvents: "events", pkgKeys: "keys"})
	addDecls(f, decls)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", buf.Bytes(), parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []sig
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		typ := fd.Recv.List[0].Type
		if st, ok := typ.(*ast.StarExpr); ok {
			typ = st.X
		}
		if id, ok := typ.(*ast.Ident); !ok || id.Name != recv {
			continue
		}
		var b strings.Builder
		if err := printer.Fprint(&b, fset, fd.Type); err != nil {
			continue
		}
		out = append(out, sig{name: fd.Name.Name, text: fd.Name.Name + strings.TrimPrefix(b.String(), "func")})
	}
	return out
}

// sig is one method's name and its signature as generated.
type sig struct{ name, text string }

// writeSigs are the signatures of a store's methods that are not reads:
// writes, transactions, migration (the reads have their own table).
func writeSigs(all []sig) []sig {
	var out []sig
	for _, s := range all {
		if isReadMethod(s.name) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// isReadMethod reports whether a store method is one of the reads the
// access-pattern tables list.
func isReadMethod(name string) bool {
	return name == "Get" || name == "BatchGet" || strings.HasPrefix(name, "Query") || strings.HasPrefix(name, "Scan")
}

// writeTable writes the signatures as a table of methods.
func writeTable(b *strings.Builder, sigs []sig) {
	b.WriteString("| method (signature as generated) |\n| --- |\n")
	for _, s := range sigs {
		b.WriteString("| `" + cell(s.text) + "` |\n")
	}
	b.WriteString("\n")
}
