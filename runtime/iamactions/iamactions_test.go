package iamactions

import "testing"

// The table lists the constants in order, under their Go names, and AllOps holds each once.
func TestOpTable(t *testing.T) {
	for i, row := range ops {
		if row.op != Op(i+1) || row.op.String() != row.name {
			t.Errorf("ops[%d] is %v named %s: the table must list the constants in order", i, row.op, row.name)
		}
	}
	if len(AllOps) != len(ops) {
		t.Errorf("AllOps has %d operations, the table %d", len(AllOps), len(ops))
	}
	if got := Op(42).String(); got != "Op(42)" {
		t.Errorf("Op(42).String() = %q", got)
	}
	if got := TableActionsOf([]Op{OpGet, Op(42), OpGet}); len(got) != 2 || got[0] != "dynamodb:GetItem" || got[1] != "unknown operation Op(42)" {
		t.Errorf("TableActionsOf = %q", got)
	}
	if msg, ok := UnknownOp("unknown operation Op(42)"); !ok || msg != "Op(42) is not an operation of the store; the operations are OpScan, OpQuery, OpGet, OpPut, OpUpdate, OpDelete, OpBatchGet, OpBatchWrite, OpTxCheck" {
		t.Errorf("UnknownOp = %q, %t", msg, ok)
	}
	if _, ok := UnknownOp("dynamodb:GetItem"); ok {
		t.Error("UnknownOp(dynamodb:GetItem) is true")
	}
	if got := IndexActionsOf([]Op{OpGet, OpScan}); len(got) != 1 || got[0] != "dynamodb:Scan" {
		t.Errorf("IndexActionsOf = %q", got)
	}
}
