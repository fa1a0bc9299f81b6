; Inno Setup script of 讲稿助手 (UTF-8 with BOM: Inno Setup reads non-ASCII text only then). packaging/build.py runs it on Windows after PyInstaller:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=dist\speechdraft /DOutputDir=dist /DAppGuid=... /DIconFile=... speechdraft.iss
; Installs per user by default (no administrator rights needed on office PCs), or for all users.
; Nothing is downloaded: the program folder already holds everything the app needs.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\speechdraft"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef AppGuid
  #define AppGuid "CDC4EB76-C03C-4927-94AD-871AEA39F975"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\speechdraft.ico"
#endif

[Setup]
AppId={{{#AppGuid}}
AppName=讲稿助手
AppVerName=讲稿助手 {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=讲稿助手项目组
VersionInfoVersion={#AppVersion}
VersionInfoDescription=讲稿助手安装程序
DefaultDirName={autopf}\讲稿助手
DefaultGroupName=讲稿助手
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#OutputDir}
OutputBaseFilename=speechdraft-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\speechdraft.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; The writer's bank, drafts and settings live in the user data folder, never in {app}:
; uninstalling leaves them in place.

[Languages]
; ChineseSimplified.isl ships with Inno Setup 6.4 and later; older compilers fall back to English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\讲稿助手"; Filename: "{app}\speechdraft.exe"
Name: "{autodesktop}\讲稿助手"; Filename: "{app}\speechdraft.exe"; Tasks: desktopicon

[Registry]
; "Open with 讲稿助手" for drafts (.sdraft)
Root: HKA; Subkey: "Software\Classes\.sdraft"; ValueType: string; ValueName: ""; ValueData: "speechdraft.draft"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\speechdraft.draft"; ValueType: string; ValueName: ""; ValueData: "讲稿助手草稿"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\speechdraft.draft\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\speechdraft.exe,0"
Root: HKA; Subkey: "Software\Classes\speechdraft.draft\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\speechdraft.exe"" ""%1"""

[Run]
Filename: "{app}\speechdraft.exe"; Description: "立即运行讲稿助手"; Flags: nowait postinstall skipifsilent
