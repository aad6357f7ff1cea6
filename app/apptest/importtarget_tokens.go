package apptest

import (
	"context"
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// testImportTokens checks PutTokens and Tokens (ImportTx's and a read
// snapshot's): stored tokens come back as given (offsets in code points past the BMP, sentence starts, columns),
// a second PutTokens replaces them, and each documented error code.
func testImportTokens(t *testing.T, open OpenImport) {
	st, ids := open(t)
	text := "Putin met Erdoğan 🇹🇷.\nThen left."
	toks := []model.Token{
		{Start: 0, End: 5, SentenceStart: true, Columns: []string{"NNP", "B-NP"}},
		{Start: 6, End: 9, Columns: []string{"VBD", "B-VP"}},
		{Start: 10, End: 17, Columns: []string{"NNP", "B-NP"}},
		{Start: 18, End: 20},
		{Start: 20, End: 21},
		{Start: 22, End: 26, SentenceStart: true},
		{Start: 27, End: 31},
		{Start: 31, End: 32},
	}
	var doc string
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		var err error
		if doc, err = tx.AddDocument(ctx, model.Document{Text: text}); err != nil {
			return err
		}
		if got, err := tx.Tokens(ctx, doc); err != nil || got != nil {
			t.Errorf("Tokens of a document without = %v, %v; want nil, nil", got, err)
		}
		if err := tx.PutTokens(ctx, doc, toks); err != nil {
			t.Fatalf("PutTokens: %v", err)
		}
		return nil
	})
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		got, err := tx.Tokens(ctx, doc)
		if err != nil || !reflect.DeepEqual(got, toks) {
			t.Errorf("Tokens = %+v, %v; want %+v", got, err, toks)
		}
		// A second PutTokens replaces the first.
		again := []model.Token{{Start: 0, End: 5, SentenceStart: true}, {Start: 6, End: 9}}
		if err := tx.PutTokens(ctx, doc, again); err != nil {
			t.Fatalf("PutTokens again: %v", err)
		}
		if got, err := tx.Tokens(ctx, doc); err != nil || !reflect.DeepEqual(got, again) {
			t.Errorf("Tokens after replacing = %+v, %v; want %+v", got, err, again)
		}
		// Another document has none.
		if got, err := tx.Tokens(ctx, ids[0]); err != nil || got != nil {
			t.Errorf("Tokens of another document = %v, %v; want nil", got, err)
		}
		return nil
	})
	// A read snapshot sees the tokens too (app.ReadTx.Tokens: what a window
	// opening the document snaps to).
	err := st.Read(context.Background(), func(tx app.ReadTx) error {
		ctx := context.Background()
		want := []model.Token{{Start: 0, End: 5, SentenceStart: true}, {Start: 6, End: 9}}
		if got, err := tx.Tokens(ctx, doc); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ReadTx.Tokens = %+v, %v; want %+v", got, err, want)
		}
		if got, err := tx.Tokens(ctx, ids[0]); err != nil || got != nil {
			t.Errorf("ReadTx.Tokens of a document without = %v, %v; want nil, nil", got, err)
		}
		_, err := tx.Tokens(ctx, "0190f5b2-0000-7000-8000-00000000dead")
		wantCode(t, "ReadTx.Tokens of an unknown document", err, model.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	length := len([]rune(text))
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		for _, bad := range []struct {
			name string
			toks []model.Token
		}{
			{"no tokens", nil},
			{"past the text", []model.Token{{Start: 0, End: length + 1}}},
			{"negative", []model.Token{{Start: -1, End: 2}}},
			{"empty", []model.Token{{Start: 3, End: 3}}},
			{"overlapping", []model.Token{{Start: 0, End: 5}, {Start: 4, End: 9}}},
			{"out of order", []model.Token{{Start: 6, End: 9}, {Start: 0, End: 5}}},
		} {
			wantCode(t, "PutTokens "+bad.name, tx.PutTokens(ctx, doc, bad.toks), model.EINVALID)
		}
		wantCode(t, "PutTokens of an unknown document", tx.PutTokens(ctx, "0190f5b2-0000-7000-8000-00000000dead", toks), model.ENOTFOUND)
		_, err := tx.Tokens(ctx, "0190f5b2-0000-7000-8000-00000000dead")
		wantCode(t, "Tokens of an unknown document", err, model.ENOTFOUND)
		// The refused calls changed nothing.
		if got, err := tx.Tokens(ctx, doc); err != nil || len(got) != 2 {
			t.Errorf("Tokens after refused calls = %+v, %v; want the 2 stored", got, err)
		}
		return nil
	})
}
