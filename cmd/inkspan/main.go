// Command inkspan is Inkspan's one binary: with no arguments it opens the
// annotation window on the default project; its subcommands import, report
// on and configure projects from scripts.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/inkspan/inkspan/cmd/inkspan/internal/posixlocale"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/model"
)

const usage = `Inkspan labels spans of text: fast, exact, keyboard-first, offline.

Usage:
  inkspan                       open the annotation window on the default project
  inkspan gui      [--project FILE] [--annotator NAME] [FILE]
  inkspan import   --project FILE [--format F] [--annotator NAME]
                   [--status done|in_progress|skipped] [--on-conflict first|separate]
                   [--skip-invalid] [--allow-overlap] [--text-column C] [--token-column N]
                   [--tag-column N[,N...]] [--conll-documents docstart|sentence|file] [--hf-labels FILE]
                   PATH...
  inkspan export   --project FILE --format F [--annotator NAME | --all] [--status S,...]
                   [--split train=0.8,dev=0.1,test=0.1 --seed N] [--scheme iob1|iob2|bioes]
                   [--snap] [--skip-misaligned] [--out PATH]
  inkspan merge    --project FILE OTHER.inkspan...
  inkspan agree    --project FILE [--json | --csv] [--label L] [--documents reviewed|all]
  inkspan suggest  --project FILE --annotator NAME [--patterns FILE] [--figures] [--dictionary]
                   [--model] [--min-confidence P] [--accept]
  inkspan train    --project FILE --annotator NAME [--folds N] [--seed N] [--json]
  inkspan stats    --project FILE [--json]
  inkspan labels   --project FILE
  inkspan labels add --project FILE --name NAME [--color #rrggbb] [--key K] [--description TEXT]
  inkspan labels set --project FILE NAME [--name NEW] [--color #rrggbb] [--key K] [--description TEXT]
  inkspan settings --project FILE [--allow-overlap on|off]
  inkspan team     SUBCOMMAND: a team project on PostgreSQL, URL postgres://host/database
  inkspan team init URL --manager NAME [--annotators-see-others]
  inkspan team add --project URL NAME --role annotator|reviewer|manager
  inkspan team remove --project URL NAME
  inkspan team list --project URL
  inkspan team assign --project URL [--per-document K] [--seed N] [--annotator NAME]
                   [--documents all|unassigned|ID,...] [--sample PERCENT]
  inkspan team push --project URL FILE.inkspan...
  inkspan team status --project URL [--json]
  inkspan version

Import reads auto (by extension), txt, lines, jsonl, csv, tsv, prodigy, doccano, conll, hf,
brat and labelstudio; export writes prodigy, doccano, conll, hf, brat and labelstudio.
Run 'inkspan COMMAND --help' for a command's options.
`

// env is what a command may touch, so tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stderrIsTerminal turns on progress bars.
	stderrIsTerminal bool
}

// init puts back the locale posixlocale changed while Fyne initialised: a
// package's init runs after those of everything it imports, so Fyne is done
// by now, and unlike main this also runs in the test binary, whose child
// processes (xdotool in the window tests) must see the user's locale too.
func init() { posixlocale.Restore() }

func main() {
	attachParentConsole()
	// SIGTERM (kill, a logout, a service manager) stops a command as Ctrl-C
	// does, so that an export removes its temporary files.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stderrIsTerminal: isTerminal(os.Stderr)}
	os.Exit(run(ctx, os.Args[1:], e))
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// errUsage marks a command line that could not be understood: exit status 2.
var errUsage = errors.New("usage")

// errReported marks a failure the command has already told the user about:
// exit status 1 without another message.
var errReported = errors.New("reported")

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		return report(e, "inkspan", runGUI(ctx, nil, e))
	}
	name, rest := args[0], args[1:]
	ctx, opened := withOpenedProjects(ctx, e.stderr)
	var err error
	switch name {
	case "gui":
		err = runGUI(ctx, rest, e)
	case "import":
		err = runImport(ctx, rest, e)
	case "export":
		err = runExport(ctx, rest, e)
	case "merge":
		err = runMerge(ctx, rest, e)
	case "agree":
		err = runAgree(ctx, rest, e)
	case "suggest":
		err = runSuggest(ctx, rest, e)
	case "train":
		err = runTrain(ctx, rest, e)
	case "stats":
		err = runStats(ctx, rest, e)
	case "labels":
		err = runLabels(ctx, rest, e)
	case "settings":
		err = runSettings(ctx, rest, e)
	case "team":
		err = runTeam(ctx, rest, e)
	case "version", "--version":
		err = runVersion(rest, e)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, usage)
	default:
		fmt.Fprintf(e.stderr, "inkspan: unknown command %q\n\n%s", name, usage)
		return 2
	}
	if closeErr := opened.closeAll(); err == nil {
		err = closeErr
	}
	return report(e, "inkspan "+name, err)
}

// report prints err as one line and turns it into an exit status.
func report(e env, command string, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errReported):
		return 1
	}
	// Messages quote names, ids and lines from input files: printable keeps
	// their control characters from acting on the terminal.
	msg := printable(strings.ReplaceAll(model.ErrorMessage(err), "\n", " "))
	fmt.Fprintf(e.stderr, "%s: %s\n", command, msg)
	return 1
}

// flagSetMade, when set, sees every flag set a command makes: the help
// test compares each command's flags with its help text.
var flagSetMade func(*flag.FlagSet)

// newFlags returns a flag set that prints its own help and reports errors
// once, with the command's synopsis.
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	if flagSetMade != nil {
		flagSetMade(fs)
	}
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n", synopsis)
		if hasFlags(fs) {
			fmt.Fprint(fs.Output(), "\nOptions:\n")
			printOptions(fs)
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// runVersion prints the version; 'inkspan version --help' says so instead.
func runVersion(args []string, e env) error {
	flags := newFlags(e, "version", "inkspan version\n\nPrints the version of Inkspan, the commit it was built from and when, and the\n"+
		"schema versions of the project files and team databases it writes.")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "version: unexpected argument %q\n", printable(rest[0]))
		flags.Usage()
		return errUsage
	}
	fmt.Fprint(e.stdout, readBuild().text(projectopen.SchemaVersions()))
	return nil
}

// parse parses args, allowing flags after positional arguments
// ("import data.jsonl --annotator bob"), and returns the positional ones.
// A flag error becomes errUsage (flag already printed it); -h stays
// flag.ErrHelp.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// openProject opens the existing project named by --project.
func openProject(ctx context.Context, fs *flag.FlagSet, path string) (projectopen.Project, error) {
	if err := requireProject(fs, path); err != nil {
		return nil, err
	}
	db, _, err := openStorage(ctx, path, projectopen.Options{})
	return db, err
}

// requireProject checks the --project flag was given.
func requireProject(fs *flag.FlagSet, project string) error {
	if project == "" {
		fmt.Fprintf(fs.Output(), "%s: --project FILE is required\n", fs.Name())
		fs.Usage()
		return errUsage
	}
	return nil
}
