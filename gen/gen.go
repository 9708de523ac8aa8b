// Package gen turns a schema model into Go source files with jennifer. It never
// touches go/packages: the model is its only input.
package gen

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
	"golang.org/x/tools/imports"
)

// Config says where the infra-side package goes.
type Config struct {
	// InfraDir is the directory of the generated infra-side package (Pulumi),
	// absolute or relative to the model package's directory. Default "infra".
	InfraDir string
	// InfraPkgPath is its import path; default: the model's path joined with InfraDir
	// when InfraDir is relative and inside the package directory.
	InfraPkgPath string
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
	files := map[string][]byte{}
	for _, t := range pkg.Tables {
		base := fileBase(t)
		handler, err := render(handlerFile(pkg, t))
		if err != nil {
			return nil, fmt.Errorf("rendering %s handler code: %w", t.Struct.Name, err)
		}
		files[filepath.Join(pkg.Dir, base+"_stelviogen.go")] = handler
		infra, err := render(infraFile(pkg, t, infraName, infraPath))
		if err != nil {
			return nil, fmt.Errorf("rendering %s infra code: %w", t.Struct.Name, err)
		}
		files[filepath.Join(infraDir, base+"_stelviogen.go")] = infra
	}
	return files, nil
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

// render formats a file as gofmt and goimports would (standard library imports
// in their own group); FormatOnly resolves nothing, so it is fast and deterministic.
func render(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return imports.Process("generated.go", buf.Bytes(), &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
}

// handlerFile is the model-package file of one table: descriptor, codec, store
// and queries. It imports aws-sdk-go-v2 and runtime/ddb, never Pulumi.
func handlerFile(pkg *tags.Package, t *tags.Table) *jen.File {
	f := newFile(pkg.Name, pkg.Path)
	addDecls(f, descriptorDecls(t))
	for _, part := range handlerParts {
		addDecls(f, part(pkg, t))
	}
	return f
}

// handlerParts are the further emitters of the handler-side file, in order.
// Each returns declarations for one table.
var handlerParts []func(pkg *tags.Package, t *tags.Table) []jen.Code
