package main

import (
	"flag"
	"fmt"
	"strings"
)

// importHelp is 'inkspan import --help' before the options. It lives apart
// from the flags because it is long: the formats are described here as
// formats.ParseFormat and formats.DetectFormat accept and choose them, and
// help_test.go checks that every flag and every format is named.
const importHelp = `inkspan import --project FILE [--format F] [--annotator NAME]
                      [--status done|in_progress|skipped] [--on-conflict first|separate]
                      [--skip-invalid] [--allow-overlap] [--text-column C] [--token-column N]
                      [--tag-column N[,N...]] [--conll-documents docstart|sentence|file] [--hf-labels FILE]
                      PATH...

Adds documents (and their spans, if the input has any) to a project, creating it if needed.
Documents already in the project (same text) and spans already there are not added twice. An
import is one transaction, all or nothing: the first bad record stops it and nothing is
imported, unless --skip-invalid skips each bad record (or a bad span alone) and lists it. A
span that overlaps another of the same annotator is bad unless the project allows overlaps:
--allow-overlap turns that setting on with the import (see inkspan settings).

Formats (--format F; other spellings in brackets):
  auto         the default: a file by its extension (.jsonl .ndjson: jsonl; .json: labelstudio;
               .csv: csv; .tsv .tab: tsv; .txt .text: txt; .conll .conll03 .iob .bio: conll;
               .ann: brat); a folder is brat when its .txt files have .ann files beside them,
               else txt. A file with another extension needs --format. A .zip archive is read
               as the files it holds, each by its extension; txt and brat files must be
               unpacked first.
  txt          a file is one document; a folder is read recursively, one document per .txt
               file, its path inside the folder the document's id (text)
  lines        one document per non-empty line (line)
  jsonl        one JSON object per line; each record's fields tell Prodigy, doccano (0.x and
               1.x) and Hugging Face (tokens and ner_tags) records apart (ndjson, json-lines,
               jsonlines)
  csv, tsv     a header row; the text in column text (--text-column), id if there is one,
               the other columns kept as metadata (tab)
  prodigy      Prodigy or spaCy JSONL: text, spans, answer, _input_hash, _task_hash (spacy);
               the review recipe's output imports each version as its sessions' annotation
               sets and the reviewed result as the gold version, reviewed by its _session_id
  doccano      doccano JSONL: label (or labels, entities), the text under text or data;
               several doccano 1.x files imported together without --annotator, or the zip
               archive doccano downloads them in, are each the user they are named after, as
               doccano exports one file a user, alice.jsonl; all.jsonl, the collaborative
               export, is no one's
  conll        CoNLL-2003 columns, a token per line and its IOB/BIO/BIOES/IO tag
               (conll2003, iob, bio)
  hf           Hugging Face token classification JSONL: tokens and ner_tags, with the tag
               names from a file beside it or --hf-labels (huggingface, hugging-face)
  brat         brat standoff: NAME.ann with NAME.txt beside it, or a folder of them (standoff)
  labelstudio  Label Studio JSON export: an array of tasks, one task, or JSON Lines; its
               UTF-16 offsets are converted (label-studio, ls)`

// printOptions lists a command's flags as its synopsis writes them
// (--name, not Go's -name), each with the placeholder its usage names in
// backquotes and its default when it has one worth saying.
func printOptions(fs *flag.FlagSet) {
	out := fs.Output()
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(out, line)
		fmt.Fprintf(out, "    \t%s", strings.ReplaceAll(usage, "\n", "\n    \t"))
		if d := f.DefValue; d != "" && d != "false" && d != "0" {
			fmt.Fprintf(out, " (default %q)", d)
		}
		fmt.Fprintln(out)
	})
}
