package main

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

// helpCommands is every command line that has a --help of its own.
var helpCommands = [][]string{
	{"gui"}, {"import"}, {"export"}, {"merge"}, {"agree"}, {"suggest"}, {"train"}, {"stats"},
	{"labels"}, {"labels", "add"}, {"labels", "set"}, {"settings"}, {"version"},
	{"team"}, {"team", "init"}, {"team", "add"}, {"team", "remove"}, {"team", "list"}, {"team", "assign"},
	{"team", "push"}, {"team", "status"},
}

// subcommands are the second words of the usage that name a subcommand
// of the first (inkspan labels add, inkspan team init).
var subcommands = []string{"add", "set", "init", "remove", "list", "assign", "push", "status"}

// commandHelp runs 'inkspan ARGS --help' and returns the flag set the
// command made and its help: the synopsis and description, and the
// options part.
func commandHelp(t *testing.T, args []string) (*flag.FlagSet, string, string) {
	t.Helper()
	var mu sync.Mutex
	var made []*flag.FlagSet
	flagSetMade = func(fs *flag.FlagSet) {
		mu.Lock()
		made = append(made, fs)
		mu.Unlock()
	}
	defer func() { flagSetMade = nil }()
	code, _, help := inkspan(t, append(slices.Clone(args), "--help")...)
	if code != 0 || !strings.HasPrefix(help, "Usage: inkspan "+strings.Join(args, " ")) {
		t.Fatalf("inkspan %s --help: exit %d\n%s", strings.Join(args, " "), code, help)
	}
	if len(made) == 0 {
		t.Fatalf("inkspan %s made no flag set", strings.Join(args, " "))
	}
	synopsis, options, _ := strings.Cut(help, "\nOptions:\n")
	return made[len(made)-1], synopsis, options
}

// mentionsFlag reports whether text names the flag as --name, not as a prefix of
// a longer flag.
func mentionsFlag(text, flagName string) bool {
	return regexp.MustCompile(`--` + regexp.QuoteMeta(flagName) + `([^a-z-]|$)`).MatchString(text)
}

// Every flag a command defines is in its synopsis or description, listed
// under Options with a placeholder a person can read, and nothing else is.
func TestHelpNamesEveryFlag(t *testing.T) {
	goTypes := []string{"string", "int", "int64", "uint", "uint64", "float64", "value", "duration"}
	option := regexp.MustCompile(`(?m)^  --([a-z-]+)(?: (\S+))?$`)
	for _, args := range helpCommands {
		cmd := strings.Join(args, " ")
		fs, synopsis, options := commandHelp(t, args)
		listed := map[string]bool{}
		for _, m := range option.FindAllStringSubmatch(options, -1) {
			listed[m[1]] = true
			if fs.Lookup(m[1]) == nil {
				t.Errorf("inkspan %s --help lists --%s, which the command does not have", cmd, m[1])
			}
			if slices.Contains(goTypes, m[2]) {
				t.Errorf("inkspan %s --help: --%s takes %q: name the value in its usage with backquotes", cmd, m[1], m[2])
			}
		}
		fs.VisitAll(func(f *flag.Flag) {
			if !mentionsFlag(synopsis, f.Name) {
				t.Errorf("inkspan %s --help: the synopsis and description do not mention --%s", cmd, f.Name)
			}
			if !listed[f.Name] {
				t.Errorf("inkspan %s --help: --%s is not under Options", cmd, f.Name)
			}
		})
		for _, m := range regexp.MustCompile(`--([a-z][a-z-]*)`).FindAllStringSubmatch(synopsis, -1) {
			if fs.Lookup(m[1]) == nil && m[1] != "help" {
				t.Errorf("inkspan %s --help names --%s, which the command does not have", cmd, m[1])
			}
		}
	}
}

// The top-level usage lists every command run() knows, each with exactly
// the flags the command has.
func TestUsageMatchesCommands(t *testing.T) {
	// The command names run() dispatches on, read from its source so that a
	// new command cannot be left out of the usage.
	file, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var commands []string
	ast.Inspect(file, func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "run" {
			return true
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CaseClause); ok && len(cc.List) > 0 {
				if lit, ok := cc.List[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if name, _ := strconv.Unquote(lit.Value); name != "help" {
						commands = append(commands, name)
					}
				}
			}
			return true
		})
		return false
	})
	if len(commands) < 9 {
		t.Fatalf("found only the commands %v in run()", commands)
	}

	// The usage's lines by command: a line "  inkspan CMD [SUB] ..." and the
	// indented lines after it.
	entries := map[string]string{}
	var current string
	for _, line := range strings.Split(usage, "\n") {
		if rest, ok := strings.CutPrefix(line, "  inkspan "); ok {
			f := strings.Fields(rest)
			current = ""
			if len(f) > 0 && !strings.HasPrefix(f[0], "-") && f[0] != "open" {
				current = f[0]
				if len(f) > 1 && slices.Contains(subcommands, f[1]) {
					current += " " + f[1]
				}
			}
			entries[current] += rest + "\n"
		} else if current != "" && strings.HasPrefix(line, "     ") {
			entries[current] += line + "\n"
		} else {
			current = ""
		}
	}
	for _, c := range commands {
		if _, ok := entries[c]; !ok {
			t.Errorf("the usage does not list inkspan %s", c)
		}
	}
	for _, args := range helpCommands {
		cmd := strings.Join(args, " ")
		entry, ok := entries[cmd]
		if !ok {
			t.Errorf("the usage does not list inkspan %s", cmd)
			continue
		}
		fs, _, _ := commandHelp(t, args)
		fs.VisitAll(func(f *flag.Flag) {
			if !mentionsFlag(entry, f.Name) {
				t.Errorf("the usage's inkspan %s does not mention --%s", cmd, f.Name)
			}
		})
		for _, m := range regexp.MustCompile(`--([a-z][a-z-]*)`).FindAllStringSubmatch(entry, -1) {
			if fs.Lookup(m[1]) == nil {
				t.Errorf("the usage's inkspan %s names --%s, which the command does not have", cmd, m[1])
			}
		}
	}
}

// import --help describes every format ParseFormat accepts, under its name
// and the other spellings it accepts, and auto's choices are the ones
// DetectFormat makes.
func TestImportHelpNamesEveryFormat(t *testing.T) {
	_, synopsis, _ := commandHelp(t, []string{"import"})
	_, section, ok := strings.Cut(synopsis, "\nFormats")
	if !ok {
		t.Fatalf("import --help has no Formats section:\n%s", synopsis)
	}
	// One entry per format: "  NAME[, NAME]  text", then indented lines.
	type entry struct {
		names []string
		text  string
	}
	var entries []entry
	head := regexp.MustCompile(`^  ([a-z]+(?:, [a-z]+)*) {2,}(.*)$`)
	for _, line := range strings.Split(section, "\n")[1:] {
		if m := head.FindStringSubmatch(line); m != nil {
			entries = append(entries, entry{strings.Split(m[1], ", "), m[2]})
		} else if len(entries) > 0 && strings.TrimSpace(line) != "" {
			entries[len(entries)-1].text += " " + strings.TrimSpace(line)
		}
	}
	described := map[formats.Format]bool{}
	for _, e := range entries {
		for _, name := range e.names {
			f, err := formats.ParseFormat(name)
			if err != nil {
				t.Errorf("import --help describes a format %q that import does not accept: %v", name, err)
			}
			described[f] = true
		}
		// Other spellings close the entry, in brackets.
		if strings.HasSuffix(e.text, ")") {
			also := e.text[strings.LastIndex(e.text, "(")+1 : len(e.text)-1]
			for _, alias := range strings.Split(also, ", ") {
				f, err := formats.ParseFormat(alias)
				if err != nil || !slices.Contains(e.names, string(f)) {
					t.Errorf("import --help gives %q as a spelling of %v: it reads as %q (%v)", alias, e.names, f, err)
				}
			}
		}
		if e.names[0] == "auto" {
			// "(.jsonl .ndjson: jsonl; .json: labelstudio; …)": each
			// extension is read as said.
			choices := e.text[strings.Index(e.text, "(")+1 : strings.Index(e.text, ")")]
			for _, choice := range strings.Split(choices, ";") {
				exts, name, ok := strings.Cut(choice, ":")
				if !ok {
					t.Fatalf("auto's choice %q has no format", choice)
				}
				for _, ext := range strings.Fields(exts) {
					if got := files.DetectFormat("no-such-file" + ext); string(got) != strings.TrimSpace(name) {
						t.Errorf("import --help: auto reads %s as %s, but DetectFormat says %q", ext, strings.TrimSpace(name), got)
					}
				}
			}
		}
	}
	// ParseFormat's own list of valid formats, from its refusal.
	_, err := formats.ParseFormat("no-such-format")
	_, list, ok := strings.Cut(err.Error(), "valid formats: ")
	if !ok {
		t.Fatalf("ParseFormat's refusal does not list the formats: %v", err)
	}
	for _, name := range strings.Split(strings.TrimSuffix(list, ")"), ", ") {
		f, err := formats.ParseFormat(name)
		if err != nil {
			t.Fatalf("ParseFormat refuses %q, which it lists as valid", name)
		}
		if !described[f] {
			t.Errorf("import --help does not describe the format %s", name)
		}
	}
	if len(described) < 12 {
		t.Errorf("import --help describes %d formats", len(described))
	}
}
