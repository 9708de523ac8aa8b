package awsinfra

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionType is the Pulumi type token of the Function component.
const FunctionType = "stelviogen:aws:Function"

// Lambda settings of every Function: a Go binary named bootstrap on the OS-only runtime.
const (
	FunctionRuntime = "provided.al2023"
	FunctionHandler = "bootstrap"
)

// FunctionArgs configures a Function. Handler or Code is required.
type FunctionArgs struct {
	// Handler is the Go main package to build: a directory, or a package path resolved from
	// the current directory (the Pulumi program's).
	Handler string
	// Code is a prebuilt deployment package used instead of building Handler.
	Code pulumi.Archive
	// Architecture defaults to ArchARM64.
	Architecture Architecture
	// MemorySize in MB (128-10240); 0 leaves Lambda's default.
	MemorySize int
	// Timeout in seconds (1-900); 0 leaves Lambda's default.
	Timeout int
	// Environment is added after the links' variables and wins over them.
	Environment map[string]pulumi.StringInput
	// Links grant permissions and set environment variables.
	Links []Link
	// Customize may change the raw Lambda arguments last, before the function is declared.
	Customize func(*lambda.FunctionArgs)
}

// Function is a Go Lambda function with its own role: the basic execution policy and one
// inline policy built from its links.
type Function struct {
	pulumi.ResourceState

	Function       *lambda.Function
	Role           *iam.Role
	BasicExecution *iam.RolePolicyAttachment
	// Policy is the inline policy from the links; nil when the links grant nothing.
	Policy *iam.RolePolicy

	Name pulumi.StringOutput
	Arn  pulumi.StringOutput
}

var envVarName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// NewFunction declares a Function. Child resources are named after name: the Lambda function
// name, its role name+"-role", the attachment name+"-basic-execution", the inline policy
// name+"-links".
func NewFunction(ctx *pulumi.Context, name string, args FunctionArgs, opts ...pulumi.ResourceOption) (*Function, error) {
	env, err := functionEnvironment(args)
	if err != nil {
		return nil, fmt.Errorf("function %s: %w", name, err)
	}
	policy, hasPolicy, err := linkPolicy(args.Links)
	if err != nil {
		return nil, fmt.Errorf("function %s: %w", name, err)
	}
	arch := args.Architecture
	if arch == "" {
		arch = ArchARM64
	}
	if _, err := arch.goarch(); err != nil {
		return nil, fmt.Errorf("function %s: %w", name, err)
	}
	if args.MemorySize != 0 && (args.MemorySize < 128 || args.MemorySize > 10240) {
		return nil, fmt.Errorf("function %s: memory size %d MB is outside Lambda's 128-10240", name, args.MemorySize)
	}
	if args.Timeout != 0 && (args.Timeout < 1 || args.Timeout > 900) {
		return nil, fmt.Errorf("function %s: timeout %ds is outside Lambda's 1-900", name, args.Timeout)
	}
	code, err := functionCode(ctx, args, arch)
	if err != nil {
		return nil, fmt.Errorf("function %s: %w", name, err)
	}

	f := &Function{}
	if err := ctx.RegisterComponentResource(FunctionType, name, f, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(f)

	f.Role, err = iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(lambdaTrustPolicy),
	}, parent)
	if err != nil {
		return nil, err
	}
	// The managed policy's partition follows the role's (aws, aws-cn, aws-us-gov).
	basicArn := f.Role.Arn.ApplyT(func(roleArn string) (string, error) {
		parts := strings.SplitN(roleArn, ":", 3)
		if len(parts) < 3 || parts[0] != "arn" || parts[1] == "" {
			return "", fmt.Errorf("function %s: role ARN %q has no partition", name, roleArn)
		}
		return "arn:" + parts[1] + ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", nil
	}).(pulumi.StringOutput)
	f.BasicExecution, err = iam.NewRolePolicyAttachment(ctx, name+"-basic-execution", &iam.RolePolicyAttachmentArgs{
		Role:      f.Role.Name,
		PolicyArn: basicArn,
	}, parent)
	if err != nil {
		return nil, err
	}
	// The function waits for its permissions, so its first invocation (or an event source
	// mapping's validation) never sees a role without them.
	deps := []pulumi.Resource{f.BasicExecution}
	if hasPolicy {
		f.Policy, err = iam.NewRolePolicy(ctx, name+"-links", &iam.RolePolicyArgs{
			Role:   f.Role.Name,
			Policy: policy,
		}, parent)
		if err != nil {
			return nil, err
		}
		deps = append(deps, f.Policy)
	}

	fargs := &lambda.FunctionArgs{
		Role:          f.Role.Arn,
		Runtime:       pulumi.String(FunctionRuntime),
		Handler:       pulumi.String(FunctionHandler),
		Architectures: pulumi.StringArray{pulumi.String(string(arch))},
		Code:          code,
	}
	if args.MemorySize != 0 {
		fargs.MemorySize = pulumi.Int(args.MemorySize)
	}
	if args.Timeout != 0 {
		fargs.Timeout = pulumi.Int(args.Timeout)
	}
	if len(env) > 0 {
		fargs.Environment = &lambda.FunctionEnvironmentArgs{Variables: env}
	}
	if args.Customize != nil {
		args.Customize(fargs)
	}
	f.Function, err = lambda.NewFunction(ctx, name, fargs, parent, pulumi.DependsOn(deps))
	if err != nil {
		return nil, err
	}
	f.Name = f.Function.Name
	f.Arn = f.Function.Arn
	if err := ctx.RegisterResourceOutputs(f, pulumi.Map{
		"name":    f.Name,
		"arn":     f.Arn,
		"roleArn": f.Role.Arn,
	}); err != nil {
		return nil, err
	}
	return f, nil
}

// functionEnvironment merges the links' variables, then the user's, which override them.
// Two links setting one variable is an error: which value wins would be arbitrary.
func functionEnvironment(args FunctionArgs) (pulumi.StringMap, error) {
	env := pulumi.StringMap{}
	from := map[string]string{}
	names := map[string]bool{}
	for _, l := range args.Links {
		if l.Name == "" {
			return nil, fmt.Errorf("a link has no name")
		}
		if names[l.Name] {
			return nil, fmt.Errorf("two links are named %q: their environment variables would collide (a table's Link already grants its reads; to link two tables of one model, make one link with awsinfra.TableLink(\"other-name\", table.Name, table.Arn))", l.Name)
		}
		names[l.Name] = true
		for k, v := range l.Properties {
			if prev, dup := from[k]; dup {
				return nil, fmt.Errorf("links %q and %q both set environment variable %s", prev, l.Name, k)
			}
			if v == nil {
				return nil, fmt.Errorf("link %q: environment variable %s has no value", l.Name, k)
			}
			from[k] = l.Name
			env[k] = v
		}
	}
	for k, v := range args.Environment {
		if v == nil {
			return nil, fmt.Errorf("environment variable %s has no value", k)
		}
		env[k] = v
	}
	for k := range env {
		if !envVarName.MatchString(k) {
			return nil, fmt.Errorf("environment variable name %q is invalid: Lambda needs a letter then letters, digits or _", k)
		}
	}
	return env, nil
}

// functionCode returns the prebuilt archive or builds the handler. The build runs in
// previews too: it is local and deterministic, and the code hash is then known.
func functionCode(ctx *pulumi.Context, args FunctionArgs, arch Architecture) (pulumi.Archive, error) {
	switch {
	case args.Code != nil && args.Handler != "":
		return nil, fmt.Errorf("set Handler or Code, not both")
	case args.Code != nil:
		return args.Code, nil
	case args.Handler == "":
		return nil, fmt.Errorf("no code: set Handler to the Go main package to build")
	}
	dir, err := os.MkdirTemp("", "stelviogen-lambda-")
	if err != nil {
		return nil, err
	}
	zipPath, err := BuildHandler(ctxOf(ctx), args.Handler, arch, dir)
	if err != nil {
		return nil, err
	}
	// The directory stays: the Pulumi engine reads the archive after the program returns.
	return pulumi.NewFileArchive(zipPath), nil
}

func ctxOf(ctx *pulumi.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx.Context()
}
