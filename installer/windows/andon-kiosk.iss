; Inno Setup 6 script: installs the one-folder bundle (dist\andon-kiosk, built on Windows with
; the steps of installer/build-bundle) for all users, with an autostart entry for the kiosk
; user and the station file in C:\ProgramData\andon.
;
;   iscc /DVersion=0.1.0 installer\windows\andon-kiosk.iss
;
; Not yet compiled in CI (no Windows runner): see docs/deployment.md, "A bundle for Windows".

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{6F0B7C5E-2E57-4B2B-9C39-7A1D2E0A9F41}
AppName=Andon kiosk
AppVersion={#Version}
AppPublisher=andon-kiosk team
DefaultDirName={autopf}\andon-kiosk
DefaultGroupName=Andon kiosk
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=andon-kiosk-{#Version}-setup
SetupIconFile=..\..\resources\icons\andon-kiosk.ico
UninstallDisplayIcon={app}\andon-kiosk-gui.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "autostart"; Description: "Start the kiosk full screen when a user signs in"; Flags: unchecked

[Dirs]
; the station file and the database password live here, readable by administrators and the
; kiosk (grant the kiosk user read access to its own files only)
Name: "{commonappdata}\andon"; Permissions: admins-full system-full

[Files]
Source: "..\..\dist\andon-kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\resources\config\station.sample.toml"; DestDir: "{commonappdata}\andon"; DestName: "station.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Icons]
Name: "{group}\Andon kiosk"; Filename: "{app}\andon-kiosk-gui.exe"; Parameters: "--fullscreen"
Name: "{group}\Andon kiosk (check the station file)"; Filename: "{cmd}"; Parameters: "/k ""{app}\andon-kiosk.exe"" config check"
Name: "{commonstartup}\Andon kiosk"; Filename: "{app}\andon-kiosk-gui.exe"; Parameters: "--fullscreen"; Tasks: autostart

[Run]
Filename: "{app}\andon-kiosk.exe"; Parameters: "config check ""{commonappdata}\andon\station.toml"""; Flags: runhidden waituntilterminated; StatusMsg: "Checking the station file…"
