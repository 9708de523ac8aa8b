package tags

import (
	"go/types"
)

// pkgAVTypes is where types.AttributeValue lives.
const pkgAVTypes = "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// checkItemMethods refuses a table struct that is an attributevalue
// Marshaler or Unmarshaler itself, through its own method or one promoted
// from an embedded struct (Go promotes it, and attributevalue then calls it
// for the whole item instead of encoding the fields). The generated codec,
// keys, handles and queries are built from the fields, so such an item
// encoding cannot be honoured.
func (a *analyzer) checkItemMethods(named *types.Named) {
	st := named.Underlying().(*types.Struct)
	for _, name := range []string{marshalMethod, unmarshalMethod} {
		// attributevalue encodes through a pointer (MarshalMap(&v)) and decodes
		// into one: the method set of *T holds value and pointer receivers.
		obj, index, _ := types.LookupFieldOrMethod(types.NewPointer(named), false, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok || !isItemMethod(fn) {
			continue
		}
		verb := "encode"
		if name == unmarshalMethod {
			verb = "decode"
		}
		why := "attributevalue would " + verb + " the whole item with it, but stelviogen cannot honour that: the generated codec, keys, handles and queries are built from the fields"
		if len(index) == 1 {
			a.rep.errorf(a.pos(fn.Pos()), "table %s has its own %s method: %s; move the custom encoding to a field's type, or remove the method", named.Obj().Name(), name, why)
			continue
		}
		via := st.Field(index[0])
		owner := "its embedded struct"
		if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
			rt := recv.Type()
			if p, ok := rt.(*types.Pointer); ok {
				rt = p.Elem()
			}
			if n, ok := rt.(*types.Named); ok {
				owner = n.Obj().Name()
				if n.Obj().Pkg() == a.pkg && fn.Pos().IsValid() {
					owner += " (declared at " + short(a.pos(fn.Pos())) + ")"
				}
			}
		}
		a.rep.errorf(a.pos(via.Pos()), "table %s gets method %s of %s through embedded field %s, so Go promotes it: %s; move the custom encoding to a field's type, remove the method, or make %s a named field so that its method is not promoted", named.Obj().Name(), name, owner, via.Name(), why, via.Name())
	}
}

// isItemMethod reports whether fn has the signature of attributevalue's
// Marshaler (MarshalDynamoDBAttributeValue() (types.AttributeValue, error)) or
// Unmarshaler (UnmarshalDynamoDBAttributeValue(types.AttributeValue) error):
// a method of that name with another signature is not called by attributevalue.
func isItemMethod(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	switch fn.Name() {
	case marshalMethod:
		return sig.Params().Len() == 0 && sig.Results().Len() == 2 &&
			isNamed(types.Unalias(sig.Results().At(0).Type()), pkgAVTypes, "AttributeValue") && isError(sig.Results().At(1).Type())
	case unmarshalMethod:
		return sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
			isNamed(types.Unalias(sig.Params().At(0).Type()), pkgAVTypes, "AttributeValue") && isError(sig.Results().At(0).Type())
	}
	return false
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}
