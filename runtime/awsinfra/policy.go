package awsinfra

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/iamactions"
)

// PolicyError reports a link permission that would break least privilege or is malformed.
type PolicyError struct {
	Link   string // link name
	Reason string
}

func (e *PolicyError) Error() string {
	return fmt.Sprintf("link %q: %s", e.Link, e.Reason)
}

// policyDocument is an IAM policy; field order and sorted slices make the JSON deterministic.
type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

const policyVersion = "2012-10-17"

// lambdaTrustPolicy lets the Lambda service assume the function's role.
const lambdaTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// checkAction rejects wildcard and malformed actions; they are known before deployment.
func checkAction(link, action string) error {
	if msg, ok := iamactions.UnknownOp(action); ok {
		return &PolicyError{Link: link, Reason: msg}
	}
	switch {
	case strings.Contains(action, "*"):
		return &PolicyError{Link: link, Reason: fmt.Sprintf("wildcard action %q is not allowed; list exact actions", action)}
	case !strings.Contains(action, ":") || strings.HasPrefix(action, ":") || strings.HasSuffix(action, ":"):
		return &PolicyError{Link: link, Reason: fmt.Sprintf("action %q is not of the form service:Action", action)}
	}
	return nil
}

// checkResource rejects wildcard resources once their value is known. The one accepted
// `*` is the `/index/*` suffix of a DynamoDB table ARN (all indexes of exactly that table).
func checkResource(link, arn string) error {
	if arn == "" {
		return &PolicyError{Link: link, Reason: "a permission resource resolved to an empty ARN"}
	}
	rest := arn
	if base, ok := strings.CutSuffix(arn, "/index/*"); ok && strings.HasPrefix(base, "arn:") && strings.Contains(base, ":dynamodb:") && strings.Contains(base, ":table/") {
		rest = base
	}
	if strings.Contains(rest, "*") {
		return &PolicyError{Link: link, Reason: fmt.Sprintf("wildcard resource %q is not allowed; name exact ARNs", arn)}
	}
	if !strings.HasPrefix(arn, "arn:") {
		return &PolicyError{Link: link, Reason: fmt.Sprintf("resource %q is not an ARN", arn)}
	}
	return nil
}

// linkPolicy builds the one inline policy document of a function from all its links: one
// statement per permission, actions and resources sorted. ok is false when the links grant
// nothing (IAM rejects a policy without statements). Static problems are returned at once;
// problems only visible in resolved ARNs fail the returned output.
func linkPolicy(links []Link) (doc pulumi.StringOutput, ok bool, err error) {
	type pending struct {
		link    string
		actions []string
		first   int // index of the statement's first resource in all
		n       int
	}
	var stmts []pending
	var all []interface{}
	for _, l := range links {
		for _, p := range l.Permissions {
			if len(p.Actions) == 0 {
				return pulumi.StringOutput{}, false, &PolicyError{Link: l.Name, Reason: "a permission has no actions"}
			}
			if len(p.Resources) == 0 {
				return pulumi.StringOutput{}, false, &PolicyError{Link: l.Name, Reason: "a permission has no resources"}
			}
			for _, a := range p.Actions {
				if err := checkAction(l.Name, a); err != nil {
					return pulumi.StringOutput{}, false, err
				}
			}
			acts := slices.Clone(p.Actions)
			slices.Sort(acts)
			acts = slices.Compact(acts)
			st := pending{link: l.Name, actions: acts, first: len(all), n: len(p.Resources)}
			for _, r := range p.Resources {
				if r == nil {
					return pulumi.StringOutput{}, false, &PolicyError{Link: l.Name, Reason: "a permission resource is nil"}
				}
				all = append(all, r)
			}
			stmts = append(stmts, st)
		}
	}
	if len(stmts) == 0 {
		return pulumi.StringOutput{}, false, nil
	}
	out := pulumi.All(all...).ApplyT(func(vals []interface{}) (string, error) {
		d := policyDocument{Version: policyVersion}
		for _, st := range stmts {
			res := make([]string, 0, st.n)
			for _, v := range vals[st.first : st.first+st.n] {
				s, _ := v.(string)
				if err := checkResource(st.link, s); err != nil {
					return "", err
				}
				res = append(res, s)
			}
			slices.Sort(res)
			res = slices.Compact(res)
			d.Statement = append(d.Statement, policyStatement{Effect: "Allow", Action: st.actions, Resource: res})
		}
		b, err := json.Marshal(d)
		return string(b), err
	}).(pulumi.StringOutput)
	return out, true, nil
}
