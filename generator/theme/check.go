package theme

import (
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"

	"briefing/generator/diag"
)

// A page's templates are checked before anything runs, against the Go
// types of the values they are given: the checker walks the parse trees
// from base.html with the type of a page's data, following dot through
// with, range, variables and the partials a template calls, and reports
// what could not work on any page (a field the type lacks, a function or
// partial that does not exist, a wrong number or type of arguments) at
// the position of the node in its file. Where a type is an interface (any),
// nothing is known and the checker stops; what fails on some pages only
// (a nil pointer) is found by executing the templates (render.Check).

// checker checks one page's template set.
type checker struct {
	th    *Theme
	set   *template.Template
	page  *source // the page's own file (article.html)
	funcs map[string]reflect.Type
	seen  map[visit]bool
	calls []*call // the template calls leading to the template being checked
	diags diag.List
}

// visit is a template checked with one type of dot.
type visit struct {
	name string
	dot  reflect.Type
}

// variable is a $name in scope and the type of its value.
type variable struct {
	name string
	typ  reflect.Type
}

func (t *Theme) check(set *template.Template, page *source, funcs template.FuncMap, data reflect.Type) diag.List {
	c := &checker{th: t, set: set, page: page, funcs: map[string]reflect.Type{}, seen: map[visit]bool{}}
	for name, f := range funcs {
		c.funcs[name] = reflect.TypeOf(f)
	}
	c.funcs["partialCached"] = reflect.TypeOf((&partialCache{}).fn(nil))
	c.template(nil, "base.html", data)
	return c.diags
}

// errorf reports a problem at node n of tree. A problem in a built-in
// template can only come from what a site's template gives it: it is
// reported where the site's template calls it.
func (c *checker) errorf(tree *parse.Tree, n parse.Node, hint, format string, args ...any) {
	f := c.th.files[tree]
	if f == nil {
		return
	}
	pos, msg := n.Position(), fmt.Sprintf(format, args...)
	for i := len(c.calls) - 1; f.builtIn && i >= 0; i-- {
		if site := c.th.files[c.calls[i].tree]; site != nil && !site.builtIn {
			f, pos, msg = site, c.calls[i].node.Position(), msg+" (in "+c.calls[i].name+", a built-in template)"
		}
	}
	d := f.at(int(pos), msg)
	d.Hint = hint
	c.diags.Add(d)
}

// fromSite reports whether a site's template is among the calls leading
// to the template being checked.
func (c *checker) fromSite() bool {
	for _, cl := range c.calls {
		if f := c.th.files[cl.tree]; f != nil && !f.builtIn {
			return true
		}
	}
	return false
}

// template checks the template called name with a dot of type dot. from
// is the node calling it, if any.
func (c *checker) template(from *call, name string, dot reflect.Type) {
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil {
		if from == nil {
			return
		}
		if caller := c.th.files[from.tree]; caller != nil && caller.builtIn && !c.page.builtIn && !c.fromSite() {
			// The built-in base.html calls "main": a site's page that
			// does not define it is where the fix goes.
			d := c.page.at(0, fmt.Sprintf("defines no %q template, which the built-in %s shows as the page", name, caller.name))
			d.Hint = fmt.Sprintf("{{define %q}}...{{end}}", name)
			c.diags.Add(d)
			return
		}
		c.errorf(from.tree, from.node, diag.Suggest(name, templateNames(c.set)), "no such template %q", name)
		return
	}
	v := visit{name, dot}
	if c.seen[v] {
		return
	}
	c.seen[v] = true
	if from != nil {
		c.calls = append(c.calls, from)
		defer func() { c.calls = c.calls[:len(c.calls)-1] }()
	}
	c.list(t.Tree, t.Tree.Root, dot, []variable{{"$", dot}})
}

// call is where a template is called from.
type call struct {
	tree *parse.Tree
	node parse.Node
	name string // the template called
}

// templateNames are the names of set's templates, for hints.
func templateNames(set *template.Template) []string {
	var names []string
	for _, t := range set.Templates() {
		names = append(names, t.Name())
	}
	return names
}

func (c *checker) list(tree *parse.Tree, l *parse.ListNode, dot reflect.Type, vars []variable) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		vars = c.node(tree, n, dot, vars)
	}
}

// node checks one node and returns the variables in scope after it.
func (c *checker) node(tree *parse.Tree, n parse.Node, dot reflect.Type, vars []variable) []variable {
	switch n := n.(type) {
	case *parse.ActionNode:
		_, vars = c.pipe(tree, n.Pipe, dot, vars)
	case *parse.IfNode:
		_, inner := c.pipe(tree, n.Pipe, dot, vars)
		c.list(tree, n.List, dot, inner)
		c.list(tree, n.ElseList, dot, inner)
	case *parse.WithNode:
		typ, inner := c.pipe(tree, n.Pipe, dot, vars)
		c.list(tree, n.List, typ, inner)
		c.list(tree, n.ElseList, dot, inner)
	case *parse.RangeNode:
		typ, inner := c.pipe(tree, &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pipe.Pos, Cmds: n.Pipe.Cmds}, dot, vars)
		key, elem := rangeTypes(typ)
		switch len(n.Pipe.Decl) {
		case 1:
			inner = append(inner[:len(inner):len(inner)], variable{n.Pipe.Decl[0].Ident[0], elem})
		case 2:
			inner = append(inner[:len(inner):len(inner)], variable{n.Pipe.Decl[0].Ident[0], key}, variable{n.Pipe.Decl[1].Ident[0], elem})
		}
		c.list(tree, n.List, elem, inner)
		c.list(tree, n.ElseList, dot, vars)
	case *parse.TemplateNode:
		var typ reflect.Type
		if n.Pipe != nil {
			typ, _ = c.pipe(tree, n.Pipe, dot, vars)
		}
		c.template(&call{tree, n, n.Name}, n.Name, typ)
	}
	return vars
}

// pipe checks a pipeline and returns the type of its value and the
// variables in scope after it.
func (c *checker) pipe(tree *parse.Tree, p *parse.PipeNode, dot reflect.Type, vars []variable) (reflect.Type, []variable) {
	var typ reflect.Type
	for i, cmd := range p.Cmds {
		typ = c.operand(tree, cmd.Args[0], cmd.Args[1:], dot, vars, i > 0) // a command's first word
	}
	if !p.IsAssign {
		for _, v := range p.Decl {
			vars = append(vars[:len(vars):len(vars)], variable{v.Ident[0], typ})
		}
	}
	return typ, vars
}

// arg returns the type of an argument.
func (c *checker) arg(tree *parse.Tree, n parse.Node, dot reflect.Type, vars []variable) reflect.Type {
	return c.operand(tree, n, nil, dot, vars, false)
}

// operand checks what a command or an argument is and returns its type:
// what may take arguments (a field, a chain, a variable's field, a
// function) with args, and hasFinal when a value is piped into it as its
// last argument; or dot, a pipeline or a constant.
func (c *checker) operand(tree *parse.Tree, n parse.Node, args []parse.Node, dot reflect.Type, vars []variable, hasFinal bool) reflect.Type {
	switch n := n.(type) {
	case *parse.FieldNode:
		return c.fields(tree, n, dot, n.Ident, args, vars, hasFinal)
	case *parse.ChainNode:
		return c.fields(tree, n, c.arg(tree, n.Node, dot, vars), n.Field, args, vars, hasFinal)
	case *parse.VariableNode:
		return c.fields(tree, n, lookup(vars, n.Ident[0]), n.Ident[1:], args, vars, hasFinal)
	case *parse.IdentifierNode:
		return c.function(tree, n, args, dot, vars, hasFinal)
	}
	if len(args) > 0 || hasFinal {
		return nil // text/template says so when it runs
	}
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.PipeNode:
		typ, _ := c.pipe(tree, n, dot, vars)
		return typ
	case *parse.StringNode:
		return reflect.TypeFor[string]()
	case *parse.BoolNode:
		return reflect.TypeFor[bool]()
	}
	return nil // a number or nil: its type depends on where it goes
}

func lookup(vars []variable, name string) reflect.Type {
	for i := len(vars) - 1; i >= 0; i-- {
		if vars[i].name == name {
			return vars[i].typ
		}
	}
	return nil
}

// fields follows .A.B.C from a value of type typ; the last may be a
// method given args.
func (c *checker) fields(tree *parse.Tree, n parse.Node, typ reflect.Type, names []string, args []parse.Node, vars []variable, hasFinal bool) reflect.Type {
	for i, name := range names {
		if typ == nil {
			return nil
		}
		last := i == len(names)-1
		if m, ok := method(typ, name); ok {
			var nargs []parse.Node
			if last {
				nargs = args
			}
			receiver := 1 // an interface's methods have none in their type
			if typ.Kind() == reflect.Interface {
				receiver = 0
			}
			typ = c.call(tree, n, name, m.Type, receiver, nargs, nil, vars, hasFinal && last)
			continue
		}
		base := typ
		for base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		hasArgs := last && (len(args) > 0 || hasFinal)
		switch base.Kind() {
		case reflect.Interface:
			return nil
		case reflect.Struct:
			if f, ok := base.FieldByName(name); ok {
				if !f.IsExported() {
					c.errorf(tree, n, "", "%s is an unexported field of struct type %s", name, base)
					return nil
				}
				if hasArgs {
					c.errorf(tree, n, "", "%s has arguments but cannot be invoked as function", name)
				}
				typ = f.Type
				continue
			}
		case reflect.Map:
			if reflect.TypeFor[string]().AssignableTo(base.Key()) {
				typ = base.Elem()
				continue
			}
		}
		c.errorf(tree, n, diag.Suggest(name, memberNames(typ)), "can't evaluate field %s in type %s", name, base)
		return nil
	}
	for _, a := range args {
		c.arg(tree, a, nil, vars)
	}
	return typ
}

// method finds a method of typ or of a pointer to it, as templates do
// (the values they reach through pointers are addressable).
func method(typ reflect.Type, name string) (reflect.Method, bool) {
	if k := typ.Kind(); k != reflect.Interface && k != reflect.Pointer {
		typ = reflect.PointerTo(typ)
	}
	return typ.MethodByName(name)
}

// memberNames are the exported fields and methods of typ, for hints.
func memberNames(typ reflect.Type) []string {
	var names []string
	if typ.Kind() != reflect.Pointer {
		typ = reflect.PointerTo(typ)
	}
	for i := range typ.NumMethod() {
		names = append(names, typ.Method(i).Name)
	}
	if s := typ.Elem(); s.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(s) {
			if f.IsExported() {
				names = append(names, f.Name)
			}
		}
	}
	return names
}

// builtins are text/template's own functions, by the type of what they
// give (nil: it depends on their arguments, and is not followed).
var builtins = map[string]reflect.Type{
	"and": nil, "or": nil, "index": nil, "slice": nil, "call": nil,
	"not": reflect.TypeFor[bool](), "len": reflect.TypeFor[int](),
	"eq": reflect.TypeFor[bool](), "ne": reflect.TypeFor[bool](), "lt": reflect.TypeFor[bool](),
	"le": reflect.TypeFor[bool](), "gt": reflect.TypeFor[bool](), "ge": reflect.TypeFor[bool](),
	"print": reflect.TypeFor[string](), "printf": reflect.TypeFor[string](), "println": reflect.TypeFor[string](),
	"html": reflect.TypeFor[string](), "js": reflect.TypeFor[string](), "urlquery": reflect.TypeFor[string](),
}

// function checks a call of a named function.
func (c *checker) function(tree *parse.Tree, n *parse.IdentifierNode, args []parse.Node, dot reflect.Type, vars []variable, hasFinal bool) reflect.Type {
	if typ, ok := c.funcs[n.Ident]; ok {
		return c.call(tree, n, n.Ident, typ, 0, args, dot, vars, hasFinal)
	}
	typ, ok := builtins[n.Ident]
	if !ok {
		names := slices.AppendSeq(slices.Collect(maps.Keys(c.funcs)), maps.Keys(builtins))
		c.errorf(tree, n, diag.Suggest(n.Ident, names), "function %q not defined", n.Ident)
		return nil
	}
	for _, a := range args {
		c.arg(tree, a, dot, vars)
	}
	return typ
}

// call checks the arguments of a function or method of type fn (skip: 1
// for a method's receiver) and returns the type of its result. A call of
// the function partialCached checks the partial it names.
func (c *checker) call(tree *parse.Tree, n parse.Node, name string, fn reflect.Type, skip int, args []parse.Node, dot reflect.Type, vars []variable, hasFinal bool) reflect.Type {
	in := fn.NumIn() - skip
	got := len(args)
	if hasFinal {
		got++
	}
	switch {
	case fn.IsVariadic() && got < in-1:
		c.errorf(tree, n, "", "wrong number of args for %s: want at least %d got %d", name, in-1, got)
		return nil
	case !fn.IsVariadic() && got != in:
		c.errorf(tree, n, "", "wrong number of args for %s: want %d got %d", name, in, got)
		return nil
	}
	var types []reflect.Type
	for i, a := range args {
		t := c.arg(tree, a, dot, vars)
		types = append(types, t)
		var want reflect.Type
		if fn.IsVariadic() && i >= in-1 {
			want = fn.In(fn.NumIn() - 1).Elem()
		} else {
			want = fn.In(skip + i)
		}
		if !fits(t, want) {
			c.errorf(tree, a, "", "wrong type for value; expected %s; got %s", want, t)
		}
	}
	if f, ok := n.(*parse.IdentifierNode); ok && f.Ident == "partialCached" && len(args) >= 2 {
		if s, ok := args[0].(*parse.StringNode); ok {
			c.template(&call{tree, n, s.Text}, s.Text, types[1])
		}
	}
	// As text/template runs them: a function or method gives one value,
	// or a value and an error; any other runs into an error on every page.
	if out := fn.NumOut(); out == 0 || out > 2 || out == 2 && fn.Out(1) != reflect.TypeFor[error]() {
		var outs []string
		for i := range out {
			outs = append(outs, fn.Out(i).String())
		}
		c.errorf(tree, n, "", "can't call %s in a template: it gives (%s), and a template calls only what gives one value, or a value and an error", name, strings.Join(outs, ", "))
		return nil
	}
	return fn.Out(0)
}

// fits reports whether a value of type t can be passed as a want, as
// templates pass it (dereferencing a pointer or taking an address as
// needed). An unknown type fits.
func fits(t, want reflect.Type) bool {
	if t == nil || want.Kind() == reflect.Interface || t.AssignableTo(want) {
		return true
	}
	if t.Kind() == reflect.Pointer && t.Elem().AssignableTo(want) {
		return true
	}
	return reflect.PointerTo(t).AssignableTo(want)
}

// rangeTypes are the types of the key and element of a range over a
// value of type t (nil when unknown).
func rangeTypes(t reflect.Type) (key, elem reflect.Type) {
	if t == nil {
		return nil, nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	case reflect.Chan:
		return t.Elem(), t.Elem()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return t, t
	}
	return nil, nil
}
