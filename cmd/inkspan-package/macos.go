package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// iconsetSizes are the images macOS's iconutil wants in an .iconset to make
// the .icns: each size at 1x and 2x.
var iconsetSizes = []int{16, 32, 128, 256, 512}

// writeMacApp lays out Inkspan.app around a macOS binary: Info.plist (the
// bundle's identity, version, the .inkspan document type it opens and the
// type's declaration), the program in Contents/MacOS, and the icon as an
// .iconset that iconutil, which only macOS has, turns into Inkspan.icns.
// .ci/package-macos runs it on a Mac.
func writeMacApp(app, binary, version string) error {
	bin, err := os.ReadFile(binary)
	if err != nil {
		return err
	}
	contents := filepath.Join(app, "Contents")
	iconset := filepath.Join(contents, "Resources", "Inkspan.iconset")
	for _, dir := range []string{filepath.Join(contents, "MacOS"), iconset} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(contents, "MacOS", "inkspan"), bin, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(contents, "Info.plist"), []byte(infoPlist(version)), 0o644); err != nil {
		return err
	}
	var sizes []int
	for _, s := range iconsetSizes {
		sizes = append(sizes, s, 2*s)
	}
	icons, err := iconPNGs(sizes)
	if err != nil {
		return err
	}
	for i, s := range iconsetSizes {
		one := fmt.Sprintf("icon_%dx%d.png", s, s)
		two := fmt.Sprintf("icon_%dx%d@2x.png", s, s)
		if err := os.WriteFile(filepath.Join(iconset, one), icons[2*i], 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(iconset, two), icons[2*i+1], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// infoPlist is the bundle's Info.plist. The .inkspan type is declared here
// (UTExportedTypeDeclarations, conforming to a database) and claimed as
// Inkspan's own (CFBundleDocumentTypes), so Finder opens a double-clicked
// project in Inkspan.
func infoPlist(version string) string {
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleName</key><string>Inkspan</string>
  <key>CFBundleDisplayName</key><string>Inkspan</string>
  <key>CFBundleIdentifier</key><string>` + appID + `</string>
  <key>CFBundleExecutable</key><string>inkspan</string>
  <key>CFBundleIconFile</key><string>Inkspan</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>CFBundleShortVersionString</key><string>` + esc(version) + `</string>
  <key>CFBundleVersion</key><string>` + esc(version) + `</string>
  <key>LSMinimumSystemVersion</key><string>11.0</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>LSApplicationCategoryType</key><string>public.app-category.productivity</string>
  <key>CFBundleDocumentTypes</key>
  <array>
    <dict>
      <key>CFBundleTypeName</key><string>Inkspan project</string>
      <key>CFBundleTypeRole</key><string>Editor</string>
      <key>LSHandlerRank</key><string>Owner</string>
      <key>LSItemContentTypes</key><array><string>` + appID + `.project</string></array>
    </dict>
  </array>
  <key>UTExportedTypeDeclarations</key>
  <array>
    <dict>
      <key>UTTypeIdentifier</key><string>` + appID + `.project</string>
      <key>UTTypeDescription</key><string>Inkspan project</string>
      <key>UTTypeConformsTo</key><array><string>public.database</string><string>public.data</string></array>
      <key>UTTypeTagSpecification</key>
      <dict>
        <key>public.filename-extension</key><array><string>inkspan</string></array>
        <key>public.mime-type</key><string>` + mimeType + `</string>
      </dict>
    </dict>
  </array>
</dict>
</plist>
`
}
