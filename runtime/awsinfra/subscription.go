package awsinfra

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SubscriptionType is the Pulumi type token of the stream Subscription component.
const SubscriptionType = "stelviogen:aws:StreamSubscription"

// Stream starting positions (AT_TIMESTAMP is not available for DynamoDB streams).
const (
	StartLatest      = "LATEST"
	StartTrimHorizon = "TRIM_HORIZON"
)

// SubscriptionArgs configures a Lambda function that consumes a table's stream.
type SubscriptionArgs struct {
	// TableName is the table's logical name, used in messages and the stream link's name.
	TableName string
	// StreamArn is the table's stream ARN; required.
	StreamArn pulumi.StringInput
	// Function is the consumer; it gets a link granting the stream-reading actions on
	// StreamArn only, besides its own links.
	Function FunctionArgs
	// StartingPosition is StartLatest (the default) or StartTrimHorizon.
	StartingPosition string
	// BatchSize is the most records per invocation (1-10000); 0 leaves Lambda's default (100).
	BatchSize int
	// Filters are Lambda event filter patterns (JSON objects); a record is delivered when
	// it matches any of them.
	Filters []string
	// Customize may change the raw event source mapping arguments last.
	Customize func(*lambda.EventSourceMappingArgs)
}

// Subscription is a Function fed by a DynamoDB stream through an event source mapping.
type Subscription struct {
	pulumi.ResourceState

	Function *Function
	Mapping  *lambda.EventSourceMapping
}

// NoStreamError is returned when subscribing to a table that has no stream.
type NoStreamError struct {
	Table string
}

func (e *NoStreamError) Error() string {
	t := e.Table
	if t == "" {
		t = "(unnamed)"
	}
	return fmt.Sprintf("table %s has no stream; add stream=new-and-old-images (or keys-only, new-image, old-image) to its dynamo table tag", t)
}

// SubscribeStream declares a Function subscribed to a table's stream. The function is named
// name; the event source mapping name+"-mapping".
func SubscribeStream(ctx *pulumi.Context, name string, args SubscriptionArgs, opts ...pulumi.ResourceOption) (*Subscription, error) {
	noStream := &NoStreamError{Table: args.TableName}
	if args.StreamArn == nil {
		return nil, noStream
	}
	if s, ok := args.StreamArn.(pulumi.String); ok && s == "" {
		return nil, noStream
	}
	start := args.StartingPosition
	if start == "" {
		start = StartLatest
	}
	if start != StartLatest && start != StartTrimHorizon {
		return nil, fmt.Errorf("subscription %s: starting position %q: use %s or %s", name, start, StartLatest, StartTrimHorizon)
	}
	if args.BatchSize != 0 && (args.BatchSize < 1 || args.BatchSize > 10000) {
		return nil, fmt.Errorf("subscription %s: batch size %d is outside 1-10000", name, args.BatchSize)
	}
	var filters lambda.EventSourceMappingFilterCriteriaFilterArray
	for i, p := range args.Filters {
		var obj map[string]any
		if err := json.Unmarshal([]byte(p), &obj); err != nil {
			return nil, fmt.Errorf("subscription %s: filter %d is not a JSON object pattern: %w", name, i, err)
		}
		filters = append(filters, lambda.EventSourceMappingFilterCriteriaFilterArgs{Pattern: pulumi.String(p)})
	}

	// An output that resolves to "" (a table declared without a stream) fails the same way.
	streamArn := args.StreamArn.ToStringOutput().ApplyT(func(s string) (string, error) {
		if s == "" {
			return "", noStream
		}
		return s, nil
	}).(pulumi.StringOutput)

	sub := &Subscription{}
	if err := ctx.RegisterComponentResource(SubscriptionType, name, sub, opts...); err != nil {
		return nil, err
	}
	fargs := args.Function
	linkName := "stream"
	if args.TableName != "" {
		linkName = args.TableName + "-stream"
	}
	fargs.Links = append(append([]Link(nil), args.Function.Links...), StreamLink(linkName, streamArn))
	fn, err := NewFunction(ctx, name, fargs, pulumi.Parent(sub))
	if err != nil {
		return nil, fmt.Errorf("subscription %s: %w", name, err)
	}
	sub.Function = fn

	margs := &lambda.EventSourceMappingArgs{
		EventSourceArn:   streamArn,
		FunctionName:     fn.Arn,
		StartingPosition: pulumi.String(start),
	}
	if args.BatchSize != 0 {
		margs.BatchSize = pulumi.Int(args.BatchSize)
	}
	if len(filters) > 0 {
		margs.FilterCriteria = &lambda.EventSourceMappingFilterCriteriaArgs{Filters: filters}
	}
	if args.Customize != nil {
		args.Customize(margs)
	}
	// The mapping waits for the stream permissions, which Lambda checks when it is created.
	// (Depending on the component alone would miss children it has not registered yet.)
	deps := []pulumi.Resource{fn.Function}
	if fn.Policy != nil {
		deps = append(deps, fn.Policy)
	}
	sub.Mapping, err = lambda.NewEventSourceMapping(ctx, name+"-mapping", margs, pulumi.Parent(sub), pulumi.DependsOn(deps))
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(sub, pulumi.Map{
		"functionArn": fn.Arn,
		"mappingUuid": sub.Mapping.Uuid,
	}); err != nil {
		return nil, err
	}
	return sub, nil
}
