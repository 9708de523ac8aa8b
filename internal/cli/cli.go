// Package cli is stelviogen's command line: flags, then load, generate, write.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stelviogen/stelviogen/gen"
	"github.com/stelviogen/stelviogen/internal/cache"
	"github.com/stelviogen/stelviogen/internal/output"
	"github.com/stelviogen/stelviogen/tags"
)

// Run runs stelviogen with args and returns the exit status: 0 on success,
// 1 on bad input or (with -check) stale files, 2 on bad usage.
func Run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stelviogen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	infraDir := fs.String("infra", gen.DefaultInfraDir, "directory of the generated infra (Pulumi) package, relative to the model package")
	infraPkg := fs.String("infra-pkg", "", "import path of the infra package (needed only when -infra is outside the model package)")
	typeList := fs.String("type", "", "comma-separated struct names that are tables (default: every struct with a dynamo:\"pk\" field)")
	buildTags := fs.String("tags", "", "comma-separated build tags used to load the package")
	check := fs.Bool("check", false, "write nothing; exit 1 naming every generated file that is stale, missing or extra, or the table-replacing and item-stranding changes a run would refuse")
	force := fs.Bool("force", false, "render every file even when the model and generator are unchanged since the last run")
	allowReplace := fs.Bool("allow-replace", false, "accept tag changes that make AWS replace a table and lose its items (new key, key type, LSI change, table rename)")
	allowTemplate := fs.Bool("allow-template-change", false, "accept changes to entities' key templates, entity names, type attribute or key separator that strand stored items (migrate the items first)")
	directJSON := fs.Bool("json", false, "also generate each table's and entity's DynamoDB-JSON codec (DecodeJSONItem, EncodeJSONItem) for runtime/ddbjson's direct path")
	docs := fs.Bool("docs", true, "write the model page ("+gen.PageFile+") and the NoSQL Workbench export ("+gen.WorkbenchFile+") beside the models")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: stelviogen [flags] [package dir]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	cwd, _ := os.Getwd()

	pkg, err := tags.Load(dir, tags.LoadOptions{Types: splitComma(*typeList), BuildTags: splitComma(*buildTags)})
	if err != nil {
		var diags tags.Errors
		if errors.As(err, &diags) {
			for _, d := range diags {
				if d.Pos.File != "" {
					d.Pos.File = rel(cwd, d.Pos.File)
				}
				fmt.Fprintln(stderr, d.String())
			}
			fmt.Fprintf(stderr, "stelviogen: %d problem(s); no file written\n", len(diags))
			return 1
		}
		fmt.Fprintf(stderr, "stelviogen: %v\n", err)
		return 1
	}
	for _, w := range pkg.Warnings {
		if w.Pos.File != "" {
			w.Pos.File = rel(cwd, w.Pos.File)
		}
		fmt.Fprintln(stderr, w.String())
	}
	if len(pkg.Tables) == 0 {
		fmt.Fprintf(stderr, "stelviogen: package %s has no tables: mark a struct field dynamo:\"pk\" or name the struct with -type\n", pkg.Path)
		return 1
	}
	cfg := gen.Config{InfraDir: *infraDir, InfraPkgPath: *infraPkg, NoDocs: !*docs, DirectJSON: *directJSON}
	cacheDir, cacheKey := cache.Dir(), cache.Key(gen.Fingerprint(pkg, cfg))
	if !*force && upToDate(cacheDir, cacheKey) {
		return 0 // same model, same generator, files on disk as written: nothing to render
	}
	files, err := gen.Generate(pkg, cfg)
	if err != nil {
		var clash *gen.NameClashError
		if errors.As(err, &clash) && clash.Pos.File != "" {
			p := clash.Pos
			p.File = rel(cwd, p.File)
			fmt.Fprintf(stderr, "%s: %s\nstelviogen: 1 problem(s); no file written\n", p, clash.Msg)
			return 1
		}
		fmt.Fprintf(stderr, "stelviogen: %v\n", err)
		return 1
	}
	// go generate sets GOFILE. It lists a package's files before running the
	// generators, so files of removed tables are retired, not removed, then.
	plan := output.Plan{Files: files, Dirs: ownedDirs(files), Retire: os.Getenv("GOFILE") != ""}
	if *typeList != "" {
		// With -type a run owns only its tables' files: others in the same
		// directories may come from another go:generate line.
		plan.Dirs = nil
	}
	records := recordsOnDisk(files)
	var refused []replacement
	if !*allowReplace {
		refused = replacements(files, records)
	}
	stranding, notes := templateChanges(files, records, pkg, cwd)
	if *allowTemplate {
		stranding = nil
	}
	if *check {
		changes, err := plan.Diff()
		if err != nil {
			fmt.Fprintf(stderr, "stelviogen: %v\n", err)
			return 1
		}
		if len(refused) > 0 || len(stranding) > 0 {
			// go generate would refuse these changes: "run go generate" would
			// not help, so name them and the way forward.
			const stale = "the generated files are stale, and go generate refuses to update them: "
			reportGuarded(stderr, cwd, refused, stranding,
				stale+"these changes make AWS replace the table and delete its items. Migrate the data (or accept losing it), then run stelviogen -allow-replace once; or revert the changes",
				stale+strandAdvice)
			return 1
		}
		for _, c := range changes {
			fmt.Fprintf(stderr, "%s: %s generated file; run go generate\n", rel(cwd, c.Path), c.Kind)
		}
		if len(changes) > 0 {
			return 1
		}
		cache.Save(cacheDir, cacheKey, files)
		return 0
	}
	if len(refused) > 0 || len(stranding) > 0 {
		reportGuarded(stderr, cwd, refused, stranding,
			"these changes make AWS replace the table and delete its items; no file written. Revert them, or pass -allow-replace once the data is migrated or expendable",
			"no file written: "+strandAdvice)
		return 1
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "%s: note: %s\n", n.path, n.change)
	}
	changes, err := plan.Write()
	if err != nil {
		fmt.Fprintf(stderr, "stelviogen: %v\n", err)
		return 1
	}
	for _, c := range changes {
		if c.Kind == "extra" && plan.Retire && strings.HasSuffix(c.Path, ".go") {
			fmt.Fprintf(stderr, "stelviogen: %s: its table is gone; emptied and excluded from builds (go generate still reads it); the next run outside go generate removes it\n", rel(cwd, c.Path))
		}
	}
	cache.Save(cacheDir, cacheKey, files)
	return 0
}

// upToDate reports whether the last run with this key wrote files that are all
// still on disk unchanged, with no other generated file beside them.
func upToDate(cacheDir, key string) bool {
	recorded, ok := cache.Lookup(cacheDir, key)
	if !ok || !cache.Current(recorded) {
		return false
	}
	files := make(map[string][]byte, len(recorded))
	for path := range recorded {
		files[path] = nil
	}
	plan := output.Plan{Files: files, Dirs: ownedDirs(files)}
	extra, err := plan.Extra()
	if err != nil || len(extra) > 0 {
		return false
	}
	// Outside go generate, a run removes the stubs one under it retired.
	if os.Getenv("GOFILE") == "" {
		retired, err := plan.RetiredStubs()
		return err == nil && len(retired) == 0
	}
	return true
}

type replacement struct{ path, change string }

// reportGuarded prints each change the guards refuse (replacements, whose paths
// are made relative to cwd; template changes, whose paths already are), each
// list followed by its advice.
func reportGuarded(stderr io.Writer, cwd string, refused, stranding []replacement, replaceAdvice, strandingAdvice string) {
	if len(refused) > 0 {
		for _, r := range refused {
			fmt.Fprintf(stderr, "%s: %s\n", rel(cwd, r.path), r.change)
		}
		fmt.Fprintf(stderr, "stelviogen: %s\n", replaceAdvice)
	}
	if len(stranding) > 0 {
		for _, r := range stranding {
			fmt.Fprintf(stderr, "%s: %s\n", r.path, r.change)
		}
		fmt.Fprintf(stderr, "stelviogen: %s\n", strandingAdvice)
	}
}

// recordsOnDisk finds the record of each table among every generated file of
// the output directories: table name -> path (so renaming the Go type cannot
// hide a key change).
func recordsOnDisk(files map[string][]byte) map[string]string {
	byTable := map[string]string{} // table name -> path of its current record
	for _, dir := range ownedDirs(files) {
		paths, _ := filepath.Glob(filepath.Join(dir, "*"+output.Suffix))
		for _, path := range paths {
			src, err := os.ReadFile(path)
			if err != nil || !tags.IsGenerated(src) {
				continue
			}
			if table, ok := gen.SchemaTable(src); ok {
				byTable[table] = path
			}
		}
	}
	return byTable
}

// replacements compares each infra file about to be written with the record
// of the same table on disk (recordsOnDisk), or else at the same path (a
// renamed table), and describes the changes that make AWS replace it.
func replacements(files map[string][]byte, byTable map[string]string) []replacement {
	var out []replacement
	eachRecord(files, byTable, func(path, _, _ string, old []byte) {
		for _, c := range gen.ReplacingChanges(old, files[path]) {
			out = append(out, replacement{path, c})
		}
	})
	return out
}

// eachRecord calls fn for each table's generated infra file among files
// that has a record on disk (its own, or the file that held the table before
// a rename): the new file's path, the table, and the old file's path and text.
func eachRecord(files map[string][]byte, byTable map[string]string, fn func(path, table, oldPath string, old []byte)) {
	for _, path := range sortedKeys(files) {
		table, ok := gen.SchemaTable(files[path])
		if !ok {
			continue
		}
		oldPath, found := byTable[table]
		if !found {
			oldPath = path
		}
		old, err := os.ReadFile(oldPath)
		if err != nil || !tags.IsGenerated(old) {
			continue
		}
		fn(path, table, oldPath, old)
	}
}

// strandAdvice ends the list of template changes that strand stored items.
const strandAdvice = "these changes leave stored items under keys or an entity name no store reads. " +
	"Revert them; or run stelviogen -allow-template-change once, deploy, and rewrite the stored items " +
	"to their new keys with a ddb.Migration (README \"Changing a key template\")"

// templateChanges compares each entity table's record on disk (found as
// replacements finds it) with its model: the changes that strand stored items,
// and notes (safe changes after which old items need a rewrite). Each is
// placed at its template or entity in the model, else at the infra file.
func templateChanges(files map[string][]byte, byTable map[string]string, pkg *tags.Package, cwd string) (stranding, notes []replacement) {
	eachRecord(files, byTable, func(_, table, oldPath string, old []byte) {
		var t *tags.Table
		for _, c := range pkg.Tables {
			if c.Name == table {
				t = c
			}
		}
		if t == nil {
			return
		}
		for _, c := range gen.TemplateChanges(old, t) {
			where := rel(cwd, oldPath)
			if c.Pos != (tags.Pos{}) {
				p := c.Pos
				p.File = rel(cwd, p.File)
				where = p.String()
			}
			if c.Strands {
				stranding = append(stranding, replacement{where, c.Msg})
			} else {
				notes = append(notes, replacement{where, c.Msg})
			}
		}
	})
	return stranding, notes
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ownedDirs are the directories the run writes to: the model package and the
// infra package.
func ownedDirs(files map[string][]byte) []string {
	seen := map[string]bool{}
	var dirs []string
	for path := range files {
		d := filepath.Dir(path)
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	return dirs
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func rel(base, path string) string {
	if r, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}
