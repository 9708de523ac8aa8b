package main

import (
	"bufio"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/example/shop"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/localdev"
)

// transcriptDoc holds the curl calls TestLocalDevelopmentTranscript replays.
const transcriptDoc = "../../docs/local-development.md"

// docURL is the API's address in the document, scripts/dev.sh's default.
const docURL = "http://127.0.0.1:8080"

// startLocal serves Handler as local.go does (scripts/dev.sh), in this
// process, on a free port, with fresh tables on the local server.
func startLocal(t *testing.T) *localdev.Server {
	t.Helper()
	for _, v := range []string{models.OrderTableNameEnv, models.OrderTableArnEnv, models.UserTableNameEnv, models.UserTableArnEnv} {
		t.Setenv(v, os.Getenv(v)) // restored when the test ends
	}
	s, err := localdev.Start(t.Context(), localdev.App{
		Prefix:   ddblocal.UniqueTableName(t, "example"),
		Tables:   []ddb.TableSchema{models.OrderSchema, models.UserSchema, shop.ShopSchema},
		Routes:   routes,
		Endpoint: ddblocal.Endpoint(t),
		Addr:     "127.0.0.1:0",
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Handler: func(_ context.Context, client *dynamodb.Client) (localdev.HandlerFunc, error) {
			orders, err := models.OpenOrderStore(client)
			if err != nil {
				return nil, err
			}
			shopStore, err := shop.OpenShopStore(client) // STLV_SHOP_TABLE_NAME
			if err != nil {
				return nil, err
			}
			return (&Handler{Orders: orders, Shop: shopStore}).Handle, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Shutdown(context.Background()); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		for _, tb := range s.Tables {
			if err := ddb.DeleteTable(context.Background(), s.Client, tb.Name); err != nil {
				t.Errorf("delete table %s: %v", tb.Name, err)
			}
		}
	})
	return s
}

// TestLocalDevelopmentTranscript replays the curl calls of
// docs/local-development.md against the locally served handler, in order, and
// compares each answer with the document's: status line, headers (Date only
// present) and body, byte for byte.
func TestLocalDevelopmentTranscript(t *testing.T) {
	calls := readTranscript(t, transcriptDoc)
	if len(calls) < 5 {
		t.Fatalf("%s has %d curl calls in console blocks, want the create, list, get, update and query calls at least", transcriptDoc, len(calls))
	}
	s := startLocal(t)
	for _, c := range calls {
		req := c.request(t, s.URL)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.command, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.command, err)
		}
		if got := resp.Proto + " " + resp.Status; got != c.status {
			t.Errorf("%s:\nstatus %q, the document says %q", c.command, got, c.status)
		}
		if string(body) != c.body {
			t.Errorf("%s:\nbody %s\nthe document says %s", c.command, body, c.body)
		}
		got := map[string]string{}
		for k, vs := range resp.Header {
			got[k] = strings.Join(vs, ", ")
		}
		for k, v := range c.headers {
			if k == "Date" {
				if got[k] == "" {
					t.Errorf("%s: no Date header", c.command)
				}
			} else if got[k] != v {
				t.Errorf("%s: header %s is %q, the document says %q", c.command, k, got[k], v)
			}
			delete(got, k)
		}
		if len(got) > 0 {
			t.Errorf("%s: headers the document does not show: %v", c.command, got)
		}
	}
}

// curlCall is one `$ curl` line of a console block and the output under it.
type curlCall struct {
	command string
	method  string
	url     string
	header  http.Header
	data    *string
	status  string            // "HTTP/1.1 201 Created"
	headers map[string]string // as curl -i prints them
	body    string
}

func (c *curlCall) request(t *testing.T, base string) *http.Request {
	t.Helper()
	var body io.Reader
	if c.data != nil {
		body = strings.NewReader(*c.data)
	}
	req, err := http.NewRequest(c.method, base+strings.TrimPrefix(c.url, docURL), body)
	if err != nil {
		t.Fatalf("%s: %v", c.command, err)
	}
	req.Header = c.header.Clone()
	if c.data != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // curl -d's default
	}
	return req
}

// readTranscript returns the curl calls of the document's console blocks.
// Only what it understands may appear: curl with -s, -i, -X, -H and -d, and
// the URL, quoted with single quotes as a shell reads them.
func readTranscript(t *testing.T, path string) []*curlCall {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls []*curlCall
	var cur *curlCall
	var out []string
	finish := func() {
		if cur == nil {
			return
		}
		cur.parseOutput(t, out)
		calls = append(calls, cur)
		cur, out = nil, nil
	}
	inConsole := false
	sc := bufio.NewScanner(f)
	for line := 0; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "```"):
			finish()
			inConsole = !inConsole && text == "```console"
		case !inConsole:
		case strings.HasPrefix(text, "$ curl "):
			finish()
			cur = parseCurl(t, strings.TrimPrefix(text, "$ "))
		case strings.HasPrefix(text, "$ "):
			finish()
		case cur != nil:
			out = append(out, text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return calls
}

func parseCurl(t *testing.T, command string) *curlCall {
	t.Helper()
	words := shellWords(t, command)
	if len(words) == 0 || words[0] != "curl" {
		t.Fatalf("%s: not a curl call", command)
	}
	c := &curlCall{command: command, method: "GET", header: http.Header{}}
	include := false
	for i := 1; i < len(words); i++ {
		w := words[i]
		arg := func() string {
			i++
			if i == len(words) {
				t.Fatalf("%s: %s needs an argument", command, w)
			}
			return words[i]
		}
		switch {
		case w == "-s":
		case w == "-i" || w == "-si" || w == "-is":
			include = true
		case w == "-X":
			c.method = arg()
		case w == "-H":
			k, v, ok := strings.Cut(arg(), ":")
			if !ok {
				t.Fatalf("%s: bad header %q", command, words[i])
			}
			c.header.Add(k, strings.TrimSpace(v))
		case w == "-d":
			d := arg()
			c.data = &d
			if c.method == "GET" {
				c.method = "POST"
			}
		case strings.HasPrefix(w, docURL+"/"):
			c.url = w
		default:
			t.Fatalf("%s: the test does not know %q (add it to parseCurl or write the call differently)", command, w)
		}
	}
	if c.url == "" {
		t.Fatalf("%s: no %s URL", command, docURL)
	}
	if !include {
		t.Fatalf("%s: use curl -si, so the document shows the status and headers", command)
	}
	return c
}

// shellWords splits a command line as a shell does, for words that are plain
// or single-quoted.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case quoted:
			if r == '\'' {
				quoted = false
			} else {
				w.WriteRune(r)
			}
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case strings.ContainsRune("\"\\$`|&;<>()*?", r):
			t.Fatalf("%s: only plain and single-quoted words are understood, not %q", s, r)
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("%s: unterminated quote", s)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// parseOutput reads curl -i's output: the status line, headers, a blank line
// and the body (one line: the API answers JSON without a final newline).
func (c *curlCall) parseOutput(t *testing.T, lines []string) {
	t.Helper()
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "HTTP/1.1 ") {
		t.Fatalf("%s: the output must start with the status line: %q", c.command, lines)
	}
	c.status = lines[0]
	c.headers = map[string]string{}
	i := 1
	for ; i < len(lines) && lines[i] != ""; i++ {
		k, v, ok := strings.Cut(lines[i], ": ")
		if !ok {
			t.Fatalf("%s: bad header line %q", c.command, lines[i])
		}
		c.headers[http.CanonicalHeaderKey(k)] = v
	}
	if i+2 != len(lines) {
		t.Fatalf("%s: want one body line after the headers and a blank line, got %q", c.command, lines[i:])
	}
	c.body = lines[i+1]
	if n, err := strconv.Atoi(c.headers["Content-Length"]); err != nil || n != len(c.body) {
		t.Fatalf("%s: Content-Length %q is not the body's length %d", c.command, c.headers["Content-Length"], len(c.body))
	}
}

// routes, which the local server serves, are exactly the route keys Handle
// switches on: no route is served that Handle answers "no route", none that
// Handle has is unreachable locally.
func TestRoutesAreHandlesCases(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "Handle" || fn.Recv == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok {
				return true
			}
			if sel, ok := sw.Tag.(*ast.SelectorExpr); !ok || sel.Sel.Name != "RouteKey" {
				return true
			}
			for _, s := range sw.Body.List {
				for _, e := range s.(*ast.CaseClause).List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						cases = append(cases, v)
					}
				}
			}
			return false
		})
	}
	if len(cases) == 0 {
		t.Fatal("found no switch on RouteKey in Handle of main.go: the check would prove nothing")
	}
	slices.Sort(cases)
	got := slices.Sorted(slices.Values(routes))
	if !slices.Equal(got, cases) {
		t.Errorf("routes.go has %q\nHandle switches on %q", got, cases)
	}
}

// The localdev build compiles, and only it links runtime/localdev: the
// function built for Lambda stays as it is.
func TestLocalBuild(t *testing.T) {
	if out, err := exec.Command("go", "build", "-tags", "localdev", "-o", filepath.Join(t.TempDir(), "handler"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags localdev: %v\n%s", err, out)
	}
	const pkg = "github.com/stelviogen/stelviogen/runtime/localdev"
	for _, c := range []struct {
		tags string
		want bool
	}{{"lambda.norpc", false}, {"localdev", true}} {
		out, err := exec.Command("go", "list", "-deps", "-tags", c.tags, ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		if got := slices.Contains(strings.Fields(string(out)), pkg); got != c.want {
			t.Errorf("with -tags %s, the handler links %s: %v", c.tags, pkg, got)
		}
	}
}
