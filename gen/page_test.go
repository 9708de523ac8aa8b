package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/iamactions"
	"github.com/stelviogen/stelviogen/tags"
)

// goldenDirs are the valid golden cases, whose committed output includes
// the model page and the export (internal/cli's golden test keeps them current).
func goldenDirs(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("../testdata/golden/*/" + PageFile)
	if err != nil || len(dirs) < 8 {
		t.Fatalf("found %d golden model pages (%v), want at least 8", len(dirs), err)
	}
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	return dirs
}

// Every method the page lists is declared, under that name, on the store of
// its table in the generated code beside it, and every method the code
// declares on a store (reads, writes, transactions, migration) is on the page.
func TestPageListsTheGeneratedMethods(t *testing.T) {
	row := regexp.MustCompile("^\\| `([A-Za-z0-9]+)\\(")
	store := regexp.MustCompile("^Methods of `[a-z0-9_]+\\.([A-Za-z0-9_]+Store)`")
	// "Methods of `p.ShopStore` and of `p.ShopReadOnlyStore`": both stores.
	more := regexp.MustCompile("^ and of `[a-z0-9_]+\\.([A-Za-z0-9_]+Store)`")
	sigRow := regexp.MustCompile("^\\| `([A-Za-z0-9]+\\([^`]*)` \\|$")
	decl := regexp.MustCompile(`^func \(s \*([A-Za-z0-9_]+Store)\) ([A-Za-z0-9]+)\(`)
	for _, dir := range goldenDirs(t) {
		page, err := os.ReadFile(filepath.Join(dir, PageFile))
		if err != nil {
			t.Fatal(err)
		}
		onPage := map[string]bool{}
		var current []string
		for _, line := range strings.Split(string(page), "\n") {
			if m := store.FindStringSubmatchIndex(line); m != nil {
				current = []string{line[m[2]:m[3]]}
				if m2 := more.FindStringSubmatch(line[m[1]:]); m2 != nil {
					current = append(current, m2[1])
				}
			}
			if m := row.FindStringSubmatch(line); m != nil {
				for _, st := range current {
					onPage[st+"."+m[1]] = true
				}
			}
		}
		inCode := map[string]bool{}
		var all []byte
		gofiles, _ := filepath.Glob(filepath.Join(dir, "*_stelviogen.go"))
		for _, f := range gofiles {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, src...)
			for _, line := range strings.Split(string(src), "\n") {
				if m := decl.FindStringSubmatch(line); m != nil {
					inCode[m[1]+"."+m[2]] = true
				}
			}
		}
		// A signature row (writes and others) is the declaration as generated.
		for _, line := range strings.Split(string(page), "\n") {
			if m := store.FindStringSubmatch(line); m != nil {
				current = []string{m[1]}
			}
			if m := sigRow.FindStringSubmatch(line); m != nil {
				sig := strings.ReplaceAll(m[1], `\|`, "|")
				if !bytes.Contains(all, []byte("func (s *"+current[0]+") "+sig+" {")) {
					t.Errorf("%s: the page shows %s.%s, which the generated code does not declare so", dir, current[0], sig)
				}
			}
		}
		if len(onPage) == 0 {
			t.Errorf("%s: no access pattern found on the page", dir)
		}
		for m := range onPage {
			if !inCode[m] {
				t.Errorf("%s: the page lists %s, which the generated code does not declare", dir, m)
			}
		}
		for m := range inCode {
			if !onPage[m] {
				t.Errorf("%s: the generated code declares %s, which the page does not list", dir, m)
			}
		}
	}
}

// The links' actions on the page are the lists the policies are built from.
func TestPageLinksShowThePolicyActions(t *testing.T) {
	page, err := os.ReadFile("../testdata/golden/example-orders/" + PageFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| `table.Link()` | " + codeList(iamactions.Table()) + " | " + codeList(iamactions.Index()) + " |",
		"| `table.ReadOnlyLink()` | " + codeList(iamactions.TableReadOnly()) + " | " + codeList(iamactions.Index()) + " |",
		"`table, err := infra.NewOrderTable(ctx, nil)`", "`table.LinkFor(awsinfra.OpGet, ...)`",
		codeList(iamactions.Stream()) + " on the stream ARN only",
		"`STLV_ORDERS_TABLE_NAME`", "`STLV_ORDERS_TABLE_ARN`",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// The calls the page shows are declared by the generated infra code:
	// NewOrderTable(ctx, args) returns *OrderTable, whose methods link.
	src, err := os.ReadFile("../testdata/golden/example-orders/infra/order_stelviogen.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range []string{
		"func NewOrderTable(ctx *pulumi.Context, args *awsinfra.TableArgs, opts ...pulumi.ResourceOption) (*OrderTable, error)",
		"func (t *OrderTable) Link() awsinfra.Link", "func (t *OrderTable) ReadOnlyLink() awsinfra.Link",
		"func (t *OrderTable) LinkFor(", "func (t *OrderTable) Subscribe(",
	} {
		if !bytes.Contains(src, []byte(decl)) {
			t.Errorf("the infra code lacks %q, which the page's calls use", decl)
		}
	}
	if !bytes.Contains(page, []byte("`table.Subscribe(")) {
		t.Errorf("the page lacks the stream's table.Subscribe call")
	}
}

// The generator binary writes the links' actions on the page but must not
// link Pulumi (nor the handler runtime): runtime/iamactions is plain data.
func TestGeneratorDoesNotLinkPulumi(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/stelviogen/stelviogen/cmd/stelviogen").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/pulumi/") || strings.HasPrefix(dep, "github.com/aws/") {
			t.Errorf("cmd/stelviogen links %s", dep)
		}
	}
	if !bytes.Contains(out, []byte("github.com/stelviogen/stelviogen/runtime/iamactions\n")) {
		t.Error("cmd/stelviogen does not use runtime/iamactions: where do the page's actions come from?")
	}
}

func TestMermaidAttrName(t *testing.T) {
	for attr, want := range map[string]string{
		"status": "status", "customer_id": "customer_id", "GSI1PK": "GSI1PK",
		"pk": "pk_", "SK": "SK", "Fk": "Fk_", "uk": "uk_",
		"pk-id": "pk_id", "gsi1-pk": "gsi1_pk", "a.b": "a_b", "1st": "_1st", "é": "_", "a b": "a_b", `q"`: "q_",
	} {
		got, renamed := mermaidAttrName(attr)
		if got != want || renamed != (want != attr) {
			t.Errorf("mermaidAttrName(%q) = %q, %t; want %q, %t", attr, got, renamed, want, want != attr)
		}
	}
}

// A table whose attribute names Mermaid would misread still gives a valid
// diagram: names are rewritten and the comment keeps the real one.
func TestPageDiagramOfAwkwardNames(t *testing.T) {
	str := &tags.Type{Kind: tags.KindString, Basic: "string"}
	field := func(attr string) *tags.Field { return &tags.Field{Path: []string{camel(attr)}, Attr: attr, Type: str} }
	pk, sk, gpk, odd := field("pk"), field("sk"), field("gsi1-pk"), field(`direction TB "one" 100%`)
	tbl := &tags.Table{Name: "one.to-many", Struct: &tags.Struct{Name: "Class", Fields: []*tags.Field{pk, sk, gpk, odd}},
		PK: &tags.Key{Field: pk, Type: tags.AttrS}, SK: &tags.Key{Field: sk, Type: tags.AttrS}}
	tbl.GSIs = []*tags.Index{{Name: "end", Kind: tags.GlobalIndex, PK: &tags.Key{Field: gpk, Type: tags.AttrS}, Projection: tags.Projection{Type: tags.ProjectKeysOnly}}}
	out := page(pageCtx{pkg: &tags.Package{Name: "p", Path: "example.com/p", Tables: []*tags.Table{tbl}}, infraName: "infra", infraPath: "example.com/p/infra"})
	checkMermaid(t, "awkward", out)
	for _, want := range []string{`    S pk_ PK "partition key, attribute pk"`, `    S gsi1_pk PK "partition key, attribute gsi1-pk"`, `"one.to-many" ||--o| "one.to-many/end" : "GSI, KEYS_ONLY"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("diagram lacks %q:\n%s", want, out)
		}
	}
}

// checkMermaid checks every Mermaid block of a page against the parts of
// Mermaid's erDiagram grammar the page uses (erDiagram.jison): quoted entity
// names, attribute lines "type name [PK] ["comment"]" whose words its lexer
// reads as attribute words, not as key markers, and relationships between
// declared entities.
func checkMermaid(t *testing.T, path string, src []byte) {
	t.Helper()
	entity := `"[^"%\r\n\v\x08\\]+"`
	open := regexp.MustCompile(`^  (` + entity + `) \{$`)
	attr := regexp.MustCompile(`^    (S|N|B|BOOL|L|M|SS|NS|BS|custom) ([A-Za-z_][A-Za-z0-9_]*)( PK)?( "[^"%\n]*")?$`)
	rel := regexp.MustCompile(`^  (` + entity + `) \|\|--o[|{] (` + entity + `) : ("[^"%\n]+")$`)
	direction := regexp.MustCompile(`(?i)direction\s+(TB|BT|RL|LR)`)
	sc := bufio.NewScanner(bytes.NewReader(src))
	in, inBlock, blocks := false, false, 0
	declared := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fail := func(why string) { t.Errorf("%s:%d: %s: %q", path, n, why, line) }
		switch {
		case !in && line == "```mermaid":
			in, blocks = true, blocks+1
			if !sc.Scan() || sc.Text() != "erDiagram" {
				t.Errorf("%s:%d: a Mermaid block that is not an erDiagram", path, n)
			}
			n++
		case !in:
		case line == "```":
			in = false
			if inBlock {
				fail("unclosed entity block")
			}
		case direction.MatchString(line):
			fail("Mermaid reads this line as a direction statement")
		case inBlock && line == "  }":
			inBlock = false
		case inBlock:
			m := attr.FindStringSubmatch(line)
			if m == nil {
				fail("not an attribute line Mermaid reads")
			} else if u := strings.ToUpper(m[2]); u == "PK" || u == "FK" || u == "UK" {
				fail("attribute name read as a key marker")
			}
		case open.MatchString(line):
			declared[open.FindStringSubmatch(line)[1]] = true
			inBlock = true
		case rel.MatchString(line):
			m := rel.FindStringSubmatch(line)
			if !declared[m[1]] || !declared[m[2]] {
				fail("relationship of an entity not declared before")
			}
		default:
			fail("not a line of the page's erDiagram")
		}
	}
	if blocks == 0 {
		t.Errorf("%s: no Mermaid block", path)
	}
}

// Every member the export writes exists, with the same JSON type, in NoSQL
// Workbench models published by AWS and exported by the Workbench
// (testdata/workbench: one whole sample, and the structure of version 3.0
// models), for every golden case; and the marker that makes it a generated
// file starts it.
func TestWorkbenchExportHasTheSamplesStructure(t *testing.T) {
	known := map[string]string{}
	var sample any
	raw, err := os.ReadFile("testdata/workbench/AnOnlineShop_facets.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &sample); err != nil {
		t.Fatal(err)
	}
	jsonPaths(".", sample, known)
	if known[".DataModel[].TableFacets[].KeyAttributeAlias.PartitionKeyAlias"] != "string" {
		t.Fatal("the sample model lacks the structure it is kept for")
	}
	structure, err := os.ReadFile("testdata/workbench/structure-v3.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(structure), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		path, typ, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("structure-v3.txt: bad line %q", line)
		}
		if prev, dup := known[path]; dup && prev != typ {
			t.Fatalf("%s is a %s in the sample and a %s in structure-v3.txt", path, prev, typ)
		}
		known[path] = typ
	}
	for _, dir := range goldenDirs(t) {
		src, err := os.ReadFile(filepath.Join(dir, WorkbenchFile))
		if err != nil {
			t.Fatal(err)
		}
		if !tags.IsGeneratedFile(WorkbenchFile, src) {
			t.Errorf("%s: no generated-file marker", dir)
		}
		var got any
		if err := json.Unmarshal(src, &got); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		ours := map[string]string{}
		jsonPaths(".", got, ours)
		for path, typ := range ours {
			if want, ok := known[path]; !ok {
				t.Errorf("%s: the export writes %s, which no sample model has", dir, path)
			} else if want != typ {
				t.Errorf("%s: the export writes %s as a %s; the samples have a %s", dir, path, typ, want)
			}
		}
		m := got.(map[string]any)
		meta := m["ModelMetadata"].(map[string]any)
		if meta["Version"] != "3.0" || meta["AWSService"] != "Amazon DynamoDB" {
			t.Errorf("%s: metadata %v", dir, meta)
		}
	}
}

// jsonPaths records the JSON type of every member path of v; array elements
// are "[]". Members of item data (TableData) are the user's attributes, not
// the format's, and are not descended into.
func jsonPaths(path string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		out[path] = "object"
		if strings.HasSuffix(path, "TableData[]") {
			return
		}
		for k, e := range v {
			p := path + "." + k
			if path == "." {
				p = "." + k
			}
			jsonPaths(p, e, out)
		}
	case []any:
		out[path] = "array"
		for _, e := range v {
			jsonPaths(path+"[]", e, out)
		}
	case string:
		out[path] = "string"
	case float64:
		out[path] = "number"
	case bool:
		out[path] = "bool"
	case nil:
		out[path] = "null"
	default:
		panic(fmt.Sprintf("unexpected %T", v))
	}
}
