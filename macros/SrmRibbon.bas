Attribute VB_Name = "SrmRibbon"
' Callbacks of the SRM ribbon tab (addin/customUI.xml). One dispatcher for every button: the button's tag is
' "action|ask|zh label|en label" (ask: file, files, folder, save or empty); the work is done in Python by srm_xl.xl.ribbon.run(action, path).
' Source of truth for the add-in's VBA project: edit here, then rebuild (see addin/README.md).
Option Explicit

Private Function TagPart(control As IRibbonControl, index As Integer) As String
    Dim parts() As String
    parts = Split(control.Tag, "|")
    If UBound(parts) >= index Then TagPart = parts(index)
End Function

Private Function UiIsChinese() As Boolean
    Select Case Application.LanguageSettings.LanguageID(2)
        Case 2052, 1028, 3076, 4100, 5124
            UiIsChinese = True
    End Select
End Function

Public Sub GetLabel(control As IRibbonControl, ByRef returnedVal)
    If UiIsChinese() Then returnedVal = TagPart(control, 2) Else returnedVal = TagPart(control, 3)
End Sub

Private Function AskPath(kind As String) As String
    Dim picked As Variant
    picked = False
    Select Case kind
        Case "file"
            picked = Application.GetOpenFilename("Excel / CSV (*.xlsx;*.xlsm;*.xls;*.csv),*.xlsx;*.xlsm;*.xls;*.csv")
        Case "files"
            picked = Application.GetOpenFilename("Excel (*.xlsx;*.xlsm),*.xlsx;*.xlsm", , , , True)
            If IsArray(picked) Then picked = Join(picked, "|")
        Case "folder"
            With Application.FileDialog(4)
                If .Show = -1 Then picked = .SelectedItems(1)
            End With
        Case "save"
            picked = Application.GetSaveAsFilename(ActiveWorkbook.Name & ".pdf", "PDF (*.pdf),*.pdf")
    End Select
    If VarType(picked) = vbString Then AskPath = picked
End Function

Private Function PyText(text As String) As String
    PyText = "'" & Replace(Replace(text, "\", "\\"), "'", "\'") & "'"
End Function

Public Sub ImportFunctions(control As IRibbonControl)
    ' Writes the VBA wrappers of srm_xl.xl.udfs (UDF MODULES in srm_xl.conf) into this add-in and keeps them.
    ImportPythonUDFsToAddin
    ThisWorkbook.Save
End Sub

Public Sub OnAction(control As IRibbonControl)
    Dim action As String, kind As String, path As String
    action = TagPart(control, 0)
    kind = TagPart(control, 1)
    If kind <> "" Then
        path = AskPath(kind)
        If path = "" Then Exit Sub
    End If
    RunPython "import srm_xl.xl.ribbon as r; r.run(" & PyText(action) & ", " & PyText(path) & ")"
End Sub
