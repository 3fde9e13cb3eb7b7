(* Kerat's fpcunit runner (tests mode): runs every test registered with testregistry and appends one JSON object
   per finished test to /kerat/out/results.jsonl as the test ends (a kill at a limit keeps those), then the
   "done" event. The results go to that file, never through the program's stdout: what a test prints cannot
   pass for a result. test-compile.sh generates the program that uses this unit and the test units. *)
unit kerat_fpcunit;

{$mode objfpc}{$H+}

interface

procedure KeratRunTests;

implementation

uses
  SysUtils, Classes, fpcunit, testregistry;

type
  TKeratListener = class(TInterfacedObject, ITestListener)
  private
    FOut: THandle;
    FStarted: QWord;
    FStatus: string;
    FMessage: string;
    FTrace: string;
    procedure Emit(const ALine: string);
    procedure Note(AFailure: TTestFailure; const AStatus: string);
  public
    constructor Create(const APath: string);
    destructor Destroy; override;
    procedure AddFailure(ATest: TTest; AFailure: TTestFailure);
    procedure AddError(ATest: TTest; AError: TTestFailure);
    procedure StartTest(ATest: TTest);
    procedure EndTest(ATest: TTest);
    procedure StartTestSuite(ATestSuite: TTestSuite);
    procedure EndTestSuite(ATestSuite: TTestSuite);
    procedure Done;
  end;

function JsonString(const S: string): string;
var
  I: Integer;
  C: Char;
begin
  Result := '"';
  for I := 1 to Length(S) do
  begin
    C := S[I];
    case C of
      '"': Result := Result + '\"';
      '\': Result := Result + '\\';
      #8: Result := Result + '\b';
      #9: Result := Result + '\t';
      #10: Result := Result + '\n';
      #12: Result := Result + '\f';
      #13: Result := Result + '\r';
      #0..#7, #11, #14..#31: Result := Result + '\u' + IntToHex(Ord(C), 4);
    else
      Result := Result + C;
    end;
  end;
  Result := Result + '"';
end;

function JsonOrNull(const S: string): string;
begin
  if S = '' then
    Result := 'null'
  else
    Result := JsonString(S);
end;

constructor TKeratListener.Create(const APath: string);
begin
  inherited Create;
  if FileExists(APath) then
    FOut := FileOpen(APath, fmOpenWrite or fmShareDenyNone)
  else
    FOut := FileCreate(APath);
  if FOut = THandle(-1) then
    raise Exception.Create('cannot open ' + APath);
  FileSeek(FOut, 0, fsFromEnd);
end;

destructor TKeratListener.Destroy;
begin
  FileClose(FOut);
  inherited Destroy;
end;

procedure TKeratListener.Emit(const ALine: string);
var
  S: string;
begin
  S := ALine + #10;
  FileWrite(FOut, S[1], Length(S));
end;

procedure TKeratListener.Note(AFailure: TTestFailure; const AStatus: string);
begin
  if FStatus <> 'passed' then
    Exit; { the first failure of a test counts (a teardown error after a failed assertion) }
  FStatus := AStatus;
  FMessage := AFailure.ExceptionMessage;
  if AStatus = 'errored' then
    FMessage := AFailure.ExceptionClassName + ': ' + FMessage;
  FTrace := '';
  if AFailure.LineNumber > 0 then
    FTrace := AFailure.SourceUnitName + ':' + IntToStr(AFailure.LineNumber);
  if AFailure.FailedMethodName <> '' then
    FTrace := Trim(FTrace + ' ' + AFailure.FailedMethodName);
end;

procedure TKeratListener.AddFailure(ATest: TTest; AFailure: TTestFailure);
begin
  if AFailure.IsIgnoredTest then
    Note(AFailure, 'skipped')
  else
    Note(AFailure, 'failed');
end;

procedure TKeratListener.AddError(ATest: TTest; AError: TTestFailure);
begin
  Note(AError, 'errored');
end;

procedure TKeratListener.StartTest(ATest: TTest);
begin
  FStatus := 'passed';
  FMessage := '';
  FTrace := '';
  FStarted := GetTickCount64;
end;

procedure TKeratListener.EndTest(ATest: TTest);
var
  Name, Trace: string;
begin
  Name := ATest.TestName;
  if ATest.TestSuiteName <> '' then
    Name := ATest.TestSuiteName + '.' + Name;
  Trace := FTrace;
  if FStatus = 'skipped' then
    Trace := '';
  Emit('{"name":' + JsonString(Name) + ',"status":"' + FStatus + '","message":' + JsonOrNull(FMessage)
    + ',"stack_trace":' + JsonOrNull(Trace) + ',"duration_ms":' + IntToStr(GetTickCount64 - FStarted) + '}');
end;

procedure TKeratListener.StartTestSuite(ATestSuite: TTestSuite);
begin
end;

procedure TKeratListener.EndTestSuite(ATestSuite: TTestSuite);
begin
end;

procedure TKeratListener.Done;
begin
  Emit('{"event":"done"}');
end;

procedure KeratRunTests;
var
  R: TTestResult;
  L: TKeratListener;
  LI: ITestListener;
begin
  L := TKeratListener.Create('/kerat/out/results.jsonl');
  LI := L;
  R := TTestResult.Create;
  try
    R.AddListener(LI);
    GetTestRegistry.Run(R);
    L.Done;
  finally
    R.Free;
  end;
end;

end.
