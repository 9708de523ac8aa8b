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
			return nil, fmt.Errorf("types %s and %s would both be generated into %s_stelviogen.go: rename one of them", other, t.Struct.Name, base)
		}
		seen[base] = t.Struct.Name
	}
	// Tables render independently; on two or more cores in parallel. The result
	// is a map keyed by path, so the order of completion does not matter.
	type result struct {
		handler, infra []byte
		err            error
	}
	results := make([]result, len(pkg.Tables))
	owners := structOwners(pkg)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, t := range pkg.Tables {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := &results[i]
			if r.handler, r.err = render(handlerFile(pkg, t, owners[t])); r.err != nil {
				r.err = fmt.Errorf("rendering %s handler code: %w", t.Struct.Name, r.err)
				return
			}
			if r.infra, r.err = render(infraFile(pkg, t, infraName, infraPath)); r.err != nil {
				r.err = fmt.Errorf("rendering %s infra code: %w", t.Struct.Name, r.err)
			}
		}()
	}
	wg.Wait()
	files := map[string][]byte{}
	for i, t := range pkg.Tables {
		if results[i].err != nil {
			return nil, results[i].err
		}
		base := fileBase(t)
		files[filepath.Join(pkg.Dir, base+"_stelviogen.go")] = results[i].handler
		files[filepath.Join(infraDir, base+"_stelviogen.go")] = results[i].infra
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
func handlerFile(pkg *tags.Package, t *tags.Table, owned []*tags.Struct) *jen.File {
	f := newFile(pkg.Name, pkg.Path)
	// Analysis loads the package with this tag set, so it never reads (or
	// compiles) its own output: stale output cannot stop the run that fixes it.
	f.HeaderComment("//go:build !" + tags.AnalysisTag)
	f.ImportNames(map[string]string{pkgTypes: "types", pkgDDB: "ddb", pkgEvents: "events", pkgDynamoDB: "dynamodb"})
	addDecls(f, descriptorDecls(t))
	addDecls(f, codecDecls(pkg, t, owned))
	addDecls(f, storeDecls(t))
	addDecls(f, queryDecls(t))
	addDecls(f, streamDecls(t))
	return f
}
