@echo off
rem Runs the Zendesk extension token helper with the Node of VS Code; see the README.
setlocal
if "%ZENDESK_LEND_NODE%"=="" (
  echo zendesk-token: run this in a VS Code terminal opened after the Zendesk extension started. 1>&2
  exit /b 1
)
if "%ELECTRON_RUN_AS_NODE%"=="" set ZENDESK_LEND_ELECTRON_ADDED=1
set ELECTRON_RUN_AS_NODE=1
"%ZENDESK_LEND_NODE%" "%~dp0..\dist\zendesk-token.js" %*
exit /b %ERRORLEVEL%
