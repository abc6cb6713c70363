; Registers the app's link scheme (the OAuth callback, record and search links) for the user (or
; machine) the app is installed for, and removes it on uninstall. The command quotes both the
; executable and "%1" - the same form Electron's app.setAsDefaultProtocolClient writes - so a URL
; can never split into extra arguments. The app itself accepts exactly one well-formed link from argv.
!define ATOM_DEEP_LINK_SCHEME "com.atomforsalesforce.app"

!macro customInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\${ATOM_DEEP_LINK_SCHEME}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ATOM_DEEP_LINK_SCHEME}" "" "URL:Atom for Salesforce link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ATOM_DEEP_LINK_SCHEME}" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ATOM_DEEP_LINK_SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ATOM_DEEP_LINK_SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\${ATOM_DEEP_LINK_SCHEME}"
!macroend
