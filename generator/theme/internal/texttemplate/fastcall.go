// Copyright 2026 The Briefing authors. Use of this source code is governed
// by the BSD-style licence in ../LICENSE.

package template

import (
	"fmt"
	stdhtml "html/template"
	"reflect"
	"sync"
)

// briefing: fastCall calls a function from the template's FuncMap without
// reflect.Value.Call when its type is one templates call most:
//
//   - func(...any) string: every escaper html/template inserts (one after
//     each {{.Field}} in text, three in an href), and its own helpers;
//   - func(string) string;
//   - func(string, any, ...any) (template.HTML, error): Briefing's
//     partialCached.
//
// reflect.Value.Call costs far more than these functions' own work: it
// builds a frame, a slice for the variadic arguments and a result slice
// on every call. argv holds arguments already checked and converted by
// evalCall, exactly as they would be given to reflect.Value.Call, so the
// result is the same; a panic in the function becomes an error, as in
// safeCall. ok is false when the function is of another type, or an
// argument is the invalid Value, and the caller uses reflection.
func fastCall(fun reflect.Value, argv []reflect.Value) (v reflect.Value, ok bool, err error) {
	for _, a := range argv {
		if !a.IsValid() {
			return reflect.Value{}, false, nil
		}
	}
	defer func() {
		if r := recover(); r != nil {
			if e, isErr := r.(error); isErr {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	switch f := fun.Interface().(type) {
	case func(...any) string:
		args := make([]any, len(argv))
		for i, a := range argv {
			args[i] = a.Interface()
		}
		return reflect.ValueOf(f(args...)), true, nil
	case func(string) string:
		return reflect.ValueOf(f(argv[0].String())), true, nil
	case func(string, any, ...any) (stdhtml.HTML, error):
		var rest []any
		if len(argv) > 2 {
			rest = make([]any, len(argv)-2)
			for i, a := range argv[2:] {
				rest[i] = a.Interface()
			}
		}
		h, err := f(argv[0].String(), argv[1].Interface(), rest...)
		return reflect.ValueOf(h), true, err
	}
	return reflect.Value{}, false, nil
}

// briefing: plainString reports whether fmt.Fprint prints v, of a string
// kind, as its bytes: neither its type nor (when printableValue would take
// its address) its pointer type has a method that fmt would call instead.
func plainString(v reflect.Value) bool {
	t := v.Type()
	if t == stringType {
		return true
	}
	if t.NumMethod() != 0 {
		return false
	}
	return !v.CanAddr() || reflect.PointerTo(t).NumMethod() == 0
}

var stringType = reflect.TypeFor[string]()

// briefing: fieldByName is reflect.Type.FieldByName, cached: it searches
// the struct's fields (and embedded ones) by name on every call, and a
// template asks for the same few fields of the same few types thousands
// of times.
func fieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	k := fieldKey{t, name}
	if f, ok := fieldCache.Load(k); ok {
		r := f.(fieldResult)
		return r.f, r.ok
	}
	f, ok := t.FieldByName(name)
	fieldCache.Store(k, fieldResult{f, ok})
	return f, ok
}

type fieldKey struct {
	t    reflect.Type
	name string
}

type fieldResult struct {
	f  reflect.StructField
	ok bool
}

// fieldCache holds fieldKey -> fieldResult. Types and the field names
// written in templates are few, so it is never emptied.
var fieldCache sync.Map
