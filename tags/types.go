package tags

import (
	"go/types"
	"strconv"
	"strings"
)

// fieldRef ties a model field to its Go field and parsed tag, for role parsing.
type fieldRef struct {
	field   *Field
	v       *types.Var
	entries []tagEntry
}

// structOf returns the model of a named struct type, building it once.
func (a *analyzer) structOf(named *types.Named) *Struct {
	if s, ok := a.structs[named]; ok {
		return s
	}
	obj := named.Obj()
	s := &Struct{Pos: a.pos(obj.Pos()), Name: obj.Name()}
	if obj.Pkg() != nil {
		s.PkgPath = obj.Pkg().Path()
	}
	a.structs[named] = s // before the fields: recursive types refer back to it
	a.fillStruct(s, named.Underlying().(*types.Struct))
	return s
}

func (a *analyzer) fillStruct(s *Struct, st *types.Struct) {
	if a.fieldRefs == nil {
		a.fieldRefs = map[*Struct][]fieldRef{}
	}
	a.collectFields(s, st, nil, map[*types.Struct]bool{})
	a.resolveShadowing(s)
}

// resolveShadowing applies Go's (and attributevalue's) rule to fields sharing an
// attribute name: the shallowest one wins and deeper ones (promoted from
// embedded structs) are dropped; two at the same depth are an error, where
// attributevalue would silently store neither.
func (a *analyzer) resolveShadowing(s *Struct) {
	byAttr := map[string][]*Field{}
	for _, f := range s.Fields {
		byAttr[f.Attr] = append(byAttr[f.Attr], f)
	}
	drop := map[*Field]bool{}
	for attr, fs := range byAttr {
		if len(fs) < 2 {
			continue
		}
		min := len(fs[0].Path)
		for _, f := range fs {
			if len(f.Path) < min {
				min = len(f.Path)
			}
		}
		var top []*Field
		for _, f := range fs {
			if len(f.Path) == min {
				top = append(top, f)
			} else {
				drop[f] = true
			}
		}
		for _, f := range top[1:] {
			a.rep.errorf(f.Pos, "attribute name %q is used by fields %s and %s: give one of them another name with dynamodbav:\"<name>\"", attr, strings.Join(top[0].Path, "."), strings.Join(f.Path, "."))
		}
	}
	if len(drop) == 0 {
		return
	}
	kept := s.Fields[:0]
	for _, f := range s.Fields {
		if !drop[f] {
			kept = append(kept, f)
		}
	}
	s.Fields = kept
	var refs []fieldRef
	for _, r := range a.fieldRefs[s] {
		if !drop[r.field] {
			refs = append(refs, r)
		}
	}
	a.fieldRefs[s] = refs
}

// collectFields walks a struct's fields as attributevalue does: unexported fields
// are skipped, embedded structs without a name tag are flattened, dynamodbav:"-"
// drops a field.
func (a *analyzer) collectFields(s *Struct, st *types.Struct, path []string, visiting map[*types.Struct]bool) {
	if visiting[st] {
		return
	}
	visiting[st] = true
	defer delete(visiting, st)
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if v.Name() == "_" {
			continue // table settings; read by table()
		}
		entries, err := parseStructTag(st.Tag(i))
		if err != nil {
			if mentionsOurs(st.Tag(i)) || strings.Contains(st.Tag(i), tagKeyDynamodbav) {
				a.rep.errorf(a.tagPos(v, 0), "field %s: %v", v.Name(), err)
			}
			continue
		}
		av := avTag{}
		if e, ok := lookupTag(entries, tagKeyDynamodbav); ok {
			av = parseAVTag(e.Value)
			for _, u := range av.Unknown {
				a.rep.errorf(a.tagPos(v, e.Offset+strings.Index(e.Value, ","+u)+1), "unknown dynamodbav option %q on field %s: use omitempty, omitemptyelem, nullempty, nullemptyelem, string, stringset, numberset, binaryset or unixtime", u, v.Name())
			}
		}
		ours := ourEntries(entries)
		if !v.Exported() && !v.Embedded() {
			if len(ours) > 0 {
				a.rep.errorf(a.tagPos(v, ours[0].Offset), "field %s is unexported, so it is never stored: export it or remove its %s tag", v.Name(), ours[0].Key)
			}
			continue
		}
		if av.Ignore {
			if len(ours) > 0 {
				a.rep.errorf(a.tagPos(v, ours[0].Offset), "field %s is skipped with dynamodbav:\"-\" but carries a %s tag: a skipped field cannot be a key, TTL or version; remove one of the tags", v.Name(), ours[0].Key)
			}
			continue
		}
		ft := v.Type()
		if v.Embedded() && av.Name == "" {
			under := ft
			if p, ok := under.(*types.Pointer); ok {
				under = p.Elem()
			}
			if est, ok := under.Underlying().(*types.Struct); ok && !isTime(under) {
				if _, isPtr := ft.(*types.Pointer); isPtr {
					a.rep.errorf(a.pos(v.Pos()), "embedded pointer %s in struct %s: embed the struct by value (a nil embedded pointer has no fields to store)", types.TypeString(ft, a.qualifier), s.displayName())
					continue
				}
				if len(ours) > 0 {
					a.rep.errorf(a.tagPos(v, ours[0].Offset), "embedded struct %s carries a %s tag: put it on a field inside the embedded struct", v.Name(), ours[0].Key)
				}
				a.collectFields(s, est, append(append([]string(nil), path...), v.Name()), visiting)
				continue
			}
			if !v.Exported() {
				continue
			}
		}
		f := &Field{
			Pos:  a.pos(v.Pos()),
			Path: append(append([]string(nil), path...), v.Name()),
			Attr: v.Name(),
			Enc:  av.Enc,
		}
		if av.Name != "" {
			f.Attr = av.Name
		}
		if len(f.Attr) > maxAttrNameBytes {
			a.rep.errorf(f.Pos, "attribute name of field %s is %d bytes: DynamoDB allows at most %d (64 KB); give it a shorter name with dynamodbav:\"<name>\"", v.Name(), len(f.Attr), maxAttrNameBytes)
		}
		typ, why := a.convType(ft)
		if typ == nil {
			a.rep.errorf(f.Pos, "field %s has type %s, which stelviogen cannot store: %s; skip it with dynamodbav:\"-\"", v.Name(), types.TypeString(ft, a.qualifier), why)
			continue
		}
		f.Type = typ
		a.checkEncoding(f)
		s.Fields = append(s.Fields, f)
		a.fieldRefs[s] = append(a.fieldRefs[s], fieldRef{field: f, v: v, entries: ours})
	}
}

// checkEncoding reports dynamodbav options that do not fit the field's type.
func (a *analyzer) checkEncoding(f *Field) {
	t := f.Type
	if t.Kind == KindPtr {
		t = t.Elem
	}
	sets := 0
	for _, b := range []bool{f.Enc.StringSet, f.Enc.NumberSet, f.Enc.BinarySet} {
		if b {
			sets++
		}
	}
	if sets > 1 {
		a.rep.errorf(f.Pos, "field %s has more than one set option: choose one of stringset, numberset, binaryset", f.GoName())
		return
	}
	if sets == 1 && !t.Marshaler {
		var elem *Type
		switch t.Kind {
		case KindSlice, KindArray:
			elem = t.Elem
		case KindMap:
			// attributevalue ignores set options on maps and writes an M: say so
			// rather than store something other than what the tag asks for.
			a.rep.errorf(f.Pos, "field %s is a map with a set option, which attributevalue ignores (it stores a map): use a slice for a set", f.GoName())
			return
		}
		ok := false
		if elem != nil {
			switch {
			case f.Enc.StringSet:
				ok = elem.Kind == KindString
			case f.Enc.NumberSet:
				ok = elem.Kind == KindInt || elem.Kind == KindUint || elem.Kind == KindFloat
			case f.Enc.BinarySet:
				ok = elem.Kind == KindBytes
			}
		}
		if !ok {
			a.rep.errorf(f.Pos, "field %s has type %s, which cannot be encoded as the set its dynamodbav tag asks for: use a slice of strings (stringset), numbers (numberset) or []byte (binaryset)", f.GoName(), f.Type.goString())
		}
	}
	if f.Enc.UnixTime && t.Kind != KindTime {
		a.rep.errorf(f.Pos, "field %s has the unixtime option but type %s: unixtime applies to time.Time only", f.GoName(), f.Type.goString())
	}
}

func mentionsOurs(tag string) bool {
	return strings.Contains(tag, tagKeyDynamo+":") || strings.Contains(tag, tagKeyGSI+":") || strings.Contains(tag, tagKeyLSI+":")
}

func ourEntries(entries []tagEntry) []tagEntry {
	var out []tagEntry
	for _, e := range entries {
		switch e.Key {
		case tagKeyDynamo, tagKeyGSI, tagKeyLSI:
			out = append(out, e)
		}
	}
	return out
}

func (s *Struct) displayName() string {
	if s.Name == "" {
		return "(anonymous struct)"
	}
	return s.Name
}

func (a *analyzer) qualifier(p *types.Package) string {
	if p == a.pkg {
		return ""
	}
	return p.Name()
}

func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Uint8
}

func isTime(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// isTimeLike reports whether t is defined as time.Time (type Date time.Time):
// attributevalue converts such values to time.Time and encodes them as times.
func isTimeLike(t types.Type) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok || st.NumFields() != 3 {
		return false
	}
	loc, ok := st.Field(2).Type().(*types.Pointer)
	return ok && st.Field(0).Name() == "wall" && st.Field(1).Name() == "ext" && st.Field(2).Name() == "loc" &&
		isNamed(loc.Elem(), "time", "Location")
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// convType converts a Go type to the model, or returns nil and why it cannot be stored.
func (a *analyzer) convType(t types.Type) (*Type, string) {
	out := &Type{}
	if alias, ok := t.(*types.Alias); ok {
		t = types.Unalias(alias)
	}
	if named, ok := t.(*types.Named); ok {
		obj := named.Obj()
		if named.TypeArgs().Len() > 0 {
			return nil, "instantiated generic types are not supported"
		}
		out.Name = obj.Name()
		if obj.Pkg() != nil {
			out.PkgPath = obj.Pkg().Path()
		}
		out.Marshaler = hasMethod(named, marshalMethod)
		out.Unmarshaler = hasMethod(named, unmarshalMethod)
		if isTime(named) || (isTimeLike(named) && !out.Marshaler && !out.Unmarshaler) {
			// A type defined as time.Time with its own methods (attributevalue.UnixTime)
			// encodes through them instead.
			out.Kind, out.Marshaler, out.Unmarshaler = KindTime, false, false
			return out, ""
		}
		if obj.Pkg() != nil && obj.Pkg() != a.pkg && !obj.Exported() && !out.Marshaler {
			return nil, "it is unexported in package " + obj.Pkg().Path()
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		out.Basic = u.Name()
		switch {
		case u.Info()&types.IsBoolean != 0:
			out.Kind = KindBool
		case u.Info()&types.IsString != 0:
			out.Kind = KindString
			out.Basic = "string"
		case u.Info()&types.IsInteger != 0 && u.Info()&types.IsUnsigned != 0:
			out.Kind = KindUint
		case u.Info()&types.IsInteger != 0:
			out.Kind = KindInt
		case u.Info()&types.IsFloat != 0:
			out.Kind = KindFloat
		default:
			if out.Marshaler && out.Unmarshaler {
				out.Kind = KindInterface
				return out, ""
			}
			return nil, u.Name() + " values have no DynamoDB encoding"
		}
	case *types.Pointer:
		elem, why := a.convType(u.Elem())
		if elem == nil {
			return nil, why
		}
		out.Kind, out.Elem = KindPtr, elem
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 {
			if _, named := u.Elem().(*types.Named); named {
				// attributevalue panics on these (reflect.Copy of a named byte type).
				return nil, "slices of a named byte type are not supported; use []byte"
			}
			out.Kind = KindBytes
			return out, ""
		}
		elem, why := a.convType(u.Elem())
		if elem == nil {
			return nil, why
		}
		out.Kind, out.Elem = KindSlice, elem
	case *types.Array:
		if _, named := u.Elem().(*types.Named); named && isByte(u.Elem()) {
			return nil, "arrays of a named byte type are not supported; use [N]byte"
		}
		elem, why := a.convType(u.Elem())
		if elem == nil {
			return nil, why
		}
		out.Kind, out.Elem, out.Len = KindArray, elem, u.Len()
	case *types.Map:
		key, why := a.convType(u.Key())
		if key == nil {
			return nil, why
		}
		switch key.Kind {
		case KindString, KindInt, KindUint, KindFloat, KindBool:
		default:
			return nil, "map keys must be strings, numbers or bools"
		}
		elem, why := a.convType(u.Elem())
		if elem == nil {
			return nil, why
		}
		out.Kind, out.Key, out.Elem = KindMap, key, elem
	case *types.Struct:
		out.Kind = KindStruct
		if named, ok := t.(*types.Named); ok {
			out.Struct = a.structOf(named)
		} else {
			out.Struct = &Struct{}
			a.fillStruct(out.Struct, u)
		}
	case *types.Interface:
		out.Kind = KindInterface
	default:
		if out.Marshaler && out.Unmarshaler {
			out.Kind = KindInterface
			return out, ""
		}
		return nil, types.TypeString(t, a.qualifier) + " values have no DynamoDB encoding"
	}
	return out, ""
}

// hasMethod reports whether *T has the named method with the attributevalue
// signature. Matching by name and arity keeps the analysis free
// of an import of attributevalue in the analysed package.
func hasMethod(named *types.Named, name string) bool {
	// Both MarshalDynamoDBAttributeValue and UnmarshalDynamoDBAttributeValue are
	// looked up on *T, whose method set includes T's: attributevalue encodes
	// through an addressable value. A lookup, not a full method set, keeps this
	// cheap on packages with many fields.
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), false, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if name == marshalMethod {
		return sig.Params().Len() == 0 && sig.Results().Len() == 2
	}
	return sig.Params().Len() == 1 && sig.Results().Len() == 1
}

// goString renders a model type the way it reads in Go source, for messages.
func (t *Type) goString() string {
	if t.Name != "" {
		if t.PkgPath != "" {
			return t.PkgPath[strings.LastIndex(t.PkgPath, "/")+1:] + "." + t.Name
		}
		return t.Name
	}
	switch t.Kind {
	case KindPtr:
		return "*" + t.Elem.goString()
	case KindSlice:
		return "[]" + t.Elem.goString()
	case KindBytes:
		return "[]byte"
	case KindArray:
		return "[" + strconv.FormatInt(t.Len, 10) + "]" + t.Elem.goString()
	case KindMap:
		return "map[" + t.Key.goString() + "]" + t.Elem.goString()
	case KindStruct:
		return "struct{...}"
	case KindInterface:
		return "interface{...}"
	}
	return t.Basic
}

func unquote(s string) (string, error) { return strconv.Unquote(s) }
