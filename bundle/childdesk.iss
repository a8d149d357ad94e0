; Inno Setup 6 script: wraps the PyInstaller folder dist\childdesk into one installer.
;   iscc /DAppVersion=0.1.0 bundle\childdesk.iss      -> dist\childdesk-setup-0.1.0.exe
; Each user's data folder (%LOCALAPPDATA%\childdesk) is never touched by install or uninstall.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z bundle\childdesk.iss
#endif

[Setup]
AppId={{6F1C2A4E-9B7D-4C31-8E55-2D0B7A9C4E11}
AppName=一人一档 childdesk
AppVersion={#AppVersion}
AppPublisher=安吉县未成年人救助保护中心
DefaultDirName={autopf}\childdesk
DefaultGroupName=一人一档
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=childdesk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
UninstallDisplayIcon={app}\childdesk.exe

[Languages]
; The installer speaks Chinese where Inno Setup has ChineseSimplified.isl (a translation
; from the Inno Setup site, copied into its Languages folder), English otherwise.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\childdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\一人一档"; Filename: "{app}\childdesk.exe"
Name: "{group}\{cm:UninstallProgram,一人一档}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\一人一档"; Filename: "{app}\childdesk.exe"; Tasks: desktopicon

[Run]
; Prove the installed copy works before the user relies on it (exit status only).
Filename: "{app}\childdesk.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "正在自检……"
Filename: "{app}\childdesk.exe"; Description: "{cm:LaunchProgram,一人一档}"; Flags: nowait postinstall skipifsilent
