package dialogkit

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SaveOptions configure a save chooser.
type SaveOptions struct {
	Title string // the dialog's title, such as "Export to"
	Dir   string // the folder to start in; the home folder when "" or unreadable
	Name  string // the file name to propose
	// ReplaceNote follows the question whether to replace an existing file:
	// it says when the file will actually be replaced.
	ReplaceNote string
	// Extension, when set (".inkspan"), is added to a name typed without
	// it, before the chooser looks whether the file exists.
	Extension string
	// KeepExisting, when set, means an existing file is never chosen, not
	// even to be replaced: the chooser says the file exists, followed by
	// KeepExisting (what to do instead). A new project must not take the
	// place of a file, least of all another project.
	KeepExisting string
}

// SaveChooser asks for the name of a file to write. Unlike Fyne's
// dialog.NewFileSave, which creates the chosen file, or empties it once the
// user agrees to replace it, before its callback even runs, it only reads
// folders: what it hands back is a path, and the file is left to whoever
// writes it, who should write a temporary file and rename it, so that
// nothing happens to the old one until the new one is complete (Inkspan's
// exports do). Cancel or Escape leave everything as it was.
//
// It works from the keyboard: the file name has the focus, Enter saves,
// Escape cancels (or, while it asks whether to replace a file, goes back
// to the name), the folder can be typed, and the listing is a list that
// arrows, Space and Enter work in.
type SaveChooser struct {
	parent  fyne.Window
	dlg     *dialog.CustomDialog
	opts    SaveOptions
	chosen  func(path string)
	keys    *KeyHold
	dir     string     // the folder listed
	entries []dirEntry // its listing, folders first

	folder  *Entry
	up      *Button
	list    *List
	name    *Entry
	msg     *widget.Label
	cancel  *Button
	save    *Button
	replace string // the path Save now replaces, once asked; "" otherwise
	closed  bool
}

// dirEntry is one line of the listing.
type dirEntry struct {
	name  string
	dir   bool
	size  int64
	mtime time.Time
}

// ShowSaveChooser opens a save chooser over parent and calls chosen with
// the path the user settles on; it is not called on Cancel. It must be
// called on the UI goroutine, and chosen runs there.
func ShowSaveChooser(parent fyne.Window, opts SaveOptions, chosen func(path string)) *SaveChooser {
	c := &SaveChooser{parent: parent, opts: opts, chosen: chosen}

	c.folder = NewEntry(c.escape)
	c.folder.OnSubmitted = func(s string) { c.open(c.typedFolder()) }
	c.folder.OnChanged = func(string) { c.unask() }
	c.up = NewButton("", theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) }, c.escape)

	c.list = NewList(func() int { return len(c.entries) }, c.newRow, c.updateRow, c.escape)
	c.list.OnSelected = c.picked

	c.name = NewEntry(c.escape)
	c.name.SetText(opts.Name)
	c.name.OnSubmitted = func(string) { c.submit() }
	c.name.OnChanged = func(string) { c.unask() }

	c.msg = &widget.Label{Wrapping: fyne.TextWrapWord}
	c.msg.Hide()

	// The listing's room: a chooser whose list collapses to one line is no
	// use, and the window may be as small as 900x600.
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(560, 240))

	top := container.NewBorder(nil, nil, &widget.Label{Text: "Folder", TextStyle: fyne.TextStyle{Bold: true}}, c.up, c.folder)
	bottom := container.NewVBox(
		container.NewBorder(nil, nil, &widget.Label{Text: "File name", TextStyle: fyne.TextStyle{Bold: true}}, nil, c.name),
		c.msg)
	content := container.NewBorder(top, bottom, nil, nil, container.NewStack(room, c.list))

	c.cancel = NewButton("Cancel", theme.CancelIcon(), c.close, c.escape)
	c.save = NewButton("Save", theme.DocumentSaveIcon(), c.submit, c.escape)
	c.save.Importance = widget.HighImportance
	title := opts.Title
	if title == "" {
		title = "Save as"
	}
	c.dlg = dialog.NewCustomWithoutButtons(title, content, parent)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.save})
	c.dlg.SetOnClosed(c.onClosed)
	c.keys = Hold(parent, c.escape)

	c.open(startFolder(opts.Dir))
	c.dlg.Show()
	// Focused later, not now: when Space on a button opened the chooser,
	// the driver has yet to deliver that key's rune, and it would go to
	// the name, typing a space over it. fyne.Do runs after the events at
	// hand (the test driver runs it at once).
	fyne.Do(func() {
		if c.closed {
			return
		}
		parent.Canvas().Focus(c.name)
		// Typing replaces the proposed name, as in other save dialogs.
		c.name.TypedShortcut(&fyne.ShortcutSelectAll{})
	})
	return c
}

// startFolder is the first of dir, the home folder and the working folder
// that can be listed.
func startFolder(dir string) string {
	home, _ := os.UserHomeDir()
	wd, _ := os.Getwd()
	for _, d := range []string{dir, home, wd} {
		if d == "" {
			continue
		}
		if info, err := os.Stat(d); err == nil && info.IsDir() {
			if abs, err := filepath.Abs(d); err == nil {
				return abs
			}
			return d
		}
	}
	return string(filepath.Separator)
}

// typedFolder is the folder entry's text as a path: "~" stands for the
// home folder, and a relative path is taken from the folder listed.
func (c *SaveChooser) typedFolder() string {
	s := strings.TrimSpace(c.folder.Text)
	if s == "~" || strings.HasPrefix(s, "~"+string(filepath.Separator)) {
		if home, err := os.UserHomeDir(); err == nil {
			s = home + s[1:]
		}
	}
	if s == "" {
		return c.dir
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(c.dir, s)
	}
	return filepath.Clean(s)
}

// open lists dir. A folder that cannot be read is said so, and the
// listing stays on the previous one.
func (c *SaveChooser) open(dir string) {
	entries, err := readFolder(dir)
	if err != nil {
		c.folder.SetText(c.dir)
		c.say(fmt.Sprintf("Cannot open %s: %v", dir, unwrapPath(err)), widget.DangerImportance)
		return
	}
	c.dir, c.entries = dir, entries
	c.folder.SetText(dir)
	c.up.Disable()
	if filepath.Dir(dir) != dir {
		c.up.Enable()
	}
	c.list.UnselectAll()
	c.list.Refresh()
	c.list.ScrollToTop()
	c.unask()
	c.say("", widget.MediumImportance)
}

// readFolder lists dir without opening any file in it: folders first, then
// files, each by name; hidden names (such as an export's temporary files)
// are left out.
func readFolder(dir string) ([]dirEntry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []dirEntry
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".") {
			continue
		}
		// Stat follows a link: a link to a folder is listed as a folder.
		info, err := os.Stat(filepath.Join(dir, de.Name()))
		if err != nil {
			continue // a dangling link or an entry gone meanwhile
		}
		if !info.IsDir() && !info.Mode().IsRegular() {
			continue // devices and pipes are nothing to save to
		}
		out = append(out, dirEntry{name: de.Name(), dir: info.IsDir(), size: info.Size(), mtime: info.ModTime()})
	}
	slices.SortFunc(out, func(a, b dirEntry) int {
		if a.dir != b.dir {
			if a.dir {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), cmp.Compare(a.name, b.name))
	})
	return out, nil
}

func (c *SaveChooser) newRow() fyne.CanvasObject {
	// Border's objects: the name (center), then the icon and the detail.
	// The detail is not greyed out: low importance would fall well under a
	// readable contrast.
	return container.NewBorder(nil, nil, widget.NewIcon(nil), &widget.Label{},
		&widget.Label{Truncation: fyne.TextTruncateEllipsis})
}

func (c *SaveChooser) updateRow(id widget.ListItemID, row fyne.CanvasObject) {
	if id < 0 || id >= len(c.entries) {
		return
	}
	e := c.entries[id]
	box := row.(*fyne.Container)
	name, icon, detail := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Icon), box.Objects[2].(*widget.Label)
	name.SetText(e.name)
	if e.dir {
		icon.SetResource(theme.FolderIcon())
		detail.SetText("")
	} else {
		icon.SetResource(theme.FileIcon())
		detail.SetText(describeFile(e.size, e.mtime))
	}
	// A row keeps its size, so nothing lays it out again by itself: the
	// detail would keep the width of the text the row last showed.
	box.Refresh()
}

// picked is a click, or Space or Enter, on a line of the listing: a folder
// is opened, a file's name becomes the name to save as.
func (c *SaveChooser) picked(id widget.ListItemID) {
	// Unselected at once, so that picking the same line again acts again.
	c.list.Unselect(id)
	if id < 0 || id >= len(c.entries) {
		return
	}
	e := c.entries[id]
	if e.dir {
		c.open(filepath.Join(c.dir, e.name))
		return
	}
	c.name.SetText(e.name)
	c.parent.Canvas().Focus(c.name)
}

// target is the path the name stands for: a name is taken in the folder
// listed, a path (absolute, or with folders) as typed.
func (c *SaveChooser) target() string {
	n := strings.TrimSpace(c.name.Text)
	if ext := c.opts.Extension; ext != "" && !strings.HasSuffix(n, ext) {
		if info, err := os.Stat(c.join(n)); err != nil || !info.IsDir() { // a folder's name opens it
			n += ext
		}
	}
	return c.join(n)
}

// join is the path of the name n typed: absolute, or in the folder typed.
func (c *SaveChooser) join(n string) string {
	if filepath.IsAbs(n) {
		return filepath.Clean(n)
	}
	return filepath.Join(c.typedFolder(), n)
}

// submit is Save (Enter in the name). It hands back a path to a file that
// does not exist in a folder that does, or to an existing file once the
// user has said to replace it. A folder's name opens the folder.
func (c *SaveChooser) submit() {
	if c.closed {
		return
	}
	if strings.TrimSpace(c.name.Text) == "" {
		c.say("Type a name for the file.", widget.DangerImportance)
		c.parent.Canvas().Focus(c.name)
		return
	}
	path := c.target()
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		c.open(path)
		c.name.SetText(c.opts.Name)
		c.parent.Canvas().Focus(c.name)
		return
	case err == nil && !info.Mode().IsRegular():
		c.say(fmt.Sprintf("%s is not a regular file: choose another name.", path), widget.DangerImportance)
		return
	case err == nil && c.opts.KeepExisting != "":
		c.say(fmt.Sprintf("%s already exists (%s). %s", filepath.Base(path), describeFile(info.Size(), info.ModTime()),
			c.opts.KeepExisting), widget.DangerImportance)
		return
	case err == nil:
		if c.replace != path {
			c.ask(path, info)
			return
		}
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(path)
		if d, err := os.Stat(dir); err != nil || !d.IsDir() {
			c.say(fmt.Sprintf("There is no folder %s: choose one that exists.", dir), widget.DangerImportance)
			return
		}
	default:
		c.say(fmt.Sprintf("Cannot use %s: %v", path, unwrapPath(err)), widget.DangerImportance)
		return
	}
	c.closed = true
	c.dlg.Hide()
	c.chosen(path)
}

// ask says that path exists and turns Save into Replace: pressing it (or
// Enter) again chooses the file, any edit or Escape takes the question back.
func (c *SaveChooser) ask(path string, info fs.FileInfo) {
	c.replace = path
	q := fmt.Sprintf("%s already exists (%s). Replace it?", filepath.Base(path), describeFile(info.Size(), info.ModTime()))
	if c.opts.ReplaceNote != "" {
		q += " " + c.opts.ReplaceNote
	}
	// In the text's own colour: the warning colour is hard to read on the
	// light theme, and the Replace button says enough by its colour.
	c.say(q, widget.MediumImportance)
	c.save.SetText("Replace")
	c.save.Importance = widget.DangerImportance
	c.save.Refresh()
}

// unask takes the question whether to replace back.
func (c *SaveChooser) unask() {
	if c.replace == "" {
		return
	}
	c.replace = ""
	c.say("", widget.MediumImportance)
	c.save.SetText("Save")
	c.save.Importance = widget.HighImportance
	c.save.Refresh()
}

// say shows msg under the name ("" hides the line).
func (c *SaveChooser) say(msg string, importance widget.Importance) {
	c.msg.Importance = importance
	c.msg.SetText(msg)
	if msg == "" {
		c.msg.Hide()
	} else {
		c.msg.Show()
	}
	c.dlg.Refresh()
}

// escape is Escape anywhere in the chooser: it takes back the question
// whether to replace, or else cancels.
func (c *SaveChooser) escape() {
	if c.replace != "" {
		c.unask()
		c.parent.Canvas().Focus(c.name)
		return
	}
	c.close()
}

func (c *SaveChooser) close() {
	if c.closed {
		return
	}
	c.closed = true
	c.dlg.Hide()
}

func (c *SaveChooser) onClosed() {
	c.closed = true
	c.keys.Release()
}

// describeFile is a file's size and age as the listing and the question
// show them.
func describeFile(size int64, mtime time.Time) string {
	when := mtime.Format("2 Jan 2006 15:04")
	if y := time.Now().Year(); mtime.Year() == y {
		when = mtime.Format("2 Jan 15:04")
	}
	return humanSize(size) + ", " + when
}

// humanSize writes a size in bytes as people read it.
func humanSize(n int64) string {
	if n < 1000 {
		if n == 1 {
			return "1 byte"
		}
		return fmt.Sprintf("%d bytes", n)
	}
	f := float64(n)
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		f /= 1000
		// Thresholds at the rounding of what is shown: never "1000 kB"
		// nor "10.0 kB".
		if f < 999.5 || unit == "TB" {
			if f < 9.95 {
				return fmt.Sprintf("%.1f %s", f, unit)
			}
			return fmt.Sprintf("%.0f %s", f, unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// unwrapPath drops the path an os error repeats: the message names it
// already.
func unwrapPath(err error) error {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
