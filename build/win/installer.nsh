; Included by electron-builder's NSIS installer (nsis.include): puts the folder holding
; tokentray.cmd on the user's PATH on install, and takes it off on uninstall, as developer tools'
; installers do. PowerShell's SetEnvironmentVariable also tells running programs that PATH changed.

!macro customInstall
  nsExec::Exec `powershell -NoProfile -NonInteractive -Command "$$d = '$INSTDIR\resources\cli'; $$p = [Environment]::GetEnvironmentVariable('Path', 'User'); if ((\"$$p\" -split ';') -notcontains $$d) { [Environment]::SetEnvironmentVariable('Path', ((\"$$p\".TrimEnd(';') + ';' + $$d).TrimStart(';')), 'User') }"`
!macroend

!macro customUnInstall
  nsExec::Exec `powershell -NoProfile -NonInteractive -Command "$$d = '$INSTDIR\resources\cli'; $$p = [Environment]::GetEnvironmentVariable('Path', 'User'); [Environment]::SetEnvironmentVariable('Path', ((\"$$p\" -split ';' | Where-Object { $$_ -and $$_ -ne $$d }) -join ';'), 'User')"`
!macroend
