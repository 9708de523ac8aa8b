package awsinfra

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/streamfilter"
)

// SubscriptionType is the Pulumi type token of the stream Subscription component.
const SubscriptionType = "stelviogen:aws:StreamSubscription"

// Stream starting positions (AT_TIMESTAMP is not available for DynamoDB streams).
const (
	StartLatest      = "LATEST"
	StartTrimHorizon = "TRIM_HORIZON"
)

// ReportBatchItemFailures is the function response type of partial batch responses.
const ReportBatchItemFailures = "ReportBatchItemFailures"

// Filters per event source mapping: AWS's default quota, and the most a quota
// increase gives.
const (
	DefaultFilterLimit = 5
	MaxFilterLimit     = 10
)

// SubscriptionArgs configures a Lambda function that consumes a table's stream.
//
// Optional settings are pointers: nil leaves AWS's default (written next to each
// field), and a set value is sent even when it equals the default. Every value is
// checked against AWS's limits before anything is deployed.
type SubscriptionArgs struct {
	// TableName is the table's logical name, used in messages, in the stream link's
	// name and to refuse typed filters on another table's attributes.
	TableName string
	// StreamArn is the table's stream ARN; required. Generated Subscribe methods set
	// it; set it yourself to subscribe to any table's stream by ARN.
	StreamArn pulumi.StringInput
	// StreamView is the stream's view type (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE,
	// NEW_AND_OLD_IMAGES); typed filters on an image the stream lacks are refused.
	// Generated Subscribe methods set it; "" skips the check.
	StreamView string
	// KeyAttributes are the table's key attribute names; typed Keys filters on other
	// attributes are refused. Generated Subscribe methods set them; nil skips the check.
	KeyAttributes []string

	// Function is the consumer; it gets a link granting the stream-reading actions on
	// StreamArn only (and sqs:SendMessage or sns:Publish on OnFailure), besides its
	// own links.
	Function FunctionArgs

	// StartingPosition is StartLatest (the default, as in Stelvio) or
	// StartTrimHorizon (every record still in the stream, up to 24 hours old).
	StartingPosition string
	// BatchSize is the most records per invocation, 1-10000; 0 leaves AWS's default, 100.
	BatchSize int
	// MaximumBatchingWindowInSeconds is how long Lambda gathers records before
	// invoking, 0-300; nil leaves AWS's default, 0.
	MaximumBatchingWindowInSeconds *int
	// ParallelizationFactor is how many batches of one shard run at once, 1-10;
	// nil leaves AWS's default, 1. Records of one item key stay in order.
	ParallelizationFactor *int
	// ReportBatchItemFailures, on unless set to false, lets the handler return the
	// records that failed (events.DynamoDBEventResponse) so Lambda retries from the
	// first of them instead of the whole batch. A handler that returns nothing or an
	// empty response still counts as a full success, so it is safe for any handler.
	ReportBatchItemFailures *bool
	// BisectBatchOnFunctionError splits a failing batch in two and retries each half;
	// splitting does not count as a retry. AWS's default: off.
	BisectBatchOnFunctionError bool
	// MaximumRetryAttempts is how often a failing batch is retried, -1 (until the
	// record expires) to 10000; nil leaves AWS's default, -1.
	MaximumRetryAttempts *int
	// MaximumRecordAgeInSeconds drops records older than this, -1 (never) or
	// 60-604800; nil leaves AWS's default, -1. Stream records expire after 24 hours.
	MaximumRecordAgeInSeconds *int
	// TumblingWindowInSeconds makes the handler aggregate over windows of this many
	// seconds, 0-900 (0: no window); nil leaves AWS's default, none.
	TumblingWindowInSeconds *int
	// OnFailure is where Lambda sends the details of a batch it gives up on (after
	// MaximumRetryAttempts or MaximumRecordAgeInSeconds): SQSQueue or SNSTopic.
	OnFailure *Destination

	// Where are typed filters (streamfilter.Match, or streamfilter.Raw for a pattern
	// written by hand): a record is delivered when it matches any filter of Where or
	// Filters. No filters deliver every record.
	Where []streamfilter.Filter
	// Filters are Lambda event filter patterns written as JSON, as before typed
	// filters existed; they count towards the same limit.
	Filters []string
	// FilterLimit is the account's filters-per-mapping quota: 0 means AWS's default,
	// 5; a quota increase allows up to 10.
	FilterLimit int

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

// OptionError reports a subscription setting outside what AWS accepts.
type OptionError struct {
	Subscription string
	Option       string // the SubscriptionArgs field
	Value        any
	Allowed      string
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("subscription %s: %s = %v is not allowed: AWS accepts %s", e.Subscription, e.Option, e.Value, e.Allowed)
}

// inRange checks an optional setting; nil is always fine.
func inRange(sub, option string, v *int, lo, hi int, allowed string) error {
	if v != nil && (*v < lo || *v > hi) {
		return &OptionError{Subscription: sub, Option: option, Value: *v, Allowed: allowed}
	}
	return nil
}

// validate checks every setting against AWS's limits for DynamoDB stream sources.
func (a *SubscriptionArgs) validate(name string) error {
	switch a.StartingPosition {
	case "", StartLatest, StartTrimHorizon:
	case "AT_TIMESTAMP":
		return &OptionError{Subscription: name, Option: "StartingPosition", Value: a.StartingPosition,
			Allowed: "LATEST or TRIM_HORIZON for DynamoDB streams (AT_TIMESTAMP is for Kinesis, DocumentDB and Kafka only)"}
	default:
		return &OptionError{Subscription: name, Option: "StartingPosition", Value: fmt.Sprintf("%q", a.StartingPosition), Allowed: "LATEST or TRIM_HORIZON"}
	}
	if a.BatchSize < 0 || a.BatchSize > 10000 {
		return &OptionError{Subscription: name, Option: "BatchSize", Value: a.BatchSize, Allowed: "1-10000 (0 leaves the default, 100)"}
	}
	for _, c := range []struct {
		option  string
		v       *int
		lo, hi  int
		allowed string
	}{
		{"MaximumBatchingWindowInSeconds", a.MaximumBatchingWindowInSeconds, 0, 300, "0-300 seconds"},
		{"ParallelizationFactor", a.ParallelizationFactor, 1, 10, "1-10"},
		{"MaximumRetryAttempts", a.MaximumRetryAttempts, -1, 10000, "-1 (retry until the record expires) or 0-10000"},
		{"MaximumRecordAgeInSeconds", a.MaximumRecordAgeInSeconds, -1, 604800, "-1 (no maximum) or 60-604800 seconds"},
		{"TumblingWindowInSeconds", a.TumblingWindowInSeconds, 0, 900, "0-900 seconds"},
	} {
		if err := inRange(name, c.option, c.v, c.lo, c.hi, c.allowed); err != nil {
			return err
		}
	}
	// AWS: "values less than 60 and greater than -1 fall within the parameter's
	// absolute range, [but] they are not allowed".
	if v := a.MaximumRecordAgeInSeconds; v != nil && *v >= 0 && *v < 60 {
		return &OptionError{Subscription: name, Option: "MaximumRecordAgeInSeconds", Value: *v, Allowed: "-1 (no maximum) or 60-604800 seconds"}
	}
	limit := a.FilterLimit
	if limit == 0 {
		limit = DefaultFilterLimit
	}
	if limit < DefaultFilterLimit || limit > MaxFilterLimit {
		return &OptionError{Subscription: name, Option: "FilterLimit", Value: a.FilterLimit,
			Allowed: "5 (the default quota) to 10 (the most a quota increase gives); 0 means 5"}
	}
	if n := len(a.Where) + len(a.Filters); n > limit {
		return &OptionError{Subscription: name, Option: "Where and Filters", Value: fmt.Sprintf("%d filters", n),
			Allowed: fmt.Sprintf("at most %d filters per event source mapping (FilterLimit; AWS's default quota is 5, up to 10 on request)", limit)}
	}
	if a.OnFailure != nil && a.OnFailure.arn == nil {
		return fmt.Errorf("subscription %s: OnFailure has no ARN: use SQSQueue(queue.Arn) or SNSTopic(topic.Arn)", name)
	}
	return nil
}

// filterCriteria renders the typed filters, then the raw ones.
func (a *SubscriptionArgs) filterCriteria(name string) (lambda.EventSourceMappingFilterCriteriaFilterArray, error) {
	stream := streamfilter.Stream{Table: a.TableName, Keys: a.KeyAttributes, View: a.StreamView}
	var out lambda.EventSourceMappingFilterCriteriaFilterArray
	for i, f := range a.Where {
		p, err := f.Pattern(stream)
		if err != nil {
			return nil, fmt.Errorf("subscription %s: Where[%d]: %w", name, i, err)
		}
		out = append(out, lambda.EventSourceMappingFilterCriteriaFilterArgs{Pattern: pulumi.String(p)})
	}
	for i, p := range a.Filters {
		if err := streamfilter.CheckPattern(p); err != nil {
			return nil, fmt.Errorf("subscription %s: Filters[%d]: %w", name, i, err)
		}
		out = append(out, lambda.EventSourceMappingFilterCriteriaFilterArgs{Pattern: pulumi.String(p)})
	}
	return out, nil
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
	if err := args.validate(name); err != nil {
		return nil, err
	}
	filters, err := args.filterCriteria(name)
	if err != nil {
		return nil, err
	}
	start := args.StartingPosition
	if start == "" {
		start = StartLatest
	}

	// An output that resolves to "" (a table declared without a stream) fails the same way.
	streamArn := args.StreamArn.ToStringOutput().ApplyT(func(s string) (string, error) {
		if s == "" {
			return "", noStream
		}
		if !strings.HasPrefix(s, "arn:") || !strings.Contains(s, ":dynamodb:") || !strings.Contains(s, "/stream/") {
			return "", fmt.Errorf("subscription %s: %q is not a DynamoDB stream ARN (arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>); a table's ARN is not its stream's", name, s)
		}
		return s, nil
	}).(pulumi.StringOutput)

	linkName := "stream"
	if args.TableName != "" {
		linkName = args.TableName + "-stream"
	}
	links := append(append([]Link(nil), args.Function.Links...), StreamLink(linkName, streamArn))
	var destArn pulumi.StringOutput
	if args.OnFailure != nil {
		destArn = args.OnFailure.checkedArn(name)
		links = append(links, args.OnFailure.link(linkName+"-on-failure", destArn))
	}

	sub := &Subscription{}
	if err := ctx.RegisterComponentResource(SubscriptionType, name, sub, opts...); err != nil {
		return nil, err
	}
	fargs := args.Function
	fargs.Links = links
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
	optInt := func(v *int) pulumi.IntPtrInput {
		if v == nil {
			return nil
		}
		return pulumi.Int(*v)
	}
	margs.MaximumBatchingWindowInSeconds = optInt(args.MaximumBatchingWindowInSeconds)
	margs.ParallelizationFactor = optInt(args.ParallelizationFactor)
	margs.MaximumRetryAttempts = optInt(args.MaximumRetryAttempts)
	margs.MaximumRecordAgeInSeconds = optInt(args.MaximumRecordAgeInSeconds)
	margs.TumblingWindowInSeconds = optInt(args.TumblingWindowInSeconds)
	if args.BisectBatchOnFunctionError {
		margs.BisectBatchOnFunctionError = pulumi.Bool(true)
	}
	if args.ReportBatchItemFailures == nil || *args.ReportBatchItemFailures {
		margs.FunctionResponseTypes = pulumi.StringArray{pulumi.String(ReportBatchItemFailures)}
	}
	if args.OnFailure != nil {
		margs.DestinationConfig = &lambda.EventSourceMappingDestinationConfigArgs{
			OnFailure: &lambda.EventSourceMappingDestinationConfigOnFailureArgs{DestinationArn: destArn},
		}
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

// SubscribeTable is what generated Subscribe methods call: SubscribeStream on the
// stream of the table def describes, with its logical name, key attributes and
// stream view filled in so typed filters are checked against them.
func SubscribeTable(ctx *pulumi.Context, name string, def TableDef, streamArn pulumi.StringInput, args SubscriptionArgs, opts ...pulumi.ResourceOption) (*Subscription, error) {
	args.TableName = def.Name
	args.StreamArn = streamArn
	args.StreamView = def.StreamView
	args.KeyAttributes = def.keyAttributes()
	return SubscribeStream(ctx, name, args, opts...)
}
