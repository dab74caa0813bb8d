// Copyright 2026 The Briefing authors. Use of this source code is governed
// by the BSD-style licence in ../LICENSE.

package template

import (
	"fmt"
	stdhtml "html/template"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"text/template/parse"
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
// safeCall. ok is false, and the caller uses reflection, when the
// function is of another type, or an argument is the invalid Value or one
// read through an unexported field (reflect.Value.Call refuses those
// with its own error).
func fastCall(fun reflect.Value, argv []reflect.Value) (v reflect.Value, ok bool, err error) {
	for _, a := range argv {
		if !a.IsValid() || !a.CanInterface() {
			return reflect.Value{}, false, nil
		}
	}
	switch f := fun.Interface().(type) {
	case func(...any) string:
		args := make([]any, len(argv))
		for i, a := range argv {
			args[i] = a.Interface()
		}
		var out string
		err = safely(func() { out = f(args...) })
		return reflect.ValueOf(out), true, err
	case func(string) string:
		var out string
		err = safely(func() { out = f(argv[0].String()) })
		return reflect.ValueOf(out), true, err
	case func(string, any, ...any) (stdhtml.HTML, error):
		// Never nil, as reflect.Value.Call passes an empty variadic part.
		rest := make([]any, len(argv)-2)
		for i, a := range argv[2:] {
			rest[i] = a.Interface()
		}
		var h stdhtml.HTML
		var ferr error
		err = safely(func() { h, ferr = f(argv[0].String(), argv[1].Interface(), rest...) })
		if err == nil {
			err = ferr
		}
		return reflect.ValueOf(h), true, err
	}
	return reflect.Value{}, false, nil
}

// safely runs call, a panic becoming an error as in safeCall.
func safely(call func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, isErr := r.(error); isErr {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	call()
	return nil
}

// briefing: plainString reports whether fmt.Fprint prints v, of a string
// kind, as its bytes: neither its type nor (when printableValue would take
// its address) its pointer type has a method that fmt would call instead.
func plainString(v reflect.Value) bool {
	if !v.CanInterface() {
		return false // printableValue's Interface panics, as upstream
	}
	t := v.Type()
	if t == stringType {
		return true
	}
	if t.NumMethod() != 0 {
		return false
	}
	return !v.CanAddr() || reflect.PointerTo(t).NumMethod() == 0
}

// briefing: fieldByName is reflect.Type.FieldByName, cached: it searches
// the struct's fields (and embedded ones) by name on every call, and a
// template asks for the same few fields of the same few types thousands
// of times. The cache is a map that is never changed once published (read
// without a lock); a miss adds to a copy, and there are as many misses as
// struct types and field names a template reads.
func fieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	k := fieldKey{t, name}
	if m := fieldCache.Load(); m != nil {
		if r, ok := (*m)[k]; ok {
			return r.f, r.ok
		}
	}
	f, ok := t.FieldByName(name)
	fieldMu.Lock()
	defer fieldMu.Unlock()
	m := map[fieldKey]fieldResult{}
	if old := fieldCache.Load(); old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	m[k] = fieldResult{f, ok}
	fieldCache.Store(&m)
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

var (
	fieldCache atomic.Pointer[map[fieldKey]fieldResult]
	fieldMu    sync.Mutex
)

// briefing: funcEntry is what findFunction gives for a name; str is the
// function itself when it is a func(...any) string. The set remembers
// them (funcSnapshot), so that a call neither takes the set's lock
// (shared by every core) nor searches two maps.
type funcEntry struct {
	v           reflect.Value
	builtin, ok bool
	str         func(...any) string
	// plain is str for one argument of type string, when str is a
	// function registered with RegisterPlain (html/template's
	// escapers): it is called without putting the string in an
	// interface and a slice.
	plain func(string) string
}

// briefing: plainFuncs are functions of type func(...any) string whose
// result for one argument of type string is known without calling them
// (RegisterPlain), by the function's code pointer: a FuncMap may put
// another function under the same name.
var plainFuncs = map[uintptr]func(string) string{}

// RegisterPlain says that f(s), for any s of type string, is plain(s), and
// never panics. It is for html/template's escapers, registered before any
// template runs (in an init function).
func RegisterPlain(f func(...any) string, plain func(string) string) {
	plainFuncs[reflect.ValueOf(f).Pointer()] = plain
}

var stringType = reflect.TypeFor[string]()

// funcSnapshot is a set's functions by name as looked up so far, for
// generation gen of its FuncMap. It is never changed once published:
// executions read it without a lock, and a name not in it yet is added to
// a copy (a theme calls a few dozen functions, so there are a few dozen
// copies in all).
type funcSnapshot struct {
	gen uint64
	m   map[string]funcEntry
}

// lookupFunc is findFunction, remembered by the template set.
func (s *state) lookupFunc(name string) (reflect.Value, bool, bool) {
	e := s.funcEntry(name)
	return e.v, e.builtin, e.ok
}

func (s *state) funcEntry(name string) funcEntry {
	c := s.tmpl.common
	if c == nil {
		return newFuncEntry(name, s.tmpl)
	}
	// A function may be redefined (Funcs) while templates run: a
	// snapshot of an older generation is not used.
	gen := c.funcsGen.Load()
	if snap := c.funcSnap.Load(); snap != nil && snap.gen == gen {
		if e, ok := snap.m[name]; ok {
			return e
		}
	}
	e := newFuncEntry(name, s.tmpl)
	c.muSnap.Lock()
	defer c.muSnap.Unlock()
	m := map[string]funcEntry{}
	if old := c.funcSnap.Load(); old != nil && old.gen == gen {
		for k, v := range old.m {
			m[k] = v
		}
	}
	m[name] = e
	c.funcSnap.Store(&funcSnapshot{gen: gen, m: m})
	return e
}

func newFuncEntry(name string, tmpl *Template) funcEntry {
	var e funcEntry
	e.v, e.builtin, e.ok = findFunction(name, tmpl)
	if e.ok && !e.builtin {
		e.str, _ = e.v.Interface().(func(...any) string)
		if e.str != nil {
			e.plain = plainFuncs[e.v.Pointer()]
		}
	}
	return e
}

// briefing: printEscaped prints an action of the form
//
//	{{operand | f | g ...}}
//
// where f, g ... are FuncMap functions of type func(...any) string, as
// html/template rewrites every {{.Field}} ({{.Field |
// _html_template_htmlescaper}}), and returns true; for any other action
// it does nothing and returns false. It does what evalPipeline, evalCall
// and printValue would do, with the same errors, without their
// reflection: the operand's value goes to f as its one argument, f's
// result to g, and the last result is written out.
func (s *state) printEscaped(dot reflect.Value, node *parse.ActionNode) bool {
	cmds := node.Pipe.Cmds
	if len(cmds) < 2 || len(cmds) > 5 {
		return false
	}
	var fns [4]func(...any) string
	var plains [4]func(string) string
	allPlain := true
	for i, cmd := range cmds[1:] {
		if len(cmd.Args) != 1 {
			return false
		}
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok {
			return false
		}
		e := s.funcEntry(id.Ident)
		if fns[i] = e.str; fns[i] == nil {
			return false
		}
		plains[i] = e.plain
		allPlain = allPlain && e.plain != nil
	}
	switch cmds[0].Args[0].(type) {
	case *parse.FieldNode, *parse.ChainNode, *parse.VariableNode, *parse.DotNode, *parse.StringNode:
	default:
		return false // a function (its own rules for its last argument), a pipeline, a constant
	}
	s.at(node.Pipe)
	value := s.evalCommand(dot, cmds[0], missingVal)
	if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
		value = value.Elem()
	}
	if value.IsValid() && !value.CanInterface() {
		// Read through an unexported field: the rest of the pipeline
		// goes the usual way, to reflect.Value.Call's error.
		for _, cmd := range cmds[1:] {
			value = s.evalCommand(dot, cmd, value)
		}
		s.printValue(node, value)
		return true
	}
	if allPlain && value.IsValid() && value.Type() == stringType {
		// A string through escapers that each give a string for a
		// string: no interface, no slice, no panic to catch.
		out := value.String()
		for i := range cmds[1:] {
			s.at(cmds[1+i].Args[0])
			out = plains[i](out)
		}
		s.at(node)
		if _, err := io.WriteString(s.wr, out); err != nil {
			s.writeError(err)
		}
		return true
	}
	// As validateType gives an invalid value to an interface parameter.
	var arg any
	if value.IsValid() {
		arg = value.Interface()
	}
	var out string
	for i, cmd := range cmds[1:] {
		s.at(cmds[1+i].Args[0])
		var err error
		out, err = callString(fns[i], arg)
		if err != nil {
			s.at(cmd)
			s.errorf("error calling %s: %w", cmd.Args[0].(*parse.IdentifierNode).Ident, err)
		}
		arg = out
	}
	s.at(node)
	if _, err := io.WriteString(s.wr, out); err != nil {
		s.writeError(err)
	}
	return true
}

// callString calls f with one argument, a panic becoming an error as in
// safeCall.
func callString(f func(...any) string, arg any) (out string, err error) {
	err = safely(func() { out = f(arg) })
	return out, err
}
