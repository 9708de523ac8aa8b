// Package awsinfratest runs Pulumi programs under Pulumi's own mocks
// (pulumi.WithMocks), for tests of a program that uses runtime/awsinfra and the
// generated table components: it records every resource the program declares
// and answers with the outputs AWS would compute (names, ARNs, a table's stream
// ARN, a mapping's UUID), so outputs flow between resources as in a deployment
// and links, policies and subscriptions resolve. No cloud account is used.
//
//	mocks := awsinfratest.Run(t, func(ctx *pulumi.Context) error { return program(ctx) })
//	policy := awsinfratest.Str(t, mocks.One(t, awsinfratest.TokRolePolicy, "api-links"), "policy")
package awsinfratest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens of the resources stelviogen's components declare, and of the
// destinations of a subscription's failures.
const (
	TokRole       = "aws:iam/role:Role"
	TokRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	TokAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	TokFunction   = "aws:lambda/function:Function"
	TokMapping    = "aws:lambda/eventSourceMapping:EventSourceMapping"
	TokTable      = "aws:dynamodb/table:Table"
	TokQueue      = "aws:sqs/queue:Queue"
	TokTopic      = "aws:sns/topic:Topic"
)

// The stack every program runs in (so a generated table's physical name is
// "app-dev-<table>"), and the account and region of computed ARNs.
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

// Resource is one resource registration seen by the mocks.
type Resource struct {
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

// Mocks records every registration and answers it as AWS would. It implements
// pulumi.MockResourceMonitor; the zero value is ready to use.
type Mocks struct {
	// Existing is the state of resources that exist outside the stack, by ID: a
	// read of one of them (dynamodb.GetTable, a generated Get<T>Table) returns it,
	// completed as AWS would (a table's name, ARN and stream ARN); a read of any
	// other ID fails as a read of a missing resource does. See ExistingTable.
	Existing map[string]resource.PropertyMap

	mu   sync.Mutex
	regs []Resource
}

var _ pulumi.MockResourceMonitor = (*Mocks)(nil)

// NewResource records a registration and returns its inputs plus the outputs
// AWS computes: for a role, function, queue or topic its name (the "name"
// input, else the resource name plus "-0a1b2c3", as Pulumi's auto-naming adds
// a suffix) and ARN (and a queue's URL); for a
// table its ARN, and its stream ARN when the stream is enabled (StreamArn); for
// an event source mapping its UUID. Any other AWS resource without an "arn"
// input gets an ARN of the form arn:aws:<module>:<region>:<account>:<type>/<name>.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	d := Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs, ID: args.ID, Provider: args.Provider}
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
	if v, ok := args.Inputs["name"]; ok && v.IsString() && v.StringValue() != "" {
		physical = v.StringValue() // a name set by the program, not generated
	}
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
		state["url"] = resource.NewProperty("https://sqs." + Region + ".amazonaws.com/" + Account + "/" + physical)
	case TokTopic:
		state["name"] = resource.NewProperty(physical)
		state["arn"] = resource.NewProperty("arn:aws:sns:" + Region + ":" + Account + ":" + physical)
	case TokTable:
		name := state["name"].StringValue()
		state["arn"] = resource.NewProperty(TableArn(name))
		stream := ""
		if v, ok := state["streamEnabled"]; ok && v.IsBool() && v.BoolValue() {
			stream = StreamArn(name)
		}
		state["streamArn"] = resource.NewProperty(stream)
	default:
		if _, ok := state["arn"]; !ok && args.Custom && strings.HasPrefix(args.TypeToken, "aws:") {
			state["arn"] = resource.NewProperty(genericArn(args.TypeToken, physical))
		}
	}
	if d.Read {
		return args.ID, state, nil
	}
	return args.Name + "-id", state, nil
}

// genericArn is an ARN for a resource of an AWS type the mocks do not know:
// "aws:s3/bucketV2:BucketV2" named x is arn:aws:s3:<region>:<account>:bucketv2/x.
func genericArn(token, physical string) string {
	module, typ := "", ""
	if p := strings.Split(token, ":"); len(p) == 3 {
		module, _, _ = strings.Cut(p[1], "/")
		typ = strings.ToLower(p[2])
	}
	return "arn:aws:" + module + ":" + Region + ":" + Account + ":" + typ + "/" + physical
}

// ExistingTable is the state AWS describes for a table made outside the stack,
// for Mocks.Existing: its key attributes (sortKey "" for none) and, unless
// streamView is "", its stream (streamView as in AWS: "NEW_AND_OLD_IMAGES",
// ...). The mocks add its name, ARN and stream ARN.
func ExistingTable(partitionKey, sortKey, streamView string) resource.PropertyMap {
	state := resource.PropertyMap{"hashKey": resource.NewProperty(partitionKey)}
	if sortKey != "" {
		state["rangeKey"] = resource.NewProperty(sortKey)
	}
	if streamView != "" {
		state["streamEnabled"] = resource.NewProperty(true)
		state["streamViewType"] = resource.NewProperty(streamView)
	}
	return state
}

// Call answers provider function calls with their arguments.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return args.Args, nil
}

// All returns every registration so far, in order.
func (m *Mocks) All() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Resource(nil), m.regs...)
}

// ByType returns the registrations of one type token, sorted by name
// (registrations arrive concurrently, so their order is not stable).
func (m *Mocks) ByType(token string) []Resource {
	var out []Resource
	for _, d := range m.All() {
		if d.Type == token {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Find returns the resource of a type with a name, and false when there is
// not exactly one.
func (m *Mocks) Find(token, name string) (Resource, bool) {
	var found []Resource
	for _, d := range m.ByType(token) {
		if d.Name == name {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		return Resource{}, false
	}
	return found[0], true
}

// One returns the single resource of a type with a name, failing the test otherwise.
func (m *Mocks) One(t testing.TB, token, name string) Resource {
	t.Helper()
	d, ok := m.Find(token, name)
	if !ok {
		t.Fatalf("want exactly one %s named %q (all: %v)", token, name, m.Names())
	}
	return d
}

// Names lists every registration as "type name", sorted.
func (m *Mocks) Names() []string {
	var out []string
	for _, d := range m.All() {
		out = append(out, d.Type+" "+d.Name)
	}
	sort.Strings(out)
	return out
}

// Str returns a string input, failing when it is missing or not a string.
func Str(t testing.TB, d Resource, key string) string {
	t.Helper()
	v, ok := d.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		t.Fatalf("%s %s: input %q is %v, want a string", d.Type, d.Name, key, v)
	}
	return v.StringValue()
}

// Env returns a Lambda function's environment variables.
func Env(t testing.TB, fn Resource) map[string]string {
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

// Run runs program under new mocks in stack Project/Stack and returns them
// with what it declared; a program error fails the test.
func Run(t testing.TB, program pulumi.RunFunc) *Mocks {
	t.Helper()
	eng, err := RunErr(program)
	if err != nil {
		t.Fatalf("pulumi program: %v", err)
	}
	return eng
}

// RunErr runs program under the mocks and returns its error.
func RunErr(program pulumi.RunFunc) (*Mocks, error) {
	return (&Mocks{}).RunErr(program)
}

// Run runs program under these mocks (and their Existing resources); a program
// error fails the test.
func (m *Mocks) Run(t testing.TB, program pulumi.RunFunc) *Mocks {
	t.Helper()
	if _, err := m.RunErr(program); err != nil {
		t.Fatalf("pulumi program: %v", err)
	}
	return m
}

// RunErr runs program under these mocks (and their Existing resources) and
// returns its error.
func (m *Mocks) RunErr(program pulumi.RunFunc) (*Mocks, error) {
	err := pulumi.RunErr(program, pulumi.WithMocks(Project, Stack, m))
	return m, err
}
