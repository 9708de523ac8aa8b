package awsinfratest

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The outputs AWS computes flow into later resources' inputs: a role's ARN, a
// named queue's ARN and URL, a table's ARN and stream ARN, an existing table's,
// and a generic ARN for other AWS resources.
func TestOutputsFlow(t *testing.T) {
	m := &Mocks{Existing: map[string]resource.PropertyMap{"legacy": ExistingTable("id", "", "KEYS_ONLY")}}
	m.Run(t, func(ctx *pulumi.Context) error {
		role, err := iam.NewRole(ctx, "r", &iam.RoleArgs{AssumeRolePolicy: pulumi.String("{}")})
		if err != nil {
			return err
		}
		q, err := sqs.NewQueue(ctx, "q", &sqs.QueueArgs{Name: pulumi.String("jobs")})
		if err != nil {
			return err
		}
		tbl, err := dynamodb.NewTable(ctx, "t", &dynamodb.TableArgs{Name: pulumi.String("things"), HashKey: pulumi.String("id"), StreamEnabled: pulumi.Bool(true)})
		if err != nil {
			return err
		}
		legacy, err := dynamodb.GetTable(ctx, "l", pulumi.ID("legacy"), nil)
		if err != nil {
			return err
		}
		b, err := s3.NewBucketV2(ctx, "b", nil)
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "p", &iam.RolePolicyArgs{
			Role:   role.Name,
			Policy: pulumi.Sprintf("%s %s %s %s %s %s %s", role.Arn, q.Arn, q.Url, tbl.Arn, tbl.StreamArn, legacy.StreamArn, b.Arn),
		})
		return err
	})
	p := m.One(t, TokRolePolicy, "p")
	want := "arn:aws:iam::123456789012:role/r-0a1b2c3 arn:aws:sqs:us-east-1:123456789012:jobs https://sqs.us-east-1.amazonaws.com/123456789012/jobs " +
		TableArn("things") + " " + StreamArn("things") + " " + StreamArn("legacy") + " arn:aws:s3:us-east-1:123456789012:bucketv2/b-0a1b2c3"
	if got := Str(t, p, "policy"); got != want {
		t.Errorf("policy input\n got %s\nwant %s", got, want)
	}
	if got := Str(t, p, "role"); got != "r-0a1b2c3" {
		t.Errorf("role %q", got)
	}
	if _, ok := m.Find(TokQueue, "nothing"); ok {
		t.Error("Find found a resource that was not declared")
	}
}

// A read of a resource that does not exist fails, as it would in AWS.
func TestReadOfMissingResourceFails(t *testing.T) {
	_, err := RunErr(func(ctx *pulumi.Context) error {
		_, err := dynamodb.GetTable(ctx, "l", pulumi.ID("nope"), nil)
		return err
	})
	if err == nil {
		t.Fatal("a read of a missing table succeeded")
	}
}
