@echo off
rem `tokentray` as the TokenTray installer puts it on PATH: the bundled CLI beside this file, under the system's Node (20 or later).
node "%~dp0tokentray.mjs" %*
