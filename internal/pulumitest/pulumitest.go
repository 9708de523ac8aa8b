// Package pulumitest runs Pulumi programs under Pulumi's own mocks
// (pulumi.WithMocks) and records every resource they declare, answering with the
// outputs AWS would compute (names, ARNs) so outputs flow between resources as
// in a deployment. No cloud account is used.
package pulumitest

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens of the resources stelviogen's components declare.
const (
	TokRole       = "aws:iam/role:Role"
	TokRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	TokAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	TokFunction   = "aws:lambda/function:Function"
	TokMapping    = "aws:lambda/eventSourceMapping:EventSourceMapping"
	TokTable      = "aws:dynamodb/table:Table"
	TokQueue      = "aws:sqs/queue:Queue"
)

// The stack every test runs in, and the account and region of computed ARNs.
const (
	Project = "app"
	Stack   = "dev"
	Account = "123456789012"
	Region  = "us-east-1"
)

// TableArn is the ARN the mocks give a table with this physical name.
func TableArn(name string) string {
	return "arn:aws:dynamodb:" + Region + ":" + Account + ":table/" + name
}

// StreamArn is the stream ARN the mocks give a table with a stream.
func StreamArn(name string) string { return TableArn(name) + "/stream/2026-11-25T08:00:00.000" }

// Declared is one resource registration seen by the mock engine.
type Declared struct {
	Type, Name, Parent string
	Custom             bool
	Inputs             resource.PropertyMap
	Deps               []string
	// ID is the import ID of a registration (pulumi.Import), or the ID of a read
	// (a resource Get function); "" otherwise.
	ID string
	// Read marks a read of an existing resource (ctx.ReadResource), not a declaration.
	Read bool
	// RetainOnDelete is the registration's pulumi.RetainOnDelete option.
	RetainOnDelete bool
	// Provider is the provider reference the resource is managed or read with
	// ("" for the default provider).
	Provider string
}

// Engine records every registration. It implements pulumi.MockResourceMonitor.
type Engine struct {
	// Existing is the state of resources that exist outside the stack, by ID: a
	// read of one of them returns it (completed as AWS would, e.g. a table's ARN);
	// a read of any other ID fails as a read of a missing resource does.
	Existing map[string]resource.PropertyMap

	mu   sync.Mutex
	regs []Declared
}

// NewResource records a registration and returns its inputs plus computed outputs.
func (m *Engine) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	d := Declared{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs, ID: args.ID, Provider: args.Provider}
	if rpc := args.RegisterRPC; rpc != nil {
		d.Parent = rpc.GetParent()
		d.Deps = append(d.Deps, rpc.GetDependencies()...)
		sort.Strings(d.Deps)
		d.RetainOnDelete = rpc.GetRetainOnDelete()
	}
	if rpc := args.ReadRPC; rpc != nil {
		d.Read = true
		d.Parent = rpc.GetParent()
	}
	m.mu.Lock()
	m.regs = append(m.regs, d)
	m.mu.Unlock()

	state := args.Inputs.Copy()
	if d.Read {
		existing, ok := m.Existing[args.ID]
		if !ok {
			return "", nil, fmt.Errorf("reading %s %q: no resource with ID %q exists", args.TypeToken, args.Name, args.ID)
		}
		state = existing.Copy()
		if args.TypeToken == TokTable {
			state["name"] = resource.NewProperty(args.ID)
		}
	}
	physical := args.Name + "-0a1b2c3"
	switch args.TypeToken {
	case TokRole:
		state["name"] = resource.NewProperty(physical)
		state["arn"] = resource.NewProperty("arn:aws:iam::" + Account + ":role/" + physical)
	case TokFunction:
		state["name"] = resource.NewProperty(physical)
		state["arn"] = resource.NewProperty("arn:aws:lambda:" + Region + ":" + Account + ":function:" + physical)
	case TokMapping:
		state["uuid"] = resource.NewProperty("uuid-" + args.Name)
	case TokQueue:
		state["name"] = resource.NewProperty(physical)
		state["arn"] = resource.NewProperty("arn:aws:sqs:" + Region + ":" + Account + ":" + physical)
	case TokTable:
		name := state["name"].StringValue()
		state["arn"] = resource.NewProperty(TableArn(name))
		stream := ""
		if v, ok := state["streamEnabled"]; ok && v.IsBool() && v.BoolValue() {
			stream = StreamArn(name)
		}
		state["streamArn"] = resource.NewProperty(stream)
	}
	if d.Read {
		return args.ID, state, nil
	}
	return args.Name + "-id", state, nil
}

// Call answers provider function calls with their arguments.
func (m *Engine) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return args.Args, nil
}

// All returns every registration so far, in order.
func (m *Engine) All() []Declared {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Declared(nil), m.regs...)
}

// ByType returns the registrations of one type token, sorted by name
// (registrations arrive concurrently, so their order is not stable).
func (m *Engine) ByType(token string) []Declared {
	var out []Declared
	for _, d := range m.All() {
		if d.Type == token {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// One returns the single resource of a type with a name, failing the test otherwise.
func (m *Engine) One(t testing.TB, token, name string) Declared {
	t.Helper()
	var found []Declared
	for _, d := range m.ByType(token) {
		if d.Name == name {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want exactly one %s named %q, got %d (all: %v)", token, name, len(found), m.Names())
	}
	return found[0]
}

// Names lists every registration as "type name", sorted.
func (m *Engine) Names() []string {
	var out []string
	for _, d := range m.All() {
		out = append(out, d.Type+" "+d.Name)
	}
	sort.Strings(out)
	return out
}

// Str returns a string input, failing when it is missing or not a string.
func Str(t testing.TB, d Declared, key string) string {
	t.Helper()
	v, ok := d.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		t.Fatalf("%s %s: input %q is %v, want a string", d.Type, d.Name, key, v)
	}
	return v.StringValue()
}

// Env returns a Lambda function's environment variables.
func Env(t testing.TB, fn Declared) map[string]string {
	t.Helper()
	out := map[string]string{}
	e, ok := fn.Inputs["environment"]
	if !ok {
		return out
	}
	for k, v := range e.ObjectValue()["variables"].ObjectValue() {
		out[string(k)] = v.StringValue()
	}
	return out
}

// Run runs program under the mocks in stack Project/Stack and returns the
// engine with what it declared; a program error fails the test.
func Run(t testing.TB, program pulumi.RunFunc) *Engine {
	t.Helper()
	eng, err := RunErr(program)
	if err != nil {
		t.Fatalf("pulumi program: %v", err)
	}
	return eng
}

// RunErr runs program under the mocks and returns its error.
func RunErr(program pulumi.RunFunc) (*Engine, error) {
	return (&Engine{}).RunErr(program)
}

// RunErr runs program under the mocks with this engine (and its Existing
// resources) and returns its error.
func (m *Engine) RunErr(program pulumi.RunFunc) (*Engine, error) {
	err := pulumi.RunErr(program, pulumi.WithMocks(Project, Stack, m))
	return m, err
}
